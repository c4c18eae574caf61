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
/// Coordinates one upload through its lifecycle (<see cref="UploadLifecycle"/>): RECEIVING -> MAPPING ->
/// VALIDATING -> STAGED -> ATTACHED -> CONSUMED (or ERROR, SUPERSEDED). The bytes go through an
/// <see cref="UploadReceiver"/> that stores row-aligned chunks as they arrive; a <see cref="ChunkFanOut"/> sends
/// them to chunk grains; the file-wide rules and counts run in PostgreSQL. Every transition is persisted, then
/// indexed, then announced.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The receiver is disposed on completion, failure and deactivation.")]
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

    /// <summary>Longest a sender's piece is held for hand-off room: well inside Orleans' 30 s response timeout.</summary>
    private static readonly TimeSpan HandOffWait = TimeSpan.FromSeconds(2);

    private readonly UploadSettings config = settings.Value;

    // Real time, not the grain's clock: these bound how long the api's calls are held and when a sender is gone.
    private readonly ChunkHandOff handOff = new(settings.Value.HandOffBytes, TimeProvider.System);
    private readonly ProgressThrottle progress = new(TimeSpan.FromMilliseconds(250), clock);

    private UploadReceiver? receiver;
    private ChunkFanOut? fanOut;
    private Task? validation;
    private Task? directorySync;

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

    private bool Receiving => receiver is not null && !S.ReceivingComplete;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Created)
        {
            return;
        }

        // Bytes in flight live only in memory: an upload still receiving when its activation ended cannot finish.
        if (!S.ReceivingComplete && UploadLifecycle.Allows(S.Status, UploadStep.ReceiveBytes))
        {
            await FailAsync(ErrorCodes.Internal, "The upload was interrupted before the whole file arrived (the connection or a server stopped). Upload the file again.");
        }
        else if (S.Status == UploadStatus.Validating)
        {
            // Said in the upload itself, so ops reading its state see why it took longer (stored with the next change).
            S.Notes.Add($"Validation was interrupted (its silo stopped) and resumed at {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC; chunks already written were kept.");
            EnsureValidation();
        }

        EnsureDirectorySync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopReceiving();
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

        S.Created = true;
        S.CampaignId = campaignId;
        S.FileName = string.IsNullOrWhiteSpace(fileName) ? "upload.csv" : Path.GetFileName(fileName.Trim());
        S.CreatedBy = actor.UserId;
        S.Options = merged;
        S.ReceivedAt = clock.GetUtcNow();
        S.Status = UploadStatus.Receiving;
        if (declaredSize > config.MaxBytes)
        {
            S.Error = UploadReceiver.TooLarge(config.MaxBytes);
            await MoveAsync(UploadStep.Fail);
            return S.Error;
        }

        receiver = new UploadReceiver(config, SaveChunksAsync, handOff, TimeProvider.System, sizeHint ?? declaredSize);
        WatchReceiving();
        await CommitAsync(null);
        return View();
    }

    /// <summary>Gives the file up when no byte has come for <see cref="UploadSettings.ReceiveIdleSeconds"/> (the sender is gone).</summary>
    private void WatchReceiving()
    {
        var idle = TimeSpan.FromSeconds(Math.Max(1, config.ReceiveIdleSeconds));
        var check = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 4, idle.Ticks / 4));
        receiveWatch?.Dispose();
        receiveWatch = this.RegisterGrainTimer(async _ =>
        {
            if (!Receiving || !UploadLifecycle.Allows(S.Status, UploadStep.ReceiveBytes))
            {
                StopWatchingReceiving();
                return;
            }

            if (receiver!.Idle >= idle)
            {
                StopWatchingReceiving();
                await FailAsync(ErrorCodes.Internal, $"No bytes arrived for {(int)idle.TotalSeconds} s before the file was complete ({ByteSizes.Describe(receiver.Size)} had arrived): the sender stopped (the connection or the api went away). Upload the file again.");
            }
        }, check, check);
    }

    private void StopWatchingReceiving()
    {
        receiveWatch?.Dispose();
        receiveWatch = null;
    }

    public async Task<Result<UploadStatus>> AppendAsync(byte[] bytes)
    {
        if (!Receiving || !UploadLifecycle.Allows(S.Status, UploadStep.ReceiveBytes))
        {
            return Result<UploadStatus>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.ReceiveBytes, S.Status));
        }

        if (await FailIfRefusedAsync(receiver!.Take(bytes)) is not null
            || (receiver.HeadIsReady && await ReadHeadAsync(headIsWholeFile: false) is not null)
            || await StoreReadyChunksAsync() is not null)
        {
            return S.Error!;
        }

        // While validating, a sender ahead of the chunk grains by a whole hand-off waits for them a little.
        await handOff.WaitForRoomAsync(HandOffWait, () => Receiving && S.Status == UploadStatus.Validating);
        return S.Status;
    }

    public async Task<Result<UploadView>> CompleteAsync()
    {
        if (!Receiving)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.ReceiveBytes, S.Status));
        }

        if ((receiver!.Chunker is null && await ReadHeadAsync(headIsWholeFile: true) is not null)
            || await FailIfRefusedAsync(receiver!.Finish()) is not null
            || await StoreReadyChunksAsync() is not null)
        {
            return S.Error!;
        }

        var chunker = receiver!.Chunker!;
        S.SizeBytes = receiver.Size;
        S.Sha256 = receiver.Sha256();
        S.ReceivingComplete = true;
        S.Notes.AddRange([.. FileNotes(chunker)]);
        S.SameFileAs = await store.FindSameFileAsync(OrgId, S.Sha256, UploadId);
        StopReceiving(dropHandOff: S.Status != UploadStatus.Validating);
        await CommitAsync(S.Status);
        fanOut?.Wake();
        return View();
    }

    /// <summary>What the whole file taught about itself, said once it is in.</summary>
    private IEnumerable<string> FileNotes(RawChunker chunker)
    {
        if (chunker.DataRows == 0 && !S.Notes.Contains(FileSniffer.HeaderOnlyNote))
        {
            yield return FileSniffer.HeaderOnlyNote;
        }

        if (chunker.BlankRows > 0)
        {
            yield return $"{chunker.BlankRows} blank line(s) were skipped; row numbers still count them, as a spreadsheet does.";
        }

        if (chunker.SwitchedEncodingAtRow is { } switchedAt)
        {
            S.Encoding = chunker.EncodingName;
            yield return $"Rows before row {switchedAt} are plain ASCII, but later bytes are not valid UTF-8: the file was read as {chunker.EncodingName} (Western European). If accents look wrong, upload it again with options.encoding.";
        }

        if (chunker.ReplacedSequences > 0)
        {
            yield return $"{chunker.ReplacedSequences} byte sequence(s) were not valid {S.Encoding} and were replaced by U+FFFD; check accents in the file or pass options.encoding.";
        }
    }

    public async Task AbortAsync(string code, string message)
    {
        if (S.Created && !S.ReceivingComplete && UploadLifecycle.Allows(S.Status, UploadStep.Fail))
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

        if (UploadLifecycle.Next(S.Status, UploadStep.ConfirmMapping) is not { } validating)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.ConfirmMapping, S.Status));
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
        S.Status = validating;
        StopSequencer("The mapping was confirmed again.");
        await store.ClearResultsAsync(UploadId);
        await CommitAsync(previous);
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        EnsureValidation();
        return View();
    }

    public async Task<Result<UploadView>> AcknowledgeRejectionsAsync(string? note, Actor actor)
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (!UploadLifecycle.Allows(S.Status, UploadStep.AcknowledgeRejections) || S.Counts is null)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.AcknowledgeRejections, S.Status));
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

        if (!UploadLifecycle.Allows(S.Status, UploadStep.Attach))
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.Attach, S.Status, S.Error?.Message));
        }

        await RecheckSuppressionCoreAsync();
        S.AttachedAt = clock.GetUtcNow();

        // The contacts join the org contact directory after the attach answers: a million rows take seconds,
        // which saveDraft should not wait for. A reminder finishes the job if the silo stops first.
        S.DirectoryPending = true;
        S.InDirectoryAt = null;
        await this.RegisterOrUpdateReminder(DirectoryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await MoveAsync(UploadStep.Attach);
        EnsureDirectorySync();
        return View();
    }

    public async Task<Result<UploadView>> SupersedeAsync()
    {
        if (!S.Created)
        {
            return NotFound();
        }

        if (UploadLifecycle.Next(S.Status, UploadStep.Supersede) is not { } next)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.Supersede, S.Status));
        }

        if (next == S.Status)
        {
            return View();
        }

        StopReceiving();
        StopSequencer("The upload was superseded.");
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        await MoveAsync(UploadStep.Supersede);
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

        if (S.CampaignId != campaignId)
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, $"Upload {UploadId} belongs to campaign {S.CampaignId}, not {campaignId}.");
        }

        if (!UploadLifecycle.Allows(S.Status, UploadStep.Consume))
        {
            return Result<UploadView>.Fail(ErrorCodes.InvalidTransition, UploadLifecycle.Refusal(UploadStep.Consume, S.Status));
        }

        S.ConsumedAt = clock.GetUtcNow();
        await MoveAsync(UploadStep.Consume);
        return View();
    }

    public Task ResumeAsync()
    {
        // Activation already did the work (OnActivateAsync); a live activation just keeps its validation going.
        if (S.Status == UploadStatus.Validating)
        {
            EnsureValidation();
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

    /// <summary>Sniffs the head: columns, encoding and preview are known, a mapping is suggested (or recalled), chunking starts.</summary>
    private async Task<Fault?> ReadHeadAsync(bool headIsWholeFile)
    {
        var (sniff, head, refused) = receiver!.ReadHead(headIsWholeFile, new SniffOptions(S.Options.Encoding, S.Options.Delimiter));
        if (sniff is null)
        {
            return await FailIfRefusedAsync(refused);
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

        receiver.StartChunking(sniff);
        S.MappedAt = clock.GetUtcNow();
        await MoveAsync(UploadStep.ReadHead);
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

    /// <summary>Fails the upload with <paramref name="refused"/> when there is one; answers it.</summary>
    private async Task<Fault?> FailIfRefusedAsync(Fault? refused)
    {
        if (refused is null)
        {
            return null;
        }

        await FailAsync(refused.Code, refused.Message);
        return S.Error;
    }

    private Task SaveChunksAsync(IReadOnlyList<RawChunk> chunks) => store.SaveChunksAsync(OrgId, UploadId, chunks);

    private async Task<Fault?> StoreReadyChunksAsync()
    {
        var stored = await receiver!.StoreReadyChunksAsync(S.Status == UploadStatus.Validating);
        if (stored.Refused is not null)
        {
            return await FailIfRefusedAsync(stored.Refused);
        }

        if (stored.Chunks == 0)
        {
            return null;
        }

        S.ChunksStored += stored.Chunks;
        S.RowsRead += stored.Rows;
        fanOut?.Wake();
        await PublishProgressAsync(force: false);
        return null;
    }

    /// <summary>Ends receiving (complete, failed, superseded, deactivated); the hand-off goes too unless validation still takes from it.</summary>
    private void StopReceiving(bool dropHandOff = true)
    {
        receiver?.Dispose();
        receiver = null;
        StopWatchingReceiving();
        if (dropHandOff)
        {
            handOff.Drop();
        }
    }

    private void EnsureValidation()
    {
        if (validation is null || validation.IsCompleted)
        {
            validation = ValidateAsync(S.Run);
        }
    }

    /// <summary>Validates every chunk of run <paramref name="run"/> (those written before a restart are kept), then stages.</summary>
    private async Task ValidateAsync(int run)
    {
        try
        {
            var done = await store.DoneChunksAsync(UploadId, run);
            S.ChunksDone = done.Count;
            S.RowsValidated = done.Values.Sum();
            var inOrder = await StartSequencerAsync(run, done.Keys);
            if (uploadNo == 0)
            {
                // Resumed after a restart: the index row has the number since the upload began.
                uploadNo = await IndexAsync();
            }

            var job = Job(run) with { DuplicatesInOrder = inOrder, UploadNo = uploadNo };
            var work = new RunWork(this, job, inOrder, logger);
            fanOut = new ChunkFanOut(work, config.Parallelism, config.ChunkAttempts, progress, clock);
            switch (await fanOut.RunAsync(done.Keys.ToHashSet()))
            {
                case FanOutResult.Completed:
                    await StageAsync(run);
                    break;
                case FanOutResult.Failed failed:
                    await FailAsync(ErrorCodes.Internal, $"Rows in chunk {failed.ChunkNo} (from row {ChunkFirstRowHint(failed.ChunkNo)}) could not be validated after {failed.Attempts} attempts ({failed.Error}). Upload the file again to retry.");
                    break;
            }
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

    /// <summary>One validation run as the fan-out sees it: chunk grains to call, counts to keep.</summary>
    private sealed class RunWork(ContactUploadGrain upload, ChunkJob job, bool inOrder, ILogger logger) : IChunkWork
    {
        private UploadState S => upload.S;

        public int ChunksStored => S.ChunksStored;

        public bool ReceivingComplete => S.ReceivingComplete;

        public bool IsCurrent => S.Run == job.Run && S.Status == UploadStatus.Validating;

        /// <summary>Hands the chunk's bytes along when they are still in memory (only once: a retry reads them back).</summary>
        public Task<ChunkOutcome> ValidateAsync(int chunkNo)
        {
            var chunk = upload.handOff.Take(chunkNo);
            var chunkJob = chunk is null ? job with { ChunkNo = chunkNo } : job with { ChunkNo = chunkNo, FirstRow = chunk.FirstRowNumber, Data = chunk.Utf8 };
            return upload.Chunk(chunkNo).ValidateAsync(chunkJob);
        }

        public void ChunkDone(ChunkOutcome outcome)
        {
            if (upload.keysRun != job.Run)
            {
                upload.chunkKeys.Clear();
                upload.keysRun = job.Run;
            }

            if (!inOrder)
            {
                upload.chunkKeys[outcome.ChunkNo] = outcome.Keys;
            }

            S.ChunksDone++;
            S.RowsValidated += outcome.Rows;
        }

        public Task PublishProgressAsync() => upload.PublishProgressAsync(force: true);

        public void ChunkAttemptFailed(int chunkNo, int attempt, Exception? error) => LogChunkFailed(logger, error, job.UploadId, chunkNo, attempt);
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

        if (receiver is not { SizeHint: > 0 and var hint, ChunkedBytes: > 0 and var chunked } || S.RowsRead == 0)
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
        await MoveAsync(UploadStep.Stage);
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

    /// <summary>Announces progress unless one went out less than the throttle's interval ago; says whether it did.</summary>
    private async Task<bool> PublishProgressAsync(bool force)
    {
        if (!force && !progress.TryPass())
        {
            return false;
        }

        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.UploadKind, OrgId, UploadId, Names.Of(S.Status)));
        return true;
    }

    private async Task FailAsync(string code, string message)
    {
        S.Error = new Fault(code, message);
        if (receiver is not null && !S.ReceivingComplete)
        {
            // A refused file still says how many bytes arrived before the refusal (sha256 stays unset: maybe not the whole file).
            S.SizeBytes = receiver.Size;
        }

        StopReceiving();
        StopSequencer("The upload failed.");
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        await MoveAsync(UploadStep.Fail);
        fanOut?.Wake();
    }

    /// <summary>Takes <paramref name="step"/> as <see cref="UploadLifecycle"/> says, then commits.</summary>
    private Task MoveAsync(UploadStep step)
    {
        var from = S.Status;
        var to = UploadLifecycle.Next(from, step)
            ?? throw new InvalidOperationException($"Upload {UploadId}: {step} from {Names.Of(from)} is not in the lifecycle.");
        return CommitAsync(from, to);
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
        progress.Passed();
    }

    /// <summary>Writes the upload's index row; answers the upload's number, which keys its contacts.</summary>
    private Task<long> IndexAsync() =>
        store.UpsertIndexAsync(OrgId, UploadId, S.CampaignId, S.Status, S.FileName, S.ReceivingComplete ? S.Sha256 : null, S.ReceivingComplete ? S.SizeBytes : receiver?.Size ?? S.SizeBytes, S.ReceivedAt, S.UpdatedAt);

    private Result<UploadView> NotFound() => Result<UploadView>.Fail(ErrorCodes.NotFound, $"Upload {UploadId} does not exist.");

    private UploadView View() => new()
    {
        Id = UploadId,
        OrgId = OrgId,
        CampaignId = S.CampaignId,
        FileName = S.FileName,
        SizeBytes = S.ReceivingComplete ? S.SizeBytes : receiver?.Size ?? S.SizeBytes,
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
}
