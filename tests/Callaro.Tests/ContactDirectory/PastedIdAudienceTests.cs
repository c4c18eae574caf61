using Callaro.Contracts;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.DirectoryTests;

[Collection(GrainClusterCollection.Name)]
public sealed class PastedIdAudienceTests(GrainCluster fixture)
{
    private static readonly string[] UploadChecks = ["upload.attached", "upload.not_processing", "upload.no_error", "upload.matches_draft"];

    /// <summary>a, b, c, d in the directory from one upload; e from another, sharing d's phone; c's phone suppressed since.</summary>
    private static async Task<DirectoryOrg> OrgWithDirectoryAsync(GrainCluster fixture)
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(
            DirectoryCsv.Row("a", 1, "Acme"),
            DirectoryCsv.Row("b", 2, "Acme"),
            DirectoryCsv.Row("c", 3, "Beta"),
            DirectoryCsv.Row("d", 4, "Beta")));
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("e", 4, "Gamma")));
        var suppressed = await org.Suppressions.AddAsync([ContactCsv.Phone(3)], "asked not to be called", "US", org.Owner);
        Assert.Equal(1, suppressed.Added);
        return org;
    }

    [Fact]
    public async Task Pasted_ids_are_resolved_against_the_directory_with_unknown_suppressed_shared_phones_and_repeats_counted()
    {
        var org = await OrgWithDirectoryAsync(fixture);
        var campaignId = await org.NewCampaignAsync("Pasted");

        var view = DirectoryOrg.Ok(await org.Campaign(campaignId).SetAudienceContactIdsAsync(["a b c", "d,e;zz\n\"a\"", "ZZ"], org.Owner));

        Assert.Equal(AudienceSourceKind.ContactIds, view.Audience.Source);
        var audience = view.Audience.Directory!;
        Assert.Equal(8, audience.Pasted);
        Assert.Equal(1, audience.DuplicatesInPaste);
        Assert.Equal(7, audience.Requested);
        Assert.Equal(5, audience.Resolved);
        Assert.Equal(2, audience.Unknown);
        Assert.Equal(["zz", "ZZ"], audience.UnknownSample);
        Assert.Equal(1, audience.Suppressed);
        Assert.Equal(1, audience.DuplicatePhones);
        Assert.Equal(3, audience.Dialable);
        Assert.Equal(0, audience.TimezoneMissing);
        Assert.Equal(3, view.Audience.ContactCount);
        Assert.Equal(["a", "b", "c", "d", "e", "zz", "ZZ"], await org.PastedIdsAsync(campaignId));

        // Reading the campaign again answers the same numbers.
        var reread = (await org.Campaign(campaignId).GetAsync())!.Audience.Directory!;
        Assert.Equal(audience with { UnknownSample = [] }, reread with { UnknownSample = [] });
        Assert.Equal(audience.UnknownSample, reread.UnknownSample);
    }

    [Fact]
    public async Task Only_the_first_hundred_unknown_ids_are_sampled_in_paste_order()
    {
        var org = new DirectoryOrg(fixture);
        var campaignId = await org.NewCampaignAsync();
        var unknown = Enumerable.Range(0, 130).Select(i => $"u{i:D3}").ToList();

        var audience = DirectoryOrg.Ok(await org.Campaign(campaignId).SetAudienceContactIdsAsync(unknown, org.Owner)).Audience.Directory!;

        Assert.Equal(130, audience.Unknown);
        Assert.Equal(unknown.Take(100), audience.UnknownSample);
        Assert.Equal(0, audience.Dialable);
    }

    [Fact]
    public async Task A_pasted_id_audience_is_ready_with_the_upload_checks_not_applicable_and_launch_dials_each_dialable_contact_once()
    {
        var org = await OrgWithDirectoryAsync(fixture);
        var campaignId = await org.NewCampaignAsync("Pasted launch");
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceContactIdsAsync(["e", "d", "a", "zz", "c", "b", "a"], org.Owner);

        var ready = await org.MakeLaunchableAsync(campaign);

        Assert.True(ready.Readiness.Ready, string.Join(" | ", ready.Readiness.Checks.Where(c => !c.Passed).Select(c => $"{c.Key}: {c.Message}")));
        Assert.All(UploadChecks, key => Assert.Contains("no upload is involved", DirectoryOrg.Check(ready, key).Message, StringComparison.Ordinal));
        Assert.True(DirectoryOrg.Check(ready, "timezone.resolved").Passed);
        Assert.Contains("3 contacts can be dialled", DirectoryOrg.Check(ready, "audience.nonempty").Message, StringComparison.Ordinal);

        var launched = DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner));

        Assert.Equal(CampaignStatus.Launched, launched.Status);
        Assert.Equal(3, launched.TaskCount);
        // e comes first in the paste, so e (not d) is the one dialled on the phone they share.
        Assert.Equal(["e", "a", "b"], await org.DialTaskIdsAsync(campaignId));
        var phones = await Sql.StringsAsync(fixture.ConnectionString, "SELECT phone FROM dial_tasks WHERE org_id = @o AND campaign_id = @c", ("o", org.OrgId), ("c", campaignId));
        Assert.Equal(phones.Count, phones.Distinct().Count());
        var launch = await Sql.StringsAsync(fixture.ConnectionString, "SELECT source || '/' || task_count FROM launches WHERE org_id = @o AND campaign_id = @c", ("o", org.OrgId), ("c", campaignId));
        Assert.Equal(["CONTACT_IDS/3"], launch);

        var again = DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner));
        Assert.Equal(3, again.TaskCount);
        Assert.Equal(3, (await org.DialTaskIdsAsync(campaignId)).Count);
    }

    [Fact]
    public async Task A_launched_pasted_audience_stays_as_it_was_dialled_when_the_directory_changes_later()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1), DirectoryCsv.Row("b", 2)));
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceContactIdsAsync(["a", "b", "later"], org.Owner);
        await org.MakeLaunchableAsync(campaign);
        var launched = DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner));
        Assert.Equal(2, launched.TaskCount);

        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("later", 3)));

        var view = (await campaign.GetAsync())!;
        Assert.Equal(2, view.Audience.Directory!.Dialable);
        Assert.Equal(1, view.Audience.Directory.Unknown);
        Assert.Equal(2, view.TaskCount);
        Assert.Equal(["a", "b"], await org.DialTaskIdsAsync(campaignId));
    }

    [Fact]
    public async Task A_contact_without_a_time_zone_blocks_a_contact_local_schedule_but_not_a_fixed_one()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1)));
        await org.InsertContactAsync("no-zone", ContactCsv.E164(77), timezone: null);
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceContactIdsAsync(["a", "no-zone"], org.Owner);

        var local = await org.MakeLaunchableAsync(campaign, DirectoryOrg.ContactLocal);
        Assert.Equal(1, local.Audience.Directory!.TimezoneMissing);
        var timezone = DirectoryOrg.Check(local, "timezone.resolved");
        Assert.False(timezone.Passed);
        Assert.StartsWith("1 dialable contact(s)", timezone.Message, StringComparison.Ordinal);
        Assert.False(local.Readiness.Ready);
        var refused = await campaign.LaunchAsync(org.Owner);
        Assert.Equal(ErrorCodes.NotReady, refused.Fault!.Code);
        Assert.Contains("timezone.resolved", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Empty(await org.DialTaskIdsAsync(campaignId));

        var fixedZone = await org.MakeLaunchableAsync(campaign, DirectoryOrg.Fixed);
        Assert.True(fixedZone.Readiness.Ready, string.Join(" | ", fixedZone.Readiness.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        Assert.Equal(2, DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner)).TaskCount);
        Assert.Equal(["a", "no-zone"], await org.DialTaskIdsAsync(campaignId));
    }

    [Fact]
    public async Task An_audience_of_ids_nobody_knows_is_not_dialable_so_the_wizard_stays_and_launch_is_not_ready()
    {
        var org = new DirectoryOrg(fixture);
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);

        var view = DirectoryOrg.Ok(await campaign.SetAudienceContactIdsAsync(["ghost-1", "ghost-2"], org.Owner));
        Assert.False(view.CanAdvance.Allowed);
        Assert.Contains("2 unknown", view.CanAdvance.Reasons.Single(), StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidTransition, (await campaign.GoToStepAsync(WizardStep.Schedule, null, org.Owner)).Fault!.Code);

        var ready = await org.MakeLaunchableAsync(campaign);
        Assert.False(DirectoryOrg.Check(ready, "audience.nonempty").Passed);
        Assert.Equal(ErrorCodes.NotReady, (await campaign.LaunchAsync(org.Owner)).Fault!.Code);
    }

    [Fact]
    public async Task A_dialable_pasted_audience_opens_the_audience_step()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1)));
        var campaign = org.Campaign(await org.NewCampaignAsync());

        var view = DirectoryOrg.Ok(await campaign.SetAudienceContactIdsAsync(["a"], org.Owner));

        Assert.True(view.CanAdvance.Allowed, string.Join("; ", view.CanAdvance.Reasons));
        Assert.Equal(WizardStep.Schedule, DirectoryOrg.Ok(await campaign.GoToStepAsync(WizardStep.Schedule, null, org.Owner)).Step);
    }

    [Fact]
    public async Task Pasting_again_replaces_the_ids_and_withdraws_the_sign_offs()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1), DirectoryCsv.Row("b", 2)));
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceContactIdsAsync(["a", "b"], org.Owner);
        Assert.True((await org.MakeLaunchableAsync(campaign)).Readiness.Ready);

        var view = DirectoryOrg.Ok(await campaign.SetAudienceContactIdsAsync(["b"], org.Owner));

        Assert.Empty(view.SignOffs);
        Assert.False(view.Readiness.Ready);
        Assert.Equal(1, view.Audience.Directory!.Dialable);
        Assert.Equal(["b"], await org.PastedIdsAsync(campaignId));
    }

    [Fact]
    public async Task Pasting_ids_into_a_draft_with_an_upload_supersedes_the_upload()
    {
        var org = new DirectoryOrg(fixture);
        var (campaignId, upload) = await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1)));

        var view = DirectoryOrg.Ok(await org.Campaign(campaignId).SetAudienceContactIdsAsync(["a"], org.Owner));

        Assert.Equal(AudienceSourceKind.ContactIds, view.Audience.Source);
        Assert.Null(view.Audience.UploadId);
        Assert.Equal([upload.Id], view.Audience.UploadHistory);
        Assert.Equal(UploadStatus.Superseded, await org.Uploads.StatusAsync(upload.Id));
        Assert.Equal(1, view.Audience.Directory!.Dialable);
    }

    [Fact]
    public async Task A_paste_with_an_id_longer_than_two_hundred_characters_or_with_no_id_at_all_is_invalid_input_and_changes_nothing()
    {
        var org = new DirectoryOrg(fixture);
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);
        var version = (await campaign.GetAsync())!.Version;

        var tooLong = await campaign.SetAudienceContactIdsAsync(["ok", new string('x', 201)], org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, tooLong.Fault!.Code);
        Assert.Contains("longer than 200", tooLong.Fault.Message, StringComparison.Ordinal);

        var blank = await campaign.SetAudienceContactIdsAsync([" ", "\n,;", "\"\""], org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, blank.Fault!.Code);

        var view = (await campaign.GetAsync())!;
        Assert.Equal(version, view.Version);
        Assert.Null(view.Audience.Source);
        Assert.Empty(await org.PastedIdsAsync(campaignId));
    }
}
