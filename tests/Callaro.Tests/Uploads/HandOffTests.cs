using System.Text;
using Callaro.Contracts;
using Callaro.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Callaro.Tests.Uploads;

/// <summary>
/// A file still arriving while its chunks are validated: the sender waits for the in-memory hand-off to the chunk
/// grains instead of running ahead, so chunks go to their grains from memory and are not read back from PostgreSQL.
/// The hand-off here holds one chunk (HandOffBytes 1), so without waiting nearly every chunk would be read back.
/// </summary>
public sealed class HandOffTests : IAsyncLifetime
{
    private const int Rows = 20_000;
    private string connectionString = string.Empty;
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        connectionString = await TestDatabase.CreateAsync("handoff");
        cluster = await GrainCluster.StartAsync(connectionString, uploads: new Dictionary<string, string> { ["RowsPerChunk"] = "1000", ["HandOffBytes"] = "1" });
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_sender_ahead_of_validation_waits_so_chunks_are_handed_over_not_read_back()
    {
        var driver = new UploadDriver(cluster.Client, new Actor("org-handoff", "sam", [Role.SalesOps]), connectionString);
        var campaignId = await driver.NewCampaignAsync();
        var uploadId = (await driver.Campaign(campaignId).StartUploadAsync(driver.Actor)).Value!;
        var upload = driver.Upload(uploadId);
        var bytes = Encoding.UTF8.GetBytes(ContactCsv.Valid(Rows));
        Assert.True((await upload.BeginAsync(campaignId, "contacts.csv", null, bytes.Length, bytes.Length, driver.Actor)).IsSuccess);

        // Pieces smaller than a chunk (~50 KB), as the api sends 1 MiB pieces of 2.5 MB chunks.
        const int Piece = 16 * 1024;
        var offset = 0;
        UploadView view;
        do
        {
            Assert.True((await upload.AppendAsync(bytes[offset..Math.Min(bytes.Length, offset + Piece)])).IsSuccess);
            offset += Piece;
            view = (await upload.GetAsync())!;
        }
        while (view.Status == UploadStatus.Receiving);

        Assert.Equal(UploadStatus.Mapping, view.Status);
        var storedBeforeValidating = (int)(view.Progress.RowsRead / 1000);
        Assert.True((await upload.ConfirmMappingAsync(view.SuggestedMapping, null, false, driver.Actor)).IsSuccess);
        for (; offset < bytes.Length; offset += Piece)
        {
            Assert.True((await upload.AppendAsync(bytes[offset..Math.Min(bytes.Length, offset + Piece)])).IsSuccess);
        }

        Assert.True((await upload.CompleteAsync()).IsSuccess);
        var staged = await driver.SettledAsync(uploadId);

        Assert.Equal(UploadStatus.Staged, staged.Status);
        Assert.Equal(Rows, staged.Counts!.Accepted);
        Assert.Equal(Rows / 1000, staged.Progress.ChunksDone);
        Assert.Equal(Rows, await TestDatabase.ScalarAsync<long>(
            connectionString,
            "SELECT count(DISTINCT row_number) FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u)",
            ("u", uploadId)));
        var readBack = await TestDatabase.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'chunk' AND grainidextensionstring LIKE @k AND (convert_from(payloadbinary, 'UTF8')::jsonb ->> 'readBack')::boolean",
            ("k", $"org-handoff/{uploadId}/%"));
        Assert.InRange(readBack, 0, storedBeforeValidating);
    }
}
