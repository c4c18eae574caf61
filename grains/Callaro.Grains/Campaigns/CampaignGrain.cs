using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.ContactDirectory;
using Callaro.Grains.Storage;
using Callaro.Pipeline.ContactDirectory;
using Callaro.Grains.Uploads;

namespace Callaro.Grains.Campaigns;

/// <summary>
/// One campaign draft and its wizard. Every change bumps <see cref="CampaignState.Version"/>, is persisted,
/// and then projected into the campaign list table.
/// </summary>
public sealed partial class CampaignGrain(
    [PersistentState("campaign", StorageNames.Default)] IPersistentState<CampaignState> state,
    CampaignIndex index,
    ChangeNotifier notifier,
    LaunchStore launches,
    DirectoryStore directory,
    TimeProvider clock,
    Microsoft.Extensions.Logging.ILogger<CampaignGrain> logger) : Grain, ICampaignGrain
{
    private (string Key, DirectoryAudience Value)? summaryCache;

    private string OrgId => GrainKeys.Split(this.GetPrimaryKeyString()).OrgId;

    private string CampaignId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    private CampaignState S => state.State;

    public async Task<Result<CampaignView>> CreateAsync(string name, string ownerId, Actor actor)
    {
        if (S.Created)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidTransition, $"Campaign {CampaignId} already exists.");
        }

        if (DraftRules.CheckName(name) is { } fault)
        {
            return fault;
        }

        var now = clock.GetUtcNow();
        S.Created = true;
        S.Name = name.Trim();
        S.OwnerId = string.IsNullOrWhiteSpace(ownerId) ? actor.UserId : ownerId.Trim();
        S.CreatedBy = actor.UserId;
        S.Status = CampaignStatus.Draft;
        S.Step = WizardStep.Audience;
        S.CreatedAt = now;
        return await CommitAsync();
    }

    public async Task<CampaignView?> GetAsync() => S.Created ? await ViewAsync() : null;

    public async Task<Result<CampaignView>> RenameAsync(string name, int? expectedVersion, Actor actor)
    {
        if (Precheck(expectedVersion, requireDraft: false) is { } fault)
        {
            return fault;
        }

        if (DraftRules.CheckName(name) is { } invalid)
        {
            return invalid;
        }

        if (S.Name == name.Trim())
        {
            return await ViewAsync();
        }

        S.Name = name.Trim();
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> GoToStepAsync(WizardStep step, int? expectedVersion, Actor actor)
    {
        if (Precheck(expectedVersion, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (step == S.Step)
        {
            return await ViewAsync();
        }

        // Going forward passes every gate between here and there; going back is always allowed.
        var rules = RulesFor(await AudienceNowAsync());
        for (var from = S.Step; from < step; from++)
        {
            var gate = rules.Gate(from);
            if (!gate.Allowed)
            {
                return Result<CampaignView>.Fail(
                    ErrorCodes.InvalidTransition,
                    $"Cannot go from {Names.Of(S.Step)} to {Names.Of(step)}: {Names.Of(from)} is not complete: {string.Join("; ", gate.Reasons)}");
            }
        }

        S.Step = step;
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> SetScheduleAsync(Schedule schedule, int? expectedVersion, Actor actor)
    {
        if (Precheck(expectedVersion, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (DraftRules.CheckSchedule(schedule, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is { } invalid)
        {
            return invalid;
        }

        var normalized = DraftRules.Normalize(schedule);
        if (S.Schedule is { } current && DraftRules.SameSchedule(current, normalized))
        {
            return await ViewAsync();
        }

        S.Schedule = normalized;
        InvalidateSignOffs();
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> SetOutcomesAsync(Outcomes outcomes, int? expectedVersion, Actor actor)
    {
        if (Precheck(expectedVersion, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (DraftRules.CheckOutcomes(outcomes) is { } invalid)
        {
            return invalid;
        }

        S.Outcomes = DraftRules.Normalize(outcomes);
        InvalidateSignOffs();
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> SignOffAsync(SignOffRole role, string? note, Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (role == SignOffRole.Owner && actor.UserId != S.OwnerId)
        {
            return Result<CampaignView>.Fail(ErrorCodes.Forbidden, $"Only the campaign owner ({S.OwnerId}) can give the OWNER sign-off.");
        }

        if (role == SignOffRole.Compliance && !actor.Has(Role.Compliance))
        {
            return Result<CampaignView>.Fail(ErrorCodes.Forbidden, "The COMPLIANCE sign-off needs a key with the COMPLIANCE role.");
        }

        S.SignOffs.RemoveAll(s => s.Role == role);
        S.SignOffs.Add(new SignOff(role, actor.UserId, clock.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
        S.SignOffBasis[role] = RulesFor(await AudienceNowAsync()).SignOffBasis;
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> CancelAsync(Actor actor)
    {
        if (Precheck(null, requireDraft: false) is { } fault)
        {
            return fault;
        }

        if (S.Status != CampaignStatus.Draft)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidTransition, $"Campaign is {Names.Of(S.Status)}; only a DRAFT can be cancelled.");
        }

        S.Status = CampaignStatus.Cancelled;
        S.CancelledAt = clock.GetUtcNow();
        return await CommitAsync();
    }

    public async Task<Result<string>> StartUploadAsync(Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        var uploadId = $"upl_{Guid.CreateVersion7():N}";
        await LeaveAudienceAsync(AudienceSourceKind.Csv);
        S.CurrentUploadId = uploadId;
        S.AudienceSource = AudienceSourceKind.Csv;
        InvalidateSignOffs();
        await CommitAsync();
        return uploadId;
    }

    public async Task<Result<CampaignView>> SaveDraftAsync(Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (S.CurrentUploadId is not { } uploadId)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidTransition, "There is no upload to attach: upload a contact CSV first.");
        }

        var attached = await Upload(uploadId).AttachAsync(CampaignId);
        if (attached.Fault is { } refused)
        {
            return refused;
        }

        if (S.AttachedUploadId == uploadId && S.AttachedRun == attached.Value!.ValidationRun)
        {
            return await ViewAsync();
        }

        S.AttachedUploadId = uploadId;
        S.AttachedRun = attached.Value!.ValidationRun;
        return await CommitAsync();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => FinishInterruptedLaunchAsync();

    /// <summary>
    /// A launch commits its tasks in PostgreSQL first and records itself in the grain after: a silo dying in between
    /// left a campaign that still said DRAFT over a committed set of tasks, which a later launch answered with the old
    /// tasks whatever the draft had become. Any activation, and every launch, first finishes such a launch.
    /// </summary>
    private async Task FinishInterruptedLaunchAsync()
    {
        if (!S.Created || S.Status != CampaignStatus.Draft || await launches.FindAsync(OrgId, CampaignId) is not { } launch)
        {
            return;
        }

        if (launch.UploadId is { } uploadId && (await Upload(uploadId).ConsumeAsync(CampaignId)).Fault is { } notConsumed)
        {
            LogLaunchUploadNotConsumed(logger, CampaignId, uploadId, notConsumed.Message);
        }

        S.Status = CampaignStatus.Launched;
        S.LaunchedAt = launch.LaunchedAt;
        S.TaskCount = launch.TaskCount;
        await CommitAsync();
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Campaign {CampaignId}: finishing an interrupted launch, upload {UploadId} was not consumed: {Why}")]
    private static partial void LogLaunchUploadNotConsumed(Microsoft.Extensions.Logging.ILogger logger, string campaignId, string uploadId, string why);

    public async Task<Result<CampaignView>> LaunchAsync(Actor actor)
    {
        if (!S.Created)
        {
            return Result<CampaignView>.Fail(ErrorCodes.NotFound, $"Campaign {CampaignId} does not exist.");
        }

        await FinishInterruptedLaunchAsync();

        if (S.Status == CampaignStatus.Launched)
        {
            // Launching twice is answered, not repeated: the tasks exist once.
            return await ViewAsync();
        }

        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        if (S.AudienceSource is AudienceSourceKind.ContactIds or AudienceSourceKind.Segment)
        {
            return await LaunchFromDirectoryAsync();
        }

        // New suppressions count until the last moment.
        UploadView? upload = null;
        if (S.CurrentUploadId is { } current)
        {
            upload = (await Upload(current).RecheckSuppressionAsync()).Value;
        }

        if (CampaignReadiness.Refusal(RulesFor(new AudienceNow(upload, null, null)).Evaluate()) is { } notReady)
        {
            return notReady;
        }

        var tasks = await launches.LaunchAsync(OrgId, CampaignId, upload!.Id, clock.GetUtcNow());
        try
        {
            var consumed = await Upload(upload.Id).ConsumeAsync(CampaignId);
            if (consumed.Fault is { } notConsumed)
            {
                return notConsumed;
            }

            S.Status = CampaignStatus.Launched;
            S.LaunchedAt = clock.GetUtcNow();
            S.TaskCount = tasks;
            return await CommitAsync();
        }
        catch
        {
            // The tasks are committed: the next activation finishes the launch instead of this one answering DRAFT.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<Result<CampaignView>> SetAudienceContactIdsAsync(IReadOnlyList<string> contactIds, Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        var paste = ContactIdList.Parse(contactIds);
        if (paste.TooLong.Count > 0)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidInput, $"{paste.TooLong.Count} id(s) are longer than {ContactIdList.MaxIdLength} characters (is a whole line pasted as one id?): {string.Join(", ", paste.TooLong.Take(3))}");
        }

        if (paste.Ids.Count == 0)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidInput, "No contact id found: paste ids one per line, or separated by commas, semicolons or spaces.");
        }

        if (paste.Ids.Count > ContactIdList.MaxIds)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidInput, $"{paste.Ids.Count:N0} distinct ids pasted; an audience of pasted ids holds at most {ContactIdList.MaxIds:N0}. Use a segment or a CSV for more.");
        }

        await LeaveAudienceAsync(AudienceSourceKind.ContactIds);
        await directory.ReplaceContactIdsAsync(OrgId, CampaignId, paste.Ids);
        S.AudienceSource = AudienceSourceKind.ContactIds;
        S.ContactIdsPasted = paste.Pasted;
        S.ContactIdsDuplicates = paste.Duplicates;
        S.AudienceRevision++;
        InvalidateSignOffs();
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> SetAudienceSegmentAsync(string segmentId, Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        var segment = await Segment(segmentId).GetAsync();
        if (segment is null || segment.DeletedAt is not null)
        {
            return Result<CampaignView>.Fail(ErrorCodes.NotFound, segment is null ? $"Segment {segmentId} does not exist." : $"Segment {segmentId} was deleted.");
        }

        if (S.AudienceSource == AudienceSourceKind.Segment && S.SegmentId == segmentId)
        {
            return await ViewAsync();
        }

        await LeaveAudienceAsync(AudienceSourceKind.Segment);
        S.AudienceSource = AudienceSourceKind.Segment;
        S.SegmentId = segmentId;
        S.AudienceRevision++;
        InvalidateSignOffs();
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> SplitByAsync(SplitBy by, Actor actor)
    {
        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        var upload = S.AudienceSource == AudienceSourceKind.Csv ? await CurrentUploadAsync() : null;
        if (upload is not { Status: UploadStatus.Staged or UploadStatus.Attached })
        {
            return Result<CampaignView>.Fail(
                ErrorCodes.InvalidTransition,
                upload is null ? "Only a campaign with an uploaded CSV can be split: upload one first." : $"Only a STAGED or ATTACHED upload can be split; this one is {Names.Of(upload.Status)}.");
        }

        // A split hands out only dialable contacts: what the file lost must be settled first, not left behind.
        if (upload.DuplicatesBlockLaunch)
        {
            return Result<CampaignView>.Fail(ErrorCodes.NotReady, $"The duplicate policy is BLOCK and the file has {upload.Counts?.Duplicates} duplicate row(s): dedupe it and upload again before splitting.");
        }

        var excluded = CampaignReadiness.ExcludedRows(upload.Counts);
        if (excluded > 0 && upload.Acknowledgement?.ExcludedRows != excluded)
        {
            return Result<CampaignView>.Fail(ErrorCodes.NotReady, $"{excluded} row(s) of the file are excluded: review and acknowledge them (acknowledgeRejections) before splitting; the split drafts hold only dialable contacts.");
        }

        var column = SplitRules.Resolve(by, upload.Mapping);
        if (column.Fault is { } badColumn)
        {
            return badColumn;
        }

        var groups = await directory.SplitGroupsAsync(OrgId, upload.Id, column.Value!);
        if (groups.Count > SplitRules.MaxParts)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidInput, $"{column.Value!.Description} has {groups.Count} distinct values; a split makes at most {SplitRules.MaxParts} campaigns. Choose a coarser column.");
        }

        if (groups.Count < 2)
        {
            return Result<CampaignView>.Fail(ErrorCodes.InvalidInput, groups.Count == 0 ? "The upload has no dialable contact to split." : $"Every dialable contact has the same {column.Value!.Description} value: nothing to split.");
        }

        // The split hands the file's contacts to the directory (its children's pasted ids resolve there). Child ids
        // are derived from this campaign's, so a split retried after a crash finishes the same children.
        var now = clock.GetUtcNow();
        // An attached upload joined the directory when it was attached: re-upserting it with that time keeps any
        // newer upload's values (latest upload wins).
        if (upload.InDirectoryAt is null)
        {
            await directory.UpsertFromUploadAsync(OrgId, upload.Id, upload.AttachedAt ?? now);
        }
        var children = groups.Select((g, i) => (g.Key, CampaignId: $"{CampaignId}_s{i + 1}")).ToList();
        await directory.WriteSplitAudiencesAsync(OrgId, upload.Id, column.Value!, children);
        var parts = new List<SplitPart>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var label = groups[i].Label ?? "(no value)";
            var name = $"{S.Name} — {label}";
            var spec = new SplitChildSpec(
                name.Length > DraftRules.MaxNameLength ? name[..DraftRules.MaxNameLength] : name,
                S.OwnerId, S.Schedule, S.Outcomes, S.Step, CampaignId, groups[i].Label, groups[i].Contacts);
            var child = await GrainFactory.GetGrain<ICampaignGrain>(GrainKeys.Scoped(OrgId, children[i].CampaignId)).CreateSplitChildAsync(spec, actor);
            if (child.Fault is { } refused)
            {
                return refused;
            }

            parts.Add(new SplitPart(children[i].CampaignId, groups[i].Label, groups[i].Contacts));
        }

        S.SplitInto = parts;
        S.Status = CampaignStatus.Cancelled;
        S.CancelledAt = now;
        return await CommitAsync();
    }

    public async Task<Result<CampaignView>> CreateSplitChildAsync(SplitChildSpec spec, Actor actor)
    {
        if (S.Created)
        {
            return S.SplitFrom == spec.ParentId
                ? await ViewAsync()
                : Result<CampaignView>.Fail(ErrorCodes.InvalidTransition, $"Campaign {CampaignId} already exists.");
        }

        S.Created = true;
        S.Name = spec.Name;
        S.OwnerId = spec.OwnerId;
        S.CreatedBy = actor.UserId;
        S.Status = CampaignStatus.Draft;
        S.Step = spec.Step;
        S.Schedule = spec.Schedule;
        S.Outcomes = spec.Outcomes;
        S.AudienceSource = AudienceSourceKind.ContactIds;
        S.ContactIdsPasted = (int)spec.ContactIds;
        S.AudienceRevision = 1;
        S.SplitFrom = spec.ParentId;
        S.SplitValue = spec.Value;
        S.CreatedAt = clock.GetUtcNow();
        return await CommitAsync();
    }

    /// <summary>Switching the audience source: the current upload is superseded (kept in history), pasted ids dropped.</summary>
    private async Task LeaveAudienceAsync(AudienceSourceKind next)
    {
        if (S.CurrentUploadId is { } previous)
        {
            S.UploadHistory.Insert(0, previous);
            await Upload(previous).SupersedeAsync();
            S.CurrentUploadId = null;
        }

        S.AttachedUploadId = null;
        S.AttachedRun = 0;
        if (S.AudienceSource == AudienceSourceKind.ContactIds && next != AudienceSourceKind.ContactIds)
        {
            await directory.ClearContactIdsAsync(OrgId, CampaignId);
        }

        S.ContactIdsPasted = 0;
        S.ContactIdsDuplicates = 0;
        S.SegmentId = null;
    }

    private async Task<Result<CampaignView>> LaunchFromDirectoryAsync()
    {
        var audience = await AudienceNowAsync(fresh: true);
        if (CampaignReadiness.Refusal(RulesFor(audience).Evaluate()) is { } notReady)
        {
            return notReady;
        }

        var source = S.AudienceSource == AudienceSourceKind.Segment ? DirectorySource.Segment(audience.Segment!.Conditions) : DirectorySource.ContactIds;
        var tasks = await directory.LaunchAsync(OrgId, CampaignId, source, S.SegmentId, clock.GetUtcNow());
        S.LaunchedAudience = audience.Directory! with { Dialable = tasks };
        S.Status = CampaignStatus.Launched;
        S.LaunchedAt = clock.GetUtcNow();
        S.TaskCount = tasks;
        return await CommitAsync();
    }

    private CampaignReadiness RulesFor(AudienceNow audience) => new(CampaignId, S, audience);

    private async Task<AudienceNow> AudienceNowAsync(bool fresh = false)
    {
        switch (S.AudienceSource)
        {
            case AudienceSourceKind.ContactIds:
                var ids = S.LaunchedAudience ?? await SummaryAsync(DirectorySource.ContactIds, $"ids#{S.AudienceRevision}", fresh);
                return new AudienceNow(null, ids with { Pasted = S.ContactIdsPasted, DuplicatesInPaste = S.ContactIdsDuplicates }, null);
            case AudienceSourceKind.Segment:
                var segment = S.SegmentId is { } id ? await Segment(id).GetAsync() : null;
                var members = S.LaunchedAudience
                    ?? (segment is { DeletedAt: null }
                        ? await SummaryAsync(DirectorySource.Segment(segment.Conditions), $"segment:{segment.Id}@v{segment.Version}", fresh)
                        : DirectoryAudience.Empty);
                return new AudienceNow(null, members, segment);
            default:
                return new AudienceNow(await CurrentUploadAsync(), null, null);
        }
    }

    /// <summary>
    /// The directory audience counted in SQL, counted again only when the audience, the org's directory or its
    /// suppression list changed: every view of the campaign (each mutation's answer, each subscriber's event)
    /// needs it, and over a large directory one count takes most of a second. Launch always counts afresh.
    /// </summary>
    private async Task<DirectoryAudience> SummaryAsync(DirectorySource source, string audienceKey, bool fresh)
    {
        var key = $"{audienceKey}|{await directory.VersionAsync(OrgId)}";
        if (!fresh && summaryCache is { } cached && cached.Key == key)
        {
            return cached.Value;
        }

        var summary = await directory.SummarizeAsync(OrgId, CampaignId, source);
        summaryCache = (key, summary);
        return summary;
    }

    private ISegmentGrain Segment(string segmentId) => GrainFactory.GetGrain<ISegmentGrain>(GrainKeys.Scoped(OrgId, segmentId));

    private IContactUploadGrain Upload(string uploadId) => GrainFactory.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(OrgId, uploadId));

    private async Task<UploadView?> CurrentUploadAsync() =>
        S.CurrentUploadId is { } id ? await Upload(id).GetAsync() : null;

    private Fault? Precheck(int? expectedVersion, bool requireDraft)
    {
        if (!S.Created)
        {
            return new Fault(ErrorCodes.NotFound, $"Campaign {CampaignId} does not exist.");
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return new Fault(ErrorCodes.VersionConflict, $"Campaign changed since you read it (you have version {expected}, it is at version {S.Version}); read it again and retry.");
        }

        return requireDraft && S.Status != CampaignStatus.Draft
            ? new Fault(ErrorCodes.InvalidTransition, $"Campaign is {Names.Of(S.Status)}; only a DRAFT can be changed.")
            : null;
    }

    // A sign-off approves what was reviewed: changing what will be dialled or recorded withdraws it.
    private void InvalidateSignOffs()
    {
        S.SignOffs.Clear();
        S.SignOffBasis.Clear();
    }

    private async Task<Result<CampaignView>> CommitAsync()
    {
        S.Version++;
        S.UpdatedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory now says what storage does not: start again from storage on the next call.
            DeactivateOnIdle();
            throw;
        }

        await index.UpsertAsync(OrgId, CampaignId, S.Name, S.Status, S.OwnerId, S.CreatedAt, S.UpdatedAt);
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.CampaignKind, OrgId, CampaignId, Names.Of(S.Status)));
        return await ViewAsync();
    }

    private async Task<CampaignView> ViewAsync()
    {
        var audience = await AudienceNowAsync();
        var rules = RulesFor(audience);
        return new(
            CampaignId,
            OrgId,
            S.Name,
            S.OwnerId,
            S.Status,
            S.Step,
            rules.Gate(S.Step),
            new AudienceView(S.AudienceSource, S.CurrentUploadId, [.. S.UploadHistory], audience.Dialable, audience.Upload, S.SegmentId, audience.Directory, audience.Segment, CampaignId),
            S.Schedule,
            S.Outcomes,
            rules.Evaluate(),
            [.. S.SignOffs],
            S.TaskCount,
            S.CreatedAt,
            S.UpdatedAt,
            S.LaunchedAt,
            S.Version,
            S.SplitFrom,
            S.SplitValue,
            S.SplitInto.Count == 0 ? null : [.. S.SplitInto]);
    }
}
