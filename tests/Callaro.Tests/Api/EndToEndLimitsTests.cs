using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Db;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>Depth limits, roles and the upload size limit, against the shared api.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class EndToEndLimitsTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    [Fact]
    public async Task A_query_nested_deeper_than_15_levels_is_refused_with_TOO_COMPLEX_and_runs_nothing()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);

        // __schema(1) types(2) fields(3) type(4) ofType x 12 (5..16) name(17)
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 12)) + "name" + new string('}', 12 + 4) + " }";
        var refused = await alice.PostAsync(deep);
        Assert.Equal("TOO_COMPLEX", refused.ErrorCode);
        Assert.False(refused.Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object, refused.Body.ToString());

        // Over WebSocket too.
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("deep", deep);
        var message = await socket.ReceiveForAsync("deep");
        var errors = message.GetProperty("type").GetString() == "error" ? message.GetProperty("payload") : message.GetProperty("payload").GetProperty("errors");
        Assert.Equal("TOO_COMPLEX", errors[0].GetProperty("extensions").GetProperty("code").GetString());

        // Within the limit, the same kind of query runs: 4 ofType levels, depth 9.
        var shallow = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 4)) + "name" + new string('}', 4 + 4) + " }";
        (await alice.PostAsync(shallow)).Ok();
    }

    [Fact]
    public async Task A_viewer_cannot_upload_and_only_compliance_reads_suppressions_and_only_ops_reads_ops()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        using var vera = Callaro.Http(ProcessCluster.KeyViewer);
        using var carla = Callaro.Http(ProcessCluster.KeyCompliance);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E roles");

        // SDR_LEAD: no upload, neither by PUT nor by GraphQL multipart; reading the draft is fine.
        var (putStatus, putBody) = await EndToEnd.PutAsync(vera, campaignId, EndToEnd.ValidFile(2));
        Assert.Equal(HttpStatusCode.Forbidden, putStatus);
        Assert.Equal("FORBIDDEN", putBody.Code());
        var multipart = await EndToEnd.UploadMultipartAsync(vera, campaignId, EndToEnd.ValidFile(2));
        Assert.Equal("FORBIDDEN", multipart.ErrorCode);
        var draft = (await vera.PostAsync("query($c: ID!) { campaign(id: $c) { name audience { upload { id } } } }", new { c = campaignId })).Ok().GetProperty("campaign");
        Assert.Equal("E2E roles", draft.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("audience").GetProperty("upload").ValueKind);

        // Suppressions: COMPLIANCE only.
        foreach (var http in new[] { alice, vera })
        {
            var refused = await http.PostAsync("{ suppressions(first: 5) { totalCount } }");
            Assert.Equal("FORBIDDEN", refused.ErrorCode);
            var add = await http.PostAsync("mutation { addSuppressions(phones: [\"+12122009999\"]) { added } }");
            Assert.Equal("FORBIDDEN", add.ErrorCode);
        }

        (await carla.PostAsync("{ suppressions(first: 5) { totalCount } }")).Ok();

        // Ops: OPS only.
        foreach (var http in new[] { vera, carla })
        {
            var refused = await http.PostAsync("{ ops { silos { address } } }");
            Assert.Equal("FORBIDDEN", refused.ErrorCode);
        }

        var silos = (await alice.PostAsync("{ ops { silos { address status } } }")).Ok().GetProperty("ops").GetProperty("silos");
        Assert.True(silos.GetArrayLength() >= 1);
    }

    [Fact]
    public async Task An_upload_declaring_more_than_the_size_limit_is_refused_with_413_before_its_body_is_read()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E too large");

        // Claims 2 GiB, sends a header line and then nothing, ever: only an answer that does not wait for the body can come back.
        // A raw socket, because HttpClient (HTTP/1.1) reads no response before it has sent the whole body.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Callaro.BaseAddress.Host, Callaro.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request =
            $"PUT /uploads?campaignId={campaignId}&fileName=huge.csv HTTP/1.1\r\n" +
            $"Host: {Callaro.BaseAddress.Authority}\r\n" +
            $"Authorization: Bearer {ProcessCluster.KeyA}\r\n" +
            "Content-Type: text/csv\r\n" +
            $"Content-Length: {2L << 30}\r\n\r\n" +
            ContactCsv.Header + "\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.FlushAsync();

        // The rest of the body never comes, so any answer at all was given without it; the timeout only bounds a failure.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!HasWholeResponse(received.ToString()))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"connection closed early: {received}");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var response = received.ToString();
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var json = JsonDocument.Parse(body[body.IndexOf('{', StringComparison.Ordinal)..(body.LastIndexOf('}') + 1)]).RootElement; // plain or chunked
        Assert.Equal("UPLOAD_TOO_LARGE", json.Code());

        // Nothing was attached to the draft.
        var audience = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { id status } } } }", new { c = campaignId })).Ok()
            .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
        Assert.True(audience.ValueKind == JsonValueKind.Null || audience.GetProperty("status").GetString() == "ERROR", audience.ToString());
    }

    [Fact]
    public async Task A_misspelt_upload_parameter_is_refused_instead_of_silently_defaulted()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E misspelt option");
        using var content = new ByteArrayContent(EndToEnd.ValidFile(2));
        using var response = await alice.PutAsync(new Uri($"/uploads?campaignId={campaignId}&defaultRegoin=GB", UriKind.Relative), content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_INPUT", body.Code());
        Assert.Contains("Unknown parameter 'defaultRegoin'", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_of_megabytes_without_a_line_break_fails_the_upload_with_MALFORMED_CSV_instead_of_leaving_it_receiving()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E endless row");
        // The head (first 64 KiB) is fine, so the upload reaches MAPPING before the long row arrives.
        var head = ContactCsv.Valid(800);
        var file = Encoding.UTF8.GetBytes(head + "c-long,\"" + new string('x', 1_200_000) + "\",+14155550100,America/Los_Angeles,yes\n" + "c-after,Ann,+14155550101,America/Los_Angeles,yes\n");

        var (status, body) = await EndToEnd.PutAsync(alice, campaignId, file);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MALFORMED_CSV", body.Code());
        Assert.Contains("without a line break", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var upload = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { status error { code message } } } } }", new { c = campaignId })).Ok()
            .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
        Assert.Equal("ERROR", upload.GetProperty("status").GetString());
        Assert.Equal("MALFORMED_CSV", upload.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>Headers and a Content-Length body (the error JSON) have arrived.</summary>
    private static bool HasWholeResponse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = text[..end].Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
        return length >= 0 ? Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length : text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
    }
}

/// <summary>Rate limits, on an api of their own so the budgets spent here cannot disturb other tests.</summary>
public sealed class EndToEndRateLimitTests(LimitedApiCluster limited) : IClassFixture<LimitedApiCluster>
{
    private static byte[] Head => Encoding.UTF8.GetBytes(ContactCsv.Header + "\n");

    private static byte[] Tail => Encoding.UTF8.GetBytes(ContactCsv.Row(1) + "\n" + ContactCsv.Row(2) + "\n");

    [Fact]
    public async Task A_fourth_upload_while_three_of_the_org_are_still_receiving_is_refused_with_429_RATE_LIMITED()
    {
        using var alice = limited.Http(ProcessCluster.KeyA);
        var campaigns = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            campaigns.Add(await EndToEnd.CreateCampaignAsync(alice, $"Concurrent {i}"));
        }

        // Three uploads whose bodies trickle: a header line, then they hold.
        var slow = new List<(GatedContent Content, Task<(HttpStatusCode Status, JsonElement Body)> Put)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var content = new GatedContent(Head, Tail);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                slow.Add((content, EndToEnd.PutAsync(alice, campaigns[i], content, $"slow{i}.csv")));
                await content.HeadSent.WaitAsync(TimeSpan.FromSeconds(20));
            }

            // Wait until the api shows all three as active uploads of the org: read again on each upload's change notice.
            await using (var changes = await ChangeListener.StartAsync(limited.Processes.ConnectionString))
            {
                await changes.UntilAsync(
                    notice => notice.Kind == ChangeNotice.UploadKind,
                    async () => (await alice.PostAsync("{ ops { activeUploads { id campaignId status } } }")).Ok().GetProperty("ops").GetProperty("activeUploads"),
                    active => active.EnumerateArray().Count(u => u.GetProperty("status").GetString() == "RECEIVING") >= 3,
                    TimeSpan.FromSeconds(30),
                    "three receiving uploads");
            }

            var (status, body) = await EndToEnd.PutAsync(alice, campaigns[3], EndToEnd.ValidFile(2));
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.Equal("RATE_LIMITED", body.Code());
            Assert.Contains("3", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

            // The refused request created no upload.
            var fourth = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { id } } } }", new { c = campaigns[3] })).Ok();
            Assert.Equal(JsonValueKind.Null, fourth.GetProperty("campaign").GetProperty("audience").GetProperty("upload").ValueKind);

            // Once the slow ones finish, they are fine, and the org may upload again.
            foreach (var (content, _) in slow)
            {
                content.Release();
            }

            foreach (var (_, put) in slow)
            {
                var (slowStatus, slowBody) = await put.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(slowStatus == HttpStatusCode.Created, slowBody.ToString());
                Assert.Equal("MAPPING", slowBody.GetProperty("status").GetString());
            }

            var (again, againBody) = await EndToEnd.PutAsync(alice, campaigns[3], EndToEnd.ValidFile(2));
            Assert.True(again == HttpStatusCode.Created, againBody.ToString());
        }
        finally
        {
            foreach (var (content, _) in slow)
            {
                content.Release();
            }
        }
    }

    [Fact]
    public async Task Uploads_still_streaming_after_their_head_was_parsed_still_count_towards_the_concurrent_upload_limit()
    {
        using var ursula = limited.Http(LimitedApiCluster.KeyStreaming);
        var campaigns = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            campaigns.Add(await EndToEnd.CreateCampaignAsync(ursula, $"Streaming {i}"));
        }

        // 2 MiB of rows first: the api hands the grain 1 MiB pieces, the head gets parsed (MAPPING) while the rest is held back.
        var head = EndToEnd.ValidFile(40_000);
        var slow = new List<(GatedContent Content, Task<(HttpStatusCode Status, JsonElement Body)> Put)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var content = new GatedContent(head, EndToEnd.ValidFile(2, 100_000)[(ContactCsv.Header.Length + 1)..]);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                slow.Add((content, EndToEnd.PutAsync(ursula, campaigns[i], content, $"streaming{i}.csv")));
                await content.HeadSent.WaitAsync(TimeSpan.FromSeconds(20));
            }

            await using (var changes = await ChangeListener.StartAsync(limited.Processes.ConnectionString))
            {
                await changes.UntilAsync(
                    notice => notice.Kind == ChangeNotice.UploadKind,
                    async () => (await ursula.PostAsync("{ ops { activeUploads { id status } } }")).Ok().GetProperty("ops").GetProperty("activeUploads"),
                    active => active.EnumerateArray().Count(u => u.GetProperty("status").GetString() is "RECEIVING" or "MAPPING") >= 3 &&
                        active.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "MAPPING"),
                    TimeSpan.FromSeconds(30),
                    "three streaming uploads, one past its head (MAPPING)");
            }

            var (status, body) = await EndToEnd.PutAsync(ursula, campaigns[3], EndToEnd.ValidFile(2));
            Assert.True(status == HttpStatusCode.TooManyRequests, $"{status}: {body}");
        }
        finally
        {
            foreach (var (content, put) in slow)
            {
                content.Release();
                try
                {
                    await put.WaitAsync(TimeSpan.FromSeconds(60));
                }
                catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
                {
                }
            }
        }
    }

    [Fact]
    public async Task A_key_over_its_mutation_budget_gets_RATE_LIMITED_and_nothing_runs()
    {
        using var mallory = limited.Http(LimitedApiCluster.KeyMutations);
        var created = new List<string>();
        GraphQLReply? refused = null;
        for (var i = 0; i < LimitedApiCluster.MutationsPerMinute + 2 && refused is null; i++)
        {
            var reply = await mallory.PostAsync("mutation($n: String!) { createCampaign(input: { name: $n }) { id } }", new { n = $"Budget {i}" });
            if (reply.HasErrors)
            {
                refused = reply;
            }
            else
            {
                created.Add(reply.Data.GetProperty("createCampaign").GetProperty("id").GetString()!);
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("RATE_LIMITED", refused!.ErrorCode);
        Assert.Contains("per minute", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(LimitedApiCluster.MutationsPerMinute, created.Count);

        // The refused mutation created nothing; queries are not charged.
        var listed = (await mallory.PostAsync("{ campaigns(first: 100) { totalCount } }")).Ok();
        Assert.Equal(created.Count, listed.GetProperty("campaigns").Long("totalCount"));
    }

    [Fact]
    public async Task A_key_over_its_upload_budget_gets_429_RATE_LIMITED()
    {
        using var ursula = limited.Http(LimitedApiCluster.KeyUploads);
        var campaignId = await EndToEnd.CreateCampaignAsync(ursula, "Upload budget");
        var statuses = new List<HttpStatusCode>();
        JsonElement last = default;
        for (var i = 0; i < LimitedApiCluster.UploadsPerMinute + 1; i++)
        {
            (var status, last) = await EndToEnd.PutAsync(ursula, campaignId, EndToEnd.ValidFile(2, i * 10));
            statuses.Add(status);
            if (status == HttpStatusCode.TooManyRequests)
            {
                break;
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal("RATE_LIMITED", last.Code());
        Assert.Contains("uploads", last.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.Created, s));
    }

    [Fact]
    public async Task A_raw_upload_without_a_declared_length_is_refused_at_the_limit_with_413_UPLOAD_TOO_LARGE()
    {
        using var zed = limited.Http(LimitedApiCluster.KeySize);
        var campaignId = await EndToEnd.CreateCampaignAsync(zed, "Too large, chunked");
        var csv = new StringBuilder(ContactCsv.Header + "\n");
        for (var row = 1; csv.Length <= LimitedApiCluster.MaxUploadBytes + 50_000; row++)
        {
            csv.Append(ContactCsv.Row(row)).Append('\n');
        }

        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(csv.ToString()));
        var (status, body) = await EndToEnd.PutAsync(zed, campaignId, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("UPLOAD_TOO_LARGE", body.Code());
        Assert.Contains("3,145,728 bytes (3 MiB)", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var upload = (await zed.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { status error { code } } } } }", new { c = campaignId })).Ok()
            .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
        Assert.Equal("ERROR", upload.GetProperty("status").GetString());
        Assert.Equal("UPLOAD_TOO_LARGE", upload.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>This cluster's api is given its limit by the deprecated key (the test above shows it applies).</summary>
    [Fact]
    public void An_api_given_the_deprecated_size_key_says_at_start_that_it_is_deprecated() =>
        Assert.Contains("warning: Callaro:MaxUploadBytes is deprecated: set Callaro:Uploads:MaxBytes", limited.Log, StringComparison.Ordinal);

    [Fact]
    public async Task With_dashboard_orgs_set_only_their_ops_keys_open_the_dashboard()
    {
        async Task<HttpStatusCode> OpenAsync(string key)
        {
            using var http = new HttpClient { BaseAddress = limited.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + key)));
            using var response = await http.GetAsync(new Uri("/dashboard/", UriKind.Relative));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await OpenAsync(LimitedApiCluster.KeyUploads));
        Assert.Equal(HttpStatusCode.Forbidden, await OpenAsync(LimitedApiCluster.KeyStreaming));
    }

    /// <summary>A body sent chunked: its length is not declared.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
