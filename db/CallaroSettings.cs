using Microsoft.Extensions.Configuration;

namespace Callaro.Db;

/// <summary>Configuration shared by silo and api (section <c>Callaro</c>; env <c>Callaro__Postgres</c> etc.).</summary>
public sealed record CallaroSettings
{
    public const string Section = "Callaro";

    public string Postgres { get; init; } = string.Empty;
    public string ClusterId { get; init; } = "callaro";
    public string ServiceId { get; init; } = "callaro";

    /// <summary>
    /// How often the dashboard samples its counters (ms, at least 1000). Each sample walks the grain directory
    /// cache; at the dashboard's own default of one second that was ~6 % of a silo's CPU during an upload.
    /// </summary>
    public int DashboardCounterIntervalMs { get; init; } = 10_000;

    /// <summary>
    /// How often the api re-reads the silos' gateways (seconds, at least 1). Orleans' default is a minute: a silo that
    /// joined after the api started got no calls from it for up to that long.
    /// </summary>
    public int GatewayListRefreshSeconds { get; init; } = 10;

    public static CallaroSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<CallaroSettings>() ?? new CallaroSettings();
        if (string.IsNullOrWhiteSpace(settings.Postgres))
        {
            throw new InvalidOperationException(
                "Callaro:Postgres is not set. Give a PostgreSQL connection string, e.g. Callaro__Postgres='Host=127.0.0.1;Port=5432;Database=callaro;Username=callaro'.");
        }

        return settings;
    }
}
