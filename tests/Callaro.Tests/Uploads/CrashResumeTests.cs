using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Uploads;

/// <summary>A silo killed with SIGKILL in the middle of validation: the upload must finish with exactly the counts and rows of a clean run.</summary>
public sealed class CrashResumeTests : IAsyncLifetime
{
    private const int Rows = 120_000;
    private ProcessCluster callaro = null!;

    public async Task InitializeAsync() => callaro = await ProcessCluster.StartAsync(1, "crash", new Dictionary<string, string>
    {
        ["Callaro__Uploads__RowsPerChunk"] = "1000",
        ["Callaro__Uploads__Parallelism"] = "1",
    });

    public async Task DisposeAsync() => await callaro.DisposeAsync();

    [Fact]
    public async Task A_silo_killed_mid_validation_resumes_and_ends_with_the_counts_and_rows_of_a_clean_run()
    {
        var file = MessyFile(Rows);
        using var http = callaro.Http(ProcessCluster.KeyA);

        var crashed = await UploadAndConfirmAsync(http, file);
        var progress = await WaitAsync(http, crashed, u => u.GetProperty("progress").GetProperty("chunksDone").GetInt32() >= 5, TimeSpan.FromSeconds(60));
        Assert.Equal("VALIDATING", progress.GetProperty("status").GetString());

        callaro.Kill("silo-1");
        var doneAtKill = await TestDatabase.ScalarAsync<long>(callaro.ConnectionString, "SELECT count(*) FROM upload_chunk_results WHERE upload_id = @u", ("u", crashed));
        Assert.InRange(doneAtKill, 1, (Rows / 1000) - 1);

        await callaro.StartSiloAsync(1);

        // The api's cluster client finds the new silo on its own, which nothing announces: poll until the upload can
        // be read again (that read also wakes the upload on the new silo, which resumes it and announces progress).
        await Eventually.Async(
            async () => !(await http.PostAsync("query($u: ID!) { upload(id: $u) { status } }", new { u = crashed })).HasErrors,
            TimeSpan.FromSeconds(90),
            "the api to read the upload from the restarted silo");
        var resumed = await WaitAsync(http, crashed, u => u.GetProperty("status").GetString() != "VALIDATING", TimeSpan.FromSeconds(120));
        Assert.Equal("STAGED", resumed.GetProperty("status").GetString());
        Assert.Contains(resumed.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("Validation was interrupted", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("error").ValueKind);

        var clean = await UploadAndConfirmAsync(http, file);
        var reference = await WaitAsync(http, clean, u => u.GetProperty("status").GetString() != "VALIDATING", TimeSpan.FromSeconds(120));
        Assert.Equal("STAGED", reference.GetProperty("status").GetString());

        Assert.Equal(reference.GetProperty("counts").GetRawText(), resumed.GetProperty("counts").GetRawText());
        var counts = resumed.GetProperty("counts");
        Assert.Equal(Rows, counts.GetProperty("totalRows").GetInt64());
        Assert.Equal(
            counts.GetProperty("totalRows").GetInt64(),
            counts.GetProperty("accepted").GetInt64() + counts.GetProperty("rejected").GetInt64() + counts.GetProperty("duplicates").GetInt64() + counts.GetProperty("suppressed").GetInt64());

        foreach (var (table, upload) in new[] { ("upload_contacts", "upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u)"), ("upload_rejections", "upload_id = @u") })
        {
            var rows = await TestDatabase.ScalarAsync<long>(callaro.ConnectionString, $"SELECT count(*) FROM {table} WHERE {upload}", ("u", crashed));
            var distinct = await TestDatabase.ScalarAsync<long>(callaro.ConnectionString, $"SELECT count(DISTINCT row_number) FROM {table} WHERE {upload}", ("u", crashed));
            var expected = await TestDatabase.ScalarAsync<long>(callaro.ConnectionString, $"SELECT count(*) FROM {table} WHERE {upload}", ("u", clean));
            Assert.Equal(expected, rows);
            Assert.Equal(rows, distinct);
        }

        // Row by row, the same verdicts: the same rows excluded for the same reasons.
        const string Verdicts = "SELECT coalesce(string_agg(row_number || ':' || excluded, ',' ORDER BY row_number), '') FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u) AND excluded IS NOT NULL";
        var cleanVerdicts = await TestDatabase.ScalarAsync<string>(callaro.ConnectionString, Verdicts, ("u", clean));
        Assert.Contains(":DUPLICATE_IDENTIFIER", cleanVerdicts, StringComparison.Ordinal);
        Assert.Equal(cleanVerdicts, await TestDatabase.ScalarAsync<string>(callaro.ConnectionString, Verdicts, ("u", crashed)));
    }

    private static byte[] MessyFile(int rows)
    {
        var random = new Random(42);
        var builder = new StringBuilder("id,name,phone,tz\n");
        for (var i = 0; i < rows; i++)
        {
            // Duplicates within a chunk and across chunks (1,000 rows each), by phone and by identifier, so the
            // verdicts of chunks written before the kill decide those of chunks validated after it.
            var phone = (i % 50) switch
            {
                0 => "4.15E+09",
                1 => "12",
                2 => ContactCsv.Phone(i - 2),
                3 when i >= 1497 => ContactCsv.Phone(i - 1497),
                _ => ContactCsv.Phone(i),
            };
            var id = i % 50 == 4 && i >= 2001 ? i - 2001 : i;
            builder.Append(CultureInvariant(id)).Append(",Name ").Append(random.Next(1000)).Append(',').Append(phone).Append(i % 3 == 0 ? ",PST\n" : ",\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string CultureInvariant(int i) => "id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> UploadAndConfirmAsync(HttpClient http, byte[] file)
    {
        var campaign = (await http.PostAsync("mutation { createCampaign(input: { name: \"Crash\" }) { id } }")).Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
        using var body = new ByteArrayContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var put = await http.PutAsync(new Uri($"/uploads?campaignId={campaign}&fileName=crash.csv", UriKind.Relative), body);
        var uploaded = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
        Assert.True(put.IsSuccessStatusCode, uploaded.ToString());
        var uploadId = uploaded.GetProperty("id").GetString()!;

        var confirm = await http.PostAsync(
            "mutation($u: ID!) { confirmMapping(uploadId: $u, mapping: [{ column: \"id\", field: IDENTIFIER }, { column: \"phone\", field: PHONE }, { column: \"tz\", field: TIMEZONE }]) { status } }",
            new { u = uploadId });
        Assert.Equal("VALIDATING", confirm.Ok().GetProperty("confirmMapping").GetProperty("status").GetString());
        return uploadId;
    }

    /// <summary>Queries the upload again on each of its change notices (progress and status changes) until <paramref name="done"/> holds.</summary>
    private async Task<JsonElement> WaitAsync(HttpClient http, string uploadId, Func<JsonElement, bool> done, TimeSpan patience)
    {
        await using var changes = await ChangeListener.StartAsync(callaro.ConnectionString);
        return await changes.UntilAsync(
            uploadId,
            async () =>
            {
                var reply = await http.PostAsync(
                    "query($u: ID!) { upload(id: $u) { status notes error { code message } progress { chunksDone chunksTotal rowsValidated } counts { totalRows accepted rejected duplicates suppressed warnings byReason { reason count } } } }",
                    new { u = uploadId });
                return !reply.HasErrors && reply.Data.GetProperty("upload") is { ValueKind: JsonValueKind.Object } upload ? upload.Clone() : reply.Body;
            },
            upload => upload.TryGetProperty("status", out _) && done(upload),
            patience,
            $"upload {uploadId} to get there");
    }
}
