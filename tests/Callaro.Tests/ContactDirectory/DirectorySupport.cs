using System.Globalization;
using System.Text;
using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Tests.Infrastructure;
using Npgsql;

namespace Callaro.Tests.DirectoryTests;

/// <summary>Contact files with company, country and a custom region, and the mapping that reads them.</summary>
internal static class DirectoryCsv
{
    public const string Header = "Contact ID,First Name,Phone Number,Time Zone,Company,Country,Region";

    public static readonly IReadOnlyList<ColumnMapping> Mapping =
    [
        new("Contact ID", ContactField.Identifier),
        new("First Name", ContactField.FirstName),
        new("Phone Number", ContactField.Phone),
        new("Time Zone", ContactField.Timezone),
        new("Company", ContactField.Company),
        new("Country", ContactField.Country),
        new("Region", ContactField.Custom, "region"),
    ];

    public static string Of(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    /// <summary>A valid US contact: phone number <paramref name="phone"/> of <see cref="ContactCsv.Phone"/>.</summary>
    public static string Row(string id, int phone, string company = "", string region = "", string timezone = "America/New_York") =>
        $"{id},Name {id},{ContactCsv.Phone(phone)},{timezone},{company},US,{region}";

    /// <summary>N contacts <c>{prefix}0..</c> with phones from <paramref name="firstPhone"/> on, all at one company.</summary>
    public static string Many(string prefix, int count, int firstPhone, Func<int, string> company)
    {
        var builder = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            builder.Append(Row($"{prefix}{i}", firstPhone + i, company(i))).Append('\n');
        }

        return builder.ToString();
    }
}

/// <summary>A contact as the directory holds it.</summary>
internal sealed record DirectoryRow(string Identifier, string Phone, string? Company, string? Timezone, DateTime FirstSeenAt, DateTime UpdatedAt, string LastUploadId);

/// <summary>One org of its own (so tests never see each other's directory), its people, and the steps every test repeats.</summary>
internal sealed class DirectoryOrg
{
    public static readonly Schedule ContactLocal = new(ScheduleMode.ContactLocal, null, "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05");
    public static readonly Schedule Fixed = new(ScheduleMode.FixedTimezone, "America/Chicago", "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05");
    public static readonly Outcomes Outcomes = new(["connected", "voicemail"], null, []);

    private readonly GrainCluster fixture;

    public DirectoryOrg(GrainCluster fixture, string? orgId = null)
    {
        this.fixture = fixture;
        OrgId = orgId ?? $"org-dir-{Guid.NewGuid():N}";
        Owner = new Actor(OrgId, "olga", [Role.SalesOps]);
        Compliance = new Actor(OrgId, "cleo", [Role.Compliance]);
        Uploads = new UploadDriver(fixture.Client, Owner, fixture.ConnectionString);
    }

    public string OrgId { get; }

    public Actor Owner { get; }

    public Actor Compliance { get; }

    public UploadDriver Uploads { get; }

    public ICampaignGrain Campaign(string id) => Uploads.Campaign(id);

    public ISegmentGrain Segment(string id) => fixture.Client.GetGrain<ISegmentGrain>(GrainKeys.Scoped(OrgId, id));

    public ISuppressionGrain Suppressions => fixture.Client.GetGrain<ISuppressionGrain>(OrgId);

    public Task<string> NewCampaignAsync(string name = "Directory") => Uploads.NewCampaignAsync(name);

    /// <summary>A new campaign with a STAGED upload of the file (not attached).</summary>
    public async Task<(string CampaignId, UploadView Upload)> StageAsync(string csv, string name = "Directory", UploadOptionsPatch? options = null)
    {
        var campaignId = await NewCampaignAsync(name);
        var staged = await Uploads.ValidateAsync(await Uploads.ReceiveAsync(campaignId, csv), options, DirectoryCsv.Mapping);
        Assert.Equal(UploadStatus.Staged, staged.Status);
        return (campaignId, staged);
    }

    /// <summary>saveDraft, then waits until the attached upload's contacts are in the directory (that runs after the answer).</summary>
    public async Task<CampaignView> SaveDraftAsync(string campaignId)
    {
        var saved = await Campaign(campaignId).SaveDraftAsync(Owner);
        Assert.True(saved.IsSuccess, saved.Fault?.Message);
        await Uploads.UntilAsync(saved.Value!.Audience.UploadId!, upload => upload.InDirectoryAt is not null, "to reach the directory");

        return saved.Value;
    }

    /// <summary>Staged, with its excluded rows acknowledged: what a split needs.</summary>
    public async Task<(string CampaignId, UploadView Upload)> StageAcknowledgedAsync(string csv, string name = "Directory", UploadOptionsPatch? options = null)
    {
        var (campaignId, staged) = await StageAsync(csv, name, options);
        var acknowledged = await Uploads.Upload(staged.Id).AcknowledgeRejectionsAsync("checked", Owner);
        Assert.True(acknowledged.IsSuccess, acknowledged.Fault?.Message);
        return (campaignId, acknowledged.Value!);
    }

    /// <summary>A new campaign whose upload is saved into the draft: its dialable contacts join the directory.</summary>
    public async Task<(string CampaignId, UploadView Upload)> AttachAsync(string csv, string name = "Directory", UploadOptionsPatch? options = null)
    {
        var (campaignId, staged) = await StageAsync(csv, name, options);
        await SaveDraftAsync(campaignId);
        var attached = (await Uploads.Upload(staged.Id).GetAsync())!;
        Assert.Equal(UploadStatus.Attached, attached.Status);
        return (campaignId, attached);
    }

    public async Task<CampaignView> SetScheduleAndOutcomesAsync(ICampaignGrain campaign, Schedule? schedule = null)
    {
        Ok(await campaign.SetScheduleAsync(schedule ?? ContactLocal, null, Owner));
        return Ok(await campaign.SetOutcomesAsync(Outcomes, null, Owner));
    }

    public async Task<CampaignView> SignOffAsync(ICampaignGrain campaign)
    {
        Ok(await campaign.SignOffAsync(SignOffRole.Owner, null, Owner));
        return Ok(await campaign.SignOffAsync(SignOffRole.Compliance, null, Compliance));
    }

    /// <summary>Schedule, outcomes and both sign-offs: what stands between an audience and launch.</summary>
    public async Task<CampaignView> MakeLaunchableAsync(ICampaignGrain campaign, Schedule? schedule = null)
    {
        await SetScheduleAndOutcomesAsync(campaign, schedule);
        return await SignOffAsync(campaign);
    }

    public async Task<SegmentView> CreateSegmentAsync(string segmentId, string name, params SegmentCondition[] conditions) =>
        Ok(await Segment(segmentId).CreateAsync(name, conditions, Owner));

    public Task<IReadOnlyList<string>> DialTaskIdsAsync(string campaignId) =>
        Sql.StringsAsync(fixture.ConnectionString, "SELECT identifier FROM dial_tasks WHERE org_id = @o AND campaign_id = @c ORDER BY task_no", ("o", OrgId), ("c", campaignId));

    public Task<IReadOnlyList<string>> DirectoryIdsAsync() =>
        Sql.StringsAsync(fixture.ConnectionString, "SELECT identifier FROM org_contacts WHERE org_id = @o ORDER BY identifier", ("o", OrgId));

    public Task<IReadOnlyList<string>> PastedIdsAsync(string campaignId) =>
        Sql.StringsAsync(fixture.ConnectionString, "SELECT identifier FROM audience_contact_ids WHERE org_id = @o AND campaign_id = @c ORDER BY position", ("o", OrgId), ("c", campaignId));

    public async Task<DirectoryRow?> ContactAsync(string identifier)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT identifier, phone, company, timezone, first_seen_at, updated_at, last_upload_id FROM org_contacts WHERE org_id = @o AND identifier = @i", connection);
        command.Parameters.AddWithValue("o", OrgId);
        command.Parameters.AddWithValue("i", identifier);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new DirectoryRow(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetDateTime(4),
            reader.GetDateTime(5),
            reader.GetString(6));
    }

    /// <summary>Puts a contact straight into the directory (e.g. one without a time zone, which no upload of ours makes).</summary>
    public async Task InsertContactAsync(string identifier, string phone, string? timezone)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO org_contacts (org_id, identifier, phone, timezone, consent, first_seen_at, updated_at, last_upload_id)
            VALUES (@o, @i, @p, @tz, 0, now(), now(), 'upl_by_hand')
            """,
            connection);
        insert.Parameters.AddWithValue("o", OrgId);
        insert.Parameters.AddWithValue("i", identifier);
        insert.Parameters.AddWithValue("p", phone);
        insert.Parameters.Add(new NpgsqlParameter("tz", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)timezone ?? DBNull.Value });
        await insert.ExecuteNonQueryAsync();
    }

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.Fault?.Message);
        return result.Value!;
    }

    public static ReadinessCheck Check(CampaignView view, string key) => view.Readiness.Checks.Single(c => c.Key == key);
}

internal static class Sql
{
    public static async Task<IReadOnlyList<string>> StringsAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? string.Empty : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
