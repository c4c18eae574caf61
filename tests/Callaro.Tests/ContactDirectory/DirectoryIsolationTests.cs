using Callaro.Contracts;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.DirectoryTests;

[Collection(GrainClusterCollection.Name)]
public sealed class DirectoryIsolationTests(GrainCluster fixture)
{
    private static readonly SegmentCondition AcmeCompany = new(SegmentField.Company, SegmentOperator.Equals, null, ["Acme"]);

    [Fact]
    public async Task Another_org_pasting_the_same_ids_finds_none_of_them()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        await a.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("shared-1", 1, "Acme"), DirectoryCsv.Row("shared-2", 2, "Acme")));

        var view = DirectoryOrg.Ok(await b.Campaign(await b.NewCampaignAsync()).SetAudienceContactIdsAsync(["shared-1", "shared-2"], b.Owner));

        Assert.Equal(2, view.Audience.Directory!.Unknown);
        Assert.Equal(0, view.Audience.Directory.Resolved);
        Assert.Equal(0, view.Audience.Directory.Dialable);
        Assert.Empty(await b.DirectoryIdsAsync());
    }

    [Fact]
    public async Task The_same_identifier_in_two_orgs_is_two_contacts_and_one_orgs_upload_never_overwrites_the_others()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        var (_, uploadA) = await a.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("same", 1, "Acme")));
        var before = await a.ContactAsync("same");

        var (_, uploadB) = await b.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("same", 2, "Beta")));

        Assert.Equal(before, await a.ContactAsync("same"));
        Assert.Equal(uploadA.Id, (await a.ContactAsync("same"))!.LastUploadId);
        var other = (await b.ContactAsync("same"))!;
        Assert.Equal("Beta", other.Company);
        Assert.Equal(uploadB.Id, other.LastUploadId);
    }

    [Fact]
    public async Task Another_org_cannot_bind_a_segment_id_it_does_not_own()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        var segmentId = $"seg_{Guid.NewGuid():N}";
        await a.CreateSegmentAsync(segmentId, "Acme", AcmeCompany);

        var refused = await b.Campaign(await b.NewCampaignAsync()).SetAudienceSegmentAsync(segmentId, b.Owner);

        Assert.Equal(ErrorCodes.NotFound, refused.Fault!.Code);
        Assert.Null(await b.Segment(segmentId).GetAsync());
    }

    [Fact]
    public async Task A_segment_counts_only_its_own_orgs_contacts_even_when_another_org_uses_the_same_segment_id()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        await a.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("a1", 1, "Acme"), DirectoryCsv.Row("a2", 2, "Acme")));
        await b.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("b1", 1, "Acme")));
        var segmentId = $"seg_{Guid.NewGuid():N}";
        await a.CreateSegmentAsync(segmentId, "Acme in A", AcmeCompany);
        await b.CreateSegmentAsync(segmentId, "Acme in B", AcmeCompany);

        var inA = DirectoryOrg.Ok(await a.Segment(segmentId).EvaluateAsync(10));
        var inB = DirectoryOrg.Ok(await b.Segment(segmentId).EvaluateAsync(10));
        Assert.Equal(["a1", "a2"], inA.Preview);
        Assert.Equal(["b1"], inB.Preview);

        var campaignId = await b.NewCampaignAsync();
        var campaign = b.Campaign(campaignId);
        var bound = DirectoryOrg.Ok(await campaign.SetAudienceSegmentAsync(segmentId, b.Owner));
        Assert.Equal("Acme in B", bound.Audience.Segment!.Name);
        Assert.Equal(1, bound.Audience.Directory!.Dialable);
        await b.MakeLaunchableAsync(campaign);
        Assert.Equal(1, DirectoryOrg.Ok(await campaign.LaunchAsync(b.Owner)).TaskCount);
        Assert.Equal(["b1"], await b.DialTaskIdsAsync(campaignId));

        var names = await Sql.StringsAsync(fixture.ConnectionString, "SELECT org_id || ':' || name FROM segments WHERE segment_id = @s ORDER BY name", ("s", segmentId));
        Assert.Equal([$"{a.OrgId}:Acme in A", $"{b.OrgId}:Acme in B"], names);
    }

    [Fact]
    public async Task A_suppression_in_one_org_does_not_suppress_the_same_phone_in_anothers_directory_audience()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        await a.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("x", 1)));
        await b.AttachAsync(DirectoryCsv.Of(DirectoryCsv.Row("x", 1)));
        await a.Suppressions.AddAsync([ContactCsv.Phone(1)], null, "US", a.Owner);

        var inA = DirectoryOrg.Ok(await a.Campaign(await a.NewCampaignAsync()).SetAudienceContactIdsAsync(["x"], a.Owner)).Audience.Directory!;
        var inB = DirectoryOrg.Ok(await b.Campaign(await b.NewCampaignAsync()).SetAudienceContactIdsAsync(["x"], b.Owner)).Audience.Directory!;

        Assert.Equal((1L, 0L), (inA.Suppressed, inA.Dialable));
        Assert.Equal((0L, 1L), (inB.Suppressed, inB.Dialable));
    }

    [Fact]
    public async Task A_split_creates_its_drafts_and_directory_rows_in_its_own_org_only_even_when_another_org_has_the_same_campaign_id()
    {
        var a = new DirectoryOrg(fixture);
        var b = new DirectoryOrg(fixture);
        var campaignId = $"cmp_{Guid.NewGuid():N}";
        DirectoryOrg.Ok(await a.Campaign(campaignId).CreateAsync("Shared id", string.Empty, a.Owner));
        DirectoryOrg.Ok(await b.Campaign(campaignId).CreateAsync("Shared id", string.Empty, b.Owner));
        var stagedA = await a.Uploads.ValidateAsync(
            await a.Uploads.ReceiveAsync(campaignId, DirectoryCsv.Of(DirectoryCsv.Row("a1", 1, "Acme"), DirectoryCsv.Row("a2", 2, "Beta"))), mapping: DirectoryCsv.Mapping);
        var stagedB = await b.Uploads.ValidateAsync(
            await b.Uploads.ReceiveAsync(campaignId, DirectoryCsv.Of(DirectoryCsv.Row("b1", 1, "Gamma"), DirectoryCsv.Row("b2", 2, "Delta"), DirectoryCsv.Row("b3", 3, "Delta"))), mapping: DirectoryCsv.Mapping);
        Assert.Equal(UploadStatus.Staged, stagedA.Status);
        Assert.Equal(UploadStatus.Staged, stagedB.Status);

        var splitA = DirectoryOrg.Ok(await a.Campaign(campaignId).SplitByAsync(new SplitBy("Company", null), a.Owner));

        Assert.Equal(2, splitA.SplitInto!.Count);
        Assert.Null(await b.Campaign($"{campaignId}_s1").GetAsync());
        Assert.Equal(CampaignStatus.Draft, (await b.Campaign(campaignId).GetAsync())!.Status);
        Assert.Empty(await b.DirectoryIdsAsync());
        Assert.Equal(["a1", "a2"], await a.DirectoryIdsAsync());

        var splitB = DirectoryOrg.Ok(await b.Campaign(campaignId).SplitByAsync(new SplitBy("Company", null), b.Owner));

        Assert.Equal(["Delta", "Gamma"], splitB.SplitInto!.Select(p => p.Value));
        Assert.Equal(["b2", "b3"], await b.PastedIdsAsync($"{campaignId}_s1"));
        Assert.Equal("Shared id — Delta", (await b.Campaign($"{campaignId}_s1").GetAsync())!.Name);
        var childA = (await a.Campaign($"{campaignId}_s1").GetAsync())!;
        Assert.Equal(a.OrgId, childA.OrgId);
        Assert.Equal(1, childA.Audience.Directory!.Dialable);
        Assert.Contains(childA.SplitValue, new[] { "Acme", "Beta" });
        Assert.Equal(["a1", "a2"], await a.DirectoryIdsAsync());
    }
}
