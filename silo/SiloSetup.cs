using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;
using Callaro.Grains.Uploads;
using Npgsql;

namespace Callaro.Silo;

/// <summary>What every Callaro silo needs, shared by the silo host and the test clusters.</summary>
public static class SiloSetup
{
    public static IServiceCollection AddCallaroSiloServices(this IServiceCollection services, string postgres, IConfiguration? configuration = null)
    {
        services.AddSingleton(TimeProvider.System);
        // Bulk statements on million-row uploads outlast Npgsql's 30 s default.
        services.AddSingleton(_ => NpgsqlDataSource.Create(Callaro.Db.Database.WithoutJit(new NpgsqlConnectionStringBuilder(postgres) { CommandTimeout = 600 }.ConnectionString)));
        services.AddCallaroStores();
        services.AddSingleton<ChangeNotifier>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(configuration is null ? new UploadSettings() : UploadSettings.From(configuration)));
        Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(services, serializer => serializer.AddCallaroSerialization());
        return services;
    }

    /// <summary>
    /// Grain storage (readable JSON) and reminders on PostgreSQL through the Orleans ADO.NET providers, and database
    /// failures answered as <see cref="Callaro.Contracts.DatabaseUnavailableException"/> across the grain boundary.
    /// </summary>
    public static ISiloBuilder AddCallaroPersistence(this ISiloBuilder silo, string postgres)
    {
        silo.AddIncomingGrainCallFilter<Callaro.Grains.Storage.DatabaseErrorFilter>();
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
        silo.AddStartupTask<ResumeInterruptedUploads>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WarmUpBeforeJoining>();
        return silo;
    }
}

/// <summary>At silo start, wakes every upload that was at work when the cluster stopped.</summary>
public sealed class ResumeInterruptedUploads(UploadStore store, IGrainFactory grains) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        foreach (var (orgId, uploadId) in await store.InterruptedUploadsAsync())
        {
            await grains.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(orgId, uploadId)).ResumeAsync();
        }
    }
}

/// <summary>
/// Warms the row rules before the silo joins the cluster (about a second): a cold silo validates three times
/// slower until the JIT has recompiled its hot paths, and warming in the background would compete with the
/// first upload for the CPU instead.
/// </summary>
public sealed class WarmUpBeforeJoining : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WarmUpBeforeJoining), ServiceLifecycleStage.ApplicationServices, cancellation => Task.Run(() => ValidatorWarmUp.Run(), cancellation));
}
