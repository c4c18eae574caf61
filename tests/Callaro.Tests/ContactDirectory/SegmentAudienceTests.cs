using Callaro.Contracts;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.DirectoryTests;

[Collection(GrainClusterCollection.Name)]
public sealed class SegmentAudienceTests(GrainCluster fixture)
{
    private static readonly SegmentCondition AcmeCompany = new(SegmentField.Company, SegmentOperator.Equals, null, ["ACME"]);

    private static string SegmentId() => $"seg_{Guid.NewGuid():N}";

    [Fact]
    public async Task A_segment_is_saved_normalised_and_projected_into_the_segments_table()
    {
        var org = new DirectoryOrg(fixture);
        var id = SegmentId();

        var segment = await org.CreateSegmentAsync(
            id, "  West coast  ", new SegmentCondition(SegmentField.Country, SegmentOperator.In, null, [" us ", "ca"]), new SegmentCondition(SegmentField.Custom, SegmentOperator.Exists, " region ", []));

        Assert.Equal("West coast", segment.Name);
        Assert.Equal(["US", "CA"], segment.Conditions[0].Values);
        Assert.Equal("region", segment.Conditions[1].Key);
        Assert.Equal(1, segment.Version);
        Assert.Equal("olga", segment.CreatedBy);
        var stored = await Sql.StringsAsync(
            fixture.ConnectionString, "SELECT name || '|' || (conditions -> 0 ->> 'Field') || '|' || version FROM segments WHERE org_id = @o AND segment_id = @s", ("o", org.OrgId), ("s", id));
        Assert.Equal(["West coast|COUNTRY|1"], stored);
    }

    [Fact]
    public async Task A_segment_with_invalid_conditions_is_refused_and_never_exists()
    {
        var org = new DirectoryOrg(fixture);
        var segment = org.Segment(SegmentId());

        var refused = await segment.CreateAsync("Bad", [new SegmentCondition(SegmentField.Consent, SegmentOperator.Exists, null, [])], org.Owner);

        Assert.Equal(ErrorCodes.InvalidInput, refused.Fault!.Code);
        Assert.Null(await segment.GetAsync());
        Assert.Equal(ErrorCodes.NotFound, (await segment.EvaluateAsync(5)).Fault!.Code);
    }

    [Fact]
    public async Task A_segment_audience_counts_live_so_a_later_upload_adds_its_matching_contacts()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta"), DirectoryCsv.Row("c", 3, "acme")));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme people", AcmeCompany);
        var campaignId = await org.NewCampaignAsync("Acme");
        var campaign = org.Campaign(campaignId);

        var bound = DirectoryOrg.Ok(await campaign.SetAudienceSegmentAsync(segmentId, org.Owner));
        Assert.Equal(AudienceSourceKind.Segment, bound.Audience.Source);
        Assert.Equal(segmentId, bound.Audience.SegmentId);
        Assert.Equal("Acme people", bound.Audience.Segment!.Name);
        Assert.Equal(2, bound.Audience.Directory!.Requested);
        Assert.Equal(2, bound.Audience.Directory.Dialable);
        Assert.Equal(0, bound.Audience.Directory.Unknown);
        Assert.Equal(2, bound.Audience.ContactCount);

        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("d", 4, "ACME"), DirectoryCsv.Row("e", 5, "Other")));

        var later = (await campaign.GetAsync())!;
        Assert.Equal(3, later.Audience.Directory!.Dialable);
        var evaluation = DirectoryOrg.Ok(await org.Segment(segmentId).EvaluateAsync(10));
        Assert.Equal(3, evaluation.Members.Dialable);
        Assert.Equal(["a", "c", "d"], evaluation.Preview);
    }

    [Fact]
    public async Task Launch_freezes_segment_membership_so_a_contact_attached_afterwards_is_not_dialled()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta"), DirectoryCsv.Row("c", 3, "Acme")));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme people", AcmeCompany);
        var campaignId = await org.NewCampaignAsync("Frozen");
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceSegmentAsync(segmentId, org.Owner);
        var ready = await org.MakeLaunchableAsync(campaign);
        Assert.True(ready.Readiness.Ready, string.Join(" | ", ready.Readiness.Checks.Where(c => !c.Passed).Select(c => $"{c.Key}: {c.Message}")));

        var launched = DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner));
        Assert.Equal(CampaignStatus.Launched, launched.Status);
        Assert.Equal(2, launched.TaskCount);
        Assert.Equal(["a", "c"], await org.DialTaskIdsAsync(campaignId));
        var launch = await Sql.StringsAsync(
            fixture.ConnectionString,
            "SELECT source || '|' || segment_id || '|' || (segment_conditions -> 0 ->> 'Field') || '|' || task_count FROM launches WHERE org_id = @o AND campaign_id = @c",
            ("o", org.OrgId),
            ("c", campaignId));
        Assert.Equal([$"SEGMENT|{segmentId}|COMPANY|2"], launch);

        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("late", 9, "Acme")));

        Assert.Equal(3, DirectoryOrg.Ok(await org.Segment(segmentId).EvaluateAsync(0)).Members.Dialable);
        var after = (await campaign.GetAsync())!;
        Assert.Equal(2, after.TaskCount);
        Assert.Equal(2, after.Audience.Directory!.Dialable);
        Assert.Equal(["a", "c"], await org.DialTaskIdsAsync(campaignId));
        Assert.Equal(2, DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner)).TaskCount);
        Assert.Equal(["a", "c"], await org.DialTaskIdsAsync(campaignId));
    }

    [Fact]
    public async Task A_segment_on_a_custom_attribute_finds_contacts_by_the_uploads_custom_column()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(
            DirectoryCsv.Row("w1", 1, region: "West"),
            DirectoryCsv.Row("w2", 2, region: " west "),
            DirectoryCsv.Row("e1", 3, region: "East"),
            DirectoryCsv.Row("n1", 4)));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "West", new SegmentCondition(SegmentField.Custom, SegmentOperator.Equals, "region", ["WEST"]));

        var evaluation = DirectoryOrg.Ok(await org.Segment(segmentId).EvaluateAsync(10));

        Assert.Equal(["w1", "w2"], evaluation.Preview);
        Assert.Equal(2, evaluation.Members.Dialable);
    }

    [Fact]
    public async Task A_segment_audience_counts_suppressed_contacts_and_shared_phones_out_of_the_dialable_ones()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Acme"), DirectoryCsv.Row("c", 3, "Acme")));
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("b-twin", 2, "Acme")));
        await org.Suppressions.AddAsync([ContactCsv.E164(3)], null, "US", org.Owner);
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme", AcmeCompany);
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);

        var audience = DirectoryOrg.Ok(await campaign.SetAudienceSegmentAsync(segmentId, org.Owner)).Audience.Directory!;

        Assert.Equal(4, audience.Requested);
        Assert.Equal(4, audience.Resolved);
        Assert.Equal(1, audience.Suppressed);
        Assert.Equal(1, audience.DuplicatePhones);
        Assert.Equal(2, audience.Dialable);

        await org.MakeLaunchableAsync(campaign);
        Assert.Equal(2, DirectoryOrg.Ok(await campaign.LaunchAsync(org.Owner)).TaskCount);
        Assert.Equal(["a", "b"], await org.DialTaskIdsAsync(campaignId));
    }

    [Fact]
    public async Task Changing_the_segments_conditions_after_sign_off_withdraws_the_sign_off()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("b", 2, "Beta")));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme", AcmeCompany);
        var campaign = org.Campaign(await org.NewCampaignAsync());
        await campaign.SetAudienceSegmentAsync(segmentId, org.Owner);
        Assert.True((await org.MakeLaunchableAsync(campaign)).Readiness.Ready);

        DirectoryOrg.Ok(await org.Segment(segmentId).UpdateAsync(null, [new SegmentCondition(SegmentField.Company, SegmentOperator.In, null, ["Acme", "Beta"])], 1, org.Owner));

        var view = (await campaign.GetAsync())!;
        Assert.Equal(2, view.Audience.Directory!.Dialable);
        Assert.False(DirectoryOrg.Check(view, "signoff.owner").Passed);
        Assert.Contains("sign off again", DirectoryOrg.Check(view, "signoff.compliance").Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.NotReady, (await campaign.LaunchAsync(org.Owner)).Fault!.Code);
    }

    [Fact]
    public async Task A_deleted_segment_cannot_be_bound_and_a_draft_bound_to_it_is_not_ready()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme")));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme", AcmeCompany);
        var campaignId = await org.NewCampaignAsync();
        var campaign = org.Campaign(campaignId);
        await campaign.SetAudienceSegmentAsync(segmentId, org.Owner);
        await org.MakeLaunchableAsync(campaign);

        DirectoryOrg.Ok(await org.Segment(segmentId).DeleteAsync(org.Owner));

        var view = (await campaign.GetAsync())!;
        var nonempty = DirectoryOrg.Check(view, "audience.nonempty");
        Assert.False(nonempty.Passed);
        Assert.Contains("was deleted", nonempty.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.NotReady, (await campaign.LaunchAsync(org.Owner)).Fault!.Code);
        Assert.Empty(await org.DialTaskIdsAsync(campaignId));

        var other = org.Campaign(await org.NewCampaignAsync());
        Assert.Equal(ErrorCodes.NotFound, (await other.SetAudienceSegmentAsync(segmentId, org.Owner)).Fault!.Code);
    }

    [Fact]
    public async Task Binding_a_segment_that_was_never_created_is_not_found()
    {
        var org = new DirectoryOrg(fixture);
        var campaign = org.Campaign(await org.NewCampaignAsync());

        var refused = await campaign.SetAudienceSegmentAsync(SegmentId(), org.Owner);

        Assert.Equal(ErrorCodes.NotFound, refused.Fault!.Code);
        Assert.Null((await campaign.GetAsync())!.Audience.Source);
    }

    [Fact]
    public async Task A_phone_prefix_segment_finds_uploaded_contacts_by_their_e164_number()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(
            DirectoryCsv.Row("ny", 1),
            "sf,Name sf,(415) 555-0142,America/Los_Angeles,,US,",
            "ldn,Name ldn,+44 20 7946 0958,Europe/London,,GB,"));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "NY and London", new SegmentCondition(SegmentField.PhonePrefix, SegmentOperator.In, null, ["+1212", "+44"]));

        var evaluation = DirectoryOrg.Ok(await org.Segment(segmentId).EvaluateAsync(10));

        Assert.Equal(["ldn", "ny"], evaluation.Preview.Order());
    }

    [Fact]
    public async Task A_segment_audience_counted_once_is_counted_again_when_a_member_becomes_suppressed()
    {
        var org = new DirectoryOrg(fixture);
        await org.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a", 1, "Acme"), DirectoryCsv.Row("c", 3, "acme")));
        var segmentId = SegmentId();
        await org.CreateSegmentAsync(segmentId, "Acme people", AcmeCompany);
        var campaign = org.Campaign(await org.NewCampaignAsync("Acme"));
        Assert.Equal(2, DirectoryOrg.Ok(await campaign.SetAudienceSegmentAsync(segmentId, org.Owner)).Audience.Directory!.Dialable);
        Assert.Equal(2, (await campaign.GetAsync())!.Audience.Directory!.Dialable);

        await org.Suppressions.AddAsync([ContactCsv.E164(3)], null, "US", org.Owner);

        var after = (await campaign.GetAsync())!.Audience.Directory!;
        Assert.Equal(1, after.Suppressed);
        Assert.Equal(1, after.Dialable);
    }
}
