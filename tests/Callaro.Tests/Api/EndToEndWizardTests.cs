using System.Net;
using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>The wizard as a client drives it: GraphQL over HTTP, a multipart upload, live status over graphql-transport-ws.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class EndToEndWizardTests(ApiCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ProcessCluster Callaro => fixture.Processes;

    /// <summary>12 data rows, CRLF, a blank line, a quoted comma, a formula, spreadsheet damage, a duplicate, a missing id, a bad zone.</summary>
    private static byte[] MessyCsv()
    {
        var lines = new[]
        {
            ContactCsv.Header,
            "c1,Ann,(212) 200-0001,America/New_York,yes",
            "c2,=SUM(A1:A2),12,America/New_York,yes",
            "c3,\"Doe, Jane\",4.15E+09,America/Chicago,yes",
            "c4,Dup,(212) 200-0001,America/New_York,yes",
            ",NoId,(212) 200-0005,America/New_York,yes",
            "c6,Tz,(212) 200-0006,Mars/Olympus,yes",
            string.Empty,
            "c7,Gus,+1 212 200 0007,America/New_York,yes",
            ContactCsv.Row(8),
            ContactCsv.Row(9),
            ContactCsv.Row(10),
            ContactCsv.Row(11),
            ContactCsv.Row(12),
        };
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
    }

    [Fact]
    public async Task The_whole_wizard_runs_through_GraphQL_from_a_multipart_upload_to_a_launch_that_creates_one_task_per_accepted_contact()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        using var carla = Callaro.Http(ProcessCluster.KeyCompliance);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E wizard");

        // Upload as GraphQL clients do: multipart request with the preflight header.
        var uploaded = await EndToEnd.UploadMultipartAsync(alice, campaignId, MessyCsv(), "messy.csv");
        Assert.Equal(HttpStatusCode.OK, uploaded.Status);
        var upload = uploaded.Ok().GetProperty("uploadContacts");
        var uploadId = upload.GetProperty("id").GetString()!;
        Assert.Equal(campaignId, upload.GetProperty("campaignId").GetString());
        Assert.Equal("MAPPING", upload.GetProperty("status").GetString());
        Assert.Equal(["Contact ID", "First Name", "Phone Number", "Time Zone", "Opt In"], upload.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Contains(upload.GetProperty("suggestedMapping").EnumerateArray(), m => m.GetProperty("column").GetString() == "Phone Number" && m.GetProperty("field").GetString() == "PHONE");

        // Preview: sample rows with their cells, issues highlighted.
        var preview = (await alice.PostAsync(
            "query($u: ID!) { upload(id: $u) { preview(first: 20) { rowNumber cells { column value normalized field } issues { code severity column message } } } }",
            new { u = uploadId })).Ok().GetProperty("upload").GetProperty("preview");
        Assert.True(preview.GetArrayLength() >= 10, preview.ToString());
        var first = preview[0];
        Assert.Equal(2, first.Long("rowNumber"));
        Assert.Contains(first.GetProperty("cells").EnumerateArray(), c => c.GetProperty("column").GetString() == "Phone Number" && c.GetProperty("value").GetString() == "(212) 200-0001");
        var precisionLost = preview.EnumerateArray().Single(r => r.Long("rowNumber") == 4);
        Assert.Contains(precisionLost.GetProperty("issues").EnumerateArray(), i => i.GetProperty("severity").GetString() == "ERROR");

        // Confirm the mapping, then wait for STAGED on the live stream.
        await using (var socket = await EndToEnd.SubscribeUploadAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId))
        {
            var confirmed = await EndToEnd.ConfirmAsync(alice, uploadId);
            Assert.Contains(confirmed.GetProperty("status").GetString(), new[] { "VALIDATING", "STAGED" });
            var (events, completed) = await EndToEnd.CollectUploadEventsAsync(socket, "u", EndToEnd.StatusIs("STAGED", "ERROR"), Patience);
            Assert.False(completed);
            Assert.Equal("STAGED", events[^1].GetProperty("status").GetString());
        }

        var staged = (await alice.PostAsync($"query($u: ID!) {{ upload(id: $u) {{ {EndToEnd.UploadFields} }} }}", new { u = uploadId })).Ok().GetProperty("upload");
        var counts = staged.GetProperty("counts");
        Assert.Equal(12, counts.Long("totalRows"));
        EndToEnd.AssertCountsAddUp(counts);
        var accepted = counts.Long("accepted");
        Assert.Equal(7, accepted); // c1, c7, c8..c12
        Assert.Equal(1, counts.Long("duplicates")); // c4 repeats c1's phone
        var excluded = counts.Long("rejected") + counts.Long("duplicates") + counts.Long("suppressed");
        Assert.Equal(excluded, counts.GetProperty("byReason").EnumerateArray().Sum(r => r.Long("count")));

        // Rejections, paged two at a time: every excluded row exactly once, in row order.
        var rows = new List<JsonElement>();
        string? after = null;
        long total;
        do
        {
            var page = (await alice.PostAsync(
                "query($u: ID!, $a: String) { upload(id: $u) { rejections(first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { rowNumber reasons values message } } } }",
                new { u = uploadId, a = after })).Ok().GetProperty("upload").GetProperty("rejections");
            total = page.Long("totalCount");
            Assert.True(page.GetProperty("nodes").GetArrayLength() <= 2);
            rows.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.Clone()));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        Assert.Equal(excluded, total);
        Assert.Equal(total, rows.Count);
        var numbers = rows.Select(r => r.Long("rowNumber")).ToList();
        Assert.Equal(numbers.OrderBy(n => n).Distinct(), numbers);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], numbers); // the blank line (row 8) is no row; c7 is row 9
        var formulaRow = rows.Single(r => r.Long("rowNumber") == 3);
        Assert.Equal("=SUM(A1:A2)", formulaRow.GetProperty("values").GetProperty("First Name").GetString());
        Assert.Contains("DUPLICATE", rows.Single(r => r.Long("rowNumber") == 5).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("MISSING_IDENTIFIER", rows.Single(r => r.Long("rowNumber") == 6).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("TIMEZONE_UNKNOWN", rows.Single(r => r.Long("rowNumber") == 7).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // Filtered by reason.
        var lost = (await alice.PostAsync(
            "query($u: ID!) { upload(id: $u) { rejections(first: 10, reason: PHONE_PRECISION_LOST) { totalCount nodes { rowNumber reasons } } } }",
            new { u = uploadId })).Ok().GetProperty("upload").GetProperty("rejections");
        Assert.Equal(1, lost.Long("totalCount"));
        Assert.Equal(4, lost.GetProperty("nodes")[0].Long("rowNumber"));
        Assert.Contains("PHONE_PRECISION_LOST", lost.GetProperty("nodes")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // The rejection report, downloaded with the key.
        var reportUrl = staged.GetProperty("rejectionReportUrl").GetString()!;
        using (var anonymous = new HttpClient())
        {
            using var refused = await anonymous.GetAsync(new Uri(reportUrl));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var report = await alice.GetAsync(new Uri(reportUrl));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.StartsWith("text/csv", report.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var reportText = Encoding.UTF8.GetString(await report.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var reportLines = reportText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row_number,Contact ID,First Name,Phone Number,Time Zone,Opt In,reason_codes,messages,normalized_phone", reportLines[0]);
        Assert.Equal(total + 1, reportLines.Length);
        var formulaLine = reportLines.Single(l => l.StartsWith("3,", StringComparison.Ordinal));
        Assert.StartsWith("3,c2,'=SUM(A1:A2),12,America/New_York,yes,", formulaLine, StringComparison.Ordinal);
        Assert.Contains(reportLines, l => l.StartsWith("4,c3,\"Doe, Jane\",4.15E+09,", StringComparison.Ordinal) && l.Contains("PHONE_PRECISION_LOST", StringComparison.Ordinal));

        // Schedule, outcomes, save (attaches the staged upload), acknowledge, sign-offs.
        (await alice.PostAsync(
            "mutation($c: ID!) { setSchedule(campaignId: $c, input: { mode: CONTACT_LOCAL, windowStart: \"09:00\", windowEnd: \"17:00\", days: [MON, TUE, WED, THU, FRI], startDate: \"2027-01-04\" }) { version schedule { mode } } }",
            new { c = campaignId })).Ok();
        (await alice.PostAsync(
            "mutation($c: ID!) { setOutcomes(campaignId: $c, input: { dispositions: [\"connected\", \"voicemail\", \"no_answer\"], crmObject: \"Lead\" }) { version } }",
            new { c = campaignId })).Ok();
        var saved = (await alice.PostAsync(
            "mutation($c: ID!) { saveDraft(campaignId: $c) { status readiness { ready checks { key passed message } } audience { contactCount upload { id status } } } }",
            new { c = campaignId })).Ok().GetProperty("saveDraft");
        Assert.Equal(uploadId, saved.GetProperty("audience").GetProperty("upload").GetProperty("id").GetString());
        Assert.Equal("ATTACHED", saved.GetProperty("audience").GetProperty("upload").GetProperty("status").GetString());
        Assert.Equal(accepted, saved.GetProperty("audience").Long("contactCount"));
        var checks = saved.GetProperty("readiness").GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("passed").GetBoolean());
        Assert.False(saved.GetProperty("readiness").GetProperty("ready").GetBoolean());
        Assert.False(checks["rejections.acknowledged"]);
        Assert.False(checks["signoff.owner"]);
        Assert.True(checks["upload.attached"]);

        // Launch before everything is green is refused with NOT_READY.
        var early = await alice.PostAsync("mutation($c: ID!) { launchCampaign(campaignId: $c) { status } }", new { c = campaignId });
        Assert.Equal("NOT_READY", early.ErrorCode);

        var acknowledged = (await alice.PostAsync(
            "mutation($u: ID!) { acknowledgeRejections(uploadId: $u, note: \"fixed upstream\") { rejectionsAcknowledged } }",
            new { u = uploadId })).Ok();
        Assert.True(acknowledged.GetProperty("acknowledgeRejections").GetProperty("rejectionsAcknowledged").GetBoolean());

        // Only COMPLIANCE signs off as compliance; alice (the owner) signs off as owner.
        var wrongRole = await alice.PostAsync("mutation($c: ID!) { signOff(campaignId: $c, role: COMPLIANCE) { version } }", new { c = campaignId });
        Assert.Equal("FORBIDDEN", wrongRole.ErrorCode);
        (await alice.PostAsync("mutation($c: ID!) { signOff(campaignId: $c, role: OWNER, note: \"mine\") { version } }", new { c = campaignId })).Ok();
        var signed = (await carla.PostAsync(
            "mutation($c: ID!) { signOff(campaignId: $c, role: COMPLIANCE) { signOffs { role userId } readiness { ready checks { key passed message } } } }",
            new { c = campaignId })).Ok().GetProperty("signOff");
        Assert.True(signed.GetProperty("readiness").GetProperty("ready").GetBoolean(), signed.ToString());
        Assert.Equal(
            ["COMPLIANCE:carla", "OWNER:alice"],
            signed.GetProperty("signOffs").EnumerateArray().Select(s => $"{s.GetProperty("role").GetString()}:{s.GetProperty("userId").GetString()}").Order(StringComparer.Ordinal).ToArray());

        // Launch.
        var launched = (await alice.PostAsync(
            "mutation($c: ID!) { launchCampaign(campaignId: $c) { status taskCount launchedAt audience { upload { status consumedAt } } } }",
            new { c = campaignId })).Ok().GetProperty("launchCampaign");
        Assert.Equal("LAUNCHED", launched.GetProperty("status").GetString());
        Assert.Equal(accepted, launched.Long("taskCount"));
        Assert.Equal(JsonValueKind.String, launched.GetProperty("launchedAt").ValueKind);
        Assert.Equal("CONSUMED", launched.GetProperty("audience").GetProperty("upload").GetProperty("status").GetString());

        // Tasks, paged three at a time.
        var tasks = new List<JsonElement>();
        after = null;
        do
        {
            var page = (await alice.PostAsync(
                "query($c: ID!, $a: String) { campaign(id: $c) { tasks(first: 3, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { id contactIdentifier phone timezone status } } } }",
                new { c = campaignId, a = after })).Ok().GetProperty("campaign").GetProperty("tasks");
            Assert.Equal(accepted, page.Long("totalCount"));
            tasks.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.Clone()));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        Assert.Equal(accepted, tasks.Count);
        Assert.Equal(tasks.Count, tasks.Select(t => t.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(
            ["c1", "c10", "c11", "c12", "c7", "c8", "c9"],
            tasks.Select(t => t.GetProperty("contactIdentifier").GetString()!).Order(StringComparer.Ordinal).ToArray());
        var c1 = tasks.Single(t => t.GetProperty("contactIdentifier").GetString() == "c1");
        Assert.Equal("+12122000001", c1.GetProperty("phone").GetString());
        Assert.Equal("America/New_York", c1.GetProperty("timezone").GetString());

        var uploadAfter = (await alice.PostAsync("query($u: ID!) { upload(id: $u) { status consumedAt } }", new { u = uploadId })).Ok().GetProperty("upload");
        Assert.Equal("CONSUMED", uploadAfter.GetProperty("status").GetString());

        // Launching again creates no more tasks (refused, or answered with the same campaign).
        var again = await alice.PostAsync("mutation($c: ID!) { launchCampaign(campaignId: $c) { status taskCount } }", new { c = campaignId });
        if (again.HasErrors)
        {
            Assert.Equal("INVALID_TRANSITION", again.ErrorCode);
        }
        else
        {
            Assert.Equal(accepted, again.Data.GetProperty("launchCampaign").Long("taskCount"));
        }

        var final = (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { status taskCount tasks(first: 1) { totalCount } } }", new { c = campaignId })).Ok().GetProperty("campaign");
        Assert.Equal("LAUNCHED", final.GetProperty("status").GetString());
        Assert.Equal(accepted, final.Long("taskCount"));
        Assert.Equal(accepted, final.GetProperty("tasks").Long("totalCount"));
    }

    [Fact]
    public async Task UploadStatusChanged_sends_the_current_state_first_then_every_status_in_lifecycle_order_and_completes_after_CONSUMED()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E events");
        var uploaded = await EndToEnd.UploadMultipartAsync(alice, campaignId, EndToEnd.ValidFile(60_000));
        var uploadId = uploaded.Ok().GetProperty("uploadContacts").GetProperty("id").GetString()!;

        await using var socket = await EndToEnd.SubscribeUploadAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId);
        var (current, _) = await EndToEnd.CollectUploadEventsAsync(socket, "u", _ => true, Patience);
        Assert.Equal("MAPPING", current[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, current[0].GetProperty("previousStatus").ValueKind);

        await EndToEnd.ConfirmAsync(alice, uploadId);
        var (toStaged, completed) = await EndToEnd.CollectUploadEventsAsync(socket, "u", EndToEnd.StatusIs("STAGED", "ERROR"), Patience);
        Assert.False(completed);

        // A late subscriber first gets the current state: STAGED, with the final counts.
        var late = await EndToEnd.WaitForStatusAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId, TimeSpan.FromSeconds(20), "STAGED", "ATTACHED", "CONSUMED", "ERROR");
        Assert.Equal("STAGED", late.GetProperty("status").GetString());
        Assert.Equal(60_000, late.GetProperty("upload").GetProperty("counts").Long("accepted"));

        (await alice.PostAsync(
            "mutation($c: ID!) { setSchedule(campaignId: $c, input: { mode: FIXED_TIMEZONE, timezone: \"America/New_York\", windowStart: \"09:00\", windowEnd: \"17:00\", days: [MON, TUE, WED, THU, FRI], startDate: \"2027-01-04\" }) { version } }",
            new { c = campaignId })).Ok();
        (await alice.PostAsync("mutation($c: ID!) { setOutcomes(campaignId: $c, input: { dispositions: [\"connected\"] }) { version } }", new { c = campaignId })).Ok();
        (await alice.PostAsync("mutation($c: ID!) { saveDraft(campaignId: $c) { version } }", new { c = campaignId })).Ok();
        (await alice.PostAsync("mutation($u: ID!) { acknowledgeRejections(uploadId: $u) { rejectionsAcknowledged } }", new { u = uploadId })).Ok();
        (await alice.PostAsync("mutation($c: ID!) { signOff(campaignId: $c, role: OWNER) { version } }", new { c = campaignId })).Ok();
        using (var carla = Callaro.Http(ProcessCluster.KeyCompliance))
        {
            (await carla.PostAsync("mutation($c: ID!) { signOff(campaignId: $c, role: COMPLIANCE) { version } }", new { c = campaignId })).Ok();
        }

        var launched = (await alice.PostAsync("mutation($c: ID!) { launchCampaign(campaignId: $c) { status taskCount } }", new { c = campaignId })).Ok();
        Assert.Equal(60_000, launched.GetProperty("launchCampaign").Long("taskCount"));

        var (toEnd, ended) = await EndToEnd.CollectUploadEventsAsync(socket, "u", _ => false, Patience);
        Assert.True(ended, "the stream completes after CONSUMED");

        var all = current.Concat(toStaged).Concat(toEnd).ToList();
        var statuses = all.Select(e => e.GetProperty("status").GetString()!).ToList();
        var lifecycle = new[] { "RECEIVING", "MAPPING", "VALIDATING", "STAGED", "ATTACHED", "CONSUMED" };
        var ranks = statuses.Select(s => Array.IndexOf(lifecycle, s)).ToList();
        Assert.DoesNotContain(-1, ranks);
        Assert.Equal(ranks.Order(), ranks); // never backwards
        var distinct = statuses.Distinct().ToList();
        Assert.Equal(["MAPPING", "VALIDATING", "STAGED", "ATTACHED", "CONSUMED"], distinct);
        Assert.Equal("CONSUMED", statuses[^1]);

        // previousStatus is the status of the event before, set on every status change.
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(statuses[i - 1], all[i].GetProperty("previousStatus").GetString());
        }

        // Progress while validating only grows.
        var validated = all.Select(e => e.GetProperty("upload").GetProperty("progress").Long("rowsValidated")).ToList();
        Assert.Equal(validated.Order(), validated);
        Assert.Equal(60_000, validated[^1]);

        // After complete the socket stays usable and nothing more arrives for this operation: the server answers a
        // ping, and its frames keep their order, so anything it still had for this operation would come before the pong.
        await socket.SendAsync(new { type = "ping" });
        var answer = await socket.ReceiveAsync();
        Assert.True(answer.GetProperty("type").GetString() == "pong", answer.ToString());
    }

    [Fact]
    public async Task Another_org_sees_nothing_of_org_a_campaigns_and_uploads_in_queries_mutations_subscriptions_reports_and_ops()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        using var bob = Callaro.Http(ProcessCluster.KeyB);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "Org A secret");
        var (putStatus, put) = await EndToEnd.PutAsync(alice, campaignId, Encoding.UTF8.GetBytes(ContactCsv.Of(ContactCsv.Row(1), "c2,Bad,12,America/New_York,yes")));
        Assert.Equal(HttpStatusCode.Created, putStatus);
        var uploadId = put.GetProperty("id").GetString()!;
        await EndToEnd.ConfirmAsync(alice, uploadId);
        await EndToEnd.WaitForStatusAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId, Patience, "STAGED", "ERROR");

        // Queries: null, never org-a's data.
        var seen = (await bob.PostAsync(
            "query($c: ID!, $u: ID!) { campaign(id: $c) { id name } upload(id: $u) { id rejections(first: 5) { totalCount } } campaigns(first: 100) { nodes { id } } }",
            new { c = campaignId, u = uploadId })).Ok();
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("campaign").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("upload").ValueKind);
        Assert.DoesNotContain(seen.GetProperty("campaigns").GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == campaignId);

        // Every mutation that takes an org-a id: NOT_FOUND, and nothing changes.
        var c = new { c = campaignId };
        var u = new { u = uploadId };
        var mutations = new (string Name, string Query, object Variables)[]
        {
            ("renameCampaign", "mutation($c: ID!) { renameCampaign(id: $c, name: \"pwned\") { id } }", c),
            ("confirmMapping", "mutation($u: ID!) { confirmMapping(uploadId: $u, mapping: [{ column: \"Phone Number\", field: PHONE }, { column: \"Contact ID\", field: IDENTIFIER }]) { id } }", u),
            ("acknowledgeRejections", "mutation($u: ID!) { acknowledgeRejections(uploadId: $u) { id } }", u),
            ("setSchedule", "mutation($c: ID!) { setSchedule(campaignId: $c, input: { mode: CONTACT_LOCAL, windowStart: \"09:00\", windowEnd: \"17:00\", days: [MON], startDate: \"2027-01-04\" }) { id } }", c),
            ("setOutcomes", "mutation($c: ID!) { setOutcomes(campaignId: $c, input: { dispositions: [\"x\"] }) { id } }", c),
            ("goToStep", "mutation($c: ID!) { goToStep(id: $c, step: SCHEDULE) { id } }", c),
            ("saveDraft", "mutation($c: ID!) { saveDraft(campaignId: $c) { id } }", c),
            ("signOff OWNER", "mutation($c: ID!) { signOff(campaignId: $c, role: OWNER) { id } }", c),
            ("signOff COMPLIANCE", "mutation($c: ID!) { signOff(campaignId: $c, role: COMPLIANCE) { id } }", c),
            ("launchCampaign", "mutation($c: ID!) { launchCampaign(campaignId: $c) { id } }", c),
            ("cancelCampaign", "mutation($c: ID!) { cancelCampaign(campaignId: $c) { id } }", c),
        };
        foreach (var (name, mutation, variables) in mutations)
        {
            var reply = await bob.PostAsync(mutation, variables);
            Assert.True(reply.ErrorCode == "NOT_FOUND", $"{name}: {reply.Body}");
            Assert.DoesNotContain("Org A secret", reply.Body.GetRawText(), StringComparison.Ordinal);
        }

        // Uploading into org-a's campaign by PUT.
        var (bobPut, bobBody) = await EndToEnd.PutAsync(bob, campaignId, EndToEnd.ValidFile(3));
        Assert.Equal(HttpStatusCode.NotFound, bobPut);
        Assert.Equal("NOT_FOUND", bobBody.Code());

        // Subscriptions: an error message with NOT_FOUND.
        await using (var socket = await GraphQLSocket.OpenAsync(Callaro.BaseAddress, ProcessCluster.KeyB))
        {
            await socket.SubscribeAsync("u", EndToEnd.UploadEventQuery, new { u = uploadId });
            var error = await socket.ReceiveForAsync("u");
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("NOT_FOUND", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

            await socket.SubscribeAsync("c", "subscription($c: ID!) { campaignUpdated(campaignId: $c) { id name } }", new { c = campaignId });
            error = await socket.ReceiveForAsync("c");
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("NOT_FOUND", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        }

        // The report URL.
        var reportUrl = (await alice.PostAsync("query($u: ID!) { upload(id: $u) { rejectionReportUrl } }", new { u = uploadId })).Ok().GetProperty("upload").GetProperty("rejectionReportUrl").GetString()!;
        using (var report = await bob.GetAsync(new Uri(reportUrl)))
        {
            Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
            Assert.DoesNotContain("America/New_York", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // ops.grainState with org-a's ids (bob has OPS in org-b).
        foreach (var (kind, key) in new[] { ("CAMPAIGN", campaignId), ("UPLOAD", uploadId), ("CONTACT_CHUNK", uploadId + "/0") })
        {
            var state = await bob.PostAsync("query($k: GrainKind!, $key: String!) { ops { grainState(kind: $k, key: $key) } }", new { k = kind, key });
            Assert.True(state.ErrorCode == "NOT_FOUND", $"{kind}: {state.Body}");
        }

        // Org A's draft is untouched.
        var mine = (await alice.PostAsync("query($c: ID!, $u: ID!) { campaign(id: $c) { name status signOffs { role } } upload(id: $u) { status rejectionsAcknowledged } }", new { c = campaignId, u = uploadId })).Ok();
        Assert.Equal("Org A secret", mine.GetProperty("campaign").GetProperty("name").GetString());
        Assert.Equal("DRAFT", mine.GetProperty("campaign").GetProperty("status").GetString());
        Assert.Equal(0, mine.GetProperty("campaign").GetProperty("signOffs").GetArrayLength());
        Assert.Equal("STAGED", mine.GetProperty("upload").GetProperty("status").GetString());
        Assert.False(mine.GetProperty("upload").GetProperty("rejectionsAcknowledged").GetBoolean());
    }
}
