using Callaro.Contracts;
using Callaro.Grains.Storage;

namespace Callaro.Grains.Campaigns;

/// <summary>
/// What the audience of a draft looks like now: the current upload (CSV audiences), or the directory audience
/// resolved now and, for SEGMENT audiences, the segment (pasted ids and split drafts have none).
/// </summary>
public sealed record AudienceNow(UploadView? Upload, DirectoryAudience? Directory, SegmentView? Segment)
{
    /// <summary>How many contacts a launch would dial now: an upload counts only once validated.</summary>
    public long Dialable =>
        Directory is { } members ? members.Dialable
        : Upload is { Status: UploadStatus.Staged or UploadStatus.Attached or UploadStatus.Consumed, Counts: { } counts } ? counts.Accepted : 0;
}

/// <summary>
/// What a campaign draft still lacks, decided from its state and what its audience looks like now: the gates
/// between wizard steps and the launch readiness checks. Pure and deterministic (no I/O, no clock), so every case
/// is a table row in its tests; <see cref="CampaignGrain"/> gathers the inputs and consults it.
/// </summary>
/// <remarks>
/// <para>
/// Launch readiness is these checks, always all of them and in this order (the GraphQL <c>readiness.checks</c>
/// list); launch needs every one passed. Each check is built once; only what the audience says differs by kind
/// (a CSV upload, or a directory audience: a segment, pasted contact ids, a split draft).
/// </para>
/// <list type="table">
/// <listheader><term>key</term><description>passes when</description></listheader>
/// <item><term><c>campaign.draft</c></term><description>the campaign is a DRAFT.</description></item>
/// <item><term><c>upload.attached</c></term><description>the current upload is the attached one, ATTACHED (or CONSUMED). Directory audiences: passes, not applicable.</description></item>
/// <item><term><c>upload.not_processing</c></term><description>the upload is no longer RECEIVING, MAPPING or VALIDATING. Directory audiences: not applicable.</description></item>
/// <item><term><c>upload.no_error</c></term><description>the upload is not in ERROR. Directory audiences: not applicable.</description></item>
/// <item><term><c>upload.matches_draft</c></term><description>the attached upload belongs to this campaign and is the validation run that was attached. Directory audiences: not applicable.</description></item>
/// <item><term><c>rejections.acknowledged</c></term><description>no row was excluded (rejected, duplicate, suppressed), or the acknowledgement covers exactly the rows excluded now. Directory audiences: passes, saying what will not be dialled.</description></item>
/// <item><term><c>timezone.resolved</c></term><description>a schedule is set and is FIXED_TIMEZONE, or every dialable contact has a time zone.</description></item>
/// <item><term><c>duplicates.allowed</c></term><description>the upload's duplicate policy does not block launch. Directory audiences: passes (each phone is dialled once).</description></item>
/// <item><term><c>schedule.set</c></term><description>a schedule is set.</description></item>
/// <item><term><c>outcomes.set</c></term><description>the outcomes are set.</description></item>
/// <item><term><c>signoff.owner</c></term><description>the owner signed off on the audience as it is now (see <see cref="SignOffBasis"/>).</description></item>
/// <item><term><c>signoff.compliance</c></term><description>compliance signed off on the audience as it is now.</description></item>
/// <item><term><c>audience.nonempty</c></term><description>at least one contact can be dialled (and a segment audience's segment still exists).</description></item>
/// </list>
/// </remarks>
public sealed class CampaignReadiness(string campaignId, CampaignState draft, AudienceNow audience)
{
    private const string NoUploadMessage = "No contact list yet: upload a CSV in the Audience step.";
    private const string NoAudienceMessage = "No audience yet: upload a contact CSV, paste contact ids or choose a segment.";

    /// <summary>The launch readiness checks (see the remarks), in their contract order.</summary>
    public Readiness Evaluate()
    {
        var seen = audience.Directory is { } members ? DirectoryVerdicts(members) : UploadVerdicts(audience.Upload);
        List<ReadinessCheck> checks =
        [
            new("campaign.draft", draft.Status == CampaignStatus.Draft, draft.Status == CampaignStatus.Draft ? "Campaign is a draft." : $"Campaign is {Names.Of(draft.Status)}."),
            Check("upload.attached", seen.Attached),
            Check("upload.not_processing", seen.NotProcessing),
            Check("upload.no_error", seen.NoError),
            Check("upload.matches_draft", seen.MatchesDraft),
            Check("rejections.acknowledged", seen.RejectionsAcknowledged),
            Check("timezone.resolved", TimezoneVerdict(seen.TimezoneMissing, seen.TimezoneAdvice)),
            Check("duplicates.allowed", seen.DuplicatesAllowed),
            new("schedule.set", draft.Schedule is not null, draft.Schedule is null ? "Set a schedule." : "Schedule is set."),
            new("outcomes.set", draft.Outcomes is not null, draft.Outcomes is null ? "Set the outcomes." : "Outcomes are set."),
            Check("signoff.owner", SignOffVerdict(SignOffRole.Owner, $"The owner ({draft.OwnerId}) has not signed off.")),
            Check("signoff.compliance", SignOffVerdict(SignOffRole.Compliance, "Compliance has not signed off.")),
            Check("audience.nonempty", seen.NonEmpty),
        ];
        return new Readiness(checks.TrueForAll(c => c.Passed), checks);
    }

    /// <summary>
    /// Whether the wizard may go on from <paramref name="step"/>: the audience can be dialled, the schedule or the
    /// outcomes are set. Review is the last step; a campaign that is no longer a draft goes nowhere.
    /// </summary>
    public StepGate Gate(WizardStep step)
    {
        if (draft.Status != CampaignStatus.Draft)
        {
            return new StepGate(false, [$"Campaign is {Names.Of(draft.Status)}."]);
        }

        List<string> reasons = step switch
        {
            WizardStep.Audience => audience.Directory is { } members ? DirectoryProblems(members) : UploadProblems(audience.Upload),
            WizardStep.Schedule => draft.Schedule is null ? ["Set a schedule (window, days, start date) first."] : [],
            WizardStep.Outcomes => draft.Outcomes is null ? ["Set the outcomes (dispositions) first."] : [],
            _ => ["Review is the last step: launch when every readiness check is green."],
        };
        return new StepGate(reasons.Count == 0, reasons);
    }

    /// <summary>
    /// What a sign-off approves, recorded with it: the attached upload and its validation run, the pasted ids'
    /// revision, or the segment's revision and definition version. A sign-off whose basis differs from this is stale.
    /// </summary>
    public string SignOffBasis => draft.AudienceSource switch
    {
        AudienceSourceKind.ContactIds => $"ids#{draft.AudienceRevision}",
        AudienceSourceKind.Segment => $"segment:{draft.SegmentId}#{draft.AudienceRevision}@v{audience.Segment?.Version}",
        _ => $"{draft.AttachedUploadId}#{draft.AttachedRun}",
    };

    /// <summary>Launch's answer to a draft that is not ready: every failed check, key and message.</summary>
    public static Fault? Refusal(Readiness readiness)
    {
        if (readiness.Ready)
        {
            return null;
        }

        var failed = readiness.Checks.Where(c => !c.Passed).Select(c => $"{c.Key}: {c.Message}");
        return new Fault(ErrorCodes.NotReady, "Not ready to launch. " + string.Join(" | ", failed));
    }

    /// <summary>Rows of an upload that will not be dialled: rejected, duplicates and suppressed.</summary>
    public static long ExcludedRows(UploadCounts? counts) => counts is null ? 0 : counts.Rejected + counts.Duplicates + counts.Suppressed;

    private static ReadinessCheck Check(string key, Verdict verdict) => new(key, verdict.Passed, verdict.Message);

    private AudienceVerdicts UploadVerdicts(UploadView? upload)
    {
        var counts = upload?.Counts;
        var excluded = ExcludedRows(counts);
        var attached = upload is { Status: UploadStatus.Attached or UploadStatus.Consumed } && upload.Id == draft.AttachedUploadId;
        var dialable = audience.Dialable;
        return new AudienceVerdicts(
            Attached: new(attached, upload is null ? NoUploadMessage : attached ? "The contact list is attached." : $"The upload is {Names.Of(upload.Status)}: save the draft once it is STAGED."),
            NotProcessing: new(
                upload is not null && upload.Status is not (UploadStatus.Receiving or UploadStatus.Mapping or UploadStatus.Validating),
                upload is null ? NoUploadMessage : upload.Status switch
                {
                    UploadStatus.Receiving => "The file is still arriving.",
                    UploadStatus.Mapping => "The mapping is not confirmed yet.",
                    UploadStatus.Validating => $"Validation is running ({upload.Progress.RowsValidated} rows so far).",
                    _ => "Processing is finished.",
                }),
            NoError: new(
                upload is not null && upload.Status != UploadStatus.Error,
                upload is null ? NoUploadMessage : upload.Status == UploadStatus.Error ? $"The upload failed: {upload.Error?.Message}" : "No error."),
            MatchesDraft: new(
                upload is not null && attached && upload.CampaignId == campaignId && upload.ValidationRun == draft.AttachedRun,
                upload is null ? NoUploadMessage
                : !attached ? "The current upload is not the attached one: save the draft."
                : upload.ValidationRun != draft.AttachedRun ? "The upload was validated again after it was attached: save the draft again."
                : "The attached file is the one validated for this draft."),
            RejectionsAcknowledged: new(
                counts is not null && (excluded == 0 || upload!.Acknowledgement?.ExcludedRows == excluded),
                counts is null ? NoUploadMessage
                : excluded == 0 ? "No row was excluded."
                : upload!.Acknowledgement is null ? $"{excluded} row(s) are excluded ({counts.Rejected} rejected, {counts.Duplicates} duplicates, {counts.Suppressed} suppressed): review them and acknowledge."
                : upload.Acknowledgement.ExcludedRows == excluded ? $"Acknowledged by {upload.Acknowledgement.UserId}."
                : $"{excluded - upload.Acknowledgement.ExcludedRows} more row(s) were excluded since the acknowledgement (e.g. newly suppressed): acknowledge again."),
            TimezoneMissing: counts?.TimezoneMissing,
            TimezoneAdvice: "dialable contact(s) have no time zone and none could be inferred: add a time zone column, confirm the mapping again (they become TIMEZONE_UNRESOLVED), or use a FIXED_TIMEZONE schedule.",
            DuplicatesAllowed: new(
                upload is null || !upload.DuplicatesBlockLaunch,
                upload is { DuplicatesBlockLaunch: true } ? $"The duplicate policy is BLOCK and the file has {counts?.Duplicates} duplicate row(s): dedupe it and upload again." : "No duplicate blocks launch."),
            NonEmpty: new(dialable > 0, dialable > 0 ? $"{dialable} contacts can be dialled." : counts is null ? NoAudienceMessage : "No contact in the list can be dialled."));
    }

    private AudienceVerdicts DirectoryVerdicts(DirectoryAudience members)
    {
        var kind = draft.AudienceSource == AudienceSourceKind.Segment ? $"segment {audience.Segment?.Name ?? draft.SegmentId}" : "pasted contact ids";
        var notApplicable = new Verdict(true, $"The audience is {kind}: no upload is involved.");
        var problems = DirectoryProblems(members);
        return new AudienceVerdicts(
            Attached: notApplicable,
            NotProcessing: notApplicable,
            NoError: notApplicable,
            MatchesDraft: notApplicable,
            RejectionsAcknowledged: new(true, members.Unknown + members.Suppressed + members.DuplicatePhones == 0
                ? "Every requested contact will be dialled."
                : $"Not dialled: {members.Unknown} unknown id(s), {members.Suppressed} suppressed, {members.DuplicatePhones} sharing a phone with another contact (each phone is dialled once)."),
            TimezoneMissing: members.TimezoneMissing,
            TimezoneAdvice: "dialable contact(s) of the audience have no time zone in the contact directory: upload them again with a time zone column, or use a FIXED_TIMEZONE schedule.",
            DuplicatesAllowed: new(true, members.DuplicatePhones == 0 ? "No two contacts share a phone." : $"{members.DuplicatePhones} contact(s) share a phone with another; each phone is dialled once."),
            NonEmpty: new(problems.Count == 0, problems.Count == 0 ? $"{members.Dialable} contacts can be dialled ({Describe(members)})." : problems[0]));
    }

    /// <summary><paramref name="timezoneMissing"/> is null while there is no contact list to count.</summary>
    private Verdict TimezoneVerdict(long? timezoneMissing, string missingAdvice) => draft.Schedule switch
    {
        null => new(false, "Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules."),
        { Mode: ScheduleMode.FixedTimezone } s => new(true, $"Calls follow {s.Timezone}; contact time zones are not needed."),
        _ when timezoneMissing is null => new(false, "No contact list yet: every contact needs a time zone for a CONTACT_LOCAL schedule."),
        _ when timezoneMissing > 0 => new(false, $"{timezoneMissing} {missingAdvice}"),
        _ => new(true, "Every dialable contact has a time zone."),
    };

    private Verdict SignOffVerdict(SignOffRole role, string missing)
    {
        var signOff = draft.SignOffs.Find(s => s.Role == role);
        if (signOff is null)
        {
            return new(false, missing);
        }

        return draft.SignOffBasis.GetValueOrDefault(role) == SignOffBasis
            ? new(true, $"Signed off by {signOff.UserId} at {signOff.At:u}.")
            : new(false, $"{signOff.UserId} signed off before the contact list changed: sign off again.");
    }

    private static List<string> UploadProblems(UploadView? upload) => upload switch
    {
        null => [NoAudienceMessage],
        { Status: UploadStatus.Receiving } => ["The file is still being received."],
        { Status: UploadStatus.Mapping } => ["Confirm the column mapping to validate the file."],
        { Status: UploadStatus.Validating } u => [$"The file is being validated ({u.Progress.ChunksDone} of {u.Progress.ChunksTotal} chunks)."],
        { Status: UploadStatus.Error } u => [UploadFailedReason(u.Error?.Message)],
        { Mapping: null } => ["Confirm the column mapping first."],
        _ => [],
    };

    private List<string> DirectoryProblems(DirectoryAudience members) =>
        draft.AudienceSource == AudienceSourceKind.Segment && audience.Segment is not { DeletedAt: null }
            ? [$"Segment {draft.SegmentId} was deleted: choose another segment."]
            : members.Dialable == 0
                ? [$"No contact of the audience can be dialled ({Describe(members)})."]
                : [];

    private static string Describe(DirectoryAudience a) =>
        $"{a.Requested} requested, {a.Resolved} found in the contact directory, {a.Unknown} unknown, {a.Suppressed} suppressed, {a.DuplicatePhones} sharing a phone";

    // Most upload errors already say to upload again; say it once.
    private static string UploadFailedReason(string? message) =>
        message is not null && message.Contains("upload the file again", StringComparison.OrdinalIgnoreCase)
            ? $"The upload failed: {message}"
            : $"The upload failed: {message} Upload the file again.";

    private readonly record struct Verdict(bool Passed, string Message);

    /// <summary>What the audience says for the checks that depend on its kind.</summary>
    private sealed record AudienceVerdicts(
        Verdict Attached,
        Verdict NotProcessing,
        Verdict NoError,
        Verdict MatchesDraft,
        Verdict RejectionsAcknowledged,
        long? TimezoneMissing,
        string TimezoneAdvice,
        Verdict DuplicatesAllowed,
        Verdict NonEmpty);
}
