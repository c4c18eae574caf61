using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>A subscriber keeps hearing about its campaign while the silo behind it is killed and started again.</summary>
public sealed class SubscriptionRestartTests : IAsyncLifetime
{
    private ProcessCluster callaro = null!;

    public async Task InitializeAsync() => callaro = await ProcessCluster.StartAsync(1, "subrestart");

    public async Task DisposeAsync() => await callaro.DisposeAsync();

    [Fact]
    public async Task A_campaign_subscription_survives_a_silo_restart()
    {
        using var http = callaro.Http(ProcessCluster.KeyA);
        var id = (await http.PostAsync("mutation { createCampaign(input: { name: \"Before\" }) { id } }")).Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;

        await using var socket = await GraphQLSocket.OpenAsync(callaro.BaseAddress, ProcessCluster.KeyA);
        await socket.SubscribeAsync("c", "subscription($id: ID!) { campaignUpdated(campaignId: $id) { name version } }", new { id });
        var first = await socket.ReceiveForAsync("c", TimeSpan.FromSeconds(30));
        Assert.Equal("Before", first.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString());

        callaro.Kill("silo-1");
        await callaro.StartSiloAsync(1);

        // The api's cluster client reconnects on its own, which nothing announces: retry the rename until the new silo answers.
        await Eventually.Async(
            () => http.PostAsync("mutation($id: ID!) { renameCampaign(id: $id, name: \"After\") { version } }", new { id }),
            renamed => !renamed.HasErrors,
            TimeSpan.FromSeconds(90),
            "the cluster to come back and rename the campaign");

        var next = await socket.ReceiveForAsync("c", TimeSpan.FromSeconds(30));
        Assert.True(next.GetProperty("payload").ValueKind == System.Text.Json.JsonValueKind.Object, next.ToString());
        Assert.Equal("After", next.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated").GetProperty("name").GetString());
    }
}
