using System.Net;
using Callaro.Contracts;
using Callaro.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Callaro.Tests.Api;

public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private ProcessCluster callaro = null!;

    public async Task InitializeAsync() => callaro = await ProcessCluster.StartAsync(silos: 2, "twosilos");

    public async Task DisposeAsync() => await callaro.DisposeAsync();

    private async Task<IHost> ClientThroughAsync(int silo)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, callaro.Silos[silo].GatewayPort))
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = "test";
                    o.ServiceId = "test";
                }))
            .Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task Two_silos_on_one_database_form_one_cluster()
    {
        var active = await TestDatabase.ScalarAsync<long>(callaro.ConnectionString, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3");
        Assert.Equal(2, active);
    }

    [Fact]
    public async Task A_campaign_created_through_one_silo_is_read_through_the_other()
    {
        var actor = new Actor("org-two", "tess", [Role.SalesOps]);
        var key = GrainKeys.Scoped(actor.OrgId, $"cmp_{Guid.NewGuid():N}");

        using var first = await ClientThroughAsync(1);
        var created = await first.Services.GetRequiredService<IClusterClient>().GetGrain<ICampaignGrain>(key).CreateAsync("Shared", string.Empty, actor);
        Assert.True(created.IsSuccess);

        using var second = await ClientThroughAsync(2);
        var read = await second.Services.GetRequiredService<IClusterClient>().GetGrain<ICampaignGrain>(key).GetAsync();
        Assert.Equal("Shared", read!.Name);
        await first.StopAsync();
        await second.StopAsync();
    }

    [Fact]
    public async Task A_campaign_survives_killing_and_restarting_every_process()
    {
        string id;
        using (var http = callaro.Http(ProcessCluster.KeyA))
        {
            id = (await http.PostAsync("mutation { createCampaign(input: { name: \"Survivor\" }) { id } }")).Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
        }

        callaro.Kill("api");
        callaro.Kill("silo-1");
        callaro.Kill("silo-2");
        await callaro.StartSiloAsync(1);
        await callaro.StartSiloAsync(2);
        await callaro.StartApiAsync();

        using var again = callaro.Http(ProcessCluster.KeyA);
        var reply = await again.PostAsync("query($id: ID!) { campaign(id: $id) { name } }", new { id });
        Assert.Equal("Survivor", reply.Ok().GetProperty("campaign").GetProperty("name").GetString());
    }
}
