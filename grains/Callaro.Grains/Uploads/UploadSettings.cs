namespace Callaro.Grains.Uploads;

/// <summary>Upload tuning (section <c>Callaro:Uploads</c>).</summary>
public sealed record UploadSettings
{
    public const string Section = "Callaro:Uploads";

    /// <summary>Rows per stored chunk and per chunk grain.</summary>
    public int RowsPerChunk { get; init; } = 10_000;

    /// <summary>Chunks validated at once per upload (spread over every silo).</summary>
    public int Parallelism { get; init; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Largest accepted file (UPLOAD_TOO_LARGE beyond it).</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Attempts per chunk before the upload goes to ERROR.</summary>
    public int ChunkAttempts { get; init; } = 3;

    /// <summary>
    /// Bytes of just-stored chunks kept in memory to hand straight to their chunk grains, sparing a read back
    /// from PostgreSQL; chunks beyond it (validation lagging far behind receiving) are read back as usual.
    /// </summary>
    public long HandOffBytes { get; init; } = 32L << 20;

    /// <summary>Rows kept for the preview.</summary>
    public int PreviewRows { get; init; } = 50;
}
