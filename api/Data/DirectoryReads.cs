using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Api.Data;

public sealed record ContactNode(
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

public sealed record ContactUploadNode(string UploadId, string CampaignId, string FileName, UploadStatus Status, DateTimeOffset SeenAt);

public sealed record ContactCampaignNode(string CampaignId, string Name, CampaignStatus Status, bool Dialled);

/// <summary>Reads of the org contact directory (written by the grains at attach): pages, one contact, pasted ids.</summary>
public sealed class DirectoryReads(NpgsqlDataSource dataSource)
{
    public const int MaxPastedIdsShown = 100_000;

    private const string Columns =
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

    public async Task<Connection<ContactNode>> ContactsAsync(string orgId, int first, string? after, string? search, CancellationToken cancellationToken)
    {
        ReadModels.CheckPage(first);
        var afterId = after is null ? null : ReadModels.DecodeText(after);
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM org_contacts c WHERE {SearchFilter} AND (@after::text IS NULL OR c.identifier > @after) ORDER BY c.identifier LIMIT @limit");
        AddSearch(command, orgId, search);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)afterId ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", first + 1);
        var nodes = await ReadContactsAsync(command, cancellationToken);
        var hasNext = nodes.Count > first;
        if (hasNext)
        {
            nodes.RemoveAt(nodes.Count - 1);
        }

        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM org_contacts c WHERE {SearchFilter}");
        AddSearch(count, orgId, search);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Connection<ContactNode>(nodes, new PageInfo(hasNext, nodes.Count == 0 ? null : ReadModels.EncodeText(nodes[^1].Identifier)), total);
    }

    public async Task<ContactNode?> ContactAsync(string orgId, string identifier, CancellationToken cancellationToken) =>
        (await ContactsByIdAsync(orgId, [identifier], cancellationToken)).FirstOrDefault();

    /// <summary>Contacts by identifier, in the order asked (unknown ones left out).</summary>
    public async Task<List<ContactNode>> ContactsByIdAsync(string orgId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM unnest(@ids) WITH ORDINALITY AS w(identifier, n) JOIN org_contacts c ON c.org_id = @o AND c.identifier = w.identifier ORDER BY w.n");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("ids", identifiers.ToArray());
        return await ReadContactsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ContactUploadNode>> UploadsOfAsync(string orgId, string identifier, CancellationToken cancellationToken)
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
        var nodes = new List<ContactUploadNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new ContactUploadNode(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), Pipeline.Reporting.ContractNames.TryParse<UploadStatus>(reader.GetString(3), out var status) ? status : UploadStatus.Error, Utc(reader.GetDateTime(4))));
        }

        return nodes;
    }

    /// <summary>Campaigns the contact was in: by an upload, by pasted ids, or dialled (segments show once launched).</summary>
    public async Task<IReadOnlyList<ContactCampaignNode>> CampaignsOfAsync(string orgId, string identifier, CancellationToken cancellationToken)
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
        var nodes = new List<ContactCampaignNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new ContactCampaignNode(reader.GetString(0), reader.GetString(1), Enum.Parse<CampaignStatus>(reader.GetString(2)), reader.GetBoolean(3)));
        }

        return nodes;
    }

    /// <summary>A draft's pasted ids in paste order.</summary>
    public async Task<IReadOnlyList<string>> PastedIdsAsync(string orgId, string campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT identifier FROM audience_contact_ids WHERE org_id = @o AND campaign_id = @c ORDER BY position LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddWithValue("limit", MaxPastedIdsShown);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A page of the org's live segments (newest first), as ids: the grains answer the rest.</summary>
    public async Task<(IReadOnlyList<string> Ids, bool HasNext, long Total)> SegmentIdsAsync(string orgId, int first, string? after, CancellationToken cancellationToken)
    {
        ReadModels.CheckPage(first);
        var afterId = after is null ? null : ReadModels.DecodeText(after);
        await using var command = dataSource.CreateCommand(
            "SELECT segment_id FROM segments WHERE org_id = @o AND deleted_at IS NULL AND (@after::text IS NULL OR segment_id < @after) ORDER BY segment_id DESC LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)afterId ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", first + 1);
        var ids = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var hasNext = ids.Count > first;
        if (hasNext)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM segments WHERE org_id = @o AND deleted_at IS NULL");
        count.Parameters.AddWithValue("o", orgId);
        return (ids, hasNext, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }

    private static void AddSearch(NpgsqlCommand command, string orgId, string? search)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(new NpgsqlParameter("search", NpgsqlTypes.NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(search) ? DBNull.Value : search.Trim() });
    }

    private static async Task<List<ContactNode>> ReadContactsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var nodes = new List<ContactNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            nodes.Add(new ContactNode(
                reader.GetString(0), reader.GetString(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8),
                (Consent)reader.GetInt16(9), Text(10), Text(11), Text(12), Utc(reader.GetDateTime(13)), Utc(reader.GetDateTime(14)),
                reader.GetString(15), reader.GetBoolean(16)));
        }

        return nodes;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
