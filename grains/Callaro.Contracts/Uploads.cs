using Callaro.Pipeline;
using Orleans.Concurrency;

namespace Callaro.Contracts;

[GenerateSerializer]
public enum UploadStatus
{
    Receiving,
    Mapping,
    Validating,
    Staged,
    Attached,
    Consumed,
    Superseded,
    Error,
}

/// <summary>How an upload is validated; every field has the contract's default.</summary>
[GenerateSerializer, Immutable, Alias("callaro.UploadOptions")]
public sealed record UploadOptions
{
    [Id(0)] public DuplicatePolicy DuplicatePolicy { get; init; } = DuplicatePolicy.KeepFirst;
    [Id(1)] public DuplicateKey DuplicateKey { get; init; } = DuplicateKey.Phone;
    [Id(2)] public string DefaultRegion { get; init; } = "US";
    [Id(3)] public bool RequireConsent { get; init; }
    [Id(4)] public bool CheckActiveCampaigns { get; init; }
    [Id(5)] public string? Encoding { get; init; }
    [Id(6)] public string? Delimiter { get; init; }
}

/// <summary>Options a client sends: null means "keep what is set" (or the default on a new upload).</summary>
[GenerateSerializer, Immutable, Alias("callaro.UploadOptionsPatch")]
public sealed record UploadOptionsPatch(
    [property: Id(0)] DuplicatePolicy? DuplicatePolicy = null,
    [property: Id(1)] DuplicateKey? DuplicateKey = null,
    [property: Id(2)] string? DefaultRegion = null,
    [property: Id(3)] bool? RequireConsent = null,
    [property: Id(4)] bool? CheckActiveCampaigns = null,
    [property: Id(5)] string? Encoding = null,
    [property: Id(6)] string? Delimiter = null)
{
    public UploadOptions ApplyTo(UploadOptions options) => options with
    {
        DuplicatePolicy = DuplicatePolicy ?? options.DuplicatePolicy,
        DuplicateKey = DuplicateKey ?? options.DuplicateKey,
        DefaultRegion = DefaultRegion?.Trim().ToUpperInvariant() ?? options.DefaultRegion,
        RequireConsent = RequireConsent ?? options.RequireConsent,
        CheckActiveCampaigns = CheckActiveCampaigns ?? options.CheckActiveCampaigns,
        Encoding = Encoding ?? options.Encoding,
        Delimiter = Delimiter ?? options.Delimiter,
    };
}

[GenerateSerializer, Immutable, Alias("callaro.UploadProgress")]
public sealed record UploadProgress(
    [property: Id(0)] long RowsRead,
    [property: Id(1)] long RowsValidated,
    [property: Id(2)] int ChunksTotal,
    [property: Id(3)] int ChunksDone);

[GenerateSerializer, Immutable, Alias("callaro.ReasonCount")]
public sealed record ReasonCount([property: Id(0)] RejectReason Reason, [property: Id(1)] long Count);

[GenerateSerializer, Immutable, Alias("callaro.UploadCounts")]
public sealed record UploadCounts(
    [property: Id(0)] long TotalRows,
    [property: Id(1)] long Accepted,
    [property: Id(2)] long Rejected,
    [property: Id(3)] long Duplicates,
    [property: Id(4)] long Suppressed,
    [property: Id(5)] long Warnings,
    [property: Id(6)] IReadOnlyList<ReasonCount> ByReason,
    [property: Id(7)] IReadOnlyList<ReasonCount> WarningsByReason,
    [property: Id(8)] long TimezoneMissing,
    [property: Id(9)] long SuppressedSinceStaging);

/// <summary>An earlier upload of the same bytes (same sha256) in this org.</summary>
[GenerateSerializer, Immutable, Alias("callaro.SameFileNotice")]
public sealed record SameFileNotice(
    [property: Id(0)] string UploadId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] string? CampaignName,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] UploadStatus Status);

[GenerateSerializer, Immutable, Alias("callaro.Acknowledgement")]
public sealed record Acknowledgement([property: Id(0)] string UserId, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? Note, [property: Id(3)] long ExcludedRows);

/// <summary>Everything the API shows of an upload.</summary>
[GenerateSerializer, Immutable, Alias("callaro.UploadView")]
public sealed record UploadView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string OrgId { get; init; }
    [Id(2)] public required string CampaignId { get; init; }
    [Id(3)] public required string FileName { get; init; }
    [Id(4)] public long SizeBytes { get; init; }
    [Id(5)] public string Sha256 { get; init; } = string.Empty;
    [Id(6)] public UploadStatus Status { get; init; }
    [Id(7)] public Fault? Error { get; init; }
    [Id(8)] public string Encoding { get; init; } = string.Empty;
    [Id(9)] public string Delimiter { get; init; } = string.Empty;
    [Id(10)] public IReadOnlyList<string> Columns { get; init; } = [];
    [Id(11)] public IReadOnlyList<ColumnMapping> SuggestedMapping { get; init; } = [];
    [Id(12)] public IReadOnlyList<ColumnMapping>? Mapping { get; init; }
    [Id(13)] public required UploadOptions Options { get; init; }
    [Id(14)] public required UploadProgress Progress { get; init; }
    [Id(15)] public UploadCounts? Counts { get; init; }
    [Id(16)] public Acknowledgement? Acknowledgement { get; init; }
    [Id(17)] public DateTimeOffset ReceivedAt { get; init; }
    [Id(18)] public DateTimeOffset? MappedAt { get; init; }
    [Id(19)] public DateTimeOffset? StagedAt { get; init; }
    [Id(20)] public DateTimeOffset? AttachedAt { get; init; }
    [Id(21)] public DateTimeOffset? ConsumedAt { get; init; }
    [Id(22)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(23)] public bool MappingFromMemory { get; init; }
    [Id(24)] public SameFileNotice? SameFileAs { get; init; }
    [Id(25)] public IReadOnlyList<string> Notes { get; init; } = [];
    [Id(26)] public bool ReceivingComplete { get; init; }
    [Id(27)] public long SuppressionVersion { get; init; }
    [Id(28)] public bool DuplicatesBlockLaunch { get; init; }
    [Id(29)] public int ValidationRun { get; init; }

    /// <summary>When the attached contacts reached the org contact directory (null while that is still running).</summary>
    [Id(30)] public DateTimeOffset? InDirectoryAt { get; init; }
}

[GenerateSerializer, Immutable, Alias("callaro.PreviewCell")]
public sealed record PreviewCell([property: Id(0)] string Column, [property: Id(1)] string Value, [property: Id(2)] string? Normalized, [property: Id(3)] ContactField? Field);

[GenerateSerializer, Immutable, Alias("callaro.PreviewRow")]
public sealed record PreviewRow([property: Id(0)] long RowNumber, [property: Id(1)] IReadOnlyList<PreviewCell> Cells, [property: Id(2)] IReadOnlyList<RowIssue> Issues);

/// <summary>One upload's lifecycle: key <c>{orgId}/{uploadId}</c>.</summary>
public interface IContactUploadGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts RECEIVING for <paramref name="campaignId"/>. <paramref name="declaredSize"/> is the file's size when the
    /// client declared it (a larger file is refused at once); <paramref name="sizeHint"/> is an upper bound such as the
    /// length of the request carrying the file, used only to size working memory.
    /// </summary>
    Task<Result<UploadView>> BeginAsync(string campaignId, string fileName, UploadOptionsPatch? options, long? declaredSize, long? sizeHint, Actor actor);

    /// <summary>The next bytes of the file, in order. Answers the status so the sender can stop early.</summary>
    Task<Result<UploadStatus>> AppendAsync([Immutable] byte[] bytes);

    /// <summary>The last byte arrived.</summary>
    Task<Result<UploadView>> CompleteAsync();

    /// <summary>The sender gave up (client went away, transport error): the upload goes to ERROR.</summary>
    Task AbortAsync(string code, string message);

    /// <summary>Reads never wait behind receiving or validation work (many subscribers read on every change).</summary>
    [AlwaysInterleave]
    Task<UploadView?> GetAsync();

    [AlwaysInterleave]
    Task<IReadOnlyList<PreviewRow>> GetPreviewAsync(int first);

    /// <summary>MAPPING (or STAGED/ATTACHED, to re-validate) -> VALIDATING. <paramref name="requireTimezone"/>: the campaign's schedule is CONTACT_LOCAL.</summary>
    Task<Result<UploadView>> ConfirmMappingAsync(IReadOnlyList<ColumnMapping> mapping, UploadOptionsPatch? options, bool requireTimezone, Actor actor);

    Task<Result<UploadView>> AcknowledgeRejectionsAsync(string? note, Actor actor);

    /// <summary>saveDraft: STAGED -> ATTACHED (re-checks the suppression list).</summary>
    Task<Result<UploadView>> AttachAsync(string campaignId);

    /// <summary>A newer upload replaced this one in its draft.</summary>
    Task<Result<UploadView>> SupersedeAsync();

    /// <summary>Re-checks the suppression list (at launch); answers the upload after it.</summary>
    Task<Result<UploadView>> RecheckSuppressionAsync();

    /// <summary>Launch turned the rows into dial tasks: ATTACHED -> CONSUMED.</summary>
    Task<Result<UploadView>> ConsumeAsync(string campaignId);

    /// <summary>Picks up interrupted work after a restart (called at silo start and by a reminder).</summary>
    Task ResumeAsync();

    /// <summary>
    /// A validated chunk's duplicate verdicts, once every earlier chunk has been judged: its accepted rows' keys
    /// in, the duplicates among them out (same answer when asked again). Interleaves: chunks wait for earlier ones.
    /// </summary>
    [AlwaysInterleave]
    Task<ChunkDuplicates> DuplicatesOfAsync(int run, int chunkNo, ChunkKeys keys);
}

[GenerateSerializer, Immutable, Alias("callaro.ChunkJob")]
public sealed record ChunkJob(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string UploadId,
    [property: Id(2)] int ChunkNo,
    [property: Id(3)] int Run,
    [property: Id(4)] char Delimiter,
    [property: Id(5)] IReadOnlyList<string> Columns,
    [property: Id(6)] IReadOnlyList<ColumnMapping> Mapping,
    [property: Id(7)] string DefaultRegion,
    [property: Id(8)] bool RequireTimezone,
    [property: Id(9)] long FirstRow = 0,
    [property: Id(10)] byte[]? Data = null,
    [property: Id(11)] bool DuplicatesInOrder = false,
    [property: Id(12)] long UploadNo = 0);

/// <summary>
/// A chunk's duplicate verdicts, judged in file order by the upload grain before the chunk writes its rows
/// (KEEP_FIRST / BLOCK): each duplicate row, its reason and the row kept in its place.
/// </summary>
[GenerateSerializer, Immutable, Alias("callaro.ChunkDuplicates")]
public sealed record ChunkDuplicates(
    [property: Id(0)] long[] RowNumbers,
    [property: Id(1)] RejectReason[] Reasons,
    [property: Id(2)] long[] KeptRows,
    [property: Id(3)] DuplicatePolicy Policy)
{
    public static ChunkDuplicates None(DuplicatePolicy policy) => new([], [], [], policy);
}

[GenerateSerializer, Immutable, Alias("callaro.ChunkOutcome")]
public sealed record ChunkOutcome(
    [property: Id(0)] int ChunkNo,
    [property: Id(1)] long Rows,
    [property: Id(2)] long Accepted,
    [property: Id(3)] long Rejected,
    [property: Id(4)] string Silo,
    [property: Id(5)] ChunkKeys Keys);

/// <summary>The duplicate keys of a chunk's accepted rows, for the file-wide pass (parallel arrays, compact on the wire).</summary>
[GenerateSerializer, Immutable, Alias("callaro.ChunkKeys")]
public sealed record ChunkKeys(
    [property: Id(0)] long[] RowNumbers,
    [property: Id(1)] long[] PhoneKeys,
    [property: Id(2)] long[] IdentifierKeys);

/// <summary>Validates one stored chunk and writes its contacts and rejections: key <c>{orgId}/{uploadId}/{chunkNo}</c>.</summary>
public interface IContactChunkGrain : IGrainWithStringKey
{
    Task<ChunkOutcome> ValidateAsync(ChunkJob job);
}
