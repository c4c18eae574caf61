using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Callaro.Bench;

/// <summary>
/// First byte to STAGED for a 1M-row messy file through the real api and silo(s) on a local PostgreSQL,
/// against <c>psql \copy</c> of the same file into a plain table, measured in the same run. Also: time to
/// MAPPING, peak memory of silo(s) and api, and how chunk work spread over the silos.
/// Needs the Release build of silo and api and a PostgreSQL connection string (bench/endtoend.sh does both).
/// Options: --rows N, --silos N, --sequential, --warm-uploads N (at least N warm-up uploads of 120,000 rows; 6 by default: as many as two silos usually need, so one silo and two meet the same database).
/// CALLARO_BENCH_PIN=1 starts silo i on CPU (i - 1) modulo the cores only (taskset), to see what two processes sharing
/// the same cores cost.
/// </summary>
public static partial class EndToEndBenchmark
{
    public static int Run(BenchArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArgs args)
    {
        var rows = args.Int("rows", 1_000_000);
        var silos = args.Int("silos", 1);
        var server = args.String("pg") ?? Environment.GetEnvironmentVariable("CALLARO_BENCH_PG")
            ?? throw new ArgumentException("--pg <connection string> is required (bench/endtoend.sh starts a PostgreSQL and passes it).");
        var root = BenchHost.RepoRoot();
        var (path, _) = MessyFileGenerator.Ensure(rows);
        var size = new FileInfo(path).Length;
        Console.WriteLine($"file: {path} ({rows:N0} rows, {size / 1e6:F1} MB); silos: {silos}");

        var database = await BenchHost.CreateDatabaseAsync(server);
        var copySeconds = await PsqlCopyAsync(database, path);
        Console.WriteLine($"psql \\copy into a plain table: {copySeconds:F2} s");

        var processes = new List<(string Name, Process Process)>();
        // Which silo staged which upload, from the silos' own log line (the upload grain lives on one silo).
        var stagedOn = new ConcurrentDictionary<string, string>();
        try
        {
            var httpPort = BenchHost.FreePort();
            for (var i = 1; i <= silos; i++)
            {
                var name = $"silo-{i}";
                processes.Add((name, BenchHost.Start(
                    root,
                    "silo",
                    "Callaro.Silo.dll",
                    database,
                    new()
                    {
                        ["Callaro__SiloPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
                        ["Callaro__GatewayPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
                        ["CALLARO_PIN_CPU"] = ((i - 1) % Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                    },
                    line =>
                    {
                        if (StagedLine().Match(line) is { Success: true } staged)
                        {
                            stagedOn[staged.Groups[1].Value] = name;
                        }
                    })));
            }

            processes.Add(("api", BenchHost.Start(root, "api", "Callaro.Api.dll", database, new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}" })));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchHost.Key);
            await BenchHost.WaitHealthyAsync(http, silos);
            if (silos > 1)
            {
                // The api may have connected before the last silo joined: once it has re-read the gateways (every
                // Callaro:GatewayListRefreshSeconds, 10 by default), uploads land on every silo, as they would in service.
                await Task.Delay(TimeSpan.FromSeconds(11));
            }

            var startCpu = processes.ToDictionary(p => p.Name, p => BenchHost.ProcessCpuSeconds(p.Process.Id));

            // Warm every process with small files so JIT and pools are not measured as upload time: each upload's
            // grains live on the silo whose gateway received it, so with several silos it takes a few uploads
            // before every silo has run the whole path once (a long-running cluster is always past this point).
            // Each warm-up file has several chunks, so chunk work lands on every silo during the warm-up too (with
            // two silos and two-chunk files, a silo could meet its first cross-silo chunk, and JIT its codecs, in
            // the measured upload: seen in a profile).
            var warm = Path.Combine(Path.GetTempPath(), "callaro-bench-warm.csv");
            MessyFileGenerator.Write(warm, 120_000, seed: 7);
            // The same warm-up for one silo and two: the measured upload meets the same database. (One silo used to
            // get one 30k-row file and two silos three 120k-row files; the two-silo upload then met 330k more rows
            // in PostgreSQL's buffer cache, and its counts read evicted pages.)
            // Each silo must also have hosted an upload grain that recalled the org's mapping (every upload after the
            // first does, the measured one too): a silo that had not compiled that path did it inside the measured
            // upload whenever it hosted it, ~45 methods fully optimised (seen with DOTNET_PerfMapEnabled=1, below).
            // So uploads go on until every silo has (at most 12); one silo always stops at three. Extra uploads also
            // leave the two-silo database bigger than the one-silo one, by 120,000 rows each.
            var hostedRecall = new HashSet<string>();
            var warmUploads = 0;
            var minimumWarmUploads = args.Int("warm-uploads", 6);
            while (warmUploads < Math.Max(12, minimumWarmUploads) && (warmUploads < minimumWarmUploads || hostedRecall.Count < silos))
            {
                var warmRun = await RunUploadAsync(http, warm, quiet: true, sequential: false, []);
                if (warmUploads > 0 && await HostOfAsync(stagedOn, warmRun.UploadId) is { } host)
                {
                    hostedRecall.Add(host);
                }

                warmUploads++;
            }

            Console.WriteLine($"warm-up: {warmUploads} uploads of 120,000 rows; silos that hosted one after the first: {hostedRecall.Count} of {silos}");

            // A fresh database's tables are tiny, so the warm-up's few thousand rows made autovacuum and autoanalyze
            // due, and they ran in the middle of the measured upload in some runs (seen in pg_stat_user_tables):
            // PostgreSQL CPU varied from 2.5 to 2.9 core-s. A long-running database is past that point; this one is
            // put there before measuring. Autovacuum runs the upload itself triggers still count and are reported.
            await SettleDatabaseAsync(database);
            var maintenanceBefore = await MaintenanceRunsAsync(database);
            var cpuBefore = BenchHost.SystemCpu();
            var silosCpuBefore = processes.Sum(p => BenchHost.ProcessCpuSeconds(p.Process.Id));
            var cpuByProcess = processes.ToDictionary(p => p.Name, p => BenchHost.ProcessCpuSeconds(p.Process.Id));
            var pgPort = new NpgsqlConnectionStringBuilder(server).Port;
            var postgresCpuBefore = BenchHost.PostgresCpuSeconds(pgPort);
            var benchCpuBefore = BenchHost.ProcessCpuSeconds(Environment.ProcessId);
            var rssBefore = processes.ToDictionary(p => p.Name, p => BenchHost.Rss(p.Process.Id));
            var compiledBefore = processes.ToDictionary(p => p.Name, p => BenchHost.CompiledMethods(p.Process.Id).Count);
            using var profiler = StartProfiler();
            var result = await RunUploadAsync(http, path, quiet: false, sequential: args.Has("sequential"), processes.Select(p => p.Process).ToList());
            var cpuAfter = BenchHost.SystemCpu();
            await StopProfilerAsync(profiler);
            var postgresCpu = BenchHost.PostgresCpuSeconds(pgPort) - postgresCpuBefore;
            var benchCpu = BenchHost.ProcessCpuSeconds(Environment.ProcessId) - benchCpuBefore;
            var processCpu = processes.Sum(p => BenchHost.ProcessCpuSeconds(p.Process.Id)) - silosCpuBefore;
            foreach (var (name, process) in processes)
            {
                cpuByProcess[name] = BenchHost.ProcessCpuSeconds(process.Id) - cpuByProcess[name];
            }
            var compiledDuring = processes.ToDictionary(p => p.Name, p => BenchHost.CompiledMethods(p.Process.Id).Skip(compiledBefore[p.Name]).ToList());
            var maintenanceDuring = await MaintenanceRunsAsync(database) - maintenanceBefore;
            var spread = await ChunkSpreadAsync(database, result.UploadId);
            var memory = processes.ToDictionary(p => p.Name, p => BenchHost.PeakRss(p.Process.Id));

            var ratio = result.StagedSeconds / copySeconds;
            Console.WriteLine();
            Console.WriteLine("| measure | value | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| psql \\copy (same file) | {copySeconds:F2} s | |");
            Console.WriteLine($"| first byte -> STAGED | {result.StagedSeconds:F2} s (server clock {result.ServerStagedSeconds:F2} s) | |");
            Console.WriteLine($"| ratio (client clock; server clock) | {ratio:F2}x; {result.ServerStagedSeconds / copySeconds:F2}x | <= 3x {(ratio <= 3 ? "PASS" : "FAIL")} |");
            Console.WriteLine($"| first byte -> MAPPING (server clock) | {result.MappingMs:F0} ms | < 1000 ms {(result.MappingMs < 1000 ? "PASS" : "FAIL")} |");
            Console.WriteLine($"| upload body sent | {result.SentSeconds:F2} s | |");
            var busy = (cpuAfter.Busy - cpuBefore.Busy) / (double)(cpuAfter.Total - cpuBefore.Total);
            Console.WriteLine($"| machine CPU busy during upload | {busy:P0} of {Environment.ProcessorCount} cores | |");
            Console.WriteLine($"| CPU used by silo(s) + api | {processCpu:F1} core-s ({string.Join(", ", cpuByProcess.Select(c => $"{c.Key} {c.Value:F1}"))}; the rest: PostgreSQL, the bench) | |");
            Console.WriteLine($"| CPU used by PostgreSQL / by this client sending the file | {postgresCpu:F1} / {benchCpu:F1} core-s | |");
            Console.WriteLine($"| autovacuum / autoanalyze runs finished during the upload (counted in PostgreSQL's CPU) | {maintenanceDuring} | |");
            if (Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") is "1" or "2" or "3")
            {
                // The warm-up is meant to leave nothing to compile; what is left shows here (names in the temp folder).
                foreach (var (name, methods) in compiledDuring)
                {
                    File.WriteAllLines(Path.Combine(Path.GetTempPath(), $"callaro-bench-jit-{name}.txt"), methods);
                }

                Console.WriteLine($"| methods JIT-compiled during the upload (perf map; names in {Path.Combine(Path.GetTempPath(), "callaro-bench-jit-*.txt")}) | {string.Join(", ", compiledDuring.Select(c => $"{c.Key} {c.Value.Count}"))} | |");
            }

            Console.WriteLine($"| CPU to start, until healthy (not part of the upload) | {string.Join(", ", startCpu.Select(c => $"{c.Key} {c.Value:F1}"))} core-s | |");
            foreach (var (name, bytes) in memory)
            {
                var limit = name == "api" ? 256 : 512;
                Console.WriteLine($"| peak RSS {name} (resident before the upload) | {bytes / 1048576.0:F0} MB ({rssBefore[name] / 1048576.0:F0} MB) | < {limit} MB {(bytes / 1048576.0 < limit ? "PASS" : "FAIL")} |");
            }

            Console.WriteLine($"| chunks per silo | {string.Join(", ", spread.Select(s => $"{s.Key}: {s.Value}"))} | all silos used {(spread.Count == silos ? "PASS" : "FAIL")} |");
            Console.WriteLine($"| counts | {result.Counts} | |");

            // After staging (not part of the timed upload): attaching hands the accepted contacts to the org
            // directory, which pasted-id and segment audiences then read.
            var attach = Stopwatch.StartNew();
            await BenchHost.GraphQLAsync(http, "mutation($c: ID!) { saveDraft(campaignId: $c) { id } }", new { c = result.CampaignId });
            var answered = attach.Elapsed.TotalSeconds;

            // Waiting is a bounded poll (the timing itself is not the client's): the figure is the server's own,
            // inDirectoryAt - attachedAt.
            JsonElement attached;
            var syncDeadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while ((attached = (await BenchHost.GraphQLAsync(http, "query($u: ID!) { upload(id: $u) { attachedAt inDirectoryAt } }", new { u = result.UploadId })).GetProperty("upload"))
                .GetProperty("inDirectoryAt").ValueKind == JsonValueKind.Null)
            {
                if (DateTime.UtcNow > syncDeadline)
                {
                    throw new TimeoutException($"Upload {result.UploadId}: its contacts were not in the org directory 5 minutes after saveDraft.");
                }

                await Task.Delay(100);
            }

            var sync = attached.GetProperty("inDirectoryAt").GetDateTimeOffset() - attached.GetProperty("attachedAt").GetDateTimeOffset();
            Console.WriteLine($"| saveDraft answered / accepted contacts in the org directory (server clock, after attach) | {answered:F2} s / {sync.TotalSeconds:F2} s | |");
            var segmentId = (await BenchHost.GraphQLAsync(
                    http,
                    "mutation { createSegment(input: { name: \"bench\", conditions: [{ field: PHONE_PREFIX, operator: IN, values: [\"+1212\", \"+1415\", \"+44\"] }] }) { id } }"))
                .GetProperty("createSegment").GetProperty("id").GetString()!;
            var count = Stopwatch.StartNew();
            var members = (await BenchHost.GraphQLAsync(http, "query($s: ID!) { segment(id: $s) { members { requested dialable } } }", new { s = segmentId }))
                .GetProperty("segment").GetProperty("members");
            Console.WriteLine($"| segment count over the directory ({members.GetProperty("requested").GetInt64():N0} members, {members.GetProperty("dialable").GetInt64():N0} dialable) | {count.Elapsed.TotalMilliseconds:F0} ms | |");
            return 0;
        }
        finally
        {
            // SIGTERM first: a graceful stop leaves the cluster table clean (and lets tracing tools finish).
            foreach (var (_, process) in processes)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                term?.WaitForExit();
            }

            foreach (var (_, process) in processes)
            {
                try
                {
                    if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    /// <summary>The silo that logged the upload as staged; the log line may trail the status the client saw by a moment.</summary>
    private static async Task<string?> HostOfAsync(ConcurrentDictionary<string, string> stagedOn, string uploadId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (stagedOn.TryGetValue(uploadId, out var host))
            {
                return host;
            }

            await Task.Delay(20);
        }

        return null;
    }

    [GeneratedRegex(@"Upload (\S+): \d+ rows staged")]
    private static partial Regex StagedLine();

    private sealed record UploadRun(string CampaignId, string UploadId, double StagedSeconds, double ServerStagedSeconds, double SentSeconds, double MappingMs, string Counts);

    private static async Task<UploadRun> RunUploadAsync(HttpClient http, string path, bool quiet, bool sequential, List<Process> watched)
    {
        var campaign = (await BenchHost.GraphQLAsync(http, "mutation { createCampaign(input: { name: \"bench\" }) { id } }")).GetProperty("createCampaign").GetProperty("id").GetString()!;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sent = 0.0;
        var put = Task.Run(async () =>
        {
            await using var file = File.OpenRead(path);
            using var content = new StreamContent(file, 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await http.PutAsync(new Uri($"/uploads?campaignId={campaign}&fileName=bench.csv", UriKind.Relative), content);
            sent = clock.Elapsed.TotalSeconds;
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT /uploads: {(int)response.StatusCode} {body}");
            }
        });

        // Confirm the suggested mapping as soon as the head is read: validation then overlaps receiving.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        string? uploadId = null;
        var mappingMs = double.NaN;
        while (true)
        {
            var upload = (await BenchHost.GraphQLAsync(http, "query($c: ID!) { campaign(id: $c) { audience { upload { id status receivedAt mappedAt suggestedMapping { column field customKey } } } } }", new { c = campaign }))
                .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
            if (upload.ValueKind == JsonValueKind.Object && upload.GetProperty("status").GetString() is "MAPPING" or "STAGED")
            {
                if (sequential)
                {
                    // Diagnostic mode: receive everything first, then validate, to see each phase's cost.
                    await put;
                    Console.WriteLine($"received in {clock.Elapsed.TotalSeconds:F2} s; CPU so far: {string.Join(", ", watched.Select(p => $"{BenchHost.ProcessCpuSeconds(p.Id):F1}"))} core-s");
                }

                uploadId = upload.GetProperty("id").GetString();
                mappingMs = (DateTimeOffset.Parse(upload.GetProperty("mappedAt").GetString()!, CultureInfo.InvariantCulture)
                    - DateTimeOffset.Parse(upload.GetProperty("receivedAt").GetString()!, CultureInfo.InvariantCulture)).TotalMilliseconds;
                var mapping = upload.GetProperty("suggestedMapping").EnumerateArray()
                    .Select(m => new { column = m.GetProperty("column").GetString(), field = m.GetProperty("field").GetString(), customKey = m.GetProperty("customKey").GetString() })
                    .ToList();
                await BenchHost.GraphQLAsync(http, "mutation($u: ID!, $m: [ColumnMappingInput!]!) { confirmMapping(uploadId: $u, mapping: $m) { status } }", new { u = uploadId, m = mapping });
                break;
            }

            if (put.IsFaulted)
            {
                await put;
            }

            if (upload.ValueKind == JsonValueKind.Object && upload.GetProperty("status").GetString() == "ERROR" || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The upload did not reach MAPPING: {upload}");
            }

            await Task.Delay(50);
        }

        // STAGED is pushed on uploadStatusChanged (graphql-transport-ws), not polled: a poll every few milliseconds
        // cost the api and the silo CPU of their own while they worked on the upload. One query after subscribing
        // covers an upload that got there before the subscription did; a slow poll stays as a safety net.
        var settled = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ws = new Uri(http.BaseAddress!, "/graphql").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
        await using var socket = await ApiBenchmarkSocket.ConnectAsync(new Uri(ws), BenchHost.Key, frame =>
        {
            if (frame.Type == "next" && frame.Payload.TryGetProperty("data", out var data)
                && data.GetProperty("uploadStatusChanged").GetProperty("status").GetString() is "STAGED" or "ERROR")
            {
                settled.TrySetResult(clock.Elapsed.TotalSeconds);
            }
            else if (frame.Type is "error" or "complete" || frame.Payload.ValueKind == JsonValueKind.Object && frame.Payload.TryGetProperty("errors", out _))
            {
                settled.TrySetException(new InvalidOperationException($"uploadStatusChanged: {frame.Type} {frame.Payload}"));
            }
        }, CancellationToken.None);
        await socket.SubscribeAsync("u", "subscription($u: ID!) { uploadStatusChanged(uploadId: $u) { status } }", new { u = uploadId }, CancellationToken.None);

        while (true)
        {
            var upload = (await BenchHost.GraphQLAsync(http, "query($u: ID!) { upload(id: $u) { status receivedAt stagedAt error { message } counts { totalRows accepted rejected duplicates suppressed warnings } } }", new { u = uploadId }))
                .GetProperty("upload");
            var status = upload.GetProperty("status").GetString();
            if (status == "STAGED")
            {
                var elapsed = settled.Task.IsCompletedSuccessfully ? settled.Task.Result : clock.Elapsed.TotalSeconds;
                await put;
                if (!quiet)
                {
                    Console.WriteLine($"STAGED after {elapsed:F2} s (first byte sent at {startedAt.ToUnixTimeMilliseconds()} ms since the epoch)");
                }

                var serverSeconds = (upload.GetProperty("stagedAt").GetDateTimeOffset() - upload.GetProperty("receivedAt").GetDateTimeOffset()).TotalSeconds;
                return new UploadRun(campaign, uploadId!, elapsed, serverSeconds, sent, mappingMs, upload.GetProperty("counts").ToString());
            }

            if (status == "ERROR")
            {
                throw new InvalidOperationException($"Upload failed: {upload}");
            }

            if (put.IsFaulted)
            {
                await put;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Upload {uploadId} was not STAGED within 10 minutes: {upload}");
            }

            await Task.WhenAny(settled.Task, Task.Delay(TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>
    /// With CALLARO_BENCH_PERF=path (and perf installed), a system-wide <c>perf record</c> covers exactly the measured
    /// upload, first byte to STAGED. Start the bench with DOTNET_PerfMapEnabled=1 so .NET frames have names.
    /// CALLARO_BENCH_PERF_HZ sets the sampling frequency (499 by default: low enough not to slow the upload much).
    /// </summary>
    private static Process? StartProfiler()
    {
        if (Environment.GetEnvironmentVariable("CALLARO_BENCH_PERF") is not { Length: > 0 } output)
        {
            return null;
        }

        try
        {
            string frequency = Environment.GetEnvironmentVariable("CALLARO_BENCH_PERF_HZ") is { Length: > 0 } hz ? hz : "499";
            var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-a", "-g", "-F", frequency, "-o", output]) { RedirectStandardError = true });
            Thread.Sleep(300); // perf needs a moment before it samples
            return perf;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"CALLARO_BENCH_PERF is set but perf could not start ({e.Message}): measuring without a profile.");
            return null;
        }
    }

    private static async Task StopProfilerAsync(Process? profiler)
    {
        if (profiler is null)
        {
            return;
        }

        using var interrupt = Process.Start("kill", ["-INT", profiler.Id.ToString(CultureInfo.InvariantCulture)]);
        await profiler.WaitForExitAsync();
    }

    private static async Task<double> PsqlCopyAsync(string connectionString, string path)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var table = new NpgsqlCommand("CREATE TABLE bench_plain (" + string.Join(", ", Enumerable.Range(1, MessyFileGenerator.Header.Split(',').Length).Select(i => $"c{i} text")) + ")", connection);
            await table.ExecuteNonQueryAsync();
        }

        // The file as CSV into a plain table of text columns: what PostgreSQL alone needs to load it.
        var info = new ProcessStartInfo("psql", ["-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!,
            "-v", "ON_ERROR_STOP=1", "-c", $"\\copy bench_plain FROM '{path}' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (builder.Password is { } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }

        var clock = Stopwatch.StartNew();
        Process started;
        try
        {
            started = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ArgumentException($"psql is not on the PATH ({e.Message}): run bench/endtoend.sh, which finds PostgreSQL's binaries.", e);
        }

        using var psql = started;
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        clock.Stop();
        if (psql.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql \\copy failed: {error}");
        }

        // Gone before the upload starts: a million fresh rows would otherwise get autovacuumed and analyzed while the
        // upload runs (seen in a profile), charging PostgreSQL CPU of the baseline to the upload.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE bench_plain", connection);
            await drop.ExecuteNonQueryAsync();
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Vacuums and analyzes what the warm-up wrote, then checkpoints: the state of a database that has been running.</summary>
    private static async Task SettleDatabaseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                Console.WriteLine($"note: {sql} skipped ({e.MessageText}); background maintenance may run into the measurement.");
            }
        }
    }

    /// <summary>How many autovacuum and autoanalyze runs have finished on the database's tables so far.</summary>
    private static async Task<long> MaintenanceRunsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint FROM pg_stat_user_tables", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<string, long>> ChunkSpreadAsync(string connectionString, string uploadId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo, count(*) FROM upload_chunk_results WHERE upload_id = @u GROUP BY silo", connection);
        command.Parameters.AddWithValue("u", uploadId);
        var spread = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            spread[reader.GetString(0)] = reader.GetInt64(1);
        }

        return spread;
    }

}
