using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.TestSupport;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>What standard GraphQL clients send over HTTP, and what they must hear back.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class GraphQLClientCompatibilityTests(ApiCluster fixture)
{
    private const string CampaignUpdated = "subscription { campaignUpdated(campaignId: \"cmp_nothing\") { id } }";

    private ProcessCluster Callaro => fixture.Processes;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string uri, string? json = null, bool modern = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (modern)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement FirstError(JsonElement body) => body.GetProperty("errors")[0];

    private static string Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_subscription_over_http_post_is_an_error_that_points_to_the_websocket()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var plain = await SendAsync(http, HttpMethod.Post, "/graphql", JsonSerializer.Serialize(new { query = CampaignUpdated }));
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        var error = FirstError(plain.Body);
        Assert.Equal("INVALID_INPUT", Code(error));
        Assert.StartsWith($"Subscriptions run over WebSocket (graphql-transport-ws) at ws://{Callaro.BaseAddress.Authority}/graphql;", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(plain.Body.TryGetProperty("data", out _), plain.Body.ToString());

        var modern = await SendAsync(http, HttpMethod.Post, "/graphql", JsonSerializer.Serialize(new { query = CampaignUpdated }), modern: true);
        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal("INVALID_INPUT", Code(FirstError(modern.Body)));
    }

    [Fact]
    public async Task A_subscription_inside_a_batch_is_an_error_in_its_own_place()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var batch = JsonSerializer.Serialize(new object[] { new { query = "{ viewer { orgId } }" }, new { query = CampaignUpdated } });
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/graphql", batch);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("org-a", body[0].GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
        Assert.Equal("INVALID_INPUT", Code(FirstError(body[1])));
        Assert.Contains("WebSocket", FirstError(body[1]).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_in_a_multipart_request_is_an_error_that_points_to_the_websocket()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody()
            .Operations(new { query = "subscription($f: Upload) { campaignUpdated(campaignId: \"cmp_nothing\") { id } }", variables = new { f = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.f"] })
            .File("0", "contacts.csv", "text/csv", Encoding.UTF8.GetBytes("phone\n+14155550100\n"))
            .End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("WebSocket (graphql-transport-ws)", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persisted_query_hash_without_the_query_gets_PersistedQueryNotSupported_over_post_and_get()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var extensions = new { persistedQuery = new { version = 1, sha256Hash = "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38" } };

        var post = await SendAsync(http, HttpMethod.Post, "/graphql", JsonSerializer.Serialize(new { operationName = "Viewer", variables = new { }, extensions }));
        Assert.Equal("PersistedQueryNotSupported", FirstError(post.Body).GetProperty("message").GetString());
        Assert.Equal("INVALID_INPUT", Code(FirstError(post.Body)));

        var get = await SendAsync(http, HttpMethod.Get, "/graphql?operationName=Viewer&variables=%7B%7D&extensions=" + Uri.EscapeDataString(JsonSerializer.Serialize(extensions)));
        Assert.Equal("PersistedQueryNotSupported", FirstError(get.Body).GetProperty("message").GetString());

        // Apollo then sends the full query (with the hash still attached while it registers it): it runs.
        var retried = await SendAsync(http, HttpMethod.Post, "/graphql", JsonSerializer.Serialize(new { operationName = "Viewer", query = "query Viewer { viewer { orgId } }", extensions }));
        Assert.Equal("org-a", retried.Body.GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task A_get_with_several_operations_and_no_operation_name_gets_the_engines_error_not_405()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var document = "query A { viewer { orgId } } mutation B { cancelCampaign(campaignId: \"x\") { id } }";
        var (status, body) = await SendAsync(http, HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(document));
        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("INVALID_INPUT", Code(FirstError(body)));
        Assert.Contains("operation", FirstError(body).GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not allowed over GET", body.ToString(), StringComparison.Ordinal);

        // Naming the query runs it; naming the mutation is refused as before.
        var (queryStatus, query) = await SendAsync(http, HttpMethod.Get, "/graphql?operationName=A&query=" + Uri.EscapeDataString(document));
        Assert.Equal(HttpStatusCode.OK, queryStatus);
        Assert.Equal("org-a", query.GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
        var (mutationStatus, _) = await SendAsync(http, HttpMethod.Get, "/graphql?operationName=B&query=" + Uri.EscapeDataString(document));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutationStatus);
    }

    [Theory]
    [InlineData("{\"query\":\"{viewer{orgId}}\",\"variables\":\"{\\\"n\\\":1}\"}", "'variables' must be a JSON object")]
    [InlineData("{\"query\":5}", "'query' must be a string")]
    [InlineData("{\"query\":\"{viewer{orgId}}\",\"operationName\":[]}", "'operationName' must be a string")]
    [InlineData("{\"query\":\"{viewer{orgId}}\",\"extensions\":1}", "'extensions' must be a JSON object")]
    [InlineData("[{\"query\":\"{viewer{orgId}}\"},{\"query\":true}]", "operation 1 of the batch: 'query' must be a string")]
    [InlineData("\"{viewer{orgId}}\"", "a request must be a JSON object")]
    public async Task A_request_of_the_wrong_shape_is_told_what_is_wrong_without_dotnet_type_names(string json, string expected)
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/graphql", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = FirstError(body).GetProperty("message").GetString()!;
        Assert.Equal("INVALID_INPUT", Code(FirstError(body)));
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("GraphQL.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_parameters_of_the_wrong_shape_are_told_what_is_wrong_without_dotnet_type_names()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var (status, body) = await SendAsync(http, HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ viewer { orgId } }") + "&variables=" + Uri.EscapeDataString("[1]"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = FirstError(body).GetProperty("message").GetString()!;
        Assert.Contains("'variables' must be a JSON object", message, StringComparison.Ordinal);
        Assert.DoesNotContain("GraphQL.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multipart_operations_of_the_wrong_shape_are_told_what_is_wrong_without_dotnet_type_names()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var body = new MultipartBody()
            .Operations(new { query = "mutation($f: Upload) { viewer { orgId } }", variables = "{\"f\":null}" })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.f"] })
            .File("0", "contacts.csv", "text/csv", Encoding.UTF8.GetBytes("phone\n+14155550100\n"))
            .End();
        var reply = await http.PostMultipartAsync(body.ToContent());
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
        Assert.Contains("'variables' must be a JSON object", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("GraphQL.", reply.ErrorMessage, StringComparison.Ordinal);
    }
}

/// <summary>What a refused upload reports about the bytes that did arrive.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class RefusedUploadFactsTests(ApiCluster fixture)
{
    [Fact]
    public async Task An_upload_refused_as_unsupported_reports_the_bytes_received_and_no_hash()
    {
        using var alice = fixture.Processes.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "Refused workbook");
        // The start of a zip archive, as an .xlsx workbook begins: 14 bytes.
        byte[] workbook = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00];

        var (status, body) = await EndToEnd.PutAsync(alice, campaignId, workbook);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("UNSUPPORTED_FILE", body.Code());
        var upload = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { status sizeBytes sha256 error { code } } } } }", new { c = campaignId })).Ok()
            .GetProperty("campaign").GetProperty("audience").GetProperty("upload");
        Assert.Equal("ERROR", upload.GetProperty("status").GetString());
        Assert.Equal("UNSUPPORTED_FILE", upload.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(workbook.Length, upload.GetProperty("sizeBytes").GetInt64());
        // The contract's sha256 is String!: "" is how "not computed" reads there.
        Assert.Equal(string.Empty, upload.GetProperty("sha256").GetString());
    }
}
