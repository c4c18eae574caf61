using System.Text.Json;
using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// Reads of an upload's results. Counts, so they always add up: totals from the per-chunk tallies written with
/// each chunk's rows, minus what the file-wide rules excluded (read through the partial index, never a full
/// scan). Excluded rows, one list in file order: the row rules' rejections (<c>upload_rejections</c>) and the
/// file-wide exclusions (<c>upload_contacts.excluded</c>), for the rejection pages and the report.
/// </summary>
public sealed class UploadQueries(NpgsqlDataSource dataSource)
{
    private static readonly HashSet<string> DuplicateReasons = ["DUPLICATE", "DUPLICATE_IDENTIFIER"];

    /// <summary>Row-rule rejections and file-wide exclusions of upload @u of org @o, one list (file-wide ones keep no copy of their row).</summary>
    private static readonly string ExcludedRows =
        $"""
        SELECT chunk_no, row_number, reasons, message, original FROM upload_rejections WHERE upload_id = @u AND org_id = @o
        UNION ALL
        SELECT chunk_no, row_number, ARRAY[excluded], excluded_message, NULL FROM upload_contacts WHERE {UploadNumbers.ContactsOf("@u", orgIdSql: "@o")} AND excluded IS NOT NULL
        """;

    /// <summary>
    /// A page of the upload's excluded rows in file order after row <paramref name="afterRow"/>, optionally only
    /// those with <paramref name="reason"/> among their reasons; <see cref="ExcludedRow.Phone"/> is not read.
    /// </summary>
    public async Task<Page<ExcludedRow>> ExcludedRowsAsync(string orgId, string uploadId, long afterRow, RejectReason? reason, int first, CancellationToken cancellationToken = default)
    {
        var filter = reason is null ? string.Empty : "WHERE @reason = ANY(reasons)";
        await using var command = dataSource.CreateCommand(
            $"SELECT * FROM ({ExcludedRows}) x {filter} {(filter.Length == 0 ? "WHERE" : "AND")} row_number > @after ORDER BY row_number LIMIT @limit");
        AddScope(command, orgId, uploadId, reason);
        command.Parameters.AddWithValue("after", afterRow);
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM ({ExcludedRows}) x {filter}");
        AddScope(count, orgId, uploadId, reason);
        return await KeysetPage.ReadAsync(
            command,
            first,
            r => new ExcludedRow(r.GetInt32(0), r.GetInt64(1), (string[])r.GetValue(2), r.GetString(3), null, r.IsDBNull(4) ? null : (string[])r.GetValue(4)),
            count,
            cancellationToken);
    }

    /// <summary>The excluded rows of one chunk, in file order, with their phones; <see cref="ExcludedRow.Original"/> is not read.</summary>
    public async Task<IReadOnlyList<ExcludedRow>> ExcludedRowsOfChunkAsync(string orgId, string uploadId, int chunkNo, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT row_number, reasons, message, phone FROM upload_rejections WHERE upload_id = @u AND org_id = @o AND chunk_no = @c
            UNION ALL
            SELECT row_number, ARRAY[excluded], excluded_message, phone FROM upload_contacts WHERE {UploadNumbers.ContactsOf("@u", orgIdSql: "@o")} AND chunk_no = @c AND excluded IS NOT NULL
            ORDER BY 1
            """);
        AddScope(command, orgId, uploadId, reason: null);
        command.Parameters.AddWithValue("c", chunkNo);
        var rows = new List<ExcludedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ExcludedRow(chunkNo, reader.GetInt64(0), (string[])reader.GetValue(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), null));
        }

        return rows;
    }

    public async Task<UploadCounts> CountAsync(string uploadId, long suppressedSinceStaging)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // Every read below has an index (the excluded-rows one is partial); a just-loaded upload has no
        // statistics yet, and without this the planner would scan all its contacts (or bitmap-scan them through
        // the wide index) instead of the few excluded rows.
        await using (var noScans = new NpgsqlCommand(FileWideVerdictStore.IndexPathsOnly, connection, transaction))
        {
            await noScans.ExecuteNonQueryAsync();
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        Add(batch, "SELECT coalesce(sum(rows), 0)::bigint, coalesce(sum(accepted), 0)::bigint, coalesce(sum(warned), 0)::bigint, coalesce(sum(timezone_missing), 0)::bigint FROM upload_chunk_results WHERE upload_id = @u", uploadId);
        Add(batch, "SELECT warnings FROM upload_chunk_results WHERE upload_id = @u AND warnings <> '{}'::jsonb", uploadId);
        Add(batch, "SELECT reason, count(*) FROM upload_rejections WHERE upload_id = @u GROUP BY 1", uploadId);
        Add(batch, $"SELECT excluded, count(*), count(*) FILTER (WHERE warning_flags <> 0), count(*) FILTER (WHERE timezone IS NULL) FROM upload_contacts WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NOT NULL GROUP BY 1", uploadId);
        Add(batch, WarningFlags.CountSql($"{UploadNumbers.ContactsOf("@u")} AND excluded IS NOT NULL"), uploadId);

        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        var total = reader.GetInt64(0);
        var accepted = reader.GetInt64(1);
        var warned = reader.GetInt64(2);
        var timezoneMissing = reader.GetInt64(3);

        await reader.NextResultAsync();
        var warningsByReason = new Dictionary<RejectReason, long>();
        while (await reader.ReadAsync())
        {
            foreach (var (name, count) in JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(0)) ?? [])
            {
                Add(warningsByReason, Names.Parse<RejectReason>(name), count);
            }
        }

        await reader.NextResultAsync();
        long rejected = 0;
        var byReason = new Dictionary<RejectReason, long>();
        while (await reader.ReadAsync())
        {
            var count = reader.GetInt64(1);
            rejected += count;
            Add(byReason, Names.Parse<RejectReason>(reader.GetString(0)), count);
        }

        await reader.NextResultAsync();
        long duplicates = 0, suppressed = 0;
        while (await reader.ReadAsync())
        {
            var excluded = reader.GetString(0);
            var count = reader.GetInt64(1);
            accepted -= count;
            warned -= reader.GetInt64(2);
            timezoneMissing -= reader.GetInt64(3);
            if (DuplicateReasons.Contains(excluded))
            {
                duplicates += count;
            }
            else
            {
                suppressed += count;
            }

            Add(byReason, Names.Parse<RejectReason>(excluded), count);
        }

        await reader.NextResultAsync();
        await reader.ReadAsync();
        for (var bit = 0; bit < WarningFlags.Reasons.Length; bit++)
        {
            Add(warningsByReason, WarningFlags.Reasons[bit], -reader.GetInt64(bit));
        }

        return new UploadCounts(
            total,
            accepted,
            rejected,
            duplicates,
            suppressed,
            warned,
            [.. byReason.OrderBy(p => p.Key).Select(p => new ReasonCount(p.Key, p.Value))],
            [.. warningsByReason.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p => new ReasonCount(p.Key, p.Value))],
            timezoneMissing,
            suppressedSinceStaging);
    }

    private static void Add(Dictionary<RejectReason, long> counts, RejectReason reason, long count) =>
        counts[reason] = counts.GetValueOrDefault(reason) + count;

    private static void AddScope(NpgsqlCommand command, string orgId, string uploadId, RejectReason? reason)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("u", uploadId);
        if (reason is { } r)
        {
            command.Parameters.AddWithValue("reason", Names.Of(r));
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, string uploadId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("u", uploadId);
        batch.BatchCommands.Add(command);
    }
}

/// <summary>
/// An excluded row of an upload: where it is, its reason codes (contract names) and message, and, when read,
/// its phone and its original values (only row-rule rejections keep a copy of their row).
/// </summary>
public sealed record ExcludedRow(int ChunkNo, long RowNumber, IReadOnlyList<string> Reasons, string Message, string? Phone, IReadOnlyList<string>? Original);
