using Callaro.Db;
using Callaro.Grains.Storage;
using Npgsql;

namespace Callaro.Silo;

/// <summary>What every Callaro silo needs, shared by the silo host and the test clusters.</summary>
public static class SiloSetup
{
    public static IServiceCollection AddCallaroSiloServices(this IServiceCollection services, string postgres)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.AddSingleton<CampaignIndex>();
        services.AddSingleton<ChangeNotifier>();
        return services;
    }

    /// <summary>Grain storage (readable JSON) and reminders on PostgreSQL through the Orleans ADO.NET providers.</summary>
    public static ISiloBuilder AddCallaroPersistence(this ISiloBuilder silo, string postgres)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = postgres;
            o.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = postgres;
        });
        return silo;
    }
}
