using Callaro.Contracts;
using Callaro.Pipeline;

namespace Callaro.Grains.Uploads;

/// <summary>A preview row as read from the head of the file.</summary>
[GenerateSerializer, Alias("callaro.PreviewSource")]
public sealed record PreviewSource([property: Id(0)] long RowNumber, [property: Id(1)] List<string> Fields, [property: Id(2)] string? Error);

/// <summary>One upload's lifecycle, file facts, options, mapping, progress and counts. Rows live in PostgreSQL.</summary>
[GenerateSerializer, Alias("callaro.UploadState")]
public sealed record UploadState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string CampaignId { get; set; } = string.Empty;
    [Id(2)] public string FileName { get; set; } = string.Empty;
    [Id(3)] public string CreatedBy { get; set; } = string.Empty;
    [Id(4)] public UploadStatus Status { get; set; }
    [Id(5)] public Fault? Error { get; set; }
    [Id(6)] public UploadOptions Options { get; set; } = new();
    [Id(7)] public long SizeBytes { get; set; }
    [Id(8)] public string Sha256 { get; set; } = string.Empty;
    [Id(9)] public string Encoding { get; set; } = string.Empty;
    [Id(10)] public string Delimiter { get; set; } = string.Empty;
    [Id(11)] public List<string> Columns { get; set; } = [];
    [Id(12)] public List<string> Notes { get; set; } = [];
    [Id(13)] public List<ColumnMapping> SuggestedMapping { get; set; } = [];
    [Id(14)] public List<ColumnMapping>? Mapping { get; set; }
    [Id(15)] public bool MappingFromMemory { get; set; }
    [Id(16)] public List<PreviewSource> Preview { get; set; } = [];
    [Id(17)] public bool ReceivingComplete { get; set; }
    [Id(18)] public int ChunksStored { get; set; }
    [Id(19)] public long RowsRead { get; set; }
    [Id(20)] public int Run { get; set; }
    [Id(21)] public bool RequireTimezone { get; set; }
    [Id(22)] public int ChunksDone { get; set; }
    [Id(23)] public long RowsValidated { get; set; }
    [Id(24)] public UploadCounts? Counts { get; set; }
    [Id(25)] public Acknowledgement? Acknowledgement { get; set; }
    [Id(26)] public long SuppressionVersion { get; set; }
    [Id(27)] public long SuppressedSinceStaging { get; set; }
    [Id(28)] public SameFileNotice? SameFileAs { get; set; }
    [Id(29)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(30)] public DateTimeOffset? MappedAt { get; set; }
    [Id(31)] public DateTimeOffset? StagedAt { get; set; }
    [Id(32)] public DateTimeOffset? AttachedAt { get; set; }
    [Id(33)] public DateTimeOffset? ConsumedAt { get; set; }
    [Id(34)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(35)] public bool DuplicatesBlockLaunch { get; set; }
    [Id(36)] public long HeaderRowNumber { get; set; } = 1;

    /// <summary>Attached, and its contacts not yet in the org directory (the upsert runs after the attach answers).</summary>
    [Id(37)] public bool DirectoryPending { get; set; }
    [Id(38)] public DateTimeOffset? InDirectoryAt { get; set; }
}
