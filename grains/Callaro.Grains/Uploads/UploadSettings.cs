using Microsoft.Extensions.Configuration;

namespace Callaro.Grains.Uploads;

/// <summary>Upload tuning (section <c>Callaro:Uploads</c>), read by the silos; the api reads <see cref="MaxBytes"/> too.</summary>
public sealed record UploadSettings
{
    public const string Section = "Callaro:Uploads";

    /// <summary>The one upload-size setting, <c>Callaro:Uploads:MaxBytes</c>.</summary>
    public const string MaxBytesKey = Section + ":" + nameof(MaxBytes);

    /// <summary>
    /// Rows per stored chunk and per chunk grain. Each chunk costs a transaction, two COPY starts, a grain
    /// activation and a duplicate hand-over: at 25,000 rows a million-row file has 40 chunks, and PostgreSQL
    /// spent ~0.3 core-s less than with 10,000 (bench/endtoend.sh).
    /// </summary>
    public int RowsPerChunk { get; init; } = 25_000;

    /// <summary>
    /// Chunks validated at once per upload (spread over every silo): one more than the cores, so a core is not
    /// idle while a chunk waits on PostgreSQL; each one in flight holds its encoded rows (~5 MB at 25,000 rows).
    /// </summary>
    public int Parallelism { get; init; } = Math.Max(3, Environment.ProcessorCount + 1);

    /// <summary>
    /// Largest accepted file (UPLOAD_TOO_LARGE beyond it), the one size limit of both hosts: the api refuses a larger
    /// file or multipart request before reading it and stops reading one that grows past it; the silos refuse the
    /// bytes beyond it.
    /// </summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Attempts per chunk before the upload goes to ERROR.</summary>
    public int ChunkAttempts { get; init; } = 3;

    /// <summary>
    /// Bytes of just-stored chunks kept in memory to hand straight to their chunk grains, sparing a read back
    /// from PostgreSQL; chunks beyond it (validation lagging far behind receiving) are read back as usual.
    /// </summary>
    public long HandOffBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Seconds without a byte before a file still arriving is given up (ERROR): a sender that went away (an api
    /// killed while silos stay up) would otherwise leave the upload receiving for good, holding one of the org's
    /// concurrent upload slots.
    /// </summary>
    public int ReceiveIdleSeconds { get; init; } = 120;

    /// <summary>Rows kept for the preview.</summary>
    public int PreviewRows { get; init; } = 50;

    public static UploadSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<UploadSettings>() ?? new UploadSettings();
}
