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
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync() =>
        cluster = await GrainCluster.StartAsync(await TestDatabase.CreateAsync("idle"), uploads: new Dictionary<string, string> { ["ReceiveIdleSeconds"] = "1" });

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_file_whose_sender_went_away_ends_in_error_saying_so_and_stops_counting_as_receiving()
    {
        var driver = new UploadDriver(cluster.Client, new Actor("org-idle", "sam", [Role.SalesOps]));
        var campaignId = await driver.NewCampaignAsync();
        var uploadId = (await driver.Campaign(campaignId).StartUploadAsync(driver.Actor)).Value!;
        var upload = driver.Upload(uploadId);
        var bytes = Encoding.UTF8.GetBytes(ContactCsv.Valid(5_000));
        Assert.True((await upload.BeginAsync(campaignId, "contacts.csv", null, null, null, driver.Actor)).IsSuccess);
        Assert.True((await upload.AppendAsync(bytes[..(bytes.Length / 2)])).IsSuccess);
        Assert.Equal(UploadStatus.Mapping, (await upload.GetAsync())!.Status);

        // Nothing more comes: the upload ends in ERROR by itself.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        UploadView failed;
        while ((failed = (await upload.GetAsync())!).Status != UploadStatus.Error && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(UploadStatus.Error, failed.Status);
        Assert.Contains("No bytes arrived for 1 s", failed.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidTransition, (await upload.AppendAsync(bytes[(bytes.Length / 2)..])).Fault!.Code);
    }
}
