using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>One large upload watched live by several clients at once.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class EndToEndFanOutTests(ApiCluster fixture)
{
    private const int Rows = 100_000;
    private const int Watchers = 5;

    private ProcessCluster Callaro => fixture.Processes;

    [Fact]
    public async Task Five_clients_watching_a_10_MB_upload_while_it_streams_in_all_see_STAGED_with_the_same_counts()
    {
        using var alice = Callaro.Http(ProcessCluster.KeyA);
        var campaignId = await EndToEnd.CreateCampaignAsync(alice, "E2E fan-out");

        // ~10 MB: 100k rows, every 100th phone repeated so the counts are not trivial.
        var builder = new StringBuilder("Contact ID,First Name,Phone Number,Time Zone,Opt In,Notes\n");
        for (var i = 0; i < Rows; i++)
        {
            var phone = i % 100 == 99 ? ContactCsv.Phone(i - 1) : ContactCsv.Phone(i);
            builder.Append('c').Append(i).Append(",Name").Append(i).Append(',').Append(phone).Append(",America/New_York,yes,some free text to make the row longer\n");
        }

        var file = Encoding.UTF8.GetBytes(builder.ToString());
        Assert.InRange(file.Length, 9_000_000, 12_000_000);

        // Send the first 3 MB, hold the rest until the watchers are subscribed.
        const int split = 3 * 1024 * 1024;
        var content = new GatedContent(file[..split], file[split..]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var put = EndToEnd.PutAsync(alice, campaignId, content, "big.csv");
        await content.HeadSent.WaitAsync(TimeSpan.FromSeconds(30));

        // The upload is visible on the draft while its bytes are still arriving: read the draft again on each of its change notices.
        JsonElement audience;
        await using (var changes = await ChangeListener.StartAsync(Callaro.ConnectionString))
        {
            audience = await changes.UntilAsync(
                campaignId,
                async () => (await alice.PostAsync("query($c: ID!) { campaign(id: $c) { audience { upload { id status } } } }", new { c = campaignId })).Ok()
                    .GetProperty("campaign").GetProperty("audience").GetProperty("upload"),
                upload => upload.ValueKind == JsonValueKind.Object,
                TimeSpan.FromSeconds(30),
                "the upload to show on the draft");
        }

        Assert.False(put.IsCompleted, put.IsCompleted ? (await put).Body.ToString() : null);
        var uploadId = audience.GetProperty("id").GetString();
        Assert.Contains(audience.GetProperty("status").GetString(), new[] { "RECEIVING", "MAPPING" });

        var sockets = new List<GraphQLSocket>();
        try
        {
            for (var i = 0; i < Watchers; i++)
            {
                sockets.Add(await EndToEnd.SubscribeUploadAsync(Callaro.BaseAddress, ProcessCluster.KeyA, uploadId!));
            }

            // Each first gets the current state, while the file is still arriving.
            foreach (var socket in sockets)
            {
                var (first, _) = await EndToEnd.CollectUploadEventsAsync(socket, "u", _ => true, TimeSpan.FromSeconds(20));
                Assert.Contains(first[0].GetProperty("status").GetString(), new[] { "RECEIVING", "MAPPING" });
            }

            content.Release();
            var (status, body) = await put.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(status == HttpStatusCode.Created, body.ToString());
            Assert.Equal(file.Length, body.GetProperty("sizeBytes").GetInt64());
            Assert.Equal(uploadId, body.GetProperty("id").GetString());

            await EndToEnd.ConfirmAsync(alice, uploadId!);
            var finals = await Task.WhenAll(sockets.Select(async socket =>
            {
                var (events, completed) = await EndToEnd.CollectUploadEventsAsync(socket, "u", EndToEnd.StatusIs("STAGED", "ERROR"), TimeSpan.FromSeconds(180));
                Assert.False(completed);
                return events[^1];
            }));

            foreach (var final in finals)
            {
                Assert.Equal("STAGED", final.GetProperty("status").GetString());
            }

            var counts = finals.Select(f => f.GetProperty("upload").GetProperty("counts").GetRawText()).Distinct().ToList();
            Assert.Single(counts);
            var staged = finals[0].GetProperty("upload").GetProperty("counts");
            Assert.Equal(Rows, staged.Long("totalRows"));
            Assert.Equal(Rows / 100, staged.Long("duplicates"));
            Assert.Equal(Rows - (Rows / 100), staged.Long("accepted"));
            EndToEnd.AssertCountsAddUp(staged);
            Assert.All(finals, f => Assert.Equal(Rows, f.GetProperty("upload").GetProperty("progress").Long("rowsValidated")));

            // The query agrees with what the watchers saw.
            var queried = (await alice.PostAsync("query($u: ID!) { upload(id: $u) { counts { totalRows accepted rejected duplicates suppressed warnings } } }", new { u = uploadId })).Ok();
            Assert.Equal(counts[0], queried.GetProperty("upload").GetProperty("counts").GetRawText());
        }
        finally
        {
            content.Release();
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
