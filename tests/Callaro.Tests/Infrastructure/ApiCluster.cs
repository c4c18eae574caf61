namespace Callaro.Tests.Infrastructure;

/// <summary>One silo and the api as processes, shared by the API tests.</summary>
public sealed class ApiCluster : IAsyncLifetime
{
    public ProcessCluster Processes { get; private set; } = null!;

    public async Task InitializeAsync() => Processes = await ProcessCluster.StartAsync(silos: 1, "api");

    public async Task DisposeAsync()
    {
        if (Processes is not null)
        {
            await Processes.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiClusterCollection : ICollectionFixture<ApiCluster>
{
    public const string Name = "api cluster";
}
