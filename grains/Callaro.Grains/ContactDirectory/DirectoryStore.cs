using System.Text.Json;
using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.ContactDirectory;

/// <summary>Which directory audience a campaign has: its pasted ids, or a segment's conditions.</summary>
public sealed record DirectorySource(AudienceSourceKind Kind, IReadOnlyList<SegmentCondition>? Conditions)
{
    public static DirectorySource ContactIds { get; } = new(AudienceSourceKind.ContactIds, null);

    public static DirectorySource Segment(IReadOnlyList<SegmentCondition> conditions) => new(AudienceSourceKind.Segment, conditions);
}

/// <summary>
/// The org contact directory in PostgreSQL (<c>org_contacts</c>, <c>org_contact_uploads</c>, <c>directory_versions</c>,
/// <c>audience_contact_ids</c>, <c>segments</c>): filled from attached uploads, read by pasted-id and segment
/// audiences. Audiences are resolved in one SQL statement shared by the live count and the launch, so what
/// campaign detail shows is what launch dials. The api's reads are in <c>DirectoryStore.Reads.cs</c>.
/// </summary>
public sealed partial class DirectoryStore(NpgsqlDataSource dataSource, Storage.LaunchStore launches)
{
    /// <summary>SQL condition: the contacts of upload @u, found within org @o only.</summary>
    private static readonly string OrgContacts = Storage.UploadNumbers.ContactsOf("@u", orgIdSql: "@o");

    /// <summary>Upserts an upload's dialable contacts by (org, identifier): the latest upload wins, first_seen_at stays.</summary>
    public async Task<long> UpsertFromUploadAsync(string orgId, string uploadId, DateTimeOffset at)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // A million contacts sort in memory rather than on disk; one org's directory syncs one upload at a time.
        await using (var prepare = new NpgsqlCommand("SET LOCAL work_mem = '256MB'; SELECT pg_advisory_xact_lock(hashtextextended('directory/' || @o, 0))", connection, transaction))
        {
            prepare.Parameters.AddWithValue("o", orgId);
            await prepare.ExecuteNonQueryAsync();
        }

        // The upload's latest row per identifier, once, in a temporary table (no WAL); then plain updates of
        // the contacts the directory has and plain inserts of the ones it has not: under the org's lock nothing
        // can race them, and plain writes cost about half of ON CONFLICT's speculative ones for a million rows.
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE TEMP TABLE directory_latest ON COMMIT DROP AS
            SELECT DISTINCT ON (identifier COLLATE "C") identifier COLLATE "C" AS identifier, phone, phone_ext, timezone, first_name, last_name,
                   email, company, crm_id, consent, postal_code, country, custom
              FROM upload_contacts
             WHERE {OrgContacts} AND excluded IS NULL
             ORDER BY identifier COLLATE "C", chunk_no DESC, row_number DESC
            """,
            orgId,
            uploadId,
            at);

        // The plans below must not depend on luck. Found by the benchmark: with the directory tables vacuumed while
        // empty (a fresh deployment after a routine VACUUM ANALYZE) and a fresh upload misjudged at one row, the
        // planner chose nested loops that rescanned, per contact, the rows the statement itself was adding; a
        // million-contact attach never finished. So the temporary table gets exact statistics, and a big sync
        // joins by hashing or merging only: linear whatever the statistics of the directory say.
        await using (var analyze = new NpgsqlCommand("ANALYZE directory_latest; SELECT count(*) FROM directory_latest", connection, transaction))
        {
            if ((long)(await analyze.ExecuteScalarAsync())! > NestedLoopLimit)
            {
                await using var noNestedLoops = new NpgsqlCommand("SET LOCAL enable_nestloop = off", connection, transaction);
                await noNestedLoops.ExecuteNonQueryAsync();
            }
        }

        var steps = new[]
        {
            """
            UPDATE org_contacts d SET
                   phone = l.phone, phone_ext = l.phone_ext, timezone = l.timezone, first_name = l.first_name, last_name = l.last_name,
                   email = l.email, company = l.company, crm_id = l.crm_id, consent = l.consent, postal_code = l.postal_code,
                   country = l.country, custom = l.custom, updated_at = @at, last_upload_id = @u
              FROM directory_latest l
             WHERE d.org_id = @o AND d.identifier = l.identifier AND d.updated_at <= @at
            """,
            """
            INSERT INTO org_contacts (org_id, identifier, phone, phone_ext, timezone, first_name, last_name, email, company, crm_id,
                                      consent, postal_code, country, custom, first_seen_at, updated_at, last_upload_id)
            SELECT @o, l.identifier, l.phone, l.phone_ext, l.timezone, l.first_name, l.last_name, l.email, l.company, l.crm_id,
                   l.consent, l.postal_code, l.country, l.custom, @at, @at, @u
              FROM directory_latest l
             WHERE NOT EXISTS (SELECT 1 FROM org_contacts d WHERE d.org_id = @o AND d.identifier = l.identifier)
            """,
            "INSERT INTO directory_versions (org_id, version) VALUES (@o, 1) ON CONFLICT (org_id) DO UPDATE SET version = directory_versions.version + 1",
            """
            INSERT INTO org_contact_uploads (org_id, identifier, upload_id, seen_at)
            SELECT @o, l.identifier, @u, @at FROM directory_latest l
             WHERE NOT EXISTS (SELECT 1 FROM org_contact_uploads x WHERE x.org_id = @o AND x.identifier = l.identifier AND x.upload_id = @u)
            """,
        };
        long upserted = 0;
        foreach (var (sql, step) in steps.Select((sql, step) => (sql, step)))
        {
            var rows = await ExecuteAsync(connection, transaction, sql, orgId, uploadId, at);
            upserted += step is 0 or 1 ? rows : 0;
        }

        await transaction.CommitAsync();

        // Fresh statistics after a big sync: without them the planner reads a whole org's contacts through the
        // primary key for every segment count. The sync runs in the background, so this costs nobody a wait.
        if (upserted > NestedLoopLimit)
        {
            await using var analyze = new NpgsqlCommand("ANALYZE org_contacts, org_contact_uploads", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync();
        }

        return upserted;
    }

    /// <summary>
    /// Syncs of more contacts than this join without nested loops. Below it, nested loops with index probes stay the
    /// cheap plan for a few contacts into a big directory, and the worst a misjudged one can cost stays small.
    /// </summary>
    private const int NestedLoopLimit = 10_000;

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string orgId, string uploadId, DateTimeOffset at)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("u", uploadId);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The org's directory and suppression-list versions: a directory audience changes only when one does.</summary>
    public async Task<string> VersionAsync(string orgId)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT coalesce((SELECT version FROM directory_versions WHERE org_id = @o), 0) || '/' ||
                   coalesce((SELECT version FROM suppression_versions WHERE org_id = @o), 0)
            """);
        command.Parameters.AddWithValue("o", orgId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Replaces a draft's pasted ids (distinct, in paste order).</summary>
    public async Task ReplaceContactIdsAsync(string orgId, string campaignId, IReadOnlyList<string> ids)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ClearContactIdsAsync(connection, transaction, orgId, campaignId);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO audience_contact_ids (org_id, campaign_id, position, identifier) SELECT @o, @c, p, i FROM unnest(@ids) WITH ORDINALITY AS t(i, p)",
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("o", orgId);
            insert.Parameters.AddWithValue("c", campaignId);
            insert.Parameters.AddWithValue("ids", ids.ToArray());
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async Task ClearContactIdsAsync(string orgId, string campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await ClearContactIdsAsync(connection, null, orgId, campaignId);
    }

    public async Task<long> CountContactIdsAsync(string orgId, string campaignId)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM audience_contact_ids WHERE org_id = @o AND campaign_id = @c");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The audience resolved now: known, unknown (first 100), suppressed, repeated phones, dialable, without a time zone.</summary>
    public async Task<DirectoryAudience> SummarizeAsync(string orgId, string campaignId, DirectorySource source)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var parameters = new List<NpgsqlParameter>();
        await using var command = new NpgsqlCommand(
            Members(source, parameters) +
            """
            SELECT (SELECT count(*) FROM m),
                   (SELECT count(*) FROM m WHERE known),
                   (SELECT count(*) FROM m WHERE NOT known),
                   coalesce((SELECT array_agg(identifier ORDER BY position) FROM (SELECT identifier, position FROM m WHERE NOT known ORDER BY position LIMIT 100) u), '{}'),
                   (SELECT count(*) FROM m WHERE known AND suppressed),
                   (SELECT count(*) FROM d WHERE phone_rank > 1),
                   (SELECT count(*) FROM d WHERE phone_rank = 1),
                   (SELECT count(*) FROM d WHERE phone_rank = 1 AND coalesce(timezone, '') = '')
            """,
            connection);
        Bind(command, orgId, campaignId, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DirectoryAudience(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<string[]>(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), 0, 0);
    }

    /// <summary>The identifiers of the first members of an audience, in audience order.</summary>
    public async Task<IReadOnlyList<string>> PreviewAsync(string orgId, DirectorySource source, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var parameters = new List<NpgsqlParameter>();
        await using var command = new NpgsqlCommand(Members(source, parameters) + "SELECT identifier FROM m WHERE known ORDER BY position LIMIT @limit", connection);
        Bind(command, orgId, string.Empty, parameters);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Launch from the directory (<see cref="Storage.LaunchStore"/>'s transaction): one dial task per dialable
    /// contact, one per phone, exactly the members of this moment (a segment is frozen here).
    /// </summary>
    public Task<long> LaunchAsync(string orgId, string campaignId, DirectorySource source, string? segmentId, DateTimeOffset at)
    {
        var parameters = new List<NpgsqlParameter>();
        var members = Members(source, parameters);
        return launches.LaunchFromDirectoryAsync(
            orgId,
            campaignId,
            Storage.Names.Of(source.Kind),
            segmentId,
            source.Conditions is null ? null : SegmentJson.Write(source.Conditions),
            members,
            parameters,
            at);
    }

    /// <summary>Projects a segment into its index row (lists, and the conditions SQL reads).</summary>
    public async Task UpsertSegmentAsync(string orgId, SegmentView segment)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO segments (org_id, segment_id, name, conditions, created_by, created_at, updated_at, version, deleted_at)
            VALUES (@o, @id, @name, @conditions, @by, @created, @updated, @version, @deleted)
            ON CONFLICT (org_id, segment_id) DO UPDATE SET name = EXCLUDED.name, conditions = EXCLUDED.conditions,
                   updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, deleted_at = EXCLUDED.deleted_at
            """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("id", segment.Id);
        command.Parameters.AddWithValue("name", segment.Name);
        command.Parameters.Add(new NpgsqlParameter("conditions", NpgsqlDbType.Jsonb) { Value = SegmentJson.Write(segment.Conditions) });
        command.Parameters.AddWithValue("by", segment.CreatedBy);
        command.Parameters.AddWithValue("created", segment.CreatedAt.UtcDateTime);
        command.Parameters.AddWithValue("updated", segment.UpdatedAt.UtcDateTime);
        command.Parameters.AddWithValue("version", segment.Version);
        command.Parameters.Add(new NpgsqlParameter("deleted", NpgsqlDbType.TimestampTz) { Value = segment.DeletedAt is { } d ? d.UtcDateTime : DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The groups a split would make of an upload's dialable contacts: one per distinct value of
    /// <paramref name="column"/>, case and spaces ignored.
    /// </summary>
    public async Task<IReadOnlyList<SplitGroup>> SplitGroupsAsync(string orgId, string uploadId, SplitColumn column)
    {
        await using var command = dataSource.CreateCommand(
            $"""
             SELECT g.key, min(g.label), count(*)
               FROM (SELECT DISTINCT ON (identifier) identifier, {column.Key} AS key, nullif(btrim({column.Sql}), '') AS label
                       FROM upload_contacts WHERE {OrgContacts} AND excluded IS NULL
                      ORDER BY identifier, chunk_no DESC, row_number DESC) g
              GROUP BY g.key ORDER BY count(*) DESC, g.key NULLS LAST
             """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("u", uploadId);
        column.Bind(command);
        command.CommandTimeout = 600;
        var groups = new List<SplitGroup>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            groups.Add(new SplitGroup(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        }

        return groups;
    }

    /// <summary>Writes each split child's pasted audience: the identifiers of its group, in file order (re-runnable).</summary>
    public async Task WriteSplitAudiencesAsync(string orgId, string uploadId, SplitColumn column, IReadOnlyList<(string? Key, string CampaignId)> children)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var clear = new NpgsqlCommand("DELETE FROM audience_contact_ids WHERE org_id = @o AND campaign_id = ANY(@c)", connection, transaction))
        {
            clear.Parameters.AddWithValue("o", orgId);
            clear.Parameters.AddWithValue("c", children.Select(c => c.CampaignId).ToArray());
            await clear.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand(
            $"""
             INSERT INTO audience_contact_ids (org_id, campaign_id, position, identifier)
             SELECT @o, t.campaign_id, row_number() OVER (PARTITION BY t.campaign_id ORDER BY g.chunk_no, g.row_number), g.identifier
               FROM (SELECT DISTINCT ON (identifier) identifier, chunk_no, row_number, {column.Key} AS key
                       FROM upload_contacts WHERE {OrgContacts} AND excluded IS NULL
                      ORDER BY identifier, chunk_no DESC, row_number DESC) g
               JOIN unnest(@keys, @campaigns) AS t(key, campaign_id) ON t.key IS NOT DISTINCT FROM g.key
             """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("o", orgId);
            insert.Parameters.AddWithValue("u", uploadId);
            insert.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = children.Select(c => c.Key).ToArray() });
            insert.Parameters.AddWithValue("campaigns", children.Select(c => c.CampaignId).ToArray());
            column.Bind(insert);
            insert.CommandTimeout = 600;
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task ClearContactIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string orgId, string campaignId)
    {
        await using var clear = new NpgsqlCommand("DELETE FROM audience_contact_ids WHERE org_id = @o AND campaign_id = @c", connection, transaction);
        clear.Parameters.AddWithValue("o", orgId);
        clear.Parameters.AddWithValue("c", campaignId);
        await clear.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// CTEs <c>m</c> (every requested member: position, identifier, known, suppressed, and the directory row) and
    /// <c>d</c> (dialable members ranked per phone: rank 1 is the one dialled).
    /// </summary>
    private static string Members(DirectorySource source, List<NpgsqlParameter> parameters)
    {
        const string Suppressed = "EXISTS (SELECT 1 FROM suppressions s WHERE s.org_id = @o AND s.phone = c.phone)";
        var members = source.Kind == AudienceSourceKind.Segment
            ? $"""
               SELECT row_number() OVER (ORDER BY c.first_seen_at, c.identifier) AS position, c.identifier, TRUE AS known, {Suppressed} AS suppressed,
                      c.phone, c.phone_ext, c.timezone, c.crm_id, c.last_upload_id
                 FROM org_contacts c
                WHERE c.org_id = @o AND {SegmentSql.Where(source.Conditions ?? [], "c", parameters)}
               """
            : $"""
               SELECT i.position, i.identifier, c.identifier IS NOT NULL AS known, (c.identifier IS NOT NULL AND {Suppressed}) AS suppressed,
                      c.phone, c.phone_ext, c.timezone, c.crm_id, c.last_upload_id
                 FROM audience_contact_ids i
                 LEFT JOIN org_contacts c ON c.org_id = i.org_id AND c.identifier = i.identifier
                WHERE i.org_id = @o AND i.campaign_id = @c
               """;
        return $"""
                WITH m AS MATERIALIZED ({members}),
                     d AS (SELECT m.*, row_number() OVER (PARTITION BY phone ORDER BY position) AS phone_rank FROM m WHERE known AND NOT suppressed)

                """;
    }

    private static void Bind(NpgsqlCommand command, string orgId, string campaignId, List<NpgsqlParameter> parameters)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddRange(parameters.ToArray());
        command.CommandTimeout = 600;
    }
}

/// <summary>Segment conditions as stored in <c>segments.conditions</c> (contract names, readable in psql).</summary>
public static class SegmentJson
{
    private sealed record Stored(string Field, string Operator, string? Key, IReadOnlyList<string> Values);

    public static string Write(IReadOnlyList<SegmentCondition> conditions) =>
        JsonSerializer.Serialize(conditions.Select(c => new Stored(Storage.Names.Of(c.Field), Storage.Names.Of(c.Operator), c.Key, c.Values)));
}

/// <summary>One group of a split: its key (lower-case, trimmed; null for empty), a spelling to show, and its size.</summary>
public sealed record SplitGroup(string? Key, string? Label, long Contacts);

/// <summary>
/// What to split an upload's contacts by (<see cref="SplitRules"/> decides which fields can be): a contact field,
/// or with <see cref="ContactField.Custom"/> the custom attribute <see cref="CustomKey"/> (bound as a parameter).
/// </summary>
public sealed record SplitColumn(ContactField Field, string Description, string? CustomKey)
{
    /// <summary>The value as SQL over <c>upload_contacts</c>.</summary>
    public string Sql => Field switch
    {
        ContactField.Timezone => "timezone",
        ContactField.Country => "country",
        ContactField.Company => "company",
        ContactField.PostalCode => "postal_code",
        ContactField.FirstName => "first_name",
        ContactField.LastName => "last_name",
        ContactField.Email => "email",
        ContactField.CrmId => "crm_id",
        ContactField.Consent => "(CASE consent WHEN 1 THEN 'GRANTED' WHEN 2 THEN 'REFUSED' ELSE 'UNKNOWN' END)",
        ContactField.Custom => "(custom ->> @custom_key)",
        _ => throw new ArgumentOutOfRangeException(nameof(Field), Field, "Not a field to split by."),
    };

    /// <summary>The group key: the value lower-cased and trimmed, null when empty.</summary>
    public string Key => $"lower(nullif(btrim({Sql}), ''))";

    public void Bind(NpgsqlCommand command)
    {
        if (CustomKey is not null)
        {
            command.Parameters.AddWithValue("custom_key", CustomKey);
        }
    }
}
