using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Api.Transport;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

[Collection(ApiClusterCollection.Name)]
public sealed class GraphQLHttpTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    private const string CreateMutation = "mutation($name: String!) { createCampaign(input: { name: $name }) { id name status step version ownerId } }";

    private async Task<string> CreateCampaignAsync(HttpClient http, string name) =>
        (await http.PostAsync(CreateMutation, new { name })).Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;

    [Fact]
    public async Task A_request_without_a_key_is_unauthenticated()
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        var reply = await http.PostAsync("{ viewer { orgId } }");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("UNAUTHENTICATED", reply.ErrorCode);
    }

    [Fact]
    public async Task A_request_with_a_wrong_key_is_unauthenticated()
    {
        using var http = Callaro.Http("not-a-key");
        var reply = await http.PostAsync("{ viewer { orgId } }");
        Assert.Equal("UNAUTHENTICATED", reply.ErrorCode);
    }

    [Fact]
    public async Task Introspection_needs_a_key_too()
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        Assert.Equal("UNAUTHENTICATED", (await http.PostAsync("{ __schema { queryType { name } } }")).ErrorCode);
    }

    [Fact]
    public async Task The_viewer_is_the_org_user_and_roles_of_the_key()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var viewer = (await http.PostAsync("{ viewer { orgId userId roles } }")).Ok().GetProperty("viewer");
        Assert.Equal("org-a", viewer.GetProperty("orgId").GetString());
        Assert.Equal("alice", viewer.GetProperty("userId").GetString());
        Assert.Equal(["SALES_OPS", "OPS"], viewer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_campaign_makes_the_full_round_trip_through_http_grain_and_postgresql()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var id = await CreateCampaignAsync(http, "Round trip");

        var schedule = await http.PostAsync(
            """
            mutation($id: ID!) {
              setSchedule(campaignId: $id, input: { mode: CONTACT_LOCAL, windowStart: "09:00", windowEnd: "17:30", days: [MON, WED, FRI], startDate: "2099-03-02" }) { version }
              setOutcomes(campaignId: $id, input: { dispositions: ["connected", "voicemail"], crmObject: "Lead", writebackFields: [{ disposition: "connected", crmField: "Status", value: "Working" }] }) { version }
            }
            """,
            new { id });
        Assert.Equal(3, schedule.Ok().GetProperty("setOutcomes").GetProperty("version").GetInt32());

        var read = (await http.PostAsync(
            "query($id: ID!) { campaign(id: $id) { name status step version schedule { mode windowEnd days startDate } outcomes { dispositions writebackFields { crmField } } readiness { ready checks { key passed } } canAdvance { allowed reasons } audience { source contactCount } signOffs { role } taskCount createdAt updatedAt launchedAt } }",
            new { id })).Ok().GetProperty("campaign");
        Assert.Equal("Round trip", read.GetProperty("name").GetString());
        Assert.Equal("CONTACT_LOCAL", read.GetProperty("schedule").GetProperty("mode").GetString());
        Assert.Equal("17:30", read.GetProperty("schedule").GetProperty("windowEnd").GetString());
        Assert.Equal(["MON", "WED", "FRI"], read.GetProperty("schedule").GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.False(read.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("launchedAt").ValueKind);
        Assert.EndsWith("Z", read.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_orgs_campaign_is_not_found_and_cannot_be_changed()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        using var bob = Callaro.Http(ProcessCluster.KeyB);
        var id = await CreateCampaignAsync(alice, "Private to org-a");

        var read = await bob.PostAsync("query($id: ID!) { campaign(id: $id) { id } }", new { id });
        Assert.Equal(JsonValueKind.Null, read.Ok().GetProperty("campaign").ValueKind);

        var rename = await bob.PostAsync("mutation($id: ID!) { renameCampaign(id: $id, name: \"mine now\") { id } }", new { id });
        Assert.Equal("NOT_FOUND", rename.ErrorCode);

        var list = (await bob.PostAsync("{ campaigns(first: 200) { nodes { id } } }")).Ok();
        Assert.DoesNotContain(list.GetProperty("campaigns").GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task An_id_that_tries_to_reach_into_another_org_is_refused()
    {
        using var bob = Callaro.Http(ProcessCluster.KeyB);
        var reply = await bob.PostAsync("mutation { renameCampaign(id: \"../org-a/cmp_x\", name: \"x\") { id } }");
        Assert.Equal("INVALID_INPUT", reply.ErrorCode);
    }

    [Fact]
    public async Task A_key_without_the_sales_ops_role_cannot_create_campaigns()
    {
        using var viewer = Callaro.Http(ProcessCluster.KeyViewer);
        var reply = await viewer.PostAsync(CreateMutation, new { name = "not allowed" });
        Assert.Equal("FORBIDDEN", reply.ErrorCode);
        Assert.Contains("SALES_OPS", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_may_be_owned_by_another_user_of_the_org_but_not_by_someone_unknown_or_of_another_org()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        const string Create = "mutation($o: ID) { createCampaign(input: { name: \"Owned\", ownerId: $o }) { ownerId } }";

        Assert.Equal("carla", (await http.PostAsync(Create, new { o = "carla" })).Ok().GetProperty("createCampaign").GetProperty("ownerId").GetString());
        foreach (var stranger in new[] { "nobody-at-all", "bob" })
        {
            var refused = await http.PostAsync(Create, new { o = stranger });
            Assert.Equal("INVALID_INPUT", refused.ErrorCode);
            Assert.Contains($"ownerId '{stranger}' is not a user of your org", refused.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("alice, carla, vera", refused.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stale_expected_version_comes_back_as_version_conflict()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var id = await CreateCampaignAsync(http, "Versioned");
        (await http.PostAsync("mutation($id: ID!) { renameCampaign(id: $id, name: \"v2\", expectedVersion: 1) { version } }", new { id })).Ok();
        var stale = await http.PostAsync("mutation($id: ID!) { renameCampaign(id: $id, name: \"v3\", expectedVersion: 1) { version } }", new { id });
        Assert.Equal("VERSION_CONFLICT", stale.ErrorCode);
    }

    [Fact]
    public async Task Going_forward_without_an_audience_is_an_invalid_transition_with_the_reason()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var id = await CreateCampaignAsync(http, "Wizard");
        var reply = await http.PostAsync("mutation($id: ID!) { goToStep(id: $id, step: REVIEW) { step } }", new { id });
        Assert.Equal("INVALID_TRANSITION", reply.ErrorCode);
        Assert.Contains("upload", reply.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Campaigns_page_newest_first_with_cursors_and_a_total()
    {
        using var http = Callaro.Http(ProcessCluster.KeyB);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateCampaignAsync(http, $"Paged {i}"));
        }

        var first = (await http.PostAsync("{ campaigns(first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }")).Ok().GetProperty("campaigns");
        Assert.True(first.GetProperty("totalCount").GetInt64() >= 3);
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(ids[2], first.GetProperty("nodes")[0].GetProperty("id").GetString());

        var after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = (await http.PostAsync("query($after: String) { campaigns(first: 2, after: $after) { nodes { id } } }", new { after })).Ok();
        Assert.Equal(ids[0], second.GetProperty("campaigns").GetProperty("nodes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_garbage_cursor_is_invalid_input()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        Assert.Equal("INVALID_INPUT", (await http.PostAsync("{ campaigns(after: \"nonsense\") { totalCount } }")).ErrorCode);
    }

    [Fact]
    public async Task Queries_work_over_get_but_mutations_are_refused()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        using var get = await http.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString("{ viewer { orgId } }"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("org-a", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var mutation = await http.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString("mutation { cancelCampaign(campaignId: \"x\") { id } }"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
    }

    [Fact]
    public async Task Batched_requests_get_one_result_each()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        using var content = new StringContent("[{\"query\":\"{ viewer { orgId } }\"},{\"query\":\"{ viewer { userId } }\"}]", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetArrayLength());
        Assert.Equal("alice", body.RootElement[1].GetProperty("data").GetProperty("viewer").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_batch_beyond_the_operation_cap_is_refused_as_too_complex_without_running_any()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var operations = string.Join(",", Enumerable.Repeat("{\"query\":\"{ viewer { orgId } }\"}", GraphQLHttpEndpoint.MaxBatchOperations + 1));
        using var content = new StringContent("[" + operations + "]", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TOO_COMPLEX", text, StringComparison.Ordinal);
        Assert.Contains($"at most {GraphQLHttpEndpoint.MaxBatchOperations} operations", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"data\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graphql_response_json_clients_get_400_for_invalid_documents_and_the_matching_content_type()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent("{\"query\":\"{ nosuchfield }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("INVALID_INPUT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_coded_error_without_a_stack_trace()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        using var content = new StringContent("{\"query\": ", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("INVALID_INPUT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_ok_when_postgresql_and_a_silo_are_up()
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_needs_an_ops_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Callaro.BaseAddress };
        using var refused = await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var viewer = Callaro.Http(ProcessCluster.KeyViewer);
        using var forbidden = await viewer.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var ops = new HttpClient { BaseAddress = Callaro.BaseAddress };
        ops.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + ProcessCluster.KeyA)));
        using var allowed = await ops.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // Mapped on first use: its assets and its cluster data come through too.
        using var script = await ops.GetAsync(new Uri("/dashboard/index.min.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var counters = await ops.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
