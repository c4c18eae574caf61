using System.Net;
using System.Net.Sockets;
using Callaro.Db;
using Callaro.Silo;
using Orleans.Configuration;
using Orleans.Dashboard;

var builder = Host.CreateApplicationBuilder(args);
var settings = CallaroSettings.From(builder.Configuration);
var siloPort = builder.Configuration.GetValue("Callaro:SiloPort", 11111);
var gatewayPort = builder.Configuration.GetValue("Callaro:GatewayPort", 30000);
var advertisedHost = builder.Configuration["Callaro:AdvertisedHost"];

await Database.PrepareAsync(settings.Postgres, TimeSpan.FromSeconds(60), Console.WriteLine);

builder.Services.AddCallaroSiloServices(settings.Postgres, builder.Configuration);
builder.UseOrleans(silo =>
{
    silo.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = settings.ClusterId;
        o.ServiceId = settings.ServiceId;
    });

    // A named host (containers) is advertised by its address and listened on everywhere; locally, loopback.
    var address = string.IsNullOrWhiteSpace(advertisedHost)
        ? IPAddress.Loopback
        : Dns.GetHostAddresses(advertisedHost).First(a => a.AddressFamily == AddressFamily.InterNetwork);
    silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: !string.IsNullOrWhiteSpace(advertisedHost));

    silo.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = settings.Postgres;
    });
    silo.AddCallaroPersistence(settings.Postgres);
    silo.AddDashboard(o => o.CounterUpdateIntervalMs = Math.Max(1000, settings.DashboardCounterIntervalMs));
});

await builder.Build().RunAsync();
