using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.ContactDirectory;

/// <summary>A contact of the org's directory as the api shows it (with whether its phone is suppressed now).</summary>
public sealed record DirectoryContact(
    string Identifier,
    string Phone,
    string? PhoneExtension,
    string? Timezone,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Company,
    string? CrmId,
    Consent Consent,
    string? PostalCode,
    string? Country,
    string? CustomJson,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    string LastUploadId,
    bool Suppressed);

/// <summary>An upload a contact was in.</summary>
public sealed record ContactUpload(string UploadId, string CampaignId, string FileName, UploadStatus Status, DateTimeOffset SeenAt);

/// <summary>A campaign a contact was in, and whether it was dialled there.</summary>
public sealed record ContactCampaign(string CampaignId, string Name, CampaignStatus Status, bool Dialled);

/// <summary>The api's reads of the directory: pages of contacts, one contact's uploads and campaigns, pasted ids, segment ids.</summary>
public sealed partial class DirectoryStore
{
    private const string ContactColumns =
        """
        c.identifier, c.phone, c.phone_ext, c.timezone, c.first_name, c.last_name, c.email, c.company, c.crm_id, c.consent,
        c.postal_code, c.country, c.custom::text, c.first_seen_at, c.updated_at, c.last_upload_id,
        EXISTS (SELECT 1 FROM suppressions s WHERE s.org_id = c.org_id AND s.phone = c.phone)
        """;

    private const string SearchFilter =
        """
        c.org_id = @o AND (@search::text IS NULL
            OR c.identifier ILIKE '%' || @search || '%' OR c.phone LIKE '%' || @search || '%'
            OR c.first_name ILIKE '%' || @search || '%' OR c.last_name ILIKE '%' || @search || '%'
            OR c.company ILIKE '%' || @search || '%' OR c.email ILIKE '%' || @search || '%' OR c.crm_id ILIKE '%' || @search || '%')
        """;

    /// <summary>A page of the org's contacts by identifier after <paramref name="afterIdentifier"/>, optionally matching <paramref name="search"/>.</summary>
    public async Task<Page<DirectoryContact>> ContactsAsync(string orgId, string? afterIdentifier, string? search, int first, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ContactColumns} FROM org_contacts c WHERE {SearchFilter} AND (@after::text IS NULL OR c.identifier > @after) ORDER BY c.identifier LIMIT @limit");
        AddSearch(command, orgId, search);
        command.Parameters.Add(KeysetPage.Text("after", afterIdentifier));
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM org_contacts c WHERE {SearchFilter}");
        AddSearch(count, orgId, search);
        return await KeysetPage.ReadAsync(command, first, ReadContact, count, cancellationToken);
    }

    /// <summary>Contacts by identifier, in the order asked (unknown ones left out).</summary>
    public async Task<List<DirectoryContact>> ContactsByIdAsync(string orgId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ContactColumns} FROM unnest(@ids) WITH ORDINALITY AS w(identifier, n) JOIN org_contacts c ON c.org_id = @o AND c.identifier = w.identifier ORDER BY w.n");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("ids", identifiers.ToArray());
        var contacts = new List<DirectoryContact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            contacts.Add(ReadContact(reader));
        }

        return contacts;
    }

    /// <summary>The uploads a contact was in, latest first.</summary>
    public async Task<IReadOnlyList<ContactUpload>> UploadsOfAsync(string orgId, string identifier, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT u.upload_id, i.campaign_id, i.file_name, i.status, u.seen_at
              FROM org_contact_uploads u JOIN upload_index i ON i.org_id = u.org_id AND i.upload_id = u.upload_id
             WHERE u.org_id = @o AND u.identifier = @id
             ORDER BY u.seen_at DESC
            """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("id", identifier);
        var uploads = new List<ContactUpload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            uploads.Add(new ContactUpload(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), Pipeline.Reporting.ContractNames.TryParse<UploadStatus>(reader.GetString(3), out var status) ? status : UploadStatus.Error, Utc(reader.GetDateTime(4))));
        }

        return uploads;
    }

    /// <summary>Campaigns the contact was in: by an upload, by pasted ids, or dialled (segments show once launched).</summary>
    public async Task<IReadOnlyList<ContactCampaign>> CampaignsOfAsync(string orgId, string identifier, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.campaign_id, c.name, c.status,
                   EXISTS (SELECT 1 FROM dial_tasks t WHERE t.org_id = @o AND t.campaign_id = c.campaign_id AND t.identifier = @id)
              FROM campaign_index c
             WHERE c.org_id = @o AND c.campaign_id IN (
                   SELECT i.campaign_id FROM org_contact_uploads u JOIN upload_index i ON i.org_id = u.org_id AND i.upload_id = u.upload_id
                    WHERE u.org_id = @o AND u.identifier = @id
                   UNION SELECT campaign_id FROM dial_tasks WHERE org_id = @o AND identifier = @id
                   UNION SELECT campaign_id FROM audience_contact_ids WHERE org_id = @o AND identifier = @id)
             ORDER BY c.updated_at DESC
            """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("id", identifier);
        var campaigns = new List<ContactCampaign>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            campaigns.Add(new ContactCampaign(reader.GetString(0), reader.GetString(1), Enum.Parse<CampaignStatus>(reader.GetString(2)), reader.GetBoolean(3)));
        }

        return campaigns;
    }

    /// <summary>A draft's first <paramref name="limit"/> pasted ids, in paste order.</summary>
    public async Task<IReadOnlyList<string>> PastedIdsAsync(string orgId, string campaignId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT identifier FROM audience_contact_ids WHERE org_id = @o AND campaign_id = @c ORDER BY position LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A page of the org's live segments (newest id first) after <paramref name="afterId"/>, as ids: the grains answer the rest.</summary>
    public async Task<Page<string>> SegmentIdsAsync(string orgId, string? afterId, int first, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT segment_id FROM segments WHERE org_id = @o AND deleted_at IS NULL AND (@after::text IS NULL OR segment_id < @after) ORDER BY segment_id DESC LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(KeysetPage.Text("after", afterId));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM segments WHERE org_id = @o AND deleted_at IS NULL");
        count.Parameters.AddWithValue("o", orgId);
        return await KeysetPage.ReadAsync(command, first, r => r.GetString(0), count, cancellationToken);
    }

    private static void AddSearch(NpgsqlCommand command, string orgId, string? search)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(KeysetPage.Text("search", string.IsNullOrWhiteSpace(search) ? null : search.Trim()));
    }

    private static DirectoryContact ReadContact(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new DirectoryContact(
            reader.GetString(0), reader.GetString(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8),
            (Consent)reader.GetInt16(9), Text(10), Text(11), Text(12), Utc(reader.GetDateTime(13)), Utc(reader.GetDateTime(14)),
            reader.GetString(15), reader.GetBoolean(16));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
