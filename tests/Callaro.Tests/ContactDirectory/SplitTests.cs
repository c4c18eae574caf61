using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.DirectoryTests;

[Collection(GrainClusterCollection.Name)]
public sealed class SplitTests(GrainCluster fixture)
{
    private static readonly string RegionsCsv = DirectoryCsv.Of(
        DirectoryCsv.Row("w1", 1, region: "West"),
        DirectoryCsv.Row("e1", 2, region: "East"),
        DirectoryCsv.Row("w2", 3, region: "west "),
        DirectoryCsv.Row("n1", 4),
        "bad,Name bad,4.15E+09,America/New_York,,US,West",
        DirectoryCsv.Row("e2", 5, region: "EAST"),
        DirectoryCsv.Row("w3", 6, region: "WEST"));

    [Fact]
    public async Task Splitting_by_a_column_makes_one_draft_per_value_whose_counts_add_up_to_the_accepted_contacts()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, staged) = await org.StageAcknowledgedAsync(RegionsCsv, "Regions");
        var parent = org.Campaign(parentId);
        await org.SetScheduleAndOutcomesAsync(parent, DirectoryOrg.Fixed);
        Assert.Equal(6, staged.Counts!.Accepted);

        var split = DirectoryOrg.Ok(await parent.SplitByAsync(new SplitBy("Region", null), org.Owner));

        Assert.Equal(CampaignStatus.Cancelled, split.Status);
        var parts = split.SplitInto!;
        Assert.Equal([$"{parentId}_s1", $"{parentId}_s2", $"{parentId}_s3"], parts.Select(p => p.CampaignId));
        Assert.Equal([3L, 2L, 1L], parts.Select(p => p.Contacts));
        Assert.Equal("west", parts[0].Value, ignoreCase: true);
        Assert.Equal("east", parts[1].Value, ignoreCase: true);
        Assert.Null(parts[2].Value);
        Assert.Equal(staged.Counts.Accepted, parts.Sum(p => p.Contacts));
        Assert.Equal(ErrorCodes.InvalidTransition, (await parent.LaunchAsync(org.Owner)).Fault!.Code);

        string[][] members = [["w1", "w2", "w3"], ["e1", "e2"], ["n1"]];
        for (var i = 0; i < parts.Count; i++)
        {
            var child = (await org.Campaign(parts[i].CampaignId).GetAsync())!;
            Assert.Equal(i < 2 ? $"Regions — {parts[i].Value}" : "Regions — (no value)", child.Name);
            Assert.Equal(CampaignStatus.Draft, child.Status);
            Assert.Equal(parentId, child.SplitFrom);
            Assert.Equal(parts[i].Value, child.SplitValue);
            Assert.Equal("olga", child.OwnerId);
            Assert.Equal(AudienceSourceKind.ContactIds, child.Audience.Source);
            Assert.Equal(parts[i].Contacts, child.Audience.Directory!.Requested);
            Assert.Equal(parts[i].Contacts, child.Audience.Directory.Dialable);
            Assert.Equal(parts[i].Contacts, child.Audience.ContactCount);
            Assert.Equal(ScheduleMode.FixedTimezone, child.Schedule!.Mode);
            Assert.Equal("America/Chicago", child.Schedule.Timezone);
            Assert.Equal(split.Schedule!.Days, child.Schedule.Days);
            Assert.Equal(split.Outcomes!.Dispositions, child.Outcomes!.Dispositions);
            Assert.Empty(child.SignOffs);
            Assert.Equal(members[i], await org.PastedIdsAsync(parts[i].CampaignId));
        }

        // The split handed the (staged, never attached) file's contacts to the directory.
        Assert.Equal(["e1", "e2", "n1", "w1", "w2", "w3"], await org.DirectoryIdsAsync());
    }

    [Fact]
    public async Task A_split_child_launches_after_its_sign_offs_and_dials_exactly_its_group()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, _) = await org.StageAcknowledgedAsync(RegionsCsv, "Regions");
        await org.SetScheduleAndOutcomesAsync(org.Campaign(parentId));
        var parts = DirectoryOrg.Ok(await org.Campaign(parentId).SplitByAsync(new SplitBy("region", null), org.Owner)).SplitInto!;

        var west = org.Campaign(parts[0].CampaignId);
        var before = (await west.GetAsync())!;
        Assert.False(before.Readiness.Ready);
        Assert.All(before.Readiness.Checks.Where(c => !c.Passed), c => Assert.StartsWith("signoff.", c.Key, StringComparison.Ordinal));

        var ready = await org.SignOffAsync(west);
        Assert.True(ready.Readiness.Ready, string.Join(" | ", ready.Readiness.Checks.Where(c => !c.Passed).Select(c => $"{c.Key}: {c.Message}")));
        var launched = DirectoryOrg.Ok(await west.LaunchAsync(org.Owner));

        Assert.Equal(CampaignStatus.Launched, launched.Status);
        Assert.Equal(3, launched.TaskCount);
        Assert.Equal(["w1", "w2", "w3"], await org.DialTaskIdsAsync(parts[0].CampaignId));

        var east = org.Campaign(parts[1].CampaignId);
        await org.SignOffAsync(east);
        Assert.Equal(2, DirectoryOrg.Ok(await east.LaunchAsync(org.Owner)).TaskCount);
        Assert.Equal(["e1", "e2"], await org.DialTaskIdsAsync(parts[1].CampaignId));
    }

    [Fact]
    public async Task Splitting_an_attached_upload_by_a_field_groups_values_ignoring_case_and_spaces_with_empty_values_in_their_own_group()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, attached) = await org.AttachAsync(
            DirectoryCsv.Of(
                DirectoryCsv.Row("a1", 1, "Acme"),
                DirectoryCsv.Row("b1", 2, "Beta"),
                DirectoryCsv.Row("a2", 3, "ACME"),
                DirectoryCsv.Row("x1", 4),
                DirectoryCsv.Row("a3", 5, "  acme  ")),
            "Companies");

        var split = DirectoryOrg.Ok(await org.Campaign(parentId).SplitByAsync(new SplitBy(null, ContactField.Company), org.Owner));

        var parts = split.SplitInto!;
        Assert.Equal([3L, 1L, 1L], parts.Select(p => p.Contacts));
        Assert.Equal("acme", parts[0].Value, ignoreCase: true);
        Assert.Equal("Beta", parts[1].Value);
        Assert.Null(parts[2].Value);
        Assert.Equal(attached.Counts!.Accepted, parts.Sum(p => p.Contacts));
        Assert.Equal("Companies — Beta", (await org.Campaign(parts[1].CampaignId).GetAsync())!.Name);
        Assert.Equal(["a1", "a2", "a3"], await org.PastedIdsAsync(parts[0].CampaignId));
    }

    [Fact]
    public async Task A_column_with_more_than_fifty_values_is_refused_and_nothing_is_created()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, _) = await org.StageAsync(DirectoryCsv.Many("c", 51, 100, i => $"Company {i}"), "Too many");
        var parent = org.Campaign(parentId);

        var refused = await parent.SplitByAsync(new SplitBy("Company", null), org.Owner);

        Assert.Equal(ErrorCodes.InvalidInput, refused.Fault!.Code);
        Assert.Contains("51 distinct values", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Contains("at most 50", refused.Fault.Message, StringComparison.Ordinal);
        var view = (await parent.GetAsync())!;
        Assert.Equal(CampaignStatus.Draft, view.Status);
        Assert.Null(view.SplitInto);
        Assert.Null(await org.Campaign($"{parentId}_s1").GetAsync());
        Assert.Empty(await org.DirectoryIdsAsync());
    }

    [Fact]
    public async Task A_column_with_exactly_fifty_values_makes_fifty_drafts()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, _) = await org.StageAsync(DirectoryCsv.Many("c", 50, 300, i => $"Company {i}"), "Fifty");

        var split = DirectoryOrg.Ok(await org.Campaign(parentId).SplitByAsync(new SplitBy("Company", null), org.Owner));

        Assert.Equal(50, split.SplitInto!.Count);
        Assert.All(split.SplitInto, p => Assert.Equal(1, p.Contacts));
        Assert.Equal(50, split.SplitInto.Select(p => p.Value).Distinct().Count());
        Assert.NotNull(await org.Campaign($"{parentId}_s50").GetAsync());
    }

    [Fact]
    public async Task A_column_where_every_contact_has_the_same_value_is_refused_as_nothing_to_split()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, _) = await org.StageAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, " acme ")));

        var refused = await org.Campaign(parentId).SplitByAsync(new SplitBy("Company", null), org.Owner);

        Assert.Equal(ErrorCodes.InvalidInput, refused.Fault!.Code);
        Assert.Contains("nothing to split", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.Draft, (await org.Campaign(parentId).GetAsync())!.Status);
    }

    [Fact]
    public async Task Splitting_by_a_column_the_file_does_not_have_or_that_is_ignored_or_by_an_unmapped_field_is_invalid_input()
    {
        var org = new DirectoryOrg(fixture);
        var campaignId = await org.NewCampaignAsync();
        IReadOnlyList<ColumnMapping> mapping = [.. DirectoryCsv.Mapping.Select(m => m.Column == "First Name" ? new ColumnMapping("First Name", ContactField.Ignore) : m)];
        var received = await org.Uploads.ReceiveAsync(campaignId, DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")));
        Assert.Equal(UploadStatus.Staged, (await org.Uploads.ValidateAsync(received, mapping: mapping)).Status);
        var campaign = org.Campaign(campaignId);

        var missing = await campaign.SplitByAsync(new SplitBy("Nope", null), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, missing.Fault!.Code);
        Assert.Contains("no column 'Nope'", missing.Fault.Message, StringComparison.Ordinal);

        var ignored = await campaign.SplitByAsync(new SplitBy("First Name", null), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, ignored.Fault!.Code);
        Assert.Contains("IGNORE", ignored.Fault.Message, StringComparison.Ordinal);

        var unmappedField = await campaign.SplitByAsync(new SplitBy(null, ContactField.PostalCode), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, unmappedField.Fault!.Code);
        Assert.Contains("POSTAL_CODE", unmappedField.Fault.Message, StringComparison.Ordinal);

        var everyoneDiffers = await campaign.SplitByAsync(new SplitBy(null, ContactField.Phone), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, everyoneDiffers.Fault!.Code);

        var nothing = await campaign.SplitByAsync(new SplitBy(null, null), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, nothing.Fault!.Code);

        var contradicting = await campaign.SplitByAsync(new SplitBy("Company", ContactField.Country), org.Owner);
        Assert.Equal(ErrorCodes.InvalidInput, contradicting.Fault!.Code);

        Assert.Equal(CampaignStatus.Draft, (await campaign.GetAsync())!.Status);
    }

    [Fact]
    public async Task Only_a_campaign_with_a_staged_or_attached_csv_can_be_split()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")));

        var pasted = org.Campaign(await org.NewCampaignAsync());
        await pasted.SetAudienceContactIdsAsync(["a", "b"], org.Owner);
        Assert.Equal(ErrorCodes.InvalidTransition, (await pasted.SplitByAsync(new SplitBy("Company", null), org.Owner)).Fault!.Code);

        var empty = org.Campaign(await org.NewCampaignAsync());
        Assert.Equal(ErrorCodes.InvalidTransition, (await empty.SplitByAsync(new SplitBy("Company", null), org.Owner)).Fault!.Code);

        var mappingId = await org.NewCampaignAsync();
        await org.Uploads.ReceiveAsync(mappingId, DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")));
        var mapping = await org.Campaign(mappingId).SplitByAsync(new SplitBy("Company", null), org.Owner);
        Assert.Equal(ErrorCodes.InvalidTransition, mapping.Fault!.Code);
        Assert.Contains("MAPPING", mapping.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_split_campaign_cannot_be_split_again()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, _) = await org.StageAcknowledgedAsync(RegionsCsv, "Regions");
        DirectoryOrg.Ok(await org.Campaign(parentId).SplitByAsync(new SplitBy("Region", null), org.Owner));

        var again = await org.Campaign(parentId).SplitByAsync(new SplitBy("Region", null), org.Owner);

        Assert.Equal(ErrorCodes.InvalidTransition, again.Fault!.Code);
        Assert.Null(await org.Campaign($"{parentId}_s4").GetAsync());
    }

    [Fact]
    public async Task A_split_waits_until_the_files_excluded_rows_are_acknowledged()
    {
        var org = new DirectoryOrg(fixture);
        var (parentId, staged) = await org.StageAsync(RegionsCsv, "Regions");

        var refused = await org.Campaign(parentId).SplitByAsync(new SplitBy("Region", null), org.Owner);
        Assert.Equal(ErrorCodes.NotReady, refused.Fault!.Code);
        Assert.Contains("acknowledge", refused.Fault.Message, StringComparison.Ordinal);

        Assert.True((await org.Uploads.Upload(staged.Id).AcknowledgeRejectionsAsync("seen", org.Owner)).IsSuccess);
        Assert.True((await org.Campaign(parentId).SplitByAsync(new SplitBy("Region", null), org.Owner)).IsSuccess);
    }

    [Fact]
    public async Task A_file_whose_duplicates_block_launch_cannot_be_split_around_the_block()
    {
        var org = new DirectoryOrg(fixture);
        var csv = DirectoryCsv.Of(
            DirectoryCsv.Row("a1", 1, region: "EAST"),
            DirectoryCsv.Row("a2", 1, region: "WEST"),
            DirectoryCsv.Row("a3", 2, region: "WEST"));
        var (parentId, staged) = await org.StageAsync(csv, "Blocked", new UploadOptionsPatch(DuplicatePolicy: DuplicatePolicy.Block));
        Assert.True(staged.DuplicatesBlockLaunch);
        Assert.True((await org.Uploads.Upload(staged.Id).AcknowledgeRejectionsAsync("seen", org.Owner)).IsSuccess);

        var refused = await org.Campaign(parentId).SplitByAsync(new SplitBy("Region", null), org.Owner);

        Assert.Equal(ErrorCodes.NotReady, refused.Fault!.Code);
        Assert.Contains("BLOCK", refused.Fault.Message, StringComparison.Ordinal);
    }
}
