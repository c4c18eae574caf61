using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.DirectoryTests;

[Collection(GrainClusterCollection.Name)]
public sealed class DirectoryUpsertTests(GrainCluster fixture)
{
    [Fact]
    public async Task Saving_a_draft_puts_the_uploads_dialable_contacts_into_the_directory_and_leaves_rejected_rows_out()
    {
        var org = new DirectoryOrg(fixture);
        var csv = DirectoryCsv.Of(
            DirectoryCsv.Row("a", 1, "Acme"),
            DirectoryCsv.Row("b", 2, "Beta"),
            "c,Name c,4.15E+09,America/New_York,Acme,US,",
            DirectoryCsv.Row("d", 2, "Dup of b's phone"));

        var (campaignId, staged) = await org.StageAsync(csv);
        Assert.Equal(2, staged.Counts!.Accepted);
        Assert.Empty(await org.DirectoryIdsAsync());

        await org.SaveDraftAsync(campaignId);

        Assert.Equal(["a", "b"], await org.DirectoryIdsAsync());
        var a = (await org.ContactAsync("a"))!;
        Assert.Equal(ContactCsv.E164(1), a.Phone);
        Assert.Equal("Acme", a.Company);
        Assert.Equal("America/New_York", a.Timezone);
        Assert.Equal(staged.Id, a.LastUploadId);
        Assert.Equal(a.FirstSeenAt, a.UpdatedAt);
    }

    [Fact]
    public async Task A_later_upload_wins_for_a_contact_it_repeats_while_first_seen_stays_and_last_upload_moves()
    {
        var org = new DirectoryOrg(fixture);
        var (_, first) = await org.AttachAsync(DirectoryCsv.Of(
            DirectoryCsv.Row("a", 1, "Acme"),
            DirectoryCsv.Row("b", 2, "Beta")));
        var aBefore = (await org.ContactAsync("a"))!;
        var bBefore = (await org.ContactAsync("b"))!;

        var (_, second) = await org.AttachAsync(DirectoryCsv.Of(
            DirectoryCsv.Row("a", 9, "Acme Holdings", timezone: "America/Chicago"),
            DirectoryCsv.Row("c", 3, "Gamma")));

        var a = (await org.ContactAsync("a"))!;
        Assert.Equal(ContactCsv.E164(9), a.Phone);
        Assert.Equal("Acme Holdings", a.Company);
        Assert.Equal("America/Chicago", a.Timezone);
        Assert.Equal(aBefore.FirstSeenAt, a.FirstSeenAt);
        Assert.True(a.UpdatedAt > aBefore.UpdatedAt, $"updated_at {a.UpdatedAt:O} should move past {aBefore.UpdatedAt:O}");
        Assert.Equal(second.Id, a.LastUploadId);
        Assert.NotEqual(first.Id, second.Id);

        // b was not in the second file: untouched.
        Assert.Equal(bBefore, await org.ContactAsync("b"));
        Assert.Equal(first.Id, bBefore.LastUploadId);

        var c = (await org.ContactAsync("c"))!;
        Assert.Equal(second.Id, c.LastUploadId);
        Assert.True(c.FirstSeenAt > aBefore.FirstSeenAt);

        Assert.Equal(["a", "b", "c"], await org.DirectoryIdsAsync());
        var uploadsOfA = await Sql.StringsAsync(
            fixture.ConnectionString,
            "SELECT upload_id FROM org_contact_uploads WHERE org_id = @o AND identifier = 'a' ORDER BY seen_at",
            ("o", org.OrgId));
        Assert.Equal([first.Id, second.Id], uploadsOfA);
    }

    [Fact]
    public async Task Saving_the_same_draft_again_changes_nothing_in_the_directory()
    {
        var org = new DirectoryOrg(fixture);
        var (campaignId, upload) = await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme")));
        var before = await org.ContactAsync("a");

        await org.SaveDraftAsync(campaignId);

        Assert.Equal(before, await org.ContactAsync("a"));
        var seen = await Sql.StringsAsync(fixture.ConnectionString, "SELECT upload_id FROM org_contact_uploads WHERE org_id = @o", ("o", org.OrgId));
        Assert.Equal([upload.Id], seen);
    }

    [Fact]
    public async Task A_contact_excluded_from_a_later_upload_keeps_its_earlier_directory_row()
    {
        var org = new DirectoryOrg(fixture);
        var (_, first) = await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")));
        var before = (await org.ContactAsync("a"))!;

        // In the second file a's phone is unusable: the row is rejected and must not overwrite the good one.
        await org.AttachAsync(DirectoryCsv.Of("a,Name a,4.15E+09,America/New_York,Broken,US,", DirectoryCsv.Row("b2", 3, "Beta")));

        var after = (await org.ContactAsync("a"))!;
        Assert.Equal(before, after);
        Assert.Equal(first.Id, after.LastUploadId);
    }

    [Fact]
    public async Task Splitting_a_campaign_whose_upload_joined_the_directory_earlier_does_not_bring_back_its_older_contact_data()
    {
        var org = new DirectoryOrg(fixture);
        var (olderCampaign, older) = await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")), "Older");
        var (_, newer) = await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 9, "Acme Holdings")), "Newer");
        var latest = (await org.ContactAsync("a"))!;
        Assert.Equal(newer.Id, latest.LastUploadId);

        // The older campaign's attached file is split: its contacts are already in the directory, and the
        // newer upload stays the latest word on a.
        var split = DirectoryOrg.Ok(await org.Campaign(olderCampaign).SplitByAsync(new SplitBy("Company", null), org.Owner));
        Assert.Equal(2, split.SplitInto!.Count);

        var a = (await org.ContactAsync("a"))!;
        Assert.Equal(ContactCsv.E164(9), a.Phone);
        Assert.Equal("Acme Holdings", a.Company);
        Assert.Equal(newer.Id, a.LastUploadId);
        Assert.Equal(older.Id, (await org.ContactAsync("b"))!.LastUploadId);
    }

    [Fact]
    public async Task Re_validating_an_attached_upload_with_another_mapping_and_saving_again_updates_its_contacts()
    {
        var org = new DirectoryOrg(fixture);
        var campaignId = await org.NewCampaignAsync();
        IReadOnlyList<ColumnMapping> withoutCompany =
            [.. DirectoryCsv.Mapping.Select(m => m.Column == "Company" ? new ColumnMapping("Company", ContactField.Ignore) : m)];
        var received = await org.Uploads.ReceiveAsync(campaignId, DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme")));
        await org.Uploads.ValidateAsync(received, mapping: withoutCompany);
        await org.SaveDraftAsync(campaignId);
        var before = (await org.ContactAsync("a"))!;
        Assert.Null(before.Company);

        var revalidated = await org.Uploads.ValidateAsync(received, mapping: DirectoryCsv.Mapping);
        Assert.Equal(UploadStatus.Staged, revalidated.Status);
        await org.SaveDraftAsync(campaignId);

        var after = (await org.ContactAsync("a"))!;
        Assert.Equal("Acme", after.Company);
        Assert.Equal(before.FirstSeenAt, after.FirstSeenAt);
        Assert.Equal(received.Id, after.LastUploadId);
    }
}
