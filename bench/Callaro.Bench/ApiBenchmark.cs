using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Callaro.Bench;

/// <summary>
/// The api under load, through the real api and one silo (Release builds) on a fresh database:
/// (1) campaignUpdated latency: mutation completed → <c>next</c> frame on the socket, over 1,000 renames;
/// (2) 200 graphql-transport-ws subscribers on one upload's uploadStatusChanged, every status change to each;
/// (3) HTTP throughput of the campaign detail query with 20 concurrent clients.
/// Needs a PostgreSQL connection string (bench/api.sh starts one and builds Release).
/// </summary>
public static class ApiBenchmark
{
    private static readonly string[] Lifecycle = ["RECEIVING", "MAPPING", "VALIDATING", "STAGED"];

    private const string DetailQuery = """
        query($c: ID!) { campaign(id: $c) {
          id name status step version
          audience {
            upload { id status sizeBytes sha256 encoding delimiter receivedAt stagedAt
              progress { rowsRead rowsValidated chunksDone chunksTotal }
              counts { totalRows accepted rejected duplicates suppressed byReason { reason count } } }
            uploadHistory { id status } }
          readiness { ready checks { key passed message } }
          signOffs { role }
          taskCount } }
        """;

    public static int Run(BenchArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArgs args)
    {
        if (args.Unknown("pg", "renames", "subscribers", "rows", "clients", "seconds").FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"unknown option --{unknown} (api takes --pg, --renames, --subscribers, --rows, --clients, --seconds).");
        }

        var renames = args.Int("renames", 1000);
        var subscribers = args.Int("subscribers", 200);
        var rows = args.Int("rows", 50_000);
        var clients = args.Int("clients", 20);
        var seconds = args.Int("seconds", 10);
        var server = args.String("pg") ?? Environment.GetEnvironmentVariable("CALLARO_BENCH_PG")
            ?? throw new ArgumentException("--pg <connection string> is required (bench/api.sh starts a PostgreSQL and passes it).");
        var total = Stopwatch.StartNew();
        var root = BenchHost.RepoRoot();
        var database = await BenchHost.CreateDatabaseAsync(server);
        var processes = new List<(string Name, Process Process)>();
        var table = new List<string>();
        var failed = false;
        try
        {
            var httpPort = BenchHost.FreePort();
            processes.Add(("silo-1", BenchHost.Start(root, "silo", "Callaro.Silo.dll", database, new()
            {
                ["Callaro__SiloPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
                ["Callaro__GatewayPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
            })));
            // 1,050 renames in well under a minute: lift the per-key mutation budget (default 600/min) for this run.
            processes.Add(("api", BenchHost.Start(root, "api", "Callaro.Api.dll", database, new()
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
                ["Callaro__RateLimits__MutationsPerMinute"] = "100000",
            })));
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchHost.Key);
            var ws = new Uri($"ws://127.0.0.1:{httpPort}/graphql");
            await BenchHost.WaitHealthyAsync(http);
            Console.WriteLine($"api and silo up after {total.Elapsed.TotalSeconds:F1} s (database {new NpgsqlConnectionStringBuilder(database).Database})");

            // 1. campaignUpdated latency.
            var latency = await SubscriptionLatencyAsync(http, ws, renames);
            var p99 = Percentile(latency.FromCompletion, 0.99);
            failed |= !(p99 < 50) || latency.Missed.Count > 0;
            table.Add($"| campaignUpdated: mutation response → next, p50 / p99 ({latency.FromCompletion.Count:N0} renames) | {Percentile(latency.FromCompletion, 0.50):F2} / {p99:F2} ms | p99 < 50 ms {(p99 < 50 ? "PASS" : "FAIL")} |");
            table.Add($"| campaignUpdated: request sent → next, p50 / p99 | {Percentile(latency.FromSend, 0.50):F2} / {Percentile(latency.FromSend, 0.99):F2} ms | |");
            table.Add($"| renameCampaign round trip (HTTP), p50 / p99 | {Percentile(latency.RoundTrip, 0.50):F2} / {Percentile(latency.RoundTrip, 0.99):F2} ms | |");
            table.Add($"| next frame before the mutation response | {latency.BeforeResponse:N0} of {latency.FromCompletion.Count:N0} (counted as ≤ 0 ms above) | |");
            table.Add($"| renames without their next frame (2 s) | {latency.Missed.Count:N0} | 0 {(latency.Missed.Count == 0 ? "PASS" : "FAIL")} |");
            table.Add($"| campaignUpdated frames: total / unexpected names / errors | {latency.Frames:N0} / {latency.Unexpected:N0} / {latency.Errors:N0} | |");

            // 2. Many subscribers on one upload.
            var fanout = await FanOutAsync(http, ws, subscribers, rows);
            failed |= fanout.AllReceived != subscribers || fanout.Identical != subscribers;
            table.Add($"| uploadStatusChanged subscribers that saw every status to STAGED | {fanout.AllReceived:N0} / {subscribers:N0} | all {(fanout.AllReceived == subscribers ? "PASS" : "FAIL")} |");
            table.Add($"| subscribers with the identical status list ({fanout.Expected}) | {fanout.Identical:N0} / {subscribers:N0} | all {(fanout.Identical == subscribers ? "PASS" : "FAIL")} |");
            table.Add($"| STAGED arrival spread over subscribers (first → p50 / p99 / last) | {fanout.SpreadP50:F1} / {fanout.SpreadP99:F1} / {fanout.Spread:F1} ms | |");
            table.Add($"| server STAGED (stagedAt) → last subscriber's STAGED frame | {fanout.StagedToLast:F0} ms (server clock vs bench clock, same host) | |");
            table.Add($"| subscribers connected + initial frame, 200 at once | {fanout.JoinMs:F0} ms | |");
            table.Add($"| frames per subscriber (min / max) | {fanout.MinFrames:N0} / {fanout.MaxFrames:N0} | |");
            table.Add($"| upload | {rows:N0} rows, confirm → STAGED {fanout.ValidateMs:F0} ms, counts {fanout.Counts} | |");

            // 3. HTTP throughput of the campaign detail query.
            var throughput = await ThroughputAsync(http, fanout.CampaignId, clients, seconds);
            failed |= throughput.Errors > 0;
            table.Add($"| campaign detail query, {clients} clients × {seconds} s | {throughput.PerSecond:N0} req/s ({throughput.Count:N0} requests) | |");
            table.Add($"| campaign detail query latency p50 / p99 | {Percentile(throughput.Latencies, 0.50):F2} / {Percentile(throughput.Latencies, 0.99):F2} ms | |");
            table.Add($"| campaign detail query errors | {throughput.Errors:N0}{(throughput.FirstError is { } e ? $" (first: {e})" : string.Empty)} | 0 {(throughput.Errors == 0 ? "PASS" : "FAIL")} |");
            table.Add($"| peak RSS api / silo-1 | {BenchHost.PeakRss(processes[1].Process.Id) / 1048576.0:F0} / {BenchHost.PeakRss(processes[0].Process.Id) / 1048576.0:F0} MB | |");
            table.Add($"| mode runtime | {total.Elapsed.TotalSeconds:F1} s | < 120 s |");

            Console.WriteLine();
            Console.WriteLine("| measure | value | target |");
            Console.WriteLine("|---|---|---|");
            foreach (var line in table)
            {
                Console.WriteLine(line);
            }

            foreach (var note in latency.Notes.Concat(fanout.Notes))
            {
                Console.WriteLine($"note: {note}");
            }

            return failed ? 1 : 0;
        }
        finally
        {
            foreach (var (_, process) in processes)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    // ---- 1. campaignUpdated latency -------------------------------------------------------------------

    private sealed record LatencyResult(
        List<double> FromCompletion, List<double> FromSend, List<double> RoundTrip, int BeforeResponse,
        List<string> Missed, int Frames, int Unexpected, int Errors, List<string> Notes);

    private static async Task<LatencyResult> SubscriptionLatencyAsync(HttpClient http, Uri ws, int renames)
    {
        var campaign = (await BenchHost.GraphQLAsync(http, "mutation { createCampaign(input: { name: \"bench-latency\" }) { id } }")).GetProperty("createCampaign").GetProperty("id").GetString()!;
        var pending = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        var initial = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var frames = 0;
        var unexpected = 0;
        var errors = 0;
        var notes = new ConcurrentQueue<string>();
        await using var socket = await ApiBenchmarkSocket.ConnectAsync(ws, BenchHost.Key, frame =>
        {
            if (frame.Type == "next" && frame.Id == "c")
            {
                Interlocked.Increment(ref frames);
                var payload = frame.Payload;
                if (payload.TryGetProperty("errors", out var errs))
                {
                    Interlocked.Increment(ref errors);
                    notes.Enqueue($"campaignUpdated error: {errs}");
                    return;
                }

                var name = payload.GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString()!;
                if (!initial.Task.IsCompleted)
                {
                    initial.TrySetResult();
                    return;
                }

                if (!pending.TryRemove(name, out var waiter))
                {
                    Interlocked.Increment(ref unexpected);
                    return;
                }

                waiter.TrySetResult(frame.Received);
            }
            else if (frame.Type is "error" or "complete")
            {
                Interlocked.Increment(ref errors);
                notes.Enqueue($"campaignUpdated {frame.Type}: {frame.Payload}");
            }
        }, CancellationToken.None);
        await socket.SubscribeAsync("c", "subscription($c: ID!) { campaignUpdated(campaignId: $c) { version name } }", new { c = campaign }, CancellationToken.None);
        await initial.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var fromCompletion = new List<double>(renames);
        var fromSend = new List<double>(renames);
        var roundTrip = new List<double>(renames);
        var missed = new List<string>();
        var beforeResponse = 0;
        const int warmup = 50;
        for (var i = -warmup; i < renames; i++)
        {
            var name = i < 0 ? $"warm {i}" : $"bench {i:D5}";
            var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[name] = waiter;
            var sent = Stopwatch.GetTimestamp();
            await BenchHost.GraphQLAsync(http, "mutation($id: ID!, $n: String!) { renameCampaign(id: $id, name: $n) { version } }", new { id = campaign, n = name });
            var completed = Stopwatch.GetTimestamp();
            long received;
            try
            {
                received = await waiter.Task.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
                pending.TryRemove(name, out _);
                if (i >= 0)
                {
                    missed.Add(name);
                }

                continue;
            }

            if (i < 0)
            {
                continue;
            }

            var afterCompletion = Stopwatch.GetElapsedTime(completed, received).TotalMilliseconds;
            if (afterCompletion < 0)
            {
                beforeResponse++;
            }

            fromCompletion.Add(Math.Max(0, afterCompletion));
            fromSend.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            roundTrip.Add(Stopwatch.GetElapsedTime(sent, completed).TotalMilliseconds);
        }

        if (missed.Count > 0)
        {
            notes.Enqueue($"renames with no next frame: {string.Join(", ", missed.Take(10))}{(missed.Count > 10 ? ", …" : string.Empty)}");
        }

        if (socket.Closed is { } closed)
        {
            notes.Enqueue($"campaignUpdated socket {closed}");
        }

        return new LatencyResult(fromCompletion, fromSend, roundTrip, beforeResponse, missed, frames, unexpected, errors, [.. notes]);
    }

    // ---- 2. uploadStatusChanged fan-out ---------------------------------------------------------------

    private sealed record FanOutResult(
        string CampaignId, int AllReceived, int Identical, string Expected, double Spread, double SpreadP50, double SpreadP99,
        double StagedToLast, double JoinMs, int MinFrames, int MaxFrames, double ValidateMs, string Counts, List<string> Notes);

    private sealed class Subscriber
    {
        public List<(string Status, string? Previous, long Received)> Events { get; } = [];

        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Staged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long StagedAt { get; set; }

        public string? Problem { get; set; }

        public ApiBenchmarkSocket? Socket { get; set; }
    }

    private static async Task<FanOutResult> FanOutAsync(HttpClient http, Uri ws, int count, int rows)
    {
        var notes = new List<string>();
        var campaign = (await BenchHost.GraphQLAsync(http, "mutation { createCampaign(input: { name: \"bench-upload\" }) { id } }")).GetProperty("createCampaign").GetProperty("id").GetString()!;
        var path = Path.Combine(Path.GetTempPath(), $"callaro-bench-api-{rows}.csv");
        MessyFileGenerator.Write(path, rows, seed: 11);
        var put = Task.Run(async () =>
        {
            await using var file = File.OpenRead(path);
            using var content = new StreamContent(file, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await http.PutAsync(new Uri($"/uploads?campaignId={campaign}&fileName=bench.csv", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT /uploads: {(int)response.StatusCode} {body}");
            }
        });

        // The upload id, as soon as the draft knows it.
        string uploadId;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var upload = (await BenchHost.GraphQLAsync(http, "query($c: ID!) { campaign(id: $c) { audience { upload { id status } } } }", new { c = campaign }))
                .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
            if (upload.ValueKind == JsonValueKind.Object)
            {
                uploadId = upload.GetProperty("id").GetString()!;
                break;
            }

            if (put.IsFaulted || DateTime.UtcNow > deadline)
            {
                await put;
                throw new TimeoutException("The upload never appeared on the campaign.");
            }

            await Task.Delay(10);
        }

        // Every subscriber joins now, all at once.
        var subscribers = Enumerable.Range(0, count).Select(_ => new Subscriber()).ToList();
        var joinClock = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(64))
        {
            await Task.WhenAll(subscribers.Select(async s =>
            {
                await gate.WaitAsync();
                try
                {
                    s.Socket = await ApiBenchmarkSocket.ConnectAsync(ws, BenchHost.Key, frame => OnUploadFrame(s, frame), CancellationToken.None);
                    await s.Socket.SubscribeAsync("u", "subscription($u: ID!) { uploadStatusChanged(uploadId: $u) { status previousStatus at upload { progress { rowsValidated chunksDone chunksTotal } } } }", new { u = uploadId }, CancellationToken.None);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or InvalidOperationException or OperationCanceledException)
                {
                    s.Problem = $"connect: {e.Message}";
                    s.First.TrySetResult();
                    s.Staged.TrySetResult();
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        try
        {
            try
            {
                await Task.WhenAll(subscribers.Select(s => s.First.Task)).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                notes.Add($"{subscribers.Count(s => !s.First.Task.IsCompleted)} subscribers had no initial frame after 30 s");
            }

            var joinMs = joinClock.Elapsed.TotalMilliseconds;

            // Confirm the suggested mapping once the head is read: VALIDATING, then STAGED, reach every subscriber.
            var confirmClock = Stopwatch.StartNew();
            while (true)
            {
                var upload = (await BenchHost.GraphQLAsync(http, "query($u: ID!) { upload(id: $u) { status suggestedMapping { column field customKey } } }", new { u = uploadId })).GetProperty("upload");
                var status = upload.GetProperty("status").GetString();
                if (status == "MAPPING")
                {
                    var mapping = upload.GetProperty("suggestedMapping").EnumerateArray()
                        .Select(m => new { column = m.GetProperty("column").GetString(), field = m.GetProperty("field").GetString(), customKey = m.GetProperty("customKey").GetString() })
                        .ToList();
                    confirmClock.Restart();
                    await BenchHost.GraphQLAsync(http, "mutation($u: ID!, $m: [ColumnMappingInput!]!) { confirmMapping(uploadId: $u, mapping: $m) { status } }", new { u = uploadId, m = mapping });
                    break;
                }

                if (status is not "RECEIVING")
                {
                    throw new InvalidOperationException($"upload {uploadId} is {status} before the mapping was confirmed");
                }

                if (put.IsFaulted)
                {
                    await put;
                }

                await Task.Delay(20);
            }

            var stagedServer = DateTimeOffset.MinValue;
            string counts;
            while (true)
            {
                var upload = (await BenchHost.GraphQLAsync(http, "query($u: ID!) { upload(id: $u) { status stagedAt error { message } counts { totalRows accepted rejected duplicates suppressed } } }", new { u = uploadId })).GetProperty("upload");
                var status = upload.GetProperty("status").GetString();
                if (status == "STAGED")
                {
                    stagedServer = DateTimeOffset.Parse(upload.GetProperty("stagedAt").GetString()!, CultureInfo.InvariantCulture);
                    counts = upload.GetProperty("counts").ToString();
                    break;
                }

                if (status == "ERROR" || confirmClock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"upload did not stage: {upload}");
                }

                await Task.Delay(20);
            }

            var validateMs = confirmClock.Elapsed.TotalMilliseconds;
            await put;
            try
            {
                await Task.WhenAll(subscribers.Select(s => s.Staged.Task)).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                notes.Add($"{subscribers.Count(s => !s.Staged.Task.IsCompleted)} subscribers had no STAGED frame 10 s after the server staged the upload");
            }

            // Give late duplicates a moment, then compare what each one saw.
            await Task.Delay(300);
            var lists = subscribers.Select(s =>
            {
                lock (s.Events)
                {
                    return Distinct(s.Events.Select(e => e.Status));
                }
            }).ToList();
            var expectedList = lists.GroupBy(l => string.Join(" → ", l)).OrderByDescending(g => g.Count()).First().Key;
            var identical = lists.Count(l => string.Join(" → ", l) == expectedList && l.LastOrDefault() == "STAGED");
            var allReceived = 0;
            for (var i = 0; i < subscribers.Count; i++)
            {
                var s = subscribers[i];
                var list = lists[i];
                var start = list.Count > 0 ? Array.IndexOf(Lifecycle, list[0]) : -1;
                var complete = start >= 0 && list.SequenceEqual(Lifecycle[start..]) && s.Problem is null;
                if (complete)
                {
                    allReceived++;
                }
                else if (notes.Count < 20)
                {
                    notes.Add($"subscriber {i}: saw {string.Join(" → ", list)}{(s.Problem is { } p ? $" ({p})" : string.Empty)}{(s.Socket?.Closed is { } c ? $" socket {c}" : string.Empty)}");
                }
            }

            var staged = subscribers.Where(s => s.StagedAt != 0).Select(s => s.StagedAt).Order().ToList();
            var first = staged.Count > 0 ? staged[0] : 0;
            var offsets = staged.Select(t => Stopwatch.GetElapsedTime(first, t).TotalMilliseconds).ToList();
            var lastWall = staged.Count > 0 ? DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(staged[^1]) : DateTimeOffset.MinValue;
            var frameCounts = subscribers.Select(s => s.Events.Count).ToList();
            return new FanOutResult(
                campaign, allReceived, identical, expectedList,
                offsets.Count > 0 ? offsets[^1] : double.NaN, Percentile(offsets, 0.50), Percentile(offsets, 0.99),
                (lastWall - stagedServer).TotalMilliseconds, joinMs, frameCounts.Min(), frameCounts.Max(), validateMs, counts, notes);
        }
        finally
        {
            await Task.WhenAll(subscribers.Where(s => s.Socket is not null).Select(s => s.Socket!.DisposeAsync().AsTask()));
        }
    }

    private static void OnUploadFrame(Subscriber s, ApiBenchmarkFrame frame)
    {
        if (frame.Type == "next")
        {
            if (frame.Payload.TryGetProperty("errors", out var errors))
            {
                s.Problem = $"error: {errors}";
                s.First.TrySetResult();
                s.Staged.TrySetResult();
                return;
            }

            var evt = frame.Payload.GetProperty("data").GetProperty("uploadStatusChanged");
            var status = evt.GetProperty("status").GetString()!;
            var previous = evt.GetProperty("previousStatus") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
            lock (s.Events)
            {
                s.Events.Add((status, previous, frame.Received));
            }

            s.First.TrySetResult();
            if (status == "STAGED" && s.StagedAt == 0)
            {
                s.StagedAt = frame.Received;
                s.Staged.TrySetResult();
            }
        }
        else if (frame.Type is "error" or "complete")
        {
            s.Problem = $"{frame.Type}: {frame.Payload}";
            s.First.TrySetResult();
            s.Staged.TrySetResult();
        }
    }

    private static List<string> Distinct(IEnumerable<string> statuses)
    {
        var list = new List<string>();
        foreach (var status in statuses)
        {
            if (list.Count == 0 || list[^1] != status)
            {
                list.Add(status);
            }
        }

        return list;
    }

    // ---- 3. HTTP throughput ---------------------------------------------------------------------------

    private sealed record ThroughputResult(int Count, double PerSecond, List<double> Latencies, int Errors, string? FirstError);

    private static async Task<ThroughputResult> ThroughputAsync(HttpClient http, string campaign, int clients, int seconds)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { query = DetailQuery, variables = new { c = campaign } });

        // The query must answer without errors, with the staged upload in it.
        var check = await BenchHost.GraphQLAsync(http, DetailQuery, new { c = campaign });
        if (check.GetProperty("campaign").GetProperty("audience").GetProperty("upload").GetProperty("status").GetString() != "STAGED")
        {
            throw new InvalidOperationException($"detail query: unexpected answer {check}");
        }

        var errors = 0;
        string? firstError = null;
        async Task<List<double>> Worker(TimeSpan duration)
        {
            var latencies = new List<double>(4096);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
                var text = await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || text.AsSpan().IndexOf("\"errors\""u8) >= 0)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(text[..Math.Min(text.Length, 300)])}", null);
                }
            }

            return latencies;
        }

        // One second to warm up (not counted), then the measured run.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Worker(TimeSpan.FromSeconds(1)))));
        errors = 0;
        firstError = null;
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Worker(TimeSpan.FromSeconds(seconds)))));
        var elapsed = wall.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r).ToList();
        return new ThroughputResult(all.Count, all.Count / elapsed, all, errors, firstError);
    }

    // ---- helpers (as in EndToEndBenchmark) ------------------------------------------------------------

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var index = Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }

}
