using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>Counts of an upload, straight from its rows, so they always add up.</summary>
public sealed class UploadQueries(NpgsqlDataSource dataSource)
{
    private static readonly HashSet<string> DuplicateReasons = ["DUPLICATE", "DUPLICATE_IDENTIFIER"];

    public async Task<UploadCounts> CountAsync(string uploadId, long suppressedSinceStaging)
    {
        await using var batch = dataSource.CreateBatch();
        Add(batch, "SELECT coalesce(sum(rows), 0)::bigint FROM upload_chunk_results WHERE upload_id = @u", uploadId);
        Add(batch, "SELECT coalesce(excluded, ''), count(*) FROM upload_contacts WHERE upload_id = @u GROUP BY 1", uploadId);
        Add(batch, "SELECT reason, count(*) FROM upload_rejections WHERE upload_id = @u GROUP BY 1", uploadId);
        Add(batch, "SELECT w, count(*) FROM upload_contacts, unnest(warnings) AS w WHERE upload_id = @u AND excluded IS NULL GROUP BY 1", uploadId);
        Add(batch, "SELECT count(*) FILTER (WHERE cardinality(warnings) > 0), count(*) FILTER (WHERE timezone IS NULL) FROM upload_contacts WHERE upload_id = @u AND excluded IS NULL", uploadId);

        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        var total = reader.GetInt64(0);

        await reader.NextResultAsync();
        long accepted = 0, duplicates = 0, suppressed = 0;
        var byReason = new Dictionary<RejectReason, long>();
        while (await reader.ReadAsync())
        {
            var excluded = reader.GetString(0);
            var count = reader.GetInt64(1);
            if (excluded.Length == 0)
            {
                accepted = count;
                continue;
            }

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
        long rejected = 0;
        while (await reader.ReadAsync())
        {
            var count = reader.GetInt64(1);
            rejected += count;
            Add(byReason, Names.Parse<RejectReason>(reader.GetString(0)), count);
        }

        await reader.NextResultAsync();
        var warningsByReason = new Dictionary<RejectReason, long>();
        while (await reader.ReadAsync())
        {
            Add(warningsByReason, Names.Parse<RejectReason>(reader.GetString(0)), reader.GetInt64(1));
        }

        await reader.NextResultAsync();
        await reader.ReadAsync();
        var warnings = reader.GetInt64(0);
        var timezoneMissing = reader.GetInt64(1);

        return new UploadCounts(
            total,
            accepted,
            rejected,
            duplicates,
            suppressed,
            warnings,
            [.. byReason.OrderBy(p => p.Key).Select(p => new ReasonCount(p.Key, p.Value))],
            [.. warningsByReason.OrderBy(p => p.Key).Select(p => new ReasonCount(p.Key, p.Value))],
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
