using System.Globalization;
using System.Text;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Reporting;

namespace Callaro.Api.Data;

public sealed record RejectionNode(long RowNumber, IReadOnlyList<RejectReason> Reasons, IReadOnlyDictionary<string, string> Values, string Message);

public sealed record DialTaskNode(string Id, string ContactIdentifier, string Phone, string? Timezone, string? CrmId, string Status, string? PhoneExtension);

/// <summary>
/// The api's lists that never belong in grain state, paged with opaque cursors: rejections (with the row's
/// original values, re-read from the stored file), the rejection report, dial tasks, the suppression list, the
/// ops view's uploads at work and stored grain states. The SQL is in the stores (docs/sql-homes.md); every read
/// is scoped by org.
/// </summary>
public sealed class ReadModels(UploadStore uploads, UploadQueries results, LaunchStore launches, SuppressionStore suppressions, StoredGrainStates grainStates)
{
    public const int MaxPage = 500;

    public async Task<Connection<RejectionNode>> RejectionsAsync(string orgId, UploadView upload, int first, string? after, RejectReason? reason, CancellationToken cancellationToken)
    {
        CheckPage(first);
        var afterRow = after is null ? -1 : DecodeLong(after);
        var page = await results.ExcludedRowsAsync(orgId, upload.Id, afterRow, reason, first, cancellationToken);

        // File-wide exclusions keep no copy of their row: read it again from the stored chunk.
        var originals = new Dictionary<long, string[]>();
        foreach (var chunk in page.Items.Where(r => r.Original is null).GroupBy(r => r.ChunkNo))
        {
            foreach (var (row, values) in await ReadChunkRowsAsync(upload, chunk.Key, chunk.Select(r => r.RowNumber).ToHashSet(), cancellationToken))
            {
                originals[row] = values;
            }
        }

        var nodes = page.Items.Select(r =>
        {
            var values = r.Original ?? originals.GetValueOrDefault(r.RowNumber) ?? [];
            return new RejectionNode(r.RowNumber, [.. r.Reasons.Select(ContractNames.ParseRejectReason)], ToObject(upload.Columns, values), r.Message);
        }).ToList();
        return new Connection<RejectionNode>(nodes, new PageInfo(page.HasNext, nodes.Count == 0 ? null : EncodeLong(nodes[^1].RowNumber)), page.Total);
    }

    /// <summary>
    /// The rejection report: every excluded row with its original values, row number, reason codes and messages,
    /// in file order, written chunk by chunk (only chunks that have excluded rows are read).
    /// </summary>
    public async Task WriteReportAsync(string orgId, UploadView upload, Stream output, CancellationToken cancellationToken)
    {
        await using var report = RejectionReportWriter.Create(output, upload.Columns, leaveOpen: true);
        foreach (var (chunkNo, _) in await uploads.ChunkPlanAsync(upload.Id, orgId, cancellationToken))
        {
            var wanted = new Dictionary<long, ExcludedRow>();
            foreach (var excluded in await results.ExcludedRowsOfChunkAsync(orgId, upload.Id, chunkNo, cancellationToken))
            {
                wanted[excluded.RowNumber] = excluded;
            }

            if (wanted.Count == 0)
            {
                continue;
            }

            var rows = await ReadChunkRowsAsync(upload, chunkNo, wanted.Keys.ToHashSet(), cancellationToken);
            foreach (var (rowNumber, values) in rows.OrderBy(r => r.Key))
            {
                var excluded = wanted[rowNumber];
                await report.WriteAsync(new RejectionRecord(rowNumber, values, [.. excluded.Reasons.Select(ContractNames.ParseRejectReason)], [excluded.Message], excluded.Phone), cancellationToken);
            }

            await report.FlushAsync(cancellationToken);
        }
    }

    public async Task<Connection<DialTaskNode>> TasksAsync(string orgId, string campaignId, int first, string? after, CancellationToken cancellationToken)
    {
        CheckPage(first);
        var page = await launches.DialTasksAsync(orgId, campaignId, after is null ? 0 : DecodeLong(after), first, cancellationToken);
        var nodes = page.Items.Select(t => new DialTaskNode($"{campaignId}:{t.TaskNo}", t.Identifier, t.Phone, t.Timezone, t.CrmId, t.Status, t.PhoneExtension)).ToList();
        return new Connection<DialTaskNode>(nodes, new PageInfo(page.HasNext, page.Items.Count == 0 ? null : EncodeLong(page.Items[^1].TaskNo)), page.Total);
    }

    public async Task<Connection<SuppressionEntry>> SuppressionsAsync(string orgId, int first, string? after, string? search, CancellationToken cancellationToken)
    {
        CheckPage(first);
        var page = await suppressions.PageAsync(orgId, after is null ? null : DecodeText(after), search, first, cancellationToken);
        return new Connection<SuppressionEntry>(page.Items, new PageInfo(page.HasNext, page.Items.Count == 0 ? null : EncodeText(page.Items[^1].Phone)), page.Total);
    }

    public Task<IReadOnlyList<string>> ActiveUploadIdsAsync(string orgId, CancellationToken cancellationToken) =>
        uploads.ActiveUploadIdsAsync(orgId, cancellationToken);

    /// <summary>A grain's state exactly as the ADO.NET storage holds it (our JSON), or null.</summary>
    public Task<string?> GrainStateAsync(string grainKey, string stateName, string serviceId, CancellationToken cancellationToken) =>
        grainStates.ReadJsonAsync(serviceId, stateName, grainKey, cancellationToken);

    /// <summary>The values of the wanted rows of a stored chunk, parsed again with the upload's delimiter.</summary>
    private async Task<Dictionary<long, string[]>> ReadChunkRowsAsync(UploadView upload, int chunkNo, HashSet<long> rows, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, string[]>();
        if (await uploads.ReadChunkAsync(upload.Id, chunkNo, upload.OrgId, cancellationToken) is not { } chunk)
        {
            return found;
        }

        var delimiter = upload.Delimiter.Length == 1 ? upload.Delimiter[0] : ',';
        foreach (var row in new ChunkReader(delimiter, upload.Columns.Count).Read(chunk.Data, chunk.FirstRow))
        {
            if (rows.Contains(row.RowNumber))
            {
                found[row.RowNumber] = row.ToArray();
            }
        }

        return found;
    }

    private static Dictionary<string, string> ToObject(IReadOnlyList<string> columns, IReadOnlyList<string> values)
    {
        var result = new Dictionary<string, string>(columns.Count);
        for (var i = 0; i < Math.Max(columns.Count, values.Count); i++)
        {
            var name = i < columns.Count ? columns[i] : $"extra_{i + 1}";
            result[name] = i < values.Count ? values[i] : string.Empty;
        }

        return result;
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
