using System.Net;
using System.Text;
using System.Text.Json;
using Callaro.TestSupport;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>POST /graphql with multipart/form-data (the GraphQL multipart request spec), on the shared api.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class MultipartTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    private static MultipartBody ViewerWithAnUnusedFile() => new MultipartBody()
        .Operations(new { query = "{ viewer { orgId userId } }", variables = new { file = (object?)null } })
        .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
        .File("0", "contacts.csv", "text/csv", Encoding.UTF8.GetBytes("phone\n+14155550100\n"))
        .End();

    [Fact]
    public async Task A_multipart_request_without_a_preflight_header_is_refused_as_invalid_input()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var reply = await http.PostMultipartAsync(ViewerWithAnUnusedFile().ToContent(preflight: false));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("GraphQL-Preflight", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GraphQL-Preflight")]
    [InlineData("GraphQL-Require-Preflight")]
    [InlineData("Apollo-Require-Preflight")]
    public async Task Any_of_the_three_preflight_headers_lets_a_multipart_request_through(string header)
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var content = ViewerWithAnUnusedFile().ToContent(preflight: false);
        content.Headers.TryAddWithoutValidation(header, "yes");
        var reply = await http.PostMultipartAsync(content);
        Assert.Equal("org-a", reply.Ok().GetProperty("viewer").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task A_multipart_request_without_a_key_is_unauthenticated()
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        var reply = await http.PostMultipartAsync(ViewerWithAnUnusedFile().ToContent());
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("UNAUTHENTICATED", reply.ErrorCode);
    }

    [Fact]
    public async Task A_multipart_request_is_parsed_and_its_operation_runs_with_the_callers_key()
    {
        using var http = Callaro.Http(ProcessCluster.KeyB);
        var reply = await http.PostMultipartAsync(ViewerWithAnUnusedFile().ToContent());
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var viewer = reply.Ok().GetProperty("viewer");
        Assert.Equal("org-b", viewer.GetProperty("orgId").GetString());
        Assert.Equal("bob", viewer.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_batched_multipart_request_gets_one_result_per_operation()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody()
            .Operations(new object[]
            {
                new { query = "{ viewer { orgId } }", variables = new { file = (object?)null } },
                new { query = "mutation($name: String!) { createCampaign(input: { name: $name }) { name } }", variables = new { name = "From a multipart batch", file = (object?)null } },
            })
            .Map(new Dictionary<string, string[]> { ["0"] = ["0.variables.file"], ["1"] = ["1.variables.file"] })
            .File("0", "a.csv", "text/csv", "a\n"u8.ToArray())
            .File("1", "b.csv", "text/csv", "b\n"u8.ToArray())
            .End();
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), body.ToContent());
        var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Array, results.ValueKind);
        Assert.Equal("org-a", results[0].GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
        Assert.Equal("From a multipart batch", results[1].GetProperty("data").GetProperty("createCampaign").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_malformed_map_is_invalid_input()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody()
            .Operations(new { query = "{ viewer { orgId } }", variables = new { file = (object?)null } })
            .Field("map", "{\"0\": [\"operationName\"]}")
            .File("0", "a.csv", "text/csv", "a\n"u8.ToArray())
            .End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("variables", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_file_mapped_to_two_variables_is_refused_before_anything_runs()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody()
            .Operations(new { query = "query($f: Upload, $g: Upload) { viewer { orgId } }", variables = new { f = (object?)null, g = (object?)null } })
            .Field("map", "{\"0\": [\"variables.f\", \"variables.g\"]}")
            .File("0", "a.csv", "text/csv", "a\n"u8.ToArray())
            .End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("each file can fill one variable", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multipart_body_without_operations_first_is_invalid_input()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody().File("0", "a.csv", "text/csv", "a\n"u8.ToArray()).End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("operations", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_sent_to_upload_contacts_as_a_multipart_request_arrives_whole()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var campaign = (await http.PostAsync("mutation { createCampaign(input: { name: \"Multipart CSV\" }) { id } }")).Ok().GetProperty("createCampaign").GetProperty("id").GetString();
        var csv = Encoding.UTF8.GetBytes("phone,first_name,timezone\n+14155550100,Ada,America/Los_Angeles\n+12125550101,Grace,America/New_York\n");
        var body = new MultipartBody()
            .Operations(new
            {
                query = "mutation($id: ID!, $file: Upload!) { uploadContacts(campaignId: $id, file: $file) { id campaignId fileName sizeBytes status } }",
                variables = new { id = campaign, file = (object?)null },
            })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .File("0", "leads.csv", "text/csv", csv)
            .End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        var upload = reply.Ok().GetProperty("uploadContacts");
        Assert.Equal(campaign, upload.GetProperty("campaignId").GetString());
        Assert.Equal("leads.csv", upload.GetProperty("fileName").GetString());
        Assert.Equal(csv.Length, upload.GetProperty("sizeBytes").GetInt64());
        Assert.NotEqual("ERROR", upload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_upload_scalar_is_in_the_schema()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var reply = await http.PostAsync("{ __type(name: \"Upload\") { kind name } }");
        Assert.Equal("SCALAR", reply.Ok().GetProperty("__type").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Json_requests_keep_their_one_mebibyte_limit()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var reply = await http.PostAsync("{ viewer { orgId } }", new { padding = new string('x', 1_100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
    }
}

/// <summary>Uploads read by a resolver: the diagnostic uploadProbe mutation on an api with a 64 MiB upload limit.</summary>
[Collection(TunedApiCollection.Name)]
public sealed class MultipartUploadTests(TunedApiCluster tuned)
{
    private const string Probe = "mutation($files: [Upload!]!) { uploadProbe(files: $files) { fileName contentType bytes sha256 startedAt } }";

    private static MultipartBody ProbeRequest(int files) => new MultipartBody()
        .Operations(new { query = Probe, variables = new { files = new object?[files] } });

    [Fact]
    public async Task Files_reach_the_resolver_whole_with_their_names_and_types_in_any_order()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        var body = ProbeRequest(2).Map(new Dictionary<string, string[]> { ["a"] = ["variables.files.1"], ["b"] = ["variables.files.0"] });
        var hashA = body.GeneratedFile("a", "first in the body.csv", "text/csv", 3_000_000, seed: 1);
        var hashB = body.GeneratedFile("b", "second.bin", "application/octet-stream", 200_000, seed: 2);
        var reply = await http.PostMultipartAsync(body.End().ToContent());

        var files = reply.Ok().GetProperty("uploadProbe");
        Assert.Equal("second.bin", files[0].GetProperty("fileName").GetString());
        Assert.Equal("application/octet-stream", files[0].GetProperty("contentType").GetString());
        Assert.Equal(200_000, files[0].GetProperty("bytes").GetInt64());
        Assert.Equal(hashB, files[0].GetProperty("sha256").GetString());
        Assert.Equal("first in the body.csv", files[1].GetProperty("fileName").GetString());
        Assert.Equal(3_000_000, files[1].GetProperty("bytes").GetInt64());
        Assert.Equal(hashA, files[1].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_file_larger_than_kestrels_default_limit_streams_through_without_a_content_length()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        var body = ProbeRequest(1).Map(new Dictionary<string, string[]> { ["0"] = ["variables.files.0"] });
        body.KnownLength = false;
        var hash = body.GeneratedFile("0", "big.csv", "text/csv", 40L * 1024 * 1024, seed: 3);
        var reply = await http.PostMultipartAsync(body.End().ToContent());
        var file = reply.Ok().GetProperty("uploadProbe")[0];
        Assert.Equal(40L * 1024 * 1024, file.GetProperty("bytes").GetInt64());
        Assert.Equal(hash, file.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_operation_runs_while_the_file_is_still_arriving()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        DateTimeOffset? restSentAt = null;
        var body = ProbeRequest(1)
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.files.0"] })
            .FileHeader("0", "slow.csv", "text/csv")
            .Text("phone\n+14155550100\n")
            .Pause(async () =>
            {
                // Part of what is tested, not a wait for something: nothing outside the api shows the resolver
                // starting, so the sender holds the rest back long enough for its start to be told from the end.
                await Task.Delay(TimeSpan.FromSeconds(2));
                restSentAt = DateTimeOffset.UtcNow;
            })
            .Text("+14155550101\n\r\n")
            .End();
        body.KnownLength = false;
        var reply = await http.PostMultipartAsync(body.ToContent());
        var file = reply.Ok().GetProperty("uploadProbe")[0];
        Assert.Equal("phone\n+14155550100\n+14155550101\n".Length, file.GetProperty("bytes").GetInt64());
        var started = DateTimeOffset.Parse(file.GetProperty("startedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(restSentAt);
        Assert.True(started < restSentAt!.Value.AddSeconds(-1), $"The resolver started at {started:O}, the end of the file was sent at {restSentAt:O}.");
    }

    [Fact]
    public async Task An_upload_declared_larger_than_the_limit_is_refused_with_upload_too_large()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        var body = ProbeRequest(1).Map(new Dictionary<string, string[]> { ["0"] = ["variables.files.0"] });
        body.GeneratedFile("0", "huge.csv", "text/csv", TunedApiCluster.MaxUploadBytes + 1, seed: 4);
        GraphQLReply reply;
        try
        {
            reply = await http.PostMultipartAsync(body.End().ToContent());
        }
        catch (HttpRequestException)
        {
            return; // the server answered and closed before the client finished sending: refused all the same
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("UPLOAD_TOO_LARGE", reply.ErrorCode);
    }

    [Fact]
    public async Task An_upload_that_grows_past_the_limit_fails_with_upload_too_large()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        var body = ProbeRequest(1).Map(new Dictionary<string, string[]> { ["0"] = ["variables.files.0"] });
        body.KnownLength = false;
        body.GeneratedFile("0", "growing.csv", "text/csv", TunedApiCluster.MaxUploadBytes + (2 * 1024 * 1024), seed: 5);
        GraphQLReply reply;
        try
        {
            // The answer is the signal; the guard only bounds a failure (the client's own timeout is 120 s).
            reply = await http.PostMultipartAsync(body.End().ToContent()).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (HttpRequestException)
        {
            return;
        }

        Assert.Equal("UPLOAD_TOO_LARGE", reply.ErrorCode);
    }

    [Theory]
    [InlineData("mutation { uploadProbe(files: [\"contacts.csv\"]) { bytes } }", null)]
    [InlineData("mutation($files: [Upload!]!) { uploadProbe(files: $files) { bytes } }", "contacts.csv")]
    public async Task An_upload_written_as_a_string_is_invalid_input(string query, string? variable)
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        var reply = await http.PostAsync(query, variable is null ? null : new { files = new[] { variable } });
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
    }
}
