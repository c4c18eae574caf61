using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>The Audience step's other sources over GraphQL: the contact directory, pasted ids, segments and splits.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class DirectoryApiTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    private static readonly object[] RegionMapping =
    [
        new { column = "Contact ID", field = "IDENTIFIER" },
        new { column = "Name", field = "FIRST_NAME" },
        new { column = "Phone", field = "PHONE" },
        new { column = "Company", field = "COMPANY" },
        new { column = "Region", field = "CUSTOM", customKey = "region" },
        new { column = "Time Zone", field = "TIMEZONE" },
    ];

    /// <summary>Six contacts with ids and regions unique to one test; phones unique to it too (<paramref name="block"/>).</summary>
    private static (byte[] Csv, string Prefix) RegionFile(int block)
    {
        var prefix = $"d{Guid.NewGuid():N}"[..12];
        var region = $"{prefix}-west";
        var lines = new StringBuilder("Contact ID,Name,Phone,Company,Region,Time Zone\n");
        string Phone(int n) => $"+1 646 {block + 200:000} {n:0000}";
        lines.Append($"{prefix}-1,Ann,{Phone(1)},Acme,{prefix}-east,America/New_York\n");
        lines.Append($"{prefix}-2,Bob,{Phone(2)},acme ,{region},America/Los_Angeles\n");
        lines.Append($"{prefix}-3,Cy,{Phone(3)},Globex,{region},America/Los_Angeles\n");
        lines.Append($"{prefix}-4,Di,{Phone(4)},Initech,,America/Chicago\n");
        lines.Append($"{prefix}-5,Ed,{Phone(5)},Acme,{prefix}-east,America/New_York\n");
        lines.Append($"{prefix}-6,Flo,{Phone(6)},Acme,{region},America/Los_Angeles\n");
        return (Encoding.UTF8.GetBytes(lines.ToString()), prefix);
    }

    private async Task<(string CampaignId, string UploadId)> StageAsync(HttpClient http, byte[] csv, string name)
    {
        var campaignId = await EndToEnd.CreateCampaignAsync(http, name);
        var (status, body) = await EndToEnd.PutAsync(http, campaignId, csv);
        Assert.True((int)status is >= 200 and < 300, body.ToString());
        var uploadId = body.GetProperty("id").GetString()!;
        await EndToEnd.ConfirmAsync(http, uploadId, RegionMapping);
        await EndToEnd.WaitForStatusAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId, TimeSpan.FromSeconds(60), "STAGED", "ERROR");
        return (campaignId, uploadId);
    }

    /// <summary>saveDraft answers at once; the contacts reach the directory right after (upload.inDirectoryAt, announced live).</summary>
    private async Task AttachAsync(HttpClient http, string campaignId)
    {
        var saved = (await http.PostAsync("mutation($c: ID!) { saveDraft(campaignId: $c) { audience { upload { id status } } } }", new { c = campaignId })).Ok();
        var upload = saved.GetProperty("saveDraft").GetProperty("audience").GetProperty("upload");
        Assert.Equal("ATTACHED", upload.GetProperty("status").GetString());
        await EndToEnd.WaitInDirectoryAsync(Callaro.BaseAddress, ProcessCluster.KeyA, upload.GetProperty("id").GetString()!, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Attached_contacts_are_paged_searched_and_read_one_by_one_with_their_uploads_and_campaigns()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var (csv, prefix) = RegionFile(101);
        var (campaignId, uploadId) = await StageAsync(alice, csv, "Directory source");

        var before = (await alice.PostAsync("query($s: String) { contacts(search: $s) { totalCount } }", new { s = prefix })).Ok();
        Assert.Equal(0, before.GetProperty("contacts").Long("totalCount"));

        await AttachAsync(alice, campaignId);
        var page = (await alice.PostAsync(
            "query($s: String, $a: String) { contacts(first: 4, search: $s, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { identifier phone company custom timezone consent suppressed lastUploadId } } }",
            new { s = prefix, a = (string?)null })).Ok().GetProperty("contacts");
        Assert.Equal(6, page.Long("totalCount"));
        Assert.True(page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var first = page.GetProperty("nodes")[0];
        Assert.Equal($"{prefix}-1", first.GetProperty("identifier").GetString());
        Assert.Equal("+16463010001", first.GetProperty("phone").GetString());
        Assert.Equal($"{prefix}-east", first.GetProperty("custom").GetProperty("region").GetString());
        Assert.Equal(uploadId, first.GetProperty("lastUploadId").GetString());

        var rest = (await alice.PostAsync(
            "query($s: String, $a: String) { contacts(first: 4, search: $s, after: $a) { pageInfo { hasNextPage } nodes { identifier } } }",
            new { s = prefix, a = page.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).Ok().GetProperty("contacts");
        Assert.Equal([$"{prefix}-5", $"{prefix}-6"], rest.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("identifier").GetString()!).ToArray());
        Assert.False(rest.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        var one = (await alice.PostAsync(
            "query($i: ID!) { contact(identifier: $i) { identifier uploads { uploadId campaignId status } campaigns { campaignId status dialled } } }",
            new { i = $"{prefix}-2" })).Ok().GetProperty("contact");
        Assert.Equal(uploadId, one.GetProperty("uploads")[0].GetProperty("uploadId").GetString());
        Assert.Equal("ATTACHED", one.GetProperty("uploads")[0].GetProperty("status").GetString());
        Assert.Contains(one.GetProperty("campaigns").EnumerateArray(), c => c.GetProperty("campaignId").GetString() == campaignId);

        // Another org sees none of it.
        using var bob = Callaro.Http(ProcessCluster.KeyB);
        Assert.Equal(0, (await bob.PostAsync("query($s: String) { contacts(search: $s) { totalCount } }", new { s = prefix })).Ok().GetProperty("contacts").Long("totalCount"));
        Assert.Equal(JsonValueKind.Null, (await bob.PostAsync("query($i: ID!) { contact(identifier: $i) { identifier } }", new { i = $"{prefix}-2" })).Ok().GetProperty("contact").ValueKind);
    }

    [Fact]
    public async Task Pasted_text_with_mixed_separators_becomes_an_audience_that_counts_unknown_suppressed_and_repeated_ids()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        using var carla = Callaro.Http(ProcessCluster.KeyCompliance);
        var (csv, prefix) = RegionFile(102);
        var (source, _) = await StageAsync(alice, csv, "Directory paste source");
        await AttachAsync(alice, source);
        (await carla.PostAsync("mutation($p: [String!]!) { addSuppressions(phones: $p, reason: \"asked\") { added } }", new { p = new[] { "+16463020003" } })).Ok();

        var draft = await EndToEnd.CreateCampaignAsync(alice, "Directory paste");
        var pasted = $"{prefix}-1, {prefix}-2;{prefix}-2\n\n  {prefix}-nobody \"{prefix}-3\"\t{prefix}-4\r\n";
        var campaign = (await alice.PostAsync(
            "mutation($c: ID!, $ids: [ID!]!) { setAudienceContactIds(campaignId: $c, contactIds: $ids) { audience { source contactIds contactCount directory { pasted duplicatesInPaste requested resolved unknown unknownIds suppressed dialable } } readiness { checks { key passed message } } } }",
            new { c = draft, ids = new[] { pasted } })).Ok().GetProperty("setAudienceContactIds");
        var audience = campaign.GetProperty("audience");
        Assert.Equal("CONTACT_IDS", audience.GetProperty("source").GetString());
        Assert.Equal([$"{prefix}-1", $"{prefix}-2", $"{prefix}-nobody", $"{prefix}-3", $"{prefix}-4"], audience.GetProperty("contactIds").EnumerateArray().Select(i => i.GetString()!).ToArray());
        var directory = audience.GetProperty("directory");
        Assert.Equal(6, directory.Long("pasted"));
        Assert.Equal(1, directory.Long("duplicatesInPaste"));
        Assert.Equal(5, directory.Long("requested"));
        Assert.Equal(4, directory.Long("resolved"));
        Assert.Equal(1, directory.Long("unknown"));
        Assert.Equal([$"{prefix}-nobody"], directory.GetProperty("unknownIds").EnumerateArray().Select(i => i.GetString()!).ToArray());
        Assert.Equal(1, directory.Long("suppressed"));
        Assert.Equal(3, directory.Long("dialable"));
        Assert.Equal(3, audience.Long("contactCount"));
        var nonEmpty = campaign.GetProperty("readiness").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "audience.nonempty");
        Assert.True(nonEmpty.GetProperty("passed").GetBoolean());

        var tooMany = await alice.PostAsync(
            "mutation($c: ID!, $ids: [ID!]!) { setAudienceContactIds(campaignId: $c, contactIds: $ids) { id } }",
            new { c = draft, ids = new[] { string.Join('\n', Enumerable.Range(0, 100_001).Select(i => $"x{i}")) } });
        Assert.Equal("INVALID_INPUT", tooMany.ErrorCode);
        Assert.Contains("100,000", tooMany.ErrorMessage);
    }

    [Fact]
    public async Task A_segment_is_created_counted_previewed_updated_bound_to_a_draft_and_deleted()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var (csv, prefix) = RegionFile(103);
        var (source, _) = await StageAsync(alice, csv, "Directory segment source");
        await AttachAsync(alice, source);

        const string SegmentFields = "id name version count members { dialable suppressed } preview(first: 10) { identifier } conditions { field operator key values }";
        var created = (await alice.PostAsync(
            $"mutation($r: String!) {{ createSegment(input: {{ name: \"West Acme\", conditions: [{{ field: CUSTOM, key: \"region\", operator: EQUALS, values: [$r] }}, {{ field: COMPANY, operator: IN, values: [\"ACME\", \"Hooli\"] }}] }}) {{ {SegmentFields} }} }}",
            new { r = $"{prefix}-WEST" })).Ok().GetProperty("createSegment");
        var segmentId = created.GetProperty("id").GetString()!;
        Assert.Equal(2, created.Long("count"));
        Assert.Equal([$"{prefix}-2", $"{prefix}-6"], created.GetProperty("preview").EnumerateArray().Select(p => p.GetProperty("identifier").GetString()!).Order().ToArray());

        var draft = await EndToEnd.CreateCampaignAsync(alice, "Directory segment");
        var bound = (await alice.PostAsync(
            "mutation($c: ID!, $s: ID!) { setAudienceSegment(campaignId: $c, segmentId: $s) { audience { source segmentId segment { name } contactCount } } }",
            new { c = draft, s = segmentId })).Ok().GetProperty("setAudienceSegment").GetProperty("audience");
        Assert.Equal("SEGMENT", bound.GetProperty("source").GetString());
        Assert.Equal(segmentId, bound.GetProperty("segmentId").GetString());
        Assert.Equal(2, bound.Long("contactCount"));

        var updated = (await alice.PostAsync(
            $"mutation($id: ID!, $r: String!) {{ updateSegment(id: $id, expectedVersion: 1, input: {{ conditions: [{{ field: CUSTOM, key: \"region\", operator: EQUALS, values: [$r] }}] }}) {{ {SegmentFields} }} }}",
            new { id = segmentId, r = $"{prefix}-west" })).Ok().GetProperty("updateSegment");
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(3, updated.Long("count"));
        var live = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { contactCount } } }", new { c = draft })).Ok();
        Assert.Equal(3, live.GetProperty("campaign").GetProperty("audience").Long("contactCount"));

        var stale = await alice.PostAsync("mutation($id: ID!) { updateSegment(id: $id, expectedVersion: 1, input: { name: \"x\" }) { id } }", new { id = segmentId });
        Assert.Equal("VERSION_CONFLICT", stale.ErrorCode);
        var invalid = await alice.PostAsync("mutation { createSegment(input: { name: \"bad\", conditions: [{ field: CONSENT, operator: EQUALS, values: [\"maybe\"] }] }) { id } }");
        Assert.Equal("INVALID_INPUT", invalid.ErrorCode);

        using var bob = Callaro.Http(ProcessCluster.KeyB);
        Assert.Equal(JsonValueKind.Null, (await bob.PostAsync("query($id: ID!) { segment(id: $id) { id } }", new { id = segmentId })).Ok().GetProperty("segment").ValueKind);
        var bobDraft = await EndToEnd.CreateCampaignAsync(bob, "Not yours");
        Assert.Equal("NOT_FOUND", (await bob.PostAsync("mutation($c: ID!, $s: ID!) { setAudienceSegment(campaignId: $c, segmentId: $s) { id } }", new { c = bobDraft, s = segmentId })).ErrorCode);

        var deleted = (await alice.PostAsync("mutation($id: ID!) { deleteSegment(id: $id) { deletedAt } }", new { id = segmentId })).Ok();
        Assert.NotEqual(JsonValueKind.Null, deleted.GetProperty("deleteSegment").GetProperty("deletedAt").ValueKind);
        var after = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { readiness { checks { key passed message } } } }", new { c = draft })).Ok();
        var nonEmpty = after.GetProperty("campaign").GetProperty("readiness").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "audience.nonempty");
        Assert.False(nonEmpty.GetProperty("passed").GetBoolean());
        Assert.Contains("deleted", nonEmpty.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unsaved_conditions_are_counted_and_previewed_live_within_the_org_and_nothing_is_saved()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var (csv, prefix) = RegionFile(104);
        var (source, _) = await StageAsync(alice, csv, "Directory segment preview");
        await AttachAsync(alice, source);

        const string Query = "query($r: String!) { segmentPreview(first: 5, conditions: [{ field: CUSTOM, key: \"region\", operator: EQUALS, values: [$r] }]) { count members { dialable } preview { identifier } } }";
        var preview = (await alice.PostAsync(Query, new { r = $"{prefix}-west" })).Ok().GetProperty("segmentPreview");
        Assert.Equal(3, preview.Long("count"));
        Assert.Equal(3, preview.GetProperty("members").Long("dialable"));
        Assert.Equal([$"{prefix}-2", $"{prefix}-3", $"{prefix}-6"], preview.GetProperty("preview").EnumerateArray().Select(p => p.GetProperty("identifier").GetString()!).Order().ToArray());

        using var bob = Callaro.Http(ProcessCluster.KeyB);
        var other = (await bob.PostAsync(Query, new { r = $"{prefix}-west" })).Ok().GetProperty("segmentPreview");
        Assert.Equal(0, other.Long("count"));

        var empty = await alice.PostAsync("{ segmentPreview(conditions: []) { count } }");
        Assert.Equal("INVALID_INPUT", empty.ErrorCode);
        var tooMany = await alice.PostAsync("{ segmentPreview(first: 101, conditions: [{ field: COUNTRY, operator: EXISTS }]) { count } }");
        Assert.Equal("INVALID_INPUT", tooMany.ErrorCode);
    }

    [Fact]
    public async Task Splitting_by_a_custom_column_makes_one_draft_per_value_and_cancels_the_source_with_pointers()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var (csv, prefix) = RegionFile(104);
        var (source, _) = await StageAsync(alice, csv, "Directory split");

        var split = (await alice.PostAsync(
            "mutation($c: ID!) { splitCampaignBy(campaignId: $c, column: \"Region\") { status splitInto { campaignId value contacts campaign { name status splitFrom splitValue audience { source contactCount } } } } }",
            new { c = source })).Ok().GetProperty("splitCampaignBy");
        Assert.Equal("CANCELLED", split.GetProperty("status").GetString());
        var parts = split.GetProperty("splitInto").EnumerateArray().ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal(6, parts.Sum(p => p.Long("contacts")));
        var west = parts.Single(p => p.GetProperty("value").GetString() == $"{prefix}-west");
        Assert.Equal(3, west.Long("contacts"));
        Assert.Equal(JsonValueKind.Null, parts.Single(p => p.Long("contacts") == 1).GetProperty("value").ValueKind);
        var child = west.GetProperty("campaign");
        Assert.Equal($"Directory split — {prefix}-west", child.GetProperty("name").GetString());
        Assert.Equal("DRAFT", child.GetProperty("status").GetString());
        Assert.Equal(source, child.GetProperty("splitFrom").GetString());
        Assert.Equal("CONTACT_IDS", child.GetProperty("audience").GetProperty("source").GetString());
        Assert.Equal(3, child.GetProperty("audience").Long("contactCount"));

        var again = await alice.PostAsync("mutation($c: ID!) { splitCampaignBy(campaignId: $c, column: \"Region\") { id } }", new { c = source });
        Assert.Equal("INVALID_TRANSITION", again.ErrorCode);
        var other = await EndToEnd.CreateCampaignAsync(alice, "No upload");
        Assert.Equal("INVALID_TRANSITION", (await alice.PostAsync("mutation($c: ID!) { splitCampaignBy(campaignId: $c, field: TIMEZONE) { id } }", new { c = other })).ErrorCode);
    }
}
