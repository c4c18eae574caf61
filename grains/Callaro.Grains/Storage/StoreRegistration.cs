using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Grains.Storage;

/// <summary>The stores, one home per table's SQL (docs/sql-homes.md), registered alike in the silo and the api.</summary>
public static class StoreRegistration
{
    /// <summary>Every store, as singletons over the host's <see cref="Npgsql.NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddCallaroStores(this IServiceCollection services)
    {
        services.AddSingleton<CampaignIndex>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<Uploads.ChunkRowWriter>();
        services.AddSingleton<FileWideVerdictStore>();
        services.AddSingleton<UploadQueries>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<LaunchStore>();
        services.AddSingleton<ContactDirectory.DirectoryStore>();
        services.AddSingleton<StoredGrainStates>();
        return services;
    }
}
