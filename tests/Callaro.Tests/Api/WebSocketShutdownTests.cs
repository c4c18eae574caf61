using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>An api stopped gracefully (SIGTERM) says goodbye on its open sockets; a cluster of its own, since the api goes away.</summary>
public sealed class WebSocketShutdownTests : IAsyncLifetime
{
    private ProcessCluster callaro = null!;

    public async Task InitializeAsync() => callaro = await ProcessCluster.StartAsync(1, "wsshutdown");

    public async Task DisposeAsync() => await callaro.DisposeAsync();

    [Fact]
    public async Task On_sigterm_open_sockets_are_closed_at_once_with_1001_going_away()
    {
        using var http = callaro.Http(ProcessCluster.KeyA);
        var id = (await http.PostAsync("mutation { createCampaign(input: { name: \"Shutdown\" }) { id } }")).Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
        await using var subscribed = await GraphQLSocket.OpenAsync(callaro.BaseAddress, ProcessCluster.KeyA);
        await subscribed.SubscribeAsync("c", "subscription($id: ID!) { campaignUpdated(campaignId: $id) { name } }", new { id });
        await subscribed.ReceiveForAsync("c", TimeSpan.FromSeconds(30));
        await using var idle = await GraphQLSocket.OpenAsync(callaro.BaseAddress, ProcessCluster.KeyB);

        // The close frames are the signal: a socket the api left open would only be cut when the process exits
        // (no close frame, so ReceiveCloseAsync throws), at the end of the host's 30 s shutdown timeout, after the guards here.
        var stopped = callaro.TerminateAsync("api", TimeSpan.FromSeconds(30));
        var closes = await Task.WhenAll(subscribed.ReceiveCloseAsync(TimeSpan.FromSeconds(15)), idle.ReceiveCloseAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(1001, closes[0].Code);
        Assert.Equal(1001, closes[1].Code);
        Assert.Contains("shutting down", closes[0].Reason, StringComparison.Ordinal);
        Assert.True(await stopped, "the api did not exit after SIGTERM:\n" + callaro.Log("api"));
    }
}
