using System.Globalization;
using System.Text;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Reporting;
using Npgsql;

namespace Callaro.Api.Data;

public sealed record RejectionNode(long RowNumber, IReadOnlyList<RejectReason> Reasons, IReadOnlyDictionary<string, string> Values, string Message);

public sealed record DialTaskNode(string Id, string ContactIdentifier, string Phone, string? Timezone, string? CrmId, string Status, string? PhoneExtension);

public sealed record SuppressionNode(string Phone, string? Reason, string AddedBy, DateTimeOffset AddedAt);

/// <summary>
/// Paged reads straight from PostgreSQL for lists that never belong in grain state: rejections
/// (with the row's original values, re-read from the stored file), dial tasks, the suppression list.
/// Every query is scoped by org.
/// </summary>
public sealed class ReadModels(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 500;

    // Row-rule rejections and file-wide exclusions, one list in file order.
    private const string ExcludedRows =
        """
        SELECT chunk_no, row_number, reasons, message, original FROM upload_rejections WHERE upload_id = @u AND org_id = @o
        UNION ALL
        SELECT chunk_no, row_number, ARRAY[excluded], excluded_message, NULL FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE org_id = @o AND upload_id = @u) AND excluded IS NOT NULL
        """;

    public async Task<Connection<RejectionNode>> RejectionsAsync(string orgId, UploadView upload, int first, string? after, RejectReason? reason, CancellationToken cancellationToken)
    {
        CheckPage(first);
        var afterRow = after is null ? -1 : DecodeLong(after);
        var filter = reason is null ? string.Empty : "WHERE @reason = ANY(reasons)";
        await using var command = dataSource.CreateCommand(
            $"SELECT * FROM ({ExcludedRows}) x {filter} {(filter.Length == 0 ? "WHERE" : "AND")} row_number > @after ORDER BY row_number LIMIT @limit");
        AddScope(command, orgId, upload.Id);
        command.Parameters.AddWithValue("after", afterRow);
        command.Parameters.AddWithValue("limit", first + 1);
        if (reason is { } r)
        {
            command.Parameters.AddWithValue("reason", ContractNames.Of(r));
        }

        var rows = new List<(int Chunk, long Row, string[] Reasons, string Message, string[]? Original)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt32(0), reader.GetInt64(1), (string[])reader.GetValue(2), reader.GetString(3), reader.IsDBNull(4) ? null : (string[])reader.GetValue(4)));
            }
        }

        var hasNext = rows.Count > first;
        if (hasNext)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        // File-wide exclusions keep no copy of their row: read it again from the stored chunk.
        var originals = await OriginalRowsAsync(upload, rows.Where(r => r.Original is null).Select(r => (r.Chunk, r.Row)), cancellationToken);
        var nodes = rows.Select(r =>
        {
            var values = r.Original ?? originals.GetValueOrDefault(r.Row) ?? [];
            return new RejectionNode(r.Row, [.. r.Reasons.Select(ContractNames.ParseRejectReason)], ToObject(upload.Columns, values), r.Message);
        }).ToList();

        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM ({ExcludedRows}) x {filter}");
        AddScope(count, orgId, upload.Id);
        if (reason is { } cr)
        {
            count.Parameters.AddWithValue("reason", ContractNames.Of(cr));
        }

        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Connection<RejectionNode>(nodes, new PageInfo(hasNext, nodes.Count == 0 ? null : EncodeLong(nodes[^1].RowNumber)), total);
    }

    /// <summary>
    /// The rejection report: every excluded row with its original values, row number, reason codes and messages,
    /// in file order, written chunk by chunk (only chunks that have excluded rows are read).
    /// </summary>
    public async Task WriteReportAsync(string orgId, UploadView upload, Stream output, CancellationToken cancellationToken)
    {
        await using var report = RejectionReportWriter.Create(output, upload.Columns, leaveOpen: true);
        await using var chunks = dataSource.CreateCommand("SELECT chunk_no FROM upload_chunks WHERE upload_id = @u AND org_id = @o ORDER BY chunk_no");
        AddScope(chunks, orgId, upload.Id);
        var numbers = new List<int>();
        await using (var reader = await chunks.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                numbers.Add(reader.GetInt32(0));
            }
        }

        foreach (var chunkNo in numbers)
        {
            await using var excluded = dataSource.CreateCommand(
                """
                SELECT row_number, reasons, message, phone FROM upload_rejections WHERE upload_id = @u AND org_id = @o AND chunk_no = @c
                UNION ALL
                SELECT row_number, ARRAY[excluded], excluded_message, phone FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE org_id = @o AND upload_id = @u) AND chunk_no = @c AND excluded IS NOT NULL
                ORDER BY 1
                """);
            AddScope(excluded, orgId, upload.Id);
            excluded.Parameters.AddWithValue("c", chunkNo);
            var wanted = new Dictionary<long, (string[] Reasons, string Message, string? Phone)>();
            await using (var reader = await excluded.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    wanted[reader.GetInt64(0)] = ((string[])reader.GetValue(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                }
            }

            if (wanted.Count == 0)
            {
                continue;
            }

            var rows = await ReadChunkRowsAsync(upload, chunkNo, wanted.Keys.ToHashSet(), cancellationToken);
            foreach (var (rowNumber, values) in rows.OrderBy(r => r.Key))
            {
                var (reasons, message, phone) = wanted[rowNumber];
                await report.WriteAsync(new RejectionRecord(rowNumber, values, [.. reasons.Select(ContractNames.ParseRejectReason)], [message], phone), cancellationToken);
            }

            await report.FlushAsync(cancellationToken);
        }
    }

    public async Task<Connection<DialTaskNode>> TasksAsync(string orgId, string campaignId, int first, string? after, CancellationToken cancellationToken)
    {
        CheckPage(first);
        await using var command = dataSource.CreateCommand(
            """
            SELECT task_no, identifier, phone, timezone, crm_id, status, phone_ext FROM dial_tasks
             WHERE org_id = @o AND campaign_id = @c AND task_no > @after ORDER BY task_no LIMIT @limit
            """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddWithValue("after", after is null ? 0 : DecodeLong(after));
        command.Parameters.AddWithValue("limit", first + 1);
        var nodes = new List<(long No, DialTaskNode Node)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var no = reader.GetInt64(0);
                nodes.Add((no, new DialTaskNode($"{campaignId}:{no}", reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6))));
            }
        }

        var hasNext = nodes.Count > first;
        if (hasNext)
        {
            nodes.RemoveAt(nodes.Count - 1);
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM dial_tasks WHERE org_id = @o AND campaign_id = @c");
        count.Parameters.AddWithValue("o", orgId);
        count.Parameters.AddWithValue("c", campaignId);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Connection<DialTaskNode>([.. nodes.Select(n => n.Node)], new PageInfo(hasNext, nodes.Count == 0 ? null : EncodeLong(nodes[^1].No)), total);
    }

    public async Task<Connection<SuppressionNode>> SuppressionsAsync(string orgId, int first, string? after, string? search, CancellationToken cancellationToken)
    {
        CheckPage(first);
        var afterPhone = after is null ? null : DecodeText(after);
        const string Filter = "org_id = @o AND (@search::text IS NULL OR phone LIKE '%' || @search || '%' OR reason ILIKE '%' || @search || '%')";
        await using var command = dataSource.CreateCommand(
            $"SELECT phone, reason, added_by, added_at FROM suppressions WHERE {Filter} AND (@after::text IS NULL OR phone > @after) ORDER BY phone LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(new NpgsqlParameter("search", NpgsqlTypes.NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(search) ? DBNull.Value : search.Trim() });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)afterPhone ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", first + 1);
        var nodes = new List<SuppressionNode>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                nodes.Add(new SuppressionNode(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)));
            }
        }

        var hasNext = nodes.Count > first;
        if (hasNext)
        {
            nodes.RemoveAt(nodes.Count - 1);
        }

        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM suppressions WHERE {Filter}");
        count.Parameters.AddWithValue("o", orgId);
        count.Parameters.Add(new NpgsqlParameter("search", NpgsqlTypes.NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(search) ? DBNull.Value : search.Trim() });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Connection<SuppressionNode>(nodes, new PageInfo(hasNext, nodes.Count == 0 ? null : EncodeText(nodes[^1].Phone)), total);
    }

    public async Task<IReadOnlyList<string>> ActiveUploadIdsAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT upload_id FROM upload_index WHERE org_id = @o AND status IN ('RECEIVING', 'MAPPING', 'VALIDATING') ORDER BY received_at");
        command.Parameters.AddWithValue("o", orgId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A grain's state exactly as the ADO.NET storage holds it (our JSON), or null.</summary>
    public async Task<string?> GrainStateAsync(string grainKey, string stateName, string serviceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payloadbinary FROM orleansstorage WHERE serviceid = @s AND graintypestring = @t AND grainidextensionstring = @k LIMIT 1");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("t", stateName);
        command.Parameters.AddWithValue("k", grainKey);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] payload ? Encoding.UTF8.GetString(payload) : null;
    }

    private async Task<Dictionary<long, string[]>> OriginalRowsAsync(UploadView upload, IEnumerable<(int Chunk, long Row)> wanted, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, string[]>();
        foreach (var group in wanted.GroupBy(w => w.Chunk))
        {
            foreach (var (row, values) in await ReadChunkRowsAsync(upload, group.Key, group.Select(g => g.Row).ToHashSet(), cancellationToken))
            {
                result[row] = values;
            }
        }

        return result;
    }

    private async Task<Dictionary<long, string[]>> ReadChunkRowsAsync(UploadView upload, int chunkNo, HashSet<long> rows, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT first_row, data FROM upload_chunks WHERE upload_id = @u AND org_id = @o AND chunk_no = @c");
        AddScope(command, upload.OrgId, upload.Id);
        command.Parameters.AddWithValue("c", chunkNo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new Dictionary<long, string[]>();
        if (!await reader.ReadAsync(cancellationToken))
        {
            return found;
        }

        var firstRow = reader.GetInt64(0);
        var data = (byte[])reader.GetValue(1);
        var delimiter = upload.Delimiter.Length == 1 ? upload.Delimiter[0] : ',';
        foreach (var row in new ChunkReader(delimiter, upload.Columns.Count).Read(data, firstRow))
        {
            if (rows.Contains(row.RowNumber))
            {
                found[row.RowNumber] = row.ToArray();
            }
        }

        return found;
    }

    private static Dictionary<string, string> ToObject(IReadOnlyList<string> columns, string[] values)
    {
        var result = new Dictionary<string, string>(columns.Count);
        for (var i = 0; i < Math.Max(columns.Count, values.Length); i++)
        {
            var name = i < columns.Count ? columns[i] : $"extra_{i + 1}";
            result[name] = i < values.Length ? values[i] : string.Empty;
        }

        return result;
    }

    private static void AddScope(NpgsqlCommand command, string orgId, string uploadId)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("u", uploadId);
    }

    internal static void CheckPage(int first)
    {
        if (first is < 0 or > MaxPage)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, $"first must be between 0 and {MaxPage}.");
        }
    }

    internal static string EncodeLong(long value) => Convert.ToBase64String(Encoding.UTF8.GetBytes("n:" + value.ToString(CultureInfo.InvariantCulture)));

    internal static string EncodeText(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes("t:" + value));

    internal static string DecodeText(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("t:", StringComparison.Ordinal) ? text[2..] : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, "after is not a cursor this API gave out; pass pageInfo.endCursor from the previous page.");
        }
    }

    internal static long DecodeLong(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("n:", StringComparison.Ordinal) ? long.Parse(text[2..], CultureInfo.InvariantCulture) : throw new FormatException();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, "after is not a cursor this API gave out; pass pageInfo.endCursor from the previous page.");
        }
    }
}
