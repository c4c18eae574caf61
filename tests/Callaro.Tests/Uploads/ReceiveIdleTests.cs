using System.Text;
using Callaro.Contracts;
using Callaro.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Callaro.Tests.Uploads;

/// <summary>
/// A sender that goes away mid-file while the silos stay up (an api killed under docker-compose): the upload gives the
/// file up after Callaro:Uploads:ReceiveIdleSeconds without a byte (1 s here) instead of receiving for good.
/// </summary>
public sealed class ReceiveIdleTests : IAsyncLifetime
{
    private string connectionString = string.Empty;
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        connectionString = await TestDatabase.CreateAsync("idle");
        cluster = await GrainCluster.StartAsync(connectionString, uploads: new Dictionary<string, string> { ["ReceiveIdleSeconds"] = "1" });
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_file_whose_sender_went_away_ends_in_error_saying_so_and_stops_counting_as_receiving()
    {
        var driver = new UploadDriver(cluster.Client, new Actor("org-idle", "sam", [Role.SalesOps]), connectionString);
        var campaignId = await driver.NewCampaignAsync();
        var uploadId = (await driver.Campaign(campaignId).StartUploadAsync(driver.Actor)).Value!;
        var upload = driver.Upload(uploadId);
        var bytes = Encoding.UTF8.GetBytes(ContactCsv.Valid(5_000));
        Assert.True((await upload.BeginAsync(campaignId, "contacts.csv", null, null, null, driver.Actor)).IsSuccess);
        Assert.True((await upload.AppendAsync(bytes[..(bytes.Length / 2)])).IsSuccess);
        Assert.Equal(UploadStatus.Mapping, (await upload.GetAsync())!.Status);

        // Nothing more comes: the upload ends in ERROR by itself, and announces it (awaited, not polled).
        var failed = await driver.UntilAsync(uploadId, view => view.Status == UploadStatus.Error, "to give the file up", TimeSpan.FromSeconds(20));

        Assert.Equal(UploadStatus.Error, failed.Status);
        Assert.Contains("No bytes arrived for 1 s", failed.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidTransition, (await upload.AppendAsync(bytes[(bytes.Length / 2)..])).Fault!.Code);
    }
}
