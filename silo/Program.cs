using System.Net;
using Callaro.Db;
using Callaro.Grains.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

var builder = Host.CreateApplicationBuilder(args);
var settings = CallaroSettings.From(builder.Configuration);
var siloPort = builder.Configuration.GetValue("Callaro:SiloPort", 11111);
var gatewayPort = builder.Configuration.GetValue("Callaro:GatewayPort", 30000);
var advertisedHost = builder.Configuration["Callaro:AdvertisedHost"];

await Database.PrepareAsync(settings.Postgres, TimeSpan.FromSeconds(60), Console.WriteLine);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NpgsqlDataSource.Create(settings.Postgres));
builder.Services.AddSingleton<CampaignIndex>();

builder.UseOrleans(silo =>
{
    silo.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = settings.ClusterId;
        o.ServiceId = settings.ServiceId;
    });

    // A named host (containers) is advertised as its address and listened on everywhere; locally, loopback.
    var address = string.IsNullOrWhiteSpace(advertisedHost)
        ? IPAddress.Loopback
        : Dns.GetHostAddresses(advertisedHost).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
    silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: !string.IsNullOrWhiteSpace(advertisedHost));

    silo.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = settings.Postgres;
    });
    silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = settings.Postgres;
        o.GrainStorageSerializer = new JsonGrainStateSerializer();
    });
    silo.UseAdoNetReminderService(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = settings.Postgres;
    });
    silo.AddDashboard();
});

await builder.Build().RunAsync();
