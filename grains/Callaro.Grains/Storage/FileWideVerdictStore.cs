using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.Storage;

/// <summary>
/// Stores the verdicts of the rules that need the whole file (column <c>upload_contacts.excluded</c>), run once
/// every chunk is in, in one PostgreSQL transaction: suppression list, consent and other launched campaigns
/// in SQL (joins with small tables), then the duplicate policy over every remaining row's keys with the same
/// <see cref="DuplicateFinder"/> the offline check uses, its verdicts written back in one statement.
/// Re-running gives the same answer: it starts by clearing earlier verdicts.
/// </summary>
public sealed class FileWideVerdictStore(NpgsqlDataSource dataSource)
{
    /// <summary>Plain index scans only, for reads of the few excluded rows through their partial index.</summary>
    public const string IndexPathsOnly = "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off";

    /// <summary>
    /// SQL condition on <c>c.excluded</c> for the exclusions that come before duplicates in the rules' order: rows
    /// not excluded yet, and with <paramref name="overDuplicates"/> rows only judged duplicates so far.
    /// </summary>
    private static string StillIncluded(bool overDuplicates) =>
        overDuplicates ? "(c.excluded IS NULL OR c.excluded IN ('DUPLICATE', 'DUPLICATE_IDENTIFIER'))" : "c.excluded IS NULL";

    private const string AllPaths = "SET LOCAL enable_seqscan = on; SET LOCAL enable_bitmapscan = on";

    public async Task<long> ApplyAsync(string orgId, string uploadId, string campaignId, UploadOptions options, IReadOnlyList<(int ChunkNo, ChunkKeys Keys)> keys)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecAsync(connection, transaction, "SET LOCAL jit = off", uploadId, orgId, campaignId);
        // A freshly loaded upload has no statistics yet, and the planner would scan a million rows to find the
        // few excluded ones: the partial index on excluded rows is always the right path for these two.
        await ExecAsync(connection, transaction, IndexPathsOnly, uploadId, orgId, campaignId);
        await ExecAsync(connection, transaction, $"UPDATE upload_contacts SET excluded = NULL, excluded_message = NULL WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NOT NULL", uploadId, orgId, campaignId);
        await ExecAsync(connection, transaction, AllPaths, uploadId, orgId, campaignId);
        var (version, _) = await SuppressionStore.ExcludeSuppressedAsync(connection, transaction, orgId, uploadId);

        if (options.RequireConsent)
        {
            await ExecAsync(
                connection,
                transaction,
                $"""
                UPDATE upload_contacts SET excluded = 'NO_CONSENT',
                       excluded_message = CASE consent WHEN 2 THEN 'The contact refused consent.' ELSE 'No affirmative consent in the file, and this upload requires consent.' END
                 WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NULL AND consent <> 1
                """,
                uploadId,
                orgId,
                campaignId);
        }

        if (options.CheckActiveCampaigns)
        {
            await ExcludeActiveElsewhereAsync(connection, transaction, orgId, uploadId, campaignId, overDuplicates: false);
        }

        await ExecAsync(connection, transaction, IndexPathsOnly, uploadId, orgId, campaignId);
        var excluded = await ExcludedRowsAsync(connection, transaction, uploadId);
        await ExecAsync(connection, transaction, AllPaths, uploadId, orgId, campaignId);
        var rows = new List<DedupeRow>(keys.Sum(k => k.Keys.RowNumbers.Length));
        foreach (var (_, chunk) in keys)
        {
            for (var i = 0; i < chunk.RowNumbers.Length; i++)
            {
                if (!excluded.Contains(chunk.RowNumbers[i]))
                {
                    rows.Add(new DedupeRow(chunk.RowNumbers[i], chunk.PhoneKeys[i], chunk.IdentifierKeys[i]));
                }
            }
        }

        // Chunks hold consecutive rows: a row's chunk is the last one starting at or before it.
        var starts = keys.Where(k => k.Keys.RowNumbers.Length > 0).Select(k => (First: k.Keys.RowNumbers[0], k.ChunkNo)).OrderBy(k => k.First).ToArray();
        var firstRows = starts.Select(s => s.First).ToArray();
        int ChunkOf(long row)
        {
            var at = Array.BinarySearch(firstRows, row);
            return starts[at >= 0 ? at : ~at - 1].ChunkNo;
        }

        var findings = DuplicateFinder.Find(rows, options.DuplicatePolicy, options.DuplicateKey).Findings;
        if (findings.Count > 0)
        {
            await WriteDuplicatesAsync(connection, transaction, uploadId, findings, ChunkOf, options.DuplicateKey);
        }

        await transaction.CommitAsync();
        return version;
    }

    /// <summary>
    /// The rules left once the chunks wrote their own duplicate verdicts (judged in file order, KEEP_FIRST / BLOCK,
    /// no consent rule): the suppression list and other launched campaigns. In the rules' order these exclusions
    /// come first, so when a row they exclude took part in a duplicate verdict (<paramref name="tookPart"/>), the
    /// verdicts could change: nothing is kept and the answer is null (run <see cref="ApplyAsync"/> instead).
    /// Else answers the suppression list version applied.
    /// </summary>
    public async Task<long?> ApplyAfterDuplicatesAsync(string orgId, string uploadId, string campaignId, UploadOptions options, Func<IReadOnlyList<long>, bool> tookPart)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecAsync(connection, transaction, "SET LOCAL jit = off", uploadId, orgId, campaignId);

        // Verdicts of an earlier attempt of this pass (committed before the upload could say STAGED) are redone.
        await ExecAsync(connection, transaction, IndexPathsOnly, uploadId, orgId, campaignId);
        await ExecAsync(
            connection,
            transaction,
            $"UPDATE upload_contacts SET excluded = NULL, excluded_message = NULL WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IN ('SUPPRESSED', 'ACTIVE_IN_OTHER_CAMPAIGN')",
            uploadId,
            orgId,
            campaignId);
        await ExecAsync(connection, transaction, AllPaths, uploadId, orgId, campaignId);

        var (version, excluded) = await SuppressionStore.ExcludeSuppressedAsync(connection, transaction, orgId, uploadId, overDuplicates: true);
        if (options.CheckActiveCampaigns)
        {
            excluded.AddRange(await ExcludeActiveElsewhereAsync(connection, transaction, orgId, uploadId, campaignId, overDuplicates: true));
        }

        if (excluded.Count > 0 && tookPart(excluded))
        {
            await transaction.RollbackAsync();
            return null;
        }

        await transaction.CommitAsync();
        return version;
    }

    /// <summary>The keys of every row the chunks accepted, read back from PostgreSQL (for chunks validated before a restart).</summary>
    public async Task<List<(int ChunkNo, ChunkKeys Keys)>> ReadKeysAsync(string uploadId, IReadOnlyCollection<int> chunkNumbers)
    {
        var result = new List<(int, ChunkKeys)>();
        if (chunkNumbers.Count == 0)
        {
            return result;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var byChunk = new Dictionary<int, (List<long> Rows, List<long> Phones, List<long> Ids)>();
        await using (var reader = await connection.BeginBinaryExportAsync(
            $"COPY (SELECT chunk_no, row_number, phone, identifier FROM upload_contacts WHERE {UploadNumbers.ContactsOf(Quote(uploadId))} AND chunk_no = ANY('{{{string.Join(',', chunkNumbers)}}}'::int[]) ORDER BY chunk_no, row_number) TO STDOUT (FORMAT BINARY)"))
        {
            while (await reader.StartRowAsync() != -1)
            {
                var chunkNo = await reader.ReadAsync<int>();
                if (!byChunk.TryGetValue(chunkNo, out var lists))
                {
                    lists = ([], [], []);
                    byChunk[chunkNo] = lists;
                }

                // The same keys the chunk computed (ContactKeys), from the stored values.
                lists.Rows.Add(await reader.ReadAsync<long>());
                lists.Phones.Add(ContactKeys.PhoneKey(await reader.ReadAsync<string>()));
                lists.Ids.Add(ContactKeys.IdentifierKey(await reader.ReadAsync<string>()));
            }
        }

        foreach (var (chunkNo, lists) in byChunk)
        {
            result.Add((chunkNo, new ChunkKeys([.. lists.Rows], [.. lists.Phones], [.. lists.Ids])));
        }

        return result;
    }

    /// <summary>
    /// Marks the upload's contacts whose phone is on the org's suppression list SUPPRESSED: the still-included ones
    /// (<see cref="StillIncluded"/>); <paramref name="afterStaging"/> when the list changed after validation, which the
    /// message says. Answers the rows marked.
    /// </summary>
    internal static async Task<List<long>> MarkSuppressedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId, string uploadId, bool overDuplicates, bool afterStaging)
    {
        var message = afterStaging
            ? "'Added to the suppression list after the upload was validated' || coalesce(' (' || s.reason || ')', '') || '.'"
            : "'On the suppression list' || coalesce(' (' || s.reason || ')', '') || ' since ' || to_char(s.added_at, 'YYYY-MM-DD') || '.'";
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE upload_contacts c SET excluded = 'SUPPRESSED', excluded_message = {message}
              FROM suppressions s
             WHERE {UploadNumbers.ContactsOf("@u", "c")} AND {StillIncluded(overDuplicates)}
               AND s.org_id = @o AND s.phone = c.phone
            RETURNING c.row_number
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("u", uploadId);
        command.Parameters.AddWithValue("o", orgId);
        var rows = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    /// <summary>Phones already being dialled in another launched campaign of the org: ACTIVE_IN_OTHER_CAMPAIGN. Answers the rows marked.</summary>
    private static async Task<List<long>> ExcludeActiveElsewhereAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId, string uploadId, string campaignId, bool overDuplicates)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE upload_contacts c SET excluded = 'ACTIVE_IN_OTHER_CAMPAIGN',
                   excluded_message = 'This phone is already being dialled in launched campaign ' || t.campaign_id || '.'
              FROM (SELECT DISTINCT ON (d.phone) d.phone, d.campaign_id
                      FROM dial_tasks d JOIN campaign_index ci ON ci.org_id = d.org_id AND ci.campaign_id = d.campaign_id
                     WHERE d.org_id = @o AND d.campaign_id <> @c AND ci.status = 'Launched') t
             WHERE {UploadNumbers.ContactsOf("@u", "c")} AND {StillIncluded(overDuplicates)} AND c.phone = t.phone
            RETURNING c.row_number
            """,
            connection,
            transaction) { CommandTimeout = 900 };
        command.Parameters.AddWithValue("u", uploadId);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        var rows = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<HashSet<long>> ExcludedRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uploadId)
    {
        var rows = new HashSet<long>();
        await using var command = new NpgsqlCommand($"SELECT row_number FROM upload_contacts WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("u", uploadId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    private static async Task WriteDuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string uploadId, IReadOnlyList<DuplicateFinding> findings, Func<long, int> chunkOf, DuplicateKey key)
    {
        await ExecAsync(connection, transaction, "CREATE TEMP TABLE duplicate_findings (chunk_no int, row_number bigint, reason text, message text) ON COMMIT DROP", uploadId, string.Empty, string.Empty);
        var column = key == DuplicateKey.Identifier ? "identifier" : "phone";
        await using (var writer = await connection.BeginBinaryImportAsync("COPY duplicate_findings (chunk_no, row_number, reason, message) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var finding in findings)
            {
                writer.StartRow();
                writer.Write(chunkOf(finding.RowNumber), NpgsqlDbType.Integer);
                writer.Write(finding.RowNumber, NpgsqlDbType.Bigint);
                writer.Write(Names.Of(finding.Reason), NpgsqlDbType.Text);
                writer.Write(finding.ToIssue(column).Message, NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        // A few thousand findings against a million rows: hash them, never loop per finding.
        await ExecAsync(connection, transaction, "ANALYZE duplicate_findings; SET LOCAL enable_nestloop = off", uploadId, string.Empty, string.Empty);
        await ExecAsync(
            connection,
            transaction,
            $"""
            UPDATE upload_contacts c SET excluded = f.reason, excluded_message = f.message
              FROM duplicate_findings f
             WHERE {UploadNumbers.ContactsOf("@u", "c")} AND c.chunk_no = f.chunk_no AND c.row_number = f.row_number
            """,
            uploadId,
            string.Empty,
            string.Empty);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string uploadId, string orgId, string campaignId)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 900 };
        if (sql.Contains("@u", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("u", uploadId);
        }

        if (sql.Contains("@o", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("o", orgId);
        }

        if (sql.Contains("@c", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("c", campaignId);
        }

        await command.ExecuteNonQueryAsync();
    }
}
