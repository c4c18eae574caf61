using Callaro.Pipeline;

namespace Callaro.Check;

/// <summary>How <see cref="ContactFileCheck"/> reads and judges a file (the command line's options).</summary>
public sealed record CheckOptions
{
    /// <summary>ISO 3166 alpha-2 region for numbers without a country prefix.</summary>
    public string Region { get; init; } = "US";

    public DuplicatePolicy DuplicatePolicy { get; init; } = DuplicatePolicy.KeepFirst;

    public DuplicateKey DuplicateKey { get; init; } = DuplicateKey.Phone;

    /// <summary>Delimiter override (",", ";", "|", "\t", "tab"...); null = sniffed.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Encoding override ("utf-8", "windows-1252"...); null = sniffed.</summary>
    public string? Encoding { get; init; }

    /// <summary>The schedule is CONTACT_LOCAL: a missing, not inferable time zone is TIMEZONE_UNRESOLVED.</summary>
    public bool RequireTimezone { get; init; }

    /// <summary>Data rows per chunk; chunks are validated independently (in parallel).</summary>
    public int RowsPerChunk { get; init; } = 10_000;

    /// <summary>Where to write the rejection report CSV (rejected rows and duplicates); null = no report.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Validating threads; 1 = everything on the calling thread (no parallelism). Default: every core.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>A mapping to use instead of the suggestion (library use; the command line always suggests).</summary>
    public IReadOnlyList<ColumnMapping>? Mapping { get; init; }

    /// <summary>Data rows of the head used as samples for the mapping suggestion (as the upload grain does).</summary>
    public int SampleRows { get; init; } = 50;
}
