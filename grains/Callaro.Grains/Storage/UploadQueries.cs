using System.Text.Json;
using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// Counts of an upload, so they always add up: totals from the per-chunk tallies written with each
/// chunk's rows, minus what the file-wide rules excluded (read through the partial index, never a full scan).
/// </summary>
public sealed class UploadQueries(NpgsqlDataSource dataSource)
{
    private static readonly HashSet<string> DuplicateReasons = ["DUPLICATE", "DUPLICATE_IDENTIFIER"];

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

    private static void Add(NpgsqlBatch batch, string sql, string uploadId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("u", uploadId);
        batch.BatchCommands.Add(command);
    }
}
