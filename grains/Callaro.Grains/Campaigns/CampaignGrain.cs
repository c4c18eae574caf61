using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;

namespace Callaro.Grains.Campaigns;

/// <summary>
/// One campaign draft and its wizard. Every change bumps <see cref="CampaignState.Version"/>, is persisted,
/// and then projected into the campaign list table.
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign", StorageNames.Default)] IPersistentState<CampaignState> state,
    CampaignIndex index,
    ChangeNotifier notifier,
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

    public Task<CampaignView?> GetAsync() => Task.FromResult(S.Created ? View() : null);

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
            return View();
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
            return View();
        }

        // Going forward passes every gate between here and there; going back is always allowed.
        for (var from = S.Step; from < step; from++)
        {
            var gate = Gate(from);
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
            return View();
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
    private void InvalidateSignOffs() => S.SignOffs.Clear();

    private async Task<Result<CampaignView>> CommitAsync()
    {
        S.Version++;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await index.UpsertAsync(OrgId, CampaignId, S.Name, S.Status, S.OwnerId, S.CreatedAt, S.UpdatedAt);
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.CampaignKind, OrgId, CampaignId, StatusName(S.Status)));
        return View();
    }

    private CampaignView View() => new(
        CampaignId,
        OrgId,
        S.Name,
        S.OwnerId,
        S.Status,
        S.Step,
        Gate(S.Step),
        new AudienceView(S.AudienceSource, S.CurrentUploadId, [.. S.UploadHistory], 0),
        S.Schedule,
        S.Outcomes,
        ComputeReadiness(),
        [.. S.SignOffs],
        S.TaskCount,
        S.CreatedAt,
        S.UpdatedAt,
        S.LaunchedAt,
        S.Version);

    private StepGate Gate(WizardStep step)
    {
        if (S.Status != CampaignStatus.Draft)
        {
            return new StepGate(false, [$"Campaign is {StatusName(S.Status)}."]);
        }

        List<string> reasons = step switch
        {
            WizardStep.Audience => AudienceProblems(),
            WizardStep.Schedule => S.Schedule is null ? ["Set a schedule (window, days, start date) first."] : [],
            WizardStep.Outcomes => S.Outcomes is null ? ["Set the outcomes (dispositions) first."] : [],
            _ => ["Review is the last step: launch when every readiness check is green."],
        };
        return new StepGate(reasons.Count == 0, reasons);
    }

    private List<string> AudienceProblems() =>
        S.CurrentUploadId is null ? ["No audience yet: upload a contact CSV."] : [];

    private Readiness ComputeReadiness()
    {
        var noUpload = S.CurrentUploadId is null;
        const string NoUploadMessage = "No contact list yet: upload a CSV in the Audience step.";
        var checks = new List<ReadinessCheck>
        {
            new("campaign.draft", S.Status == CampaignStatus.Draft, S.Status == CampaignStatus.Draft ? "Campaign is a draft." : $"Campaign is {StatusName(S.Status)}."),
            new("upload.attached", false, noUpload ? NoUploadMessage : "The upload is not attached yet: save the draft."),
            new("upload.not_processing", false, NoUploadMessage),
            new("upload.no_error", false, NoUploadMessage),
            new("upload.matches_draft", false, NoUploadMessage),
            new("rejections.acknowledged", false, NoUploadMessage),
            TimezoneCheck(),
            new("schedule.set", S.Schedule is not null, S.Schedule is null ? "Set a schedule." : "Schedule is set."),
            new("outcomes.set", S.Outcomes is not null, S.Outcomes is null ? "Set the outcomes." : "Outcomes are set."),
            SignOffCheck("signoff.owner", SignOffRole.Owner, $"The owner ({S.OwnerId}) has not signed off."),
            SignOffCheck("signoff.compliance", SignOffRole.Compliance, "Compliance has not signed off."),
            new("audience.nonempty", false, "No audience yet: upload a contact CSV."),
        };
        return new Readiness(checks.TrueForAll(c => c.Passed), checks);
    }

    private ReadinessCheck TimezoneCheck() => S.Schedule switch
    {
        null => new("timezone.resolved", false, "Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules."),
        { Mode: ScheduleMode.FixedTimezone } s => new("timezone.resolved", true, $"Calls follow {s.Timezone}; contact time zones are not needed."),
        _ => new("timezone.resolved", false, "No contact list yet: every contact needs a time zone for a CONTACT_LOCAL schedule."),
    };

    private ReadinessCheck SignOffCheck(string key, SignOffRole role, string missing)
    {
        var signOff = S.SignOffs.Find(s => s.Role == role);
        return signOff is null
            ? new ReadinessCheck(key, false, missing)
            : new ReadinessCheck(key, true, $"Signed off by {signOff.UserId} at {signOff.At:u}.");
    }

    private static bool SameSchedule(Schedule a, Schedule b) =>
        a.Mode == b.Mode && a.Timezone == b.Timezone && a.WindowStart == b.WindowStart && a.WindowEnd == b.WindowEnd
        && a.StartDate == b.StartDate && a.Days.SequenceEqual(b.Days);

    internal static string StepName(WizardStep step) => step.ToString().ToUpperInvariant();

    internal static string StatusName(CampaignStatus status) => status.ToString().ToUpperInvariant();
}
