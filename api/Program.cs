using Callaro.Api;
using Callaro.Api.Auth;
using Callaro.Api.Data;
using Callaro.Api.Uploads;
using Callaro.Api.Events;
using Callaro.Api.GraphQL;
using Callaro.Api.Transport;
using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
var settings = CallaroSettings.From(builder.Configuration);

builder.Services.AddSingleton(NpgsqlDataSource.Create(Database.WithoutJit(settings.Postgres)));
builder.Services.AddSingleton<ApiKeyRegistry>();
var consoleSettings = builder.Configuration.GetSection("Callaro:Console").Get<ConsoleSettings>() ?? new ConsoleSettings();
builder.Services.AddSingleton(consoleSettings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ConsoleSessions>();
builder.Services.AddSingleton<RequestCallers>();
builder.Services.AddConsoleCompression();
builder.Services.AddSingleton<CampaignList>();
builder.Services.AddSingleton<GraphQLHttpEndpoint>();
builder.Services.AddSingleton<ChangeFeed>();
// One upload size limit for the api and the silos: Callaro:Uploads:MaxBytes.
var (uploadSettings, uploadSettingsWarning) = UploadSizeSetting.Read(builder.Configuration);
builder.Services.AddSingleton(uploadSettings);
builder.Services.AddSingleton(builder.Configuration.GetSection("Callaro").Get<UploadLimits>() ?? new UploadLimits());
builder.Services.AddSingleton<UploadIngest>();
// The stores hold every table's SQL, the same classes the silos use (docs/sql-homes.md).
builder.Services.AddCallaroStores();
builder.Services.AddSingleton<ReadModels>();
builder.Services.AddSingleton<DirectoryReads>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
builder.Services.AddSingleton(builder.Configuration.GetSection("Callaro:RateLimits").Get<RateLimitSettings>() ?? new RateLimitSettings());
builder.Services.AddSingleton<RateLimits>();
builder.Services.AddCallaroGraphQL();
builder.Services.AddCallaroCors(builder.Configuration);
builder.Services.AddGraphQLWebSockets(builder.Configuration);
builder.Services.AddGraphQLMultipart(builder.Configuration);
builder.AddGraphiQL();

builder.UseOrleansClient(client =>
{
    client.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = settings.ClusterId;
        o.ServiceId = settings.ServiceId;
    });
    client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = settings.Postgres;
    });
    client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(Math.Max(1, settings.GatewayListRefreshSeconds)));
    client.UseConnectionRetryFilter(ClusterConnection.RetryForeverAsync);
    Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(client.Services, serializer => serializer.AddCallaroSerialization());
    client.AddDashboard(o => o.CounterUpdateIntervalMs = Math.Max(1000, settings.DashboardCounterIntervalMs));
});

var app = builder.Build();

if (uploadSettingsWarning is not null)
{
    Console.Error.WriteLine($"warning: {uploadSettingsWarning}");
}

var keyCount = app.Services.GetRequiredService<ApiKeyRegistry>().Count;
if (keyCount == 0)
{
    Console.Error.WriteLine("warning: no API keys configured (Callaro:ApiKeys): every request will be refused as UNAUTHENTICATED.");
}

app.UseUnexpectedErrors();
app.UseCallaroCors();
var dashboardOrgs = builder.Configuration.GetSection("Callaro:DashboardOrgIds").Get<string[]>() ?? [];
app.Use((http, next) => DashboardGuard.InvokeAsync(http, dashboardOrgs, () => next(http)));
app.Use(DashboardGuard.MappedOnFirstUse(app.Services));
app.UseGraphQLWebSockets();
app.UseGraphQLMultipart();
app.UseGraphiQL();
app.MapGet("/health", Health.CheckAsync);
app.MapUploadEndpoints();
app.MapConsoleSessionEndpoints();
app.Map("/graphql", (HttpContext http, GraphQLHttpEndpoint endpoint) => endpoint.HandleAsync(http));
app.UseConsole(consoleSettings);

await app.RunAsync();

/// <summary>The api waits for the cluster rather than failing at start (silos may still be starting).</summary>
internal static class ClusterConnection
{
    public static async Task<bool> RetryForeverAsync(Exception exception, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Waiting for the Orleans cluster: {exception.Message}");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return true;
    }
}

/// <summary>Entry point type, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
