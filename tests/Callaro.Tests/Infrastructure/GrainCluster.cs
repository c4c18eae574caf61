using Callaro.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Callaro.Tests.Infrastructure;

/// <summary>An in-process Orleans cluster whose grain storage and reminders are the real ones, on a real PostgreSQL database.</summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("grains");
        Cluster = await StartAsync(ConnectionString);
    }

    /// <summary>Starts a new cluster over the same database: what a restart of every silo looks like.</summary>
    /// <param name="uploads">Upload settings over the tests' defaults (keys of the Callaro:Uploads section, e.g. HandOffBytes).</param>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, short silos = 1, IReadOnlyDictionary<string, string>? uploads = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        // Grain storage rows are keyed by service id: a restarted cluster must keep the same one.
        builder.Options.ServiceId = "callaro-test";
        // Chunks of 10,000 rows (the silo's default is 25,000): tests of work across chunks stay small files.
        var values = new Dictionary<string, string?> { ["Callaro:Uploads:RowsPerChunk"] = "10000" };
        foreach (var (key, value) in uploads ?? new Dictionary<string, string>())
        {
            values[$"Callaro:Uploads:{key}"] = value;
        }

        var settings = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        builder.ConfigureSiloHost((_, host) => host.Services.AddCallaroSiloServices(connectionString, settings));
        builder.ConfigureClient(client => Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(client.Services, s => Callaro.Contracts.CallaroSerialization.AddCallaroSerialization(s)));
        builder.ConfigureSilo((_, silo) => silo.AddCallaroPersistence(connectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "grain cluster";
}
