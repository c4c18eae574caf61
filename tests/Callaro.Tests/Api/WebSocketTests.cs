using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>graphql-transport-ws on /graphql, against the api and silo processes.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class WebSocketTests(ApiCluster fixture)
{
    private const string CampaignUpdated = "subscription($id: ID!) { campaignUpdated(campaignId: $id) { id name version } }";

    private ProcessCluster Callaro => fixture.Processes;

    private async Task<string> CreateCampaignAsync(string key, string name)
    {
        using var http = Callaro.Http(key);
        var reply = await http.PostAsync("mutation($name: String!) { createCampaign(input: { name: $name }) { id } }", new { name });
        return reply.Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
    }

    private async Task RenameAsync(string id, string name)
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        (await http.PostAsync("mutation($id: ID!, $name: String!) { renameCampaign(id: $id, name: $name) { version } }", new { id, name })).Ok();
    }

    [Fact]
    public async Task Changes_that_read_the_same_through_the_selected_fields_send_no_repeated_frames()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "Before");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("c", "subscription($c: ID!) { campaignUpdated(campaignId: $c) { name } }", new { c = campaignId });
        Assert.Equal("Before", (await socket.ReceiveForAsync("c")).GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString());

        // Two changes the subscription did not select, then one it did: the next frame is the rename.
        (await alice.PostAsync("mutation($c: ID!) { setOutcomes(campaignId: $c, input: {dispositions: [\"connected\"]}) { version } }", new { c = campaignId })).Ok();
        (await alice.PostAsync("mutation($c: ID!) { setOutcomes(campaignId: $c, input: {dispositions: [\"connected\", \"voicemail\"]}) { version } }", new { c = campaignId })).Ok();
        (await alice.PostAsync("mutation($c: ID!) { renameCampaign(id: $c, name: \"After\") { version } }", new { c = campaignId })).Ok();

        Assert.Equal("After", (await socket.ReceiveForAsync("c")).GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Connection_init_with_the_key_in_the_payload_is_acknowledged()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        Assert.Equal("graphql-transport-ws", socket.SubProtocolChosen);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {ProcessCluster.KeyA}" } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_key_may_be_written_Authorization_in_the_payload()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SendRawAsync($$$"""{"type":"connection_init","payload":{"Authorization":"Bearer {{{ProcessCluster.KeyB}}}"}}""");
        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        await socket.SubscribeAsync("v", "{ viewer { orgId } }");
        var next = await socket.ReceiveForAsync("v");
        Assert.Equal("org-b", next.GetProperty("payload").GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task The_key_may_come_in_the_upgrade_requests_authorization_header()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress, authorizationHeader: $"Bearer {ProcessCluster.KeyA}");
        await socket.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        await socket.SubscribeAsync("v", "{ viewer { userId } }");
        Assert.Equal("alice", (await socket.ReceiveForAsync("v")).GetProperty("payload").GetProperty("data").GetProperty("viewer").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Connection_init_without_a_key_closes_the_socket_with_4403_forbidden()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SendAsync(new { type = "connection_init", payload = new { } });
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4403, code);
        Assert.Contains("authorization", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connection_init_with_a_wrong_key_closes_the_socket_with_4403_forbidden()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-key" } });
        Assert.Equal(4403, (await socket.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task A_second_connection_init_closes_the_socket_with_4429()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {ProcessCluster.KeyA}" } });
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4429, code);
        Assert.Equal("Too many initialisation requests", reason);
    }

    [Fact]
    public async Task Subscribe_before_the_connection_is_acknowledged_closes_the_socket_with_4401()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SubscribeAsync("1", "{ viewer { orgId } }");
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4401, code);
        Assert.Equal("Unauthorized", reason);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{"payload": {}}""")]
    [InlineData("""{"type": "start", "id": "1", "payload": {"query": "{ viewer { orgId } }"}}""")]
    [InlineData("""{"type": "next", "id": "1", "payload": {}}""")]
    [InlineData("""{"type": "subscribe", "payload": {"query": "{ viewer { orgId } }"}}""")]
    [InlineData("""{"type": "subscribe", "id": "1", "payload": {"variables": {}}}""")]
    [InlineData("""{"type": "subscribe", "id": "1", "payload": {"query": "{ viewer { orgId } }", "variables": [1]}}""")]
    [InlineData("""{"type": "complete"}""")]
    [InlineData("""{"type": "ping", "payload": "hello"}""")]
    public async Task An_invalid_message_closes_the_socket_with_4400(string message)
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SendRawAsync(message);
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4400, code);
        Assert.StartsWith("Invalid message", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_frame_closes_the_socket_with_4400()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SendBinaryAsync("{\"type\":\"ping\"}"u8.ToArray());
        Assert.Equal(4400, (await socket.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task An_invalid_connection_init_payload_closes_the_socket_with_4400()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SendRawAsync("""{"type": "connection_init", "payload": "Bearer x"}""");
        Assert.Equal(4400, (await socket.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task Subscribing_twice_with_the_id_of_a_running_operation_closes_the_socket_with_4409()
    {
        var id = await CreateCampaignAsync(ProcessCluster.KeyA, "Duplicate ids");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("same", CampaignUpdated, new { id });
        Assert.Equal("next", (await socket.ReceiveForAsync("same")).GetProperty("type").GetString());
        await socket.SubscribeAsync("same", CampaignUpdated, new { id });
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4409, code);
        Assert.Equal("Subscriber for same already exists", reason);
    }

    [Fact]
    public async Task A_ping_is_answered_with_a_pong_carrying_its_payload()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SendRawAsync("""{"type": "ping", "payload": {"seq": 7}}""");
        var pong = await socket.ReceiveAsync();
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(7, pong.GetProperty("payload").GetProperty("seq").GetInt32());

        await socket.SendRawAsync("""{"type": "ping"}""");
        var bare = await socket.ReceiveAsync();
        Assert.Equal("pong", bare.GetProperty("type").GetString());
        Assert.False(bare.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task A_ping_before_connection_init_is_answered_too_and_a_pong_is_accepted_silently()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress);
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        await socket.SendAsync(new { type = "pong", payload = new { unsolicited = true } });
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {ProcessCluster.KeyA}" } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_query_over_the_socket_sends_one_next_then_complete()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("q1", "query Me { viewer { orgId roles } }");
        var next = await socket.ReceiveForAsync("q1");
        Assert.Equal("next", next.GetProperty("type").GetString());
        var viewer = next.GetProperty("payload").GetProperty("data").GetProperty("viewer");
        Assert.Equal("org-a", viewer.GetProperty("orgId").GetString());
        Assert.Equal("complete", (await socket.ReceiveForAsync("q1")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_mutation_over_the_socket_runs_and_completes()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("m1", "mutation($name: String!) { createCampaign(input: { name: $name }) { id name status } }", new { name = "Made over a socket" });
        var next = await socket.ReceiveForAsync("m1");
        var created = next.GetProperty("payload").GetProperty("data").GetProperty("createCampaign");
        Assert.Equal("Made over a socket", created.GetProperty("name").GetString());
        Assert.Equal("DRAFT", created.GetProperty("status").GetString());
        Assert.Equal("complete", (await socket.ReceiveForAsync("m1")).GetProperty("type").GetString());

        using var http = Callaro.Http(ProcessCluster.KeyA);
        var read = await http.PostAsync("query($id: ID!) { campaign(id: $id) { name } }", new { id = created.GetProperty("id").GetString() });
        Assert.Equal("Made over a socket", read.Ok().GetProperty("campaign").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_resolver_error_is_a_next_with_errors_then_complete_not_an_error_message()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("q", "mutation { renameCampaign(id: \"../org-b/cmp_x\", name: \"x\") { id } }");
        var next = await socket.ReceiveForAsync("q");
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("INVALID_INPUT", next.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("complete", (await socket.ReceiveForAsync("q")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_invalid_document_gets_an_error_message_with_invalid_input_and_the_socket_stays_open()
    {
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("bad", "{ viewer { noSuchField } }");
        var error = await socket.ReceiveForAsync("bad");
        Assert.Equal("error", error.GetProperty("type").GetString());
        var errors = error.GetProperty("payload");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Equal("INVALID_INPUT", errors[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("noSuchField", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // No complete follows an error, and the socket still serves requests (the id is free again).
        await socket.SubscribeAsync("bad", "{ viewer { orgId } }");
        Assert.Equal("next", (await socket.ReceiveForAsync("bad")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_subscription_to_campaign_updated_sends_the_current_campaign_then_each_change()
    {
        var id = await CreateCampaignAsync(ProcessCluster.KeyA, "Before");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("c1", CampaignUpdated, new { id });

        var first = await socket.ReceiveForAsync("c1");
        Assert.Equal("next", first.GetProperty("type").GetString());
        var initial = first.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated");
        Assert.Equal(id, initial.GetProperty("id").GetString());
        Assert.Equal("Before", initial.GetProperty("name").GetString());

        await RenameAsync(id, "After");
        var changed = await ReceiveCampaignAsync(socket, "c1", c => c.GetProperty("name").GetString() == "After");
        Assert.True(changed.GetProperty("version").GetInt32() > initial.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_client_complete_stops_the_subscription_and_frees_its_id()
    {
        var id = await CreateCampaignAsync(ProcessCluster.KeyA, "Stop me");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("s1", CampaignUpdated, new { id });
        Assert.Equal("next", (await socket.ReceiveForAsync("s1")).GetProperty("type").GetString());

        await socket.SendAsync(new { id = "s1", type = "complete" });
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString()); // the complete was handled

        await RenameAsync(id, "Renamed once");
        await socket.SubscribeAsync("s2", CampaignUpdated, new { id });
        await ReceiveCampaignAsync(socket, "s2", c => c.GetProperty("name").GetString() == "Renamed once", forbiddenId: "s1");
        await RenameAsync(id, "Renamed twice");
        await ReceiveCampaignAsync(socket, "s2", c => c.GetProperty("name").GetString() == "Renamed twice", forbiddenId: "s1");

        // The completed id may be used again.
        await socket.SubscribeAsync("s1", "{ viewer { orgId } }");
        Assert.Equal("next", (await socket.ReceiveForAsync("s1")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Subscribing_to_another_orgs_campaign_gets_an_error_message_with_not_found()
    {
        var id = await CreateCampaignAsync(ProcessCluster.KeyB, "Org B only");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("x", CampaignUpdated, new { id });
        var error = await socket.ReceiveForAsync("x");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("NOT_FOUND", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("Org B only", error.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_subscriptions_on_one_socket_each_get_their_own_events()
    {
        var first = await CreateCampaignAsync(ProcessCluster.KeyA, "First");
        var second = await CreateCampaignAsync(ProcessCluster.KeyA, "Second");
        await using var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("a", CampaignUpdated, new { id = first });
        await socket.SubscribeAsync("b", CampaignUpdated, new { id = second });
        var seen = new Dictionary<string, string>();
        while (seen.Count < 2)
        {
            var message = await socket.ReceiveAsync();
            seen[message.GetProperty("id").GetString()!] = message.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString()!;
        }

        Assert.Equal("First", seen["a"]);
        Assert.Equal("Second", seen["b"]);
        await RenameAsync(second, "Second, renamed");
        var update = await socket.ReceiveAsync();
        Assert.Equal("b", update.GetProperty("id").GetString());
        Assert.Equal("Second, renamed", update.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_client_asking_only_for_the_old_graphql_ws_subprotocol_is_refused_with_400()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-ws");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(GraphQLSocket.SocketUri(Callaro.BaseAddress), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_client_asking_for_no_subprotocol_is_closed_with_4406()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(Callaro.BaseAddress, subProtocol: null);
        var (code, reason) = await socket.ReceiveCloseAsync();
        Assert.Equal(4406, code);
        Assert.Contains("graphql-transport-ws", reason, StringComparison.Ordinal);
    }

    /// <summary>Reads c's events until one matches; fails if <paramref name="forbiddenId"/> sends anything meanwhile.</summary>
    private static async Task<JsonElement> ReceiveCampaignAsync(GraphQLSocket socket, string id, Func<JsonElement, bool> match, string? forbiddenId = null)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync();
            var messageId = message.GetProperty("id").GetString();
            Assert.NotEqual(forbiddenId, messageId);
            if (messageId != id)
            {
                continue;
            }

            Assert.Equal("next", message.GetProperty("type").GetString());
            var campaign = message.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated");
            if (match(campaign))
            {
                return campaign;
            }
        }
    }
}

/// <summary>graphql-transport-ws behaviour that needs settings of its own (1 s init timeout, server pings every second).</summary>
[Collection(TunedApiCollection.Name)]
public sealed class WebSocketInitTimeoutTests(TunedApiCluster tuned)
{
    [Fact]
    public async Task A_socket_without_connection_init_within_the_timeout_is_closed_with_4408()
    {
        await using var socket = await GraphQLSocket.ConnectAsync(tuned.BaseAddress);
        var clock = Stopwatch.StartNew();
        var (code, reason) = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(4408, code);
        Assert.Equal("Connection initialisation timeout", reason);

        // Not at once: the 1 s timeout ran out first (its clock started at the upgrade, a moment before ours).
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(0.5), $"closed after {clock.Elapsed}");
    }

    [Fact]
    public async Task When_server_pings_are_configured_the_server_pings_after_the_ack()
    {
        await using var socket = await GraphQLSocket.OpenAsync(tuned.BaseAddress, ProcessCluster.KeyA);
        var ping = await socket.ReceiveRawAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("ping", ping.GetProperty("type").GetString());
        await socket.SendAsync(new { type = "pong" });
        await socket.SubscribeAsync("q", "{ viewer { orgId } }");
        Assert.Equal("next", (await socket.ReceiveForAsync("q")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_socket_that_sent_connection_init_in_time_is_not_closed_by_the_timeout()
    {
        await using var socket = await GraphQLSocket.OpenAsync(tuned.BaseAddress, ProcessCluster.KeyA);

        // The server pings every second from the ack on: its second ping comes after its 1 s init timeout has run out
        // (that clock started at the upgrade), so the timeout has had its turn and the socket is still open.
        for (var ping = 1; ping <= 2; ping++)
        {
            var message = await socket.ReceiveRawAsync(TimeSpan.FromSeconds(10));
            Assert.True(message.GetProperty("type").GetString() == "ping", message.ToString());
            await socket.SendAsync(new { type = "pong" });
        }

        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
