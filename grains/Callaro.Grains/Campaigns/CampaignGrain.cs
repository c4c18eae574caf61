using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;
using Callaro.Grains.Uploads;

namespace Callaro.Grains.Campaigns;

/// <summary>
/// One campaign draft and its wizard. Every change bumps <see cref="CampaignState.Version"/>, is persisted,
/// and then projected into the campaign list table.
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign", StorageNames.Default)] IPersistentState<CampaignState> state,
    CampaignIndex index,
    ChangeNotifier notifier,
    LaunchStore launches,
    TimeProvider clock) : Grain, ICampaignGrain
{
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
        var upload = await CurrentUploadAsync();
        for (var from = S.Step; from < step; from++)
        {
            var gate = Gate(from, upload);
            if (!gate.Allowed)
            {
                return Result<CampaignView>.Fail(
                    ErrorCodes.InvalidTransition,
                    $"Cannot go from {StepName(S.Step)} to {StepName(step)}: {StepName(from)} is not complete: {string.Join("; ", gate.Reasons)}");
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
        if (S.Schedule is { } current && SameSchedule(current, normalized))
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
        S.SignOffBasis[role] = AudienceBasis;
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
            return Result<CampaignView>.Fail(ErrorCodes.InvalidTransition, $"Campaign is {StatusName(S.Status)}; only a DRAFT can be cancelled.");
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
        if (S.CurrentUploadId is { } previous)
        {
            S.UploadHistory.Insert(0, previous);
            await Upload(previous).SupersedeAsync();
        }

        S.CurrentUploadId = uploadId;
        S.AudienceSource = AudienceSourceKind.Csv;
        S.AttachedUploadId = null;
        S.AttachedRun = 0;
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

    public async Task<Result<CampaignView>> LaunchAsync(Actor actor)
    {
        if (!S.Created)
        {
            return Result<CampaignView>.Fail(ErrorCodes.NotFound, $"Campaign {CampaignId} does not exist.");
        }

        if (S.Status == CampaignStatus.Launched)
        {
            // Launching twice is answered, not repeated: the tasks exist once.
            return await ViewAsync();
        }

        if (Precheck(null, requireDraft: true) is { } fault)
        {
            return fault;
        }

        // New suppressions count until the last moment.
        UploadView? upload = null;
        if (S.CurrentUploadId is { } current)
        {
            upload = (await Upload(current).RecheckSuppressionAsync()).Value;
        }

        var readiness = ComputeReadiness(upload);
        if (!readiness.Ready)
        {
            var failed = readiness.Checks.Where(c => !c.Passed).Select(c => $"{c.Key}: {c.Message}");
            return Result<CampaignView>.Fail(ErrorCodes.NotReady, "Not ready to launch. " + string.Join(" | ", failed));
        }

        var tasks = await launches.LaunchAsync(OrgId, CampaignId, upload!.Id, clock.GetUtcNow());
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

    private string AudienceBasis => $"{S.AttachedUploadId}#{S.AttachedRun}";

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
            ? new Fault(ErrorCodes.InvalidTransition, $"Campaign is {StatusName(S.Status)}; only a DRAFT can be changed.")
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
        await state.WriteStateAsync();
        await index.UpsertAsync(OrgId, CampaignId, S.Name, S.Status, S.OwnerId, S.CreatedAt, S.UpdatedAt);
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.CampaignKind, OrgId, CampaignId, StatusName(S.Status)));
        return await ViewAsync();
    }

    private async Task<CampaignView> ViewAsync() => View(await CurrentUploadAsync());

    private CampaignView View(UploadView? upload) => new(
        CampaignId,
        OrgId,
        S.Name,
        S.OwnerId,
        S.Status,
        S.Step,
        Gate(S.Step, upload),
        new AudienceView(S.AudienceSource, S.CurrentUploadId, [.. S.UploadHistory], DialableCount(upload), upload),
        S.Schedule,
        S.Outcomes,
        ComputeReadiness(upload),
        [.. S.SignOffs],
        S.TaskCount,
        S.CreatedAt,
        S.UpdatedAt,
        S.LaunchedAt,
        S.Version);

    private static long DialableCount(UploadView? upload) =>
        upload is { Status: UploadStatus.Staged or UploadStatus.Attached or UploadStatus.Consumed, Counts: { } counts } ? counts.Accepted : 0;

    private StepGate Gate(WizardStep step, UploadView? upload)
    {
        if (S.Status != CampaignStatus.Draft)
        {
            return new StepGate(false, [$"Campaign is {StatusName(S.Status)}."]);
        }

        List<string> reasons = step switch
        {
            WizardStep.Audience => AudienceProblems(upload),
            WizardStep.Schedule => S.Schedule is null ? ["Set a schedule (window, days, start date) first."] : [],
            WizardStep.Outcomes => S.Outcomes is null ? ["Set the outcomes (dispositions) first."] : [],
            _ => ["Review is the last step: launch when every readiness check is green."],
        };
        return new StepGate(reasons.Count == 0, reasons);
    }

    private static List<string> AudienceProblems(UploadView? upload) => upload switch
    {
        null => ["No audience yet: upload a contact CSV."],
        { Status: UploadStatus.Receiving } => ["The file is still being received."],
        { Status: UploadStatus.Mapping } => ["Confirm the column mapping to validate the file."],
        { Status: UploadStatus.Validating } u => [$"The file is being validated ({u.Progress.ChunksDone} of {u.Progress.ChunksTotal} chunks)."],
        { Status: UploadStatus.Error } u => [$"The upload failed: {u.Error?.Message} Upload the file again."],
        { Mapping: null } => ["Confirm the column mapping first."],
        _ => [],
    };

    private Readiness ComputeReadiness(UploadView? upload)
    {
        const string NoUploadMessage = "No contact list yet: upload a CSV in the Audience step.";
        var counts = upload?.Counts;
        var excluded = counts is null ? 0 : counts.Rejected + counts.Duplicates + counts.Suppressed;
        var attached = upload is { Status: UploadStatus.Attached or UploadStatus.Consumed } && upload.Id == S.AttachedUploadId;
        var checks = new List<ReadinessCheck>
        {
            new("campaign.draft", S.Status == CampaignStatus.Draft, S.Status == CampaignStatus.Draft ? "Campaign is a draft." : $"Campaign is {StatusName(S.Status)}."),
            new("upload.attached", attached, upload is null ? NoUploadMessage : attached ? "The contact list is attached." : $"The upload is {Names.Of(upload.Status)}: save the draft once it is STAGED."),
            new("upload.not_processing", upload is not null && upload.Status is not (UploadStatus.Receiving or UploadStatus.Mapping or UploadStatus.Validating),
                upload is null ? NoUploadMessage : upload.Status switch
                {
                    UploadStatus.Receiving => "The file is still arriving.",
                    UploadStatus.Mapping => "The mapping is not confirmed yet.",
                    UploadStatus.Validating => $"Validation is running ({upload.Progress.RowsValidated} rows so far).",
                    _ => "Processing is finished.",
                }),
            new("upload.no_error", upload is not null && upload.Status != UploadStatus.Error, upload is null ? NoUploadMessage : upload.Status == UploadStatus.Error ? $"The upload failed: {upload.Error?.Message}" : "No error."),
            new("upload.matches_draft", upload is not null && attached && upload.CampaignId == CampaignId && upload.ValidationRun == S.AttachedRun,
                upload is null ? NoUploadMessage
                : !attached ? "The current upload is not the attached one: save the draft."
                : upload.ValidationRun != S.AttachedRun ? "The upload was validated again after it was attached: save the draft again."
                : "The attached file is the one validated for this draft."),
            new("rejections.acknowledged", counts is not null && (excluded == 0 || upload!.Acknowledgement?.ExcludedRows == excluded),
                counts is null ? NoUploadMessage
                : excluded == 0 ? "No row was excluded."
                : upload!.Acknowledgement is null ? $"{excluded} row(s) are excluded ({counts.Rejected} rejected, {counts.Duplicates} duplicates, {counts.Suppressed} suppressed): review them and acknowledge."
                : upload.Acknowledgement.ExcludedRows == excluded ? $"Acknowledged by {upload.Acknowledgement.UserId}."
                : $"{excluded - upload.Acknowledgement.ExcludedRows} more row(s) were excluded since the acknowledgement (e.g. newly suppressed): acknowledge again."),
            TimezoneCheck(counts),
            new("duplicates.allowed", upload is null || !upload.DuplicatesBlockLaunch,
                upload is { DuplicatesBlockLaunch: true } ? $"The duplicate policy is BLOCK and the file has {counts?.Duplicates} duplicate row(s): dedupe it and upload again." : "No duplicate blocks launch."),
            new("schedule.set", S.Schedule is not null, S.Schedule is null ? "Set a schedule." : "Schedule is set."),
            new("outcomes.set", S.Outcomes is not null, S.Outcomes is null ? "Set the outcomes." : "Outcomes are set."),
            SignOffCheck("signoff.owner", SignOffRole.Owner, $"The owner ({S.OwnerId}) has not signed off."),
            SignOffCheck("signoff.compliance", SignOffRole.Compliance, "Compliance has not signed off."),
            new("audience.nonempty", DialableCount(upload) > 0, DialableCount(upload) > 0 ? $"{DialableCount(upload)} contacts can be dialled." : counts is null ? "No audience yet: upload a contact CSV." : "No contact in the list can be dialled."),
        };
        return new Readiness(checks.TrueForAll(c => c.Passed), checks);
    }

    private ReadinessCheck TimezoneCheck(UploadCounts? counts) => S.Schedule switch
    {
        null => new("timezone.resolved", false, "Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules."),
        { Mode: ScheduleMode.FixedTimezone } s => new("timezone.resolved", true, $"Calls follow {s.Timezone}; contact time zones are not needed."),
        _ when counts is null => new("timezone.resolved", false, "No contact list yet: every contact needs a time zone for a CONTACT_LOCAL schedule."),
        _ when counts.TimezoneMissing > 0 => new("timezone.resolved", false, $"{counts.TimezoneMissing} dialable contact(s) have no time zone and none could be inferred: add a time zone column, confirm the mapping again (they become TIMEZONE_UNRESOLVED), or use a FIXED_TIMEZONE schedule."),
        _ => new("timezone.resolved", true, "Every dialable contact has a time zone."),
    };

    private ReadinessCheck SignOffCheck(string key, SignOffRole role, string missing)
    {
        var signOff = S.SignOffs.Find(s => s.Role == role);
        if (signOff is null)
        {
            return new ReadinessCheck(key, false, missing);
        }

        return S.SignOffBasis.GetValueOrDefault(role) == AudienceBasis
            ? new ReadinessCheck(key, true, $"Signed off by {signOff.UserId} at {signOff.At:u}.")
            : new ReadinessCheck(key, false, $"{signOff.UserId} signed off before the contact list changed: sign off again.");
    }

    private static bool SameSchedule(Schedule a, Schedule b) =>
        a.Mode == b.Mode && a.Timezone == b.Timezone && a.WindowStart == b.WindowStart && a.WindowEnd == b.WindowEnd
        && a.StartDate == b.StartDate && a.Days.SequenceEqual(b.Days);

    internal static string StepName(WizardStep step) => step.ToString().ToUpperInvariant();

    internal static string StatusName(CampaignStatus status) => status.ToString().ToUpperInvariant();
}
