using System.Security.Cryptography;
using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callaro.Grains.Uploads;

/// <summary>
/// One upload's lifecycle RECEIVING -> MAPPING -> VALIDATING -> STAGED -> ATTACHED -> CONSUMED (or ERROR,
/// SUPERSEDED). Bytes are cut into row-aligned chunks as they arrive and stored at once; validation fans
/// chunks out to chunk grains; the file-wide rules and counts run in PostgreSQL. Every transition is
/// persisted, then indexed, then announced.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The receiving buffers are disposed on completion, failure and deactivation.")]
// The file's bytes arrive through the api's gateway silo: living there spares every megabyte a second hop.
// Its chunks still go to every silo (RandomPlacement on the chunk grains).
[Orleans.Placement.PreferLocalPlacement]
public sealed partial class ContactUploadGrain(
    [PersistentState("upload", StorageNames.Default)] IPersistentState<UploadState> state,
    UploadStore store,
    FileWideVerdictStore fileWideVerdicts,
    UploadQueries queries,
    SuppressionStore suppressions,
    ContactDirectory.DirectoryStore directory,
    ChangeNotifier notifier,
    IOptions<UploadSettings> settings,
    TimeProvider clock,
    ILogger<ContactUploadGrain> logger) : Grain, IContactUploadGrain, IRemindable
{
    private const string ResumeReminder = "resume-validation";
    private const string DirectoryReminder = "sync-directory";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest a sender's piece is held for hand-off room: well inside Orleans' 30 s response timeout.</summary>
    private static readonly TimeSpan HandOffWait = TimeSpan.FromSeconds(2);

    private readonly UploadSettings config = settings.Value;
    private Receiving? receiving;
    private Task? pump;
    private Task? directorySync;
    private TaskCompletionSource moreChunks = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset lastProgress;

    // Chunks stored but not yet handed to a chunk grain, kept (up to HandOffBytes) so they need not be read back.
    private readonly Dictionary<int, RawChunk> handOff = [];
    private long handOffBytes;

    // Set when the hand-off has room again (a chunk went to its grain, or the hand-off was dropped).
    private TaskCompletionSource handOffRoom = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Duplicate keys of validated chunks, gathered for the file-wide pass (chunks done before a restart are read back).
    private readonly Dictionary<int, ChunkKeys> chunkKeys = [];
    private int keysRun;

    // KEEP_FIRST / BLOCK: chunks are judged for duplicates in file order before they write (see DuplicateSequencer).
    private DuplicateSequencer? sequencer;

    // Gives up a file whose sender went away (see WatchReceiving).
    private IGrainTimer? receiveWatch;

    /// <summary>The upload's number in upload_index (its contacts' key), known after the first index write of this activation.</summary>
    private long uploadNo;

    private UploadState S => state.State;

    private string OrgId => GrainKeys.Split(this.GetPrimaryKeyString()).OrgId;

    private string UploadId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Created)
        {
            return;
        }

        // Bytes in flight live only in memory: an upload still receiving when its activation ended cannot finish.
        if (!S.ReceivingComplete && S.Status is UploadStatus.Receiving or UploadStatus.Mapping or UploadStatus.Validating)
        {
            await FailAsync(ErrorCodes.Internal, "The upload was interrupted before the whole file arrived (the connection or a server stopped). Upload the file again.");
        }
        else if (S.Status == UploadStatus.Validating)
        {
            // Said in the upload itself, so ops reading its state see why it took longer (stored with the next change).
            S.Notes.Add($"Validation was interrupted (its silo stopped) and resumed at {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC; chunks already written were kept.");
            EnsurePump();
        }

        EnsureDirectorySync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        receiving?.Dispose();
        receiving = null;
        DropHandOff();
        StopSequencer("The upload's activation ended.");
        return Task.CompletedTask;
    }

    public async Task<Result<UploadView>> BeginAsync(string campaignId, string fileName, UploadOptionsPatch? options, long? declaredSize, long? sizeHint, Actor actor)
    {
        if (S.Created)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Upload {UploadId} already exists ({Names.Of(S.Status)}).");
        }

        var merged = (options ?? new UploadOptionsPatch()).ApplyTo(new UploadOptions());
        if (UploadOptionRules.Check(merged) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        S.Created = true;
        S.CampaignId = campaignId;
        S.FileName = string.IsNullOrWhiteSpace(fileName) ? "upload.csv" : Path.GetFileName(fileName.Trim());
        S.CreatedBy = actor.UserId;
        S.Options = merged;
        S.ReceivedAt = now;
        S.Status = UploadStatus.Receiving;
        if (declaredSize > config.MaxBytes)
        {
            S.Error = TooLarge();
            S.Status = UploadStatus.Error;
            await CommitAsync(UploadStatus.Receiving);
            return S.Error;
        }

        receiving = new Receiving { SizeHint = sizeHint ?? declaredSize };
        WatchReceiving();
        await CommitAsync(null);
        return View();
    }

    /// <summary>Gives the file up when no byte has come for <see cref="UploadSettings.ReceiveIdleSeconds"/> (the sender is gone).</summary>
    private void WatchReceiving()
    {
        var idle = TimeSpan.FromSeconds(Math.Max(1, config.ReceiveIdleSeconds));
        var check = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 4, idle.Ticks / 4));
        receiving!.LastBytesAt = System.Diagnostics.Stopwatch.GetTimestamp();
        receiveWatch?.Dispose();
        receiveWatch = this.RegisterGrainTimer(async _ =>
        {
            if (receiving is null || S.ReceivingComplete || S.Status is UploadStatus.Error or UploadStatus.Superseded)
            {
                receiveWatch?.Dispose();
                receiveWatch = null;
                return;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(receiving.LastBytesAt) >= idle)
            {
                receiveWatch?.Dispose();
                receiveWatch = null;
                await FailAsync(ErrorCodes.Internal, $"No bytes arrived for {(int)idle.TotalSeconds} s before the file was complete ({ByteSizes.Describe(receiving.Size)} had arrived): the sender stopped (the connection or the api went away). Upload the file again.");
            }
        }, check, check);
    }

    public async Task<Result<UploadStatus>> AppendAsync(byte[] bytes)
    {
        if (receiving is null || S.ReceivingComplete || S.Status is not (UploadStatus.Receiving or UploadStatus.Mapping or UploadStatus.Validating))
        {
            return Result<UploadStatus>.Fail(ErrorCodes.InvalidTransition, $"Upload {UploadId} is not receiving bytes (it is {Names.Of(S.Status)}).");
        }

        receiving.Size += bytes.Length;
        receiving.LastBytesAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (receiving.Size > config.MaxBytes)
        {
            await FailAsync(TooLarge().Code, TooLarge().Message);
            return S.Error!;
        }

        receiving.Hash.AppendData(bytes);
        if (receiving.Chunker is null)
        {
            receiving.Head.Write(bytes);
            if (receiving.Head.Length >= FileSniffer.HeadSize && await StartChunkingAsync(headIsWholeFile: false) is { } fault)
            {
                return fault;
            }
        }
        else
        {
            try
            {
                receiving.Chunker.Append(bytes);
            }
            catch (PipelineException ex)
            {
                // A row the reader cannot take (e.g. megabytes without a line break): the file is refused, the
                // upload stops counting as receiving, and the sender hears why.
                await FailAsync(ex.Code, ex.Message);
                return S.Error!;
            }
        }

        if (await StoreReadyChunksAsync() is { } storeFault)
        {
            return storeFault;
        }

        await WaitForHandOffRoomAsync();
        return S.Status;
    }

    /// <summary>
    /// While validating, a sender that is ahead of the chunk grains by a full hand-off waits (at most
    /// <see cref="HandOffWait"/> per piece) for a chunk to leave it, instead of sending on and having the chunks
    /// beyond it read back from PostgreSQL (2.5 MB each, read, decompressed and copied again): the file arrives as fast as
    /// it is validated either way. With two silos on one machine, receiving ran ahead and chunks were read back
    /// (bench/endtoend.sh, chunk log at Debug).
    /// </summary>
    private async Task WaitForHandOffRoomAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (S.Status == UploadStatus.Validating && receiving is not null && handOffBytes >= config.HandOffBytes)
        {
            var left = HandOffWait - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            if (handOffRoom.Task.IsCompleted)
            {
                handOffRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            // Real time, not the grain's clock: this bounds how long the api's call is held, whatever tests do to time.
            try
            {
                await handOffRoom.Task.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    public async Task<Result<UploadView>> CompleteAsync()
    {
        if (receiving is null || S.ReceivingComplete)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Upload {UploadId} is not receiving bytes (it is {Names.Of(S.Status)}).");
        }

        if (receiving.Chunker is null && await StartChunkingAsync(headIsWholeFile: true) is { } fault)
        {
            return fault;
        }

        try
        {
            receiving.Chunker!.Complete();
        }
        catch (PipelineException ex)
        {
            await FailAsync(ex.Code, ex.Message);
            return S.Error!;
        }

        if (await StoreReadyChunksAsync() is { } storeFault)
        {
            return storeFault;
        }

        var chunker = receiving.Chunker;
        S.SizeBytes = receiving.Size;
        S.Sha256 = Convert.ToHexStringLower(receiving.Hash.GetHashAndReset());
        S.ReceivingComplete = true;
        if (chunker.DataRows == 0 && !S.Notes.Contains(FileSniffer.HeaderOnlyNote))
        {
            S.Notes.Add(FileSniffer.HeaderOnlyNote);
        }

        if (chunker.BlankRows > 0)
        {
            S.Notes.Add($"{chunker.BlankRows} blank line(s) were skipped; row numbers still count them, as a spreadsheet does.");
        }

        if (chunker.SwitchedEncodingAtRow is { } switchedAt)
        {
            S.Encoding = chunker.EncodingName;
            S.Notes.Add($"Rows before row {switchedAt} are plain ASCII, but later bytes are not valid UTF-8: the file was read as {chunker.EncodingName} (Western European). If accents look wrong, upload it again with options.encoding.");
        }

        if (chunker.ReplacedSequences > 0)
        {
            S.Notes.Add($"{chunker.ReplacedSequences} byte sequence(s) were not valid {S.Encoding} and were replaced by U+FFFD; check accents in the file or pass options.encoding.");
        }

        S.SameFileAs = await store.FindSameFileAsync(OrgId, S.Sha256, UploadId);
        receiving.Dispose();
        receiving = null;
        if (S.Status != UploadStatus.Validating)
        {
            // Nobody has confirmed the mapping yet, which may take a while: the chunks wait in PostgreSQL only.
            DropHandOff();
        }

        await CommitAsync(S.Status);
        moreChunks.TrySetResult();
        return View();
    }

    public async Task AbortAsync(string code, string message)
    {
        if (S.Created && !S.ReceivingComplete && S.Status is not (UploadStatus.Error or UploadStatus.Superseded))
        {
            await FailAsync(code, message);
        }
    }

    public Task<UploadView?> GetAsync() => Task.FromResult(S.Created ? View() : null);

    public Task<IReadOnlyList<PreviewRow>> GetPreviewAsync(int first) =>
        Task.FromResult(UploadPreview.Build(S.Columns, S.Mapping ?? S.SuggestedMapping, S.Options.DefaultRegion, S.Preview, Math.Clamp(first, 0, S.Preview.Count)));

    public async Task<Result<UploadView>> ConfirmMappingAsync(IReadOnlyList<ColumnMapping> mapping, UploadOptionsPatch? options, bool requireTimezone, Actor actor)
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.Status is not (UploadStatus.Mapping or UploadStatus.Staged or UploadStatus.Attached))
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"The mapping can be confirmed while the upload is MAPPING (or STAGED/ATTACHED to re-validate); it is {Names.Of(S.Status)}.");
        }

        if (options is { } patch
            && ((patch.Encoding is { } e && !string.Equals(TextEncodings.Canonical(e), S.Encoding, StringComparison.OrdinalIgnoreCase))
                || (patch.Delimiter is { } d && UploadOptionRules.DelimiterChar(d) is { } c && c.ToString() != S.Delimiter)))
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidInput, "Encoding and delimiter are fixed when the file is received: upload the file again with options.encoding / options.delimiter.");
        }

        var merged = (options ?? new UploadOptionsPatch()).ApplyTo(S.Options);
        if (UploadOptionRules.Check(merged) is { } invalid)
        {
            return invalid;
        }

        var cleaned = mapping.Select(m => m with { Column = m.Column.Trim(), Confidence = null }).ToList();
        try
        {
            MappingRules.Validate(S.Columns, cleaned);
        }
        catch (PipelineException ex)
        {
            return Result<UploadView>.Fail(ex.Code, ex.Message);
        }

        await store.RememberMappingAsync(OrgId, S.Columns, cleaned, actor.UserId, clock.GetUtcNow());
        var previous = S.Status;
        S.Mapping = cleaned;
        S.Options = merged;
        S.RequireTimezone = requireTimezone;
        S.Run++;
        S.ChunksDone = 0;
        S.RowsValidated = 0;
        S.Counts = null;
        S.Acknowledgement = null;
        S.StagedAt = null;
        S.AttachedAt = null;
        S.SuppressedSinceStaging = 0;
        S.DuplicatesBlockLaunch = false;
        S.Status = UploadStatus.Validating;
        StopSequencer("The mapping was confirmed again.");
        await store.ClearResultsAsync(UploadId);
        await CommitAsync(previous);
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        EnsurePump();
        return View();
    }

    public async Task<Result<UploadView>> AcknowledgeRejectionsAsync(string? note, Actor actor)
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.Status is not (UploadStatus.Staged or UploadStatus.Attached) || S.Counts is null)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Rejections can be acknowledged once the upload is STAGED; it is {Names.Of(S.Status)}.");
        }

        var excluded = S.Counts.Rejected + S.Counts.Duplicates + S.Counts.Suppressed;
        S.Acknowledgement = new Acknowledgement(actor.UserId, clock.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note.Trim(), excluded);
        await CommitAsync(S.Status);
        return View();
    }

    public async Task<Result<UploadView>> AttachAsync(string campaignId)
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.CampaignId != campaignId)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidInput, $"Upload {UploadId} belongs to campaign {S.CampaignId}, not {campaignId}.");
        }

        if (S.Status == UploadStatus.Attached)
        {
            // Saving again is also a moment to look at the suppression list again, as the first save did: readiness
            // would otherwise say ready while the launch's own check then refuses.
            return await RecheckSuppressionAsync();
        }

        if (S.Status != UploadStatus.Staged)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Only a STAGED upload can be attached; this one is {Names.Of(S.Status)}{StatusHint()}.");
        }

        await RecheckSuppressionCoreAsync();
        S.AttachedAt = clock.GetUtcNow();

        // The contacts join the org contact directory after the attach answers: a million rows take seconds,
        // which saveDraft should not wait for. A reminder finishes the job if the silo stops first.
        S.DirectoryPending = true;
        S.InDirectoryAt = null;
        await this.RegisterOrUpdateReminder(DirectoryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await CommitAsync(UploadStatus.Staged, UploadStatus.Attached);
        EnsureDirectorySync();
        return View();
    }

    public async Task<Result<UploadView>> SupersedeAsync()
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.Status is UploadStatus.Consumed or UploadStatus.Superseded)
        {
            return S.Status == UploadStatus.Superseded
                ? View()
                : Result<UploadView>.Fail(ErrorCodes.InvalidTransition, "A CONSUMED upload never changes.");
        }

        var previous = S.Status;
        receiving?.Dispose();
        receiving = null;
        DropHandOff();
        StopSequencer("The upload was superseded.");
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        await CommitAsync(previous, UploadStatus.Superseded);
        return View();
    }

    public async Task<Result<UploadView>> RecheckSuppressionAsync()
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.Status is UploadStatus.Staged or UploadStatus.Attached && await RecheckSuppressionCoreAsync())
        {
            await CommitAsync(S.Status);
        }

        return View();
    }

    public async Task<Result<UploadView>> ConsumeAsync(string campaignId)
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (S.Status == UploadStatus.Consumed)
        {
            return View();
        }

        if (S.Status != UploadStatus.Attached || S.CampaignId != campaignId)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Only the ATTACHED upload of campaign {S.CampaignId} can be consumed; it is {Names.Of(S.Status)}.");
        }

        S.ConsumedAt = clock.GetUtcNow();
        await CommitAsync(UploadStatus.Attached, UploadStatus.Consumed);
        return View();
    }

    public Task ResumeAsync()
    {
        // Activation already did the work (OnActivateAsync); a live activation just keeps its pump going.
        if (S.Status == UploadStatus.Validating)
        {
            EnsurePump();
        }

        EnsureDirectorySync();
        return Task.CompletedTask;
    }

    private void EnsureDirectorySync()
    {
        if (S.DirectoryPending && S.Status is UploadStatus.Attached or UploadStatus.Consumed && directorySync is null or { IsCompleted: true })
        {
            directorySync = SyncDirectoryAsync();
        }
    }

    /// <summary>Upserts the attached contacts into the org directory (idempotent), then says so.</summary>
    private async Task SyncDirectoryAsync()
    {
        try
        {
            // Re-validated and attached again meanwhile: upsert again, from the rows of the run now attached.
            while (S.DirectoryPending && S.Status is UploadStatus.Attached or UploadStatus.Consumed)
            {
                var (run, attachedAt) = (S.Run, S.AttachedAt);
                await directory.UpsertFromUploadAsync(OrgId, UploadId, attachedAt ?? clock.GetUtcNow());
                if (S.Run == run && S.AttachedAt == attachedAt)
                {
                    S.DirectoryPending = false;
                    S.InDirectoryAt = clock.GetUtcNow();
                    await this.UnregisterReminderIfAnyAsync(DirectoryReminder);
                    await CommitAsync(null);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The reminder tries again within a minute.
            LogDirectorySyncFailed(logger, ex, UploadId);
        }
    }

    public Task<ChunkDuplicates> DuplicatesOfAsync(int run, int chunkNo, ChunkKeys keys) =>
        sequencer is { } current && current.Run == run && S.Run == run && S.Status == UploadStatus.Validating
            ? current.OfferAsync(chunkNo, keys)
            : Task.FromException<ChunkDuplicates>(new InvalidOperationException($"Upload {UploadId} is not validating run {run}."));

    public Task ReceiveReminder(string reminderName, TickStatus status) => ResumeAsync();

    private async Task<Fault?> StartChunkingAsync(bool headIsWholeFile)
    {
        var head = receiving!.Head.ToArray();
        SniffResult sniff;
        try
        {
            sniff = FileSniffer.Sniff(head, headIsWholeFile, new SniffOptions(S.Options.Encoding, S.Options.Delimiter));
        }
        catch (PipelineException ex)
        {
            await FailAsync(ex.Code, ex.Message);
            return S.Error;
        }

        S.Encoding = sniff.EncodingName;
        S.Delimiter = sniff.DelimiterText;
        S.Columns = [.. sniff.Columns];
        S.Notes = [.. sniff.Notes];
        S.HeaderRowNumber = sniff.HeaderRowNumber;
        S.Preview = UploadPreview.ReadHead(sniff, head, headIsWholeFile, config.PreviewRows);

        var remembered = await store.RecallMappingAsync(OrgId, S.Columns);
        if (remembered is not null && MappingIsValid(remembered))
        {
            // Every column, in file order: the ones the confirmed mapping left out were not wanted (IGNORE).
            S.SuggestedMapping = [.. S.Columns.Select(column =>
                (remembered.FirstOrDefault(m => m.Column == column) ?? new ColumnMapping(column, ContactField.Ignore)) with { Confidence = 1.0 })];
            S.MappingFromMemory = true;
        }
        else
        {
            var samples = S.Preview.Where(p => p.Error is null).Select(p => (IReadOnlyList<string>)p.Fields).ToList();
            S.SuggestedMapping = [.. MappingSuggester.Suggest(S.Columns, samples, unknownAsCustom: false, S.Options.DefaultRegion)];
        }

        receiving.Chunker = new RawChunker(sniff, new ChunkerOptions(RowsPerChunk: config.RowsPerChunk));
        receiving.Chunker.Append(head);
        receiving.Head = new MemoryStream(0);
        S.MappedAt = clock.GetUtcNow();
        await CommitAsync(UploadStatus.Receiving, UploadStatus.Mapping);
        return null;
    }

    private bool MappingIsValid(IReadOnlyList<ColumnMapping> mapping)
    {
        try
        {
            MappingRules.Validate(S.Columns, mapping);
            return true;
        }
        catch (PipelineException)
        {
            return false;
        }
    }

    private async Task<Fault?> StoreReadyChunksAsync()
    {
        var chunker = receiving?.Chunker;
        if (chunker is null)
        {
            return null;
        }

        var ready = new List<RawChunk>();
        try
        {
            while (chunker.TryTakeChunk(out var chunk))
            {
                ready.Add(chunk);
            }
        }
        catch (PipelineException ex)
        {
            await FailAsync(ex.Code, ex.Message);
            return S.Error;
        }

        if (ready.Count == 0)
        {
            return null;
        }

        await store.SaveChunksAsync(OrgId, UploadId, ready);
        foreach (var chunk in ready)
        {
            // While validating, the sender waits for room before its next piece (WaitForHandOffRoomAsync), and a chunk
            // is taken while there is any room, so the hand-off goes over its budget by at most one chunk; otherwise
            // the budget is a hard limit.
            if (handOffBytes + chunk.Utf8.Length <= config.HandOffBytes || (S.Status == UploadStatus.Validating && handOffBytes < config.HandOffBytes))
            {
                handOff[chunk.ChunkNo] = chunk;
                handOffBytes += chunk.Utf8.Length;
            }
        }

        S.ChunksStored += ready.Count;
        S.RowsRead += ready.Sum(c => (long)c.RowCount);
        if (receiving is not null)
        {
            receiving.ChunkedBytes += ready.Sum(c => (long)c.Utf8.Length);
        }
        moreChunks.TrySetResult();
        await PublishProgressAsync(force: false);
        return null;
    }

    private void EnsurePump()
    {
        if (pump is null || pump.IsCompleted)
        {
            pump = RunPumpAsync(S.Run);
        }
    }

    /// <summary>
    /// Fans stored chunks out to chunk grains, at most <see cref="UploadSettings.Parallelism"/> at once, while
    /// more may still be arriving; retries a failing chunk; then applies the file-wide rules and stages.
    /// Runs on the grain's scheduler between requests, so reads of the upload stay answered.
    /// </summary>
    private async Task RunPumpAsync(int run)
    {
        try
        {
            var done = await store.DoneChunksAsync(UploadId, run);
            S.ChunksDone = done.Count;
            S.RowsValidated = done.Values.Sum();
            var next = 0;
            var attempts = new Dictionary<int, int>();
            var inFlight = new Dictionary<Task<ChunkOutcome>, int>();
            // Progress held back by the 250 ms throttle is sent when its slot comes, not only with the next chunk:
            // chunks finish in bursts, and a dropped report left the bar still for a second or more.
            Task? progressDue = null;
            var inOrder = await StartSequencerAsync(run, done.Keys);
            if (uploadNo == 0)
            {
                // Resumed after a restart: the index row has the number since the upload began.
                uploadNo = await IndexAsync();
            }

            var job = Job(run) with { DuplicatesInOrder = inOrder, UploadNo = uploadNo };

            while (true)
            {
                if (S.Run != run || S.Status != UploadStatus.Validating)
                {
                    return;
                }

                while (inFlight.Count < config.Parallelism && next < S.ChunksStored)
                {
                    var chunkNo = next++;
                    if (done.ContainsKey(chunkNo))
                    {
                        continue;
                    }

                    attempts[chunkNo] = attempts.GetValueOrDefault(chunkNo) + 1;
                    inFlight[Chunk(chunkNo).ValidateAsync(WithBytes(job with { ChunkNo = chunkNo }))] = chunkNo;
                }

                if (inFlight.Count == 0 && S.ReceivingComplete && next >= S.ChunksStored)
                {
                    break;
                }

                // Wait for a chunk to finish or, while the file is still arriving, for the next stored chunk.
                var waitFor = new List<Task>(inFlight.Keys);
                if (!S.ReceivingComplete)
                {
                    moreChunks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    waitFor.Add(moreChunks.Task);
                }

                if (progressDue is not null)
                {
                    waitFor.Add(progressDue);
                }

                var finished = await Task.WhenAny(waitFor);
                if (finished == progressDue)
                {
                    progressDue = null;
                    await PublishProgressAsync(force: true);
                    continue;
                }

                if (finished is not Task<ChunkOutcome> completed || !inFlight.Remove(completed, out var number))
                {
                    continue;
                }

                if (completed.IsCompletedSuccessfully)
                {
                    if (keysRun != run)
                    {
                        chunkKeys.Clear();
                        keysRun = run;
                    }

                    if (!inOrder)
                    {
                        chunkKeys[number] = completed.Result.Keys;
                    }

                    S.ChunksDone++;
                    S.RowsValidated += completed.Result.Rows;
                    if (await PublishProgressAsync(force: false))
                    {
                        progressDue = null;
                    }
                    else
                    {
                        progressDue ??= Task.Delay(ProgressInterval - Clamp(clock.GetUtcNow() - lastProgress));
                    }

                    continue;
                }

                var error = completed.Exception?.GetBaseException().Message ?? "cancelled";
                LogChunkFailed(logger, completed.Exception, UploadId, number, attempts[number]);
                if (attempts[number] >= config.ChunkAttempts)
                {
                    await FailAsync(ErrorCodes.Internal, $"Rows in chunk {number} (from row {ChunkFirstRowHint(number)}) could not be validated after {attempts[number]} attempts ({error}). Upload the file again to retry.");
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(attempts[number]));
                attempts[number]++;
                inFlight[Chunk(number).ValidateAsync(job with { ChunkNo = number })] = number;
            }

            await StageAsync(run);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPumpFailed(logger, ex, UploadId);
            if (S.Run == run && S.Status == UploadStatus.Validating)
            {
                await FailAsync(ErrorCodes.Internal, $"Validation stopped: {ex.GetBaseException().Message}. Upload the file again to retry.");
            }
        }
    }

    /// <summary>
    /// For KEEP_FIRST / BLOCK without the consent rule, a sequencer judges chunks for duplicates in file order
    /// (the consent rule would exclude rows first, from SQL). Chunks written before a restart are replayed.
    /// </summary>
    private async Task<bool> StartSequencerAsync(int run, IReadOnlyCollection<int> doneChunks)
    {
        if (!InOrderDuplicateFinder.Supports(S.Options.DuplicatePolicy) || S.Options.RequireConsent)
        {
            StopSequencer("Duplicates are judged after validation for this policy.");
            return false;
        }

        if (sequencer is { } running && running.Run == run)
        {
            return true;
        }

        StopSequencer("A new validation run started.");
        var fresh = new DuplicateSequencer(run, S.Options.DuplicatePolicy, S.Options.DuplicateKey, ExpectedRows);
        sequencer = fresh;
        // Every written chunk takes its place, also one whose rows were all rejected (it has no keys to read back).
        var written = (await fileWideVerdicts.ReadKeysAsync(UploadId, doneChunks)).ToDictionary(k => k.ChunkNo, k => k.Keys);
        foreach (var chunkNo in doneChunks)
        {
            fresh.Replay(chunkNo, written.GetValueOrDefault(chunkNo) ?? new ChunkKeys([], [], []));
        }

        return true;
    }

    /// <summary>
    /// How many rows the duplicate tables should hold, asked when the first chunk is judged: the row count once the
    /// whole file is in; while it still arrives, the rows per byte of the chunks stored so far times the size hint,
    /// capped so that a wrong hint cannot take much memory (beyond the cap the tables grow as rows come).
    /// Sizing once saves rehashing a million keys several times over (2 % of the samples in a profile of the upload
    /// benchmark before; none after).
    /// </summary>
    private int ExpectedRows()
    {
        if (S.ReceivingComplete)
        {
            return (int)Math.Min(S.RowsRead, int.MaxValue);
        }

        if (receiving is not { SizeHint: > 0 and var hint, ChunkedBytes: > 0 and var chunked } || S.RowsRead == 0)
        {
            return 0;
        }

        return (int)Math.Min(hint * 1.05 * S.RowsRead / chunked, MaxPresizedRows);
    }

    /// <summary>Tables for 1.5M rows take 48-80 MB (2M slots of 24 or 40 bytes): the most a size hint may reserve up front.</summary>
    private const int MaxPresizedRows = 1_500_000;

    private void StopSequencer(string why)
    {
        sequencer?.Stop(why);
        sequencer = null;
    }

    /// <summary>Hands the chunk's bytes along when they are still in memory (only once: a retry reads them back).</summary>
    private ChunkJob WithBytes(ChunkJob job)
    {
        if (!handOff.Remove(job.ChunkNo, out var chunk))
        {
            return job;
        }

        handOffBytes -= chunk.Utf8.Length;
        handOffRoom.TrySetResult();
        return job with { FirstRow = chunk.FirstRowNumber, Data = chunk.Utf8 };
    }

    private void DropHandOff()
    {
        handOff.Clear();
        handOffBytes = 0;
        handOffRoom.TrySetResult();
    }

    private string ChunkFirstRowHint(int chunkNo) => $"≈{(long)chunkNo * config.RowsPerChunk + S.HeaderRowNumber + 1}";

    private async Task StageAsync(int run)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (keysRun != run)
        {
            chunkKeys.Clear();
            keysRun = run;
        }

        // Only results PostgreSQL holds count: a chunk whose commit was lost is validated again.
        var stored = await store.DoneChunksAsync(UploadId, run);
        if (stored.Count < S.ChunksStored)
        {
            foreach (var lost in chunkKeys.Keys.Where(n => !stored.ContainsKey(n)).ToList())
            {
                chunkKeys.Remove(lost);
            }

            throw new InvalidOperationException($"{S.ChunksStored - stored.Count} chunk result(s) were not found in PostgreSQL");
        }

        // Chunks already wrote their duplicate verdicts: only the suppression list and other campaigns are left,
        // unless what they exclude changes those verdicts (then the whole pass runs, as for the other policies).
        long? version = null;
        if (sequencer is { } judged && judged.Run == run && judged.Judged >= S.ChunksStored)
        {
            version = await fileWideVerdicts.ApplyAfterDuplicatesAsync(OrgId, UploadId, S.CampaignId, S.Options, judged.AnyTookPart);
            if (version is null)
            {
                LogDuplicatesRedone(logger, UploadId);
            }
        }

        if (version is null)
        {
            var missing = Enumerable.Range(0, S.ChunksStored).Where(n => !chunkKeys.ContainsKey(n)).ToList();
            foreach (var (chunkNo, keys) in await fileWideVerdicts.ReadKeysAsync(UploadId, missing))
            {
                chunkKeys[chunkNo] = keys;
            }

            version = await fileWideVerdicts.ApplyAsync(OrgId, UploadId, S.CampaignId, S.Options, [.. chunkKeys.Select(k => (k.Key, k.Value))]);
        }

        chunkKeys.Clear();
        StopSequencer("The upload is staged.");
        var rulesMs = watch.ElapsedMilliseconds;
        var counts = await queries.CountAsync(UploadId, 0);
        LogStaged(logger, UploadId, counts.TotalRows, rulesMs, watch.ElapsedMilliseconds - rulesMs);
        if (S.Run != run || S.Status != UploadStatus.Validating)
        {
            return;
        }

        S.Counts = counts;
        S.SuppressionVersion = version.Value;
        S.DuplicatesBlockLaunch = DuplicateRules.BlocksLaunch(S.Options.DuplicatePolicy, counts.Duplicates);
        S.StagedAt = clock.GetUtcNow();
        // An error from an attempt that a resume then finished (the database away for a moment) is no longer true.
        S.Error = null;
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        await CommitAsync(UploadStatus.Validating, UploadStatus.Staged);
    }

    private async Task<bool> RecheckSuppressionCoreAsync()
    {
        var current = await suppressions.VersionAsync(OrgId);
        if (current == S.SuppressionVersion)
        {
            return false;
        }

        var (newly, version) = await suppressions.RecheckAsync(OrgId, UploadId);
        S.SuppressionVersion = version;
        S.SuppressedSinceStaging += newly;
        S.Counts = await queries.CountAsync(UploadId, S.SuppressedSinceStaging);
        return true;
    }

    private ChunkJob Job(int run) => new(
        OrgId,
        UploadId,
        0,
        run,
        S.Delimiter.Length == 1 ? S.Delimiter[0] : ',',
        S.Columns,
        S.Mapping ?? [],
        S.Options.DefaultRegion,
        S.RequireTimezone);

    private IContactChunkGrain Chunk(int chunkNo) =>
        GrainFactory.GetGrain<IContactChunkGrain>($"{OrgId}/{UploadId}/{chunkNo}");

    /// <summary>Announces progress unless one went out less than <see cref="ProgressInterval"/> ago; says whether it did.</summary>
    private async Task<bool> PublishProgressAsync(bool force)
    {
        var now = clock.GetUtcNow();
        if (!force && now - lastProgress < ProgressInterval)
        {
            return false;
        }

        lastProgress = now;
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.UploadKind, OrgId, UploadId, Names.Of(S.Status)));
        return true;
    }

    private static TimeSpan Clamp(TimeSpan sinceLast) =>
        sinceLast < TimeSpan.Zero ? TimeSpan.Zero : sinceLast > ProgressInterval ? ProgressInterval : sinceLast;

    private async Task FailAsync(string code, string message)
    {
        var previous = S.Status;
        S.Error = new Fault(code, message);
        if (receiving is not null && !S.ReceivingComplete)
        {
            // A refused file still says how many bytes arrived before the refusal (sha256 stays unset: maybe not the whole file).
            S.SizeBytes = receiving.Size;
        }

        receiving?.Dispose();
        receiving = null;
        DropHandOff();
        StopSequencer("The upload failed.");
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        await CommitAsync(previous, UploadStatus.Error);
        moreChunks.TrySetResult();
    }

    /// <summary>Persist, index, announce: in that order, so nobody hears of a state that could still be lost.</summary>
    private async Task CommitAsync(UploadStatus? previous, UploadStatus? next = null)
    {
        if (next is { } status)
        {
            S.Status = status;
        }

        S.UpdatedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory now says what storage does not (e.g. VALIDATING over a stored MAPPING, with no reminder to resume
            // it): start again from storage on the next call.
            DeactivateOnIdle();
            throw;
        }

        uploadNo = await IndexAsync();
        var statusName = Names.Of(S.Status);
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.UploadKind, OrgId, UploadId, statusName, previous is { } p ? Names.Of(p) : null));
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.CampaignKind, OrgId, S.CampaignId, statusName));
        lastProgress = clock.GetUtcNow();
    }

    /// <summary>Writes the upload's index row; answers the upload's number, which keys its contacts.</summary>
    private Task<long> IndexAsync() =>
        store.UpsertIndexAsync(OrgId, UploadId, S.CampaignId, S.Status, S.FileName, S.ReceivingComplete ? S.Sha256 : null, S.ReceivingComplete ? S.SizeBytes : receiving?.Size ?? S.SizeBytes, S.ReceivedAt, S.UpdatedAt);

    private Fault TooLarge() => new(ErrorCodes.UploadTooLarge, $"The file is larger than the limit of {ByteSizes.Describe(config.MaxBytes)}; split it into smaller files.");

    private string StatusHint() => S.Status switch
    {
        UploadStatus.Mapping => ": confirm the mapping first",
        UploadStatus.Validating => ": wait until validation finishes",
        UploadStatus.Error => $": {S.Error?.Message}",
        _ => string.Empty,
    };

    private Result<UploadView> NotFound() => Result<UploadView>.Fail(ErrorCodes.NotFound, $"Upload {UploadId} does not exist.");

    private UploadView View() => new()
    {
        Id = UploadId,
        OrgId = OrgId,
        CampaignId = S.CampaignId,
        FileName = S.FileName,
        SizeBytes = S.ReceivingComplete ? S.SizeBytes : receiving?.Size ?? S.SizeBytes,
        Sha256 = S.Sha256,
        Status = S.Status,
        Error = S.Error,
        Encoding = S.Encoding,
        Delimiter = S.Delimiter,
        Columns = S.Columns,
        SuggestedMapping = S.SuggestedMapping,
        Mapping = S.Mapping,
        Options = S.Options,
        Progress = new UploadProgress(S.RowsRead, S.RowsValidated, S.ChunksStored, S.ChunksDone),
        Counts = S.Counts,
        Acknowledgement = S.Acknowledgement,
        ReceivedAt = S.ReceivedAt,
        MappedAt = S.MappedAt,
        StagedAt = S.StagedAt,
        AttachedAt = S.AttachedAt,
        ConsumedAt = S.ConsumedAt,
        UpdatedAt = S.UpdatedAt,
        MappingFromMemory = S.MappingFromMemory,
        SameFileAs = S.SameFileAs,
        Notes = S.Notes,
        ReceivingComplete = S.ReceivingComplete,
        SuppressionVersion = S.SuppressionVersion,
        DuplicatesBlockLaunch = S.DuplicatesBlockLaunch,
        ValidationRun = S.Run,
        InDirectoryAt = S.InDirectoryAt,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: adding its contacts to the org directory failed; retrying")]
    private static partial void LogDirectorySyncFailed(ILogger logger, Exception exception, string uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: chunk {ChunkNo} failed (attempt {Attempt})")]
    private static partial void LogChunkFailed(ILogger logger, Exception? exception, string uploadId, int chunkNo, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: {Rows} rows staged; file-wide rules {RulesMs} ms, counts {CountMs} ms")]
    private static partial void LogStaged(ILogger logger, string uploadId, long rows, long rulesMs, long countMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: rows excluded by the suppression list or another campaign took part in duplicate verdicts; judging duplicates over the whole file again")]
    private static partial void LogDuplicatesRedone(ILogger logger, string uploadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId}: validation stopped")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string uploadId);

    /// <summary>What only lives while bytes arrive: the head for sniffing, the chunker and the running hash.</summary>
    private sealed class Receiving : IDisposable
    {
        public MemoryStream Head { get; set; } = new();

        public RawChunker? Chunker { get; set; }

        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Size { get; set; }

        /// <summary>When the last piece arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
        public long LastBytesAt { get; set; }

        /// <summary>An upper bound on the file's size when the client gave one (for sizing, never trusted).</summary>
        public long? SizeHint { get; init; }

        /// <summary>Bytes in the chunks stored so far (with <see cref="UploadState.RowsRead"/>, the rows per byte).</summary>
        public long ChunkedBytes { get; set; }

        public void Dispose()
        {
            Head.Dispose();
            Hash.Dispose();
        }
    }
}
