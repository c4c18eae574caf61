using Callaro.Pipeline;

namespace Callaro.Check;

/// <summary>
/// What a check found, with the contract's count names (UploadCounts). Invariant:
/// <c>TotalRows = Accepted + Rejected + Duplicates + Suppressed</c>, and <see cref="ByReason"/> (errors only, one primary
/// reason per excluded row, as the server counts) adds up to <c>Rejected + Duplicates + Suppressed</c>.
/// </summary>
public sealed record CheckResult
{
    /// <summary>Data rows in the file (header and blank lines excluded).</summary>
    public required long TotalRows { get; init; }

    /// <summary>Dialable contacts after the duplicate policy.</summary>
    public required long Accepted { get; init; }

    /// <summary>Rows with an ERROR issue (malformed, missing or bad values).</summary>
    public required long Rejected { get; init; }

    /// <summary>Rows excluded by the duplicate policy (DUPLICATE and DUPLICATE_IDENTIFIER).</summary>
    public required long Duplicates { get; init; }

    /// <summary>Always 0 offline: suppression list, consent and other campaigns need the server.</summary>
    public long Suppressed { get; init; }

    /// <summary>Accepted rows that carry a WARNING.</summary>
    public required long Warnings { get; init; }

    /// <summary>Accepted rows with no time zone that none could be inferred for (CONTACT_LOCAL would reject them).</summary>
    public required long TimezoneMissing { get; init; }

    /// <summary>Excluded rows by their primary (first) error reason.</summary>
    public required IReadOnlyDictionary<RejectReason, long> ByReason { get; init; }

    /// <summary>Accepted rows by each warning they carry.</summary>
    public required IReadOnlyDictionary<RejectReason, long> WarningsByReason { get; init; }

    /// <summary>Under BLOCK, any duplicate blocks launch.</summary>
    public required bool BlocksLaunch { get; init; }

    public required string Encoding { get; init; }

    public required string Delimiter { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    public required IReadOnlyList<ColumnMapping> Mapping { get; init; }

    /// <summary>What the sniffer noticed (assumptions, oddities).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public required CheckOptions Options { get; init; }

    public required long Bytes { get; init; }

    public required int Chunks { get; init; }

    /// <summary>Byte sequences not valid in the file's encoding (read as U+FFFD).</summary>
    public required long ReplacedSequences { get; init; }

    /// <summary>Rows written to the rejection report (0 without one).</summary>
    public long ReportRows { get; init; }

    public required double ElapsedMs { get; init; }

    public double RowsPerSecond => ElapsedMs <= 0 ? 0 : TotalRows / (ElapsedMs / 1000.0);
}
