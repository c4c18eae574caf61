using System.Text;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>saveDraft answers before the contacts reach the directory: a silo killed right then loses none of them.</summary>
public sealed class DirectorySyncRestartTests : IAsyncLifetime
{
    private const int Rows = 150_000;
    private ProcessCluster callaro = null!;

    public async Task InitializeAsync() => callaro = await ProcessCluster.StartAsync(1, "dirsync");

    public async Task DisposeAsync() => await callaro.DisposeAsync();

    [Fact]
    public async Task Contacts_of_an_upload_attached_just_before_its_silo_was_killed_all_reach_the_directory_after_restart()
    {
        using var http = callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(http, "Directory sync restart");
        var (status, body) = await EndToEnd.PutAsync(http, campaignId, Encoding.UTF8.GetBytes(ContactCsv.Valid(Rows)));
        Assert.True((int)status is >= 200 and < 300, body.ToString());
        var uploadId = body.GetProperty("id").GetString()!;
        await EndToEnd.ConfirmAsync(http, uploadId);
        var staged = await EndToEnd.WaitForStatusAsync(callaro.BaseAddress, ProcessCluster.KeyA, uploadId, TimeSpan.FromSeconds(120), "STAGED", "ERROR");
        Assert.Equal("STAGED", staged.GetProperty("status").GetString());

        var saved = (await http.PostAsync("mutation($c: ID!) { saveDraft(campaignId: $c) { audience { upload { status inDirectoryAt } } } }", new { c = campaignId })).Ok();
        Assert.Equal("ATTACHED", saved.GetProperty("saveDraft").GetProperty("audience").GetProperty("upload").GetProperty("status").GetString());
        callaro.Kill("silo-1");
        await callaro.StartSiloAsync(1);

        // Subscribing reads the upload, which wakes it on the new silo; it finishes (or repeats: it is idempotent)
        // the sync and announces it.
        await EndToEnd.WaitInDirectoryAsync(callaro.BaseAddress, ProcessCluster.KeyA, uploadId, TimeSpan.FromSeconds(120));

        var contacts = (await http.PostAsync("{ contacts(first: 1) { totalCount } }")).Ok();
        Assert.Equal(Rows, contacts.GetProperty("contacts").Long("totalCount"));
        var one = (await http.PostAsync("query($i: ID!) { contact(identifier: $i) { phone uploads { uploadId } } }", new { i = $"c{Rows - 1}" })).Ok().GetProperty("contact");
        Assert.Equal(ContactCsv.E164(Rows - 1), one.GetProperty("phone").GetString());
        Assert.Equal(uploadId, one.GetProperty("uploads")[0].GetProperty("uploadId").GetString());
    }
}
