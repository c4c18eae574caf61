using Callaro.Contracts;
using Callaro.Grains.Campaigns;
using Callaro.Pipeline;

namespace Callaro.UnitTests.Campaigns;

/// <summary>
/// Launch readiness and the wizard's step gates as tables: each row is a draft that is ready to launch with one
/// thing changed, and what that one check then says. Times are relative to a fixed <see cref="Now"/>.
/// </summary>
public sealed class CampaignReadinessTests
{
    private const string CampaignId = "cmp_1";
    private const string NoUpload = "No contact list yet: upload a CSV in the Audience step.";
    private const string NoAudience = "No audience yet: upload a contact CSV, paste contact ids or choose a segment.";
    private const string PastedIdsNotApplicable = "The audience is pasted contact ids: no upload is involved.";
    private const string UploadTimezoneAdvice = "dialable contact(s) have no time zone and none could be inferred: add a time zone column, confirm the mapping again (they become TIMEZONE_UNRESOLVED), or use a FIXED_TIMEZONE schedule.";
    private const string DirectoryTimezoneAdvice = "dialable contact(s) of the audience have no time zone in the contact directory: upload them again with a time zone column, or use a FIXED_TIMEZONE schedule.";

    private static readonly DateTimeOffset Now = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    private static readonly string[] ContractOrder =
    [
        "campaign.draft", "upload.attached", "upload.not_processing", "upload.no_error", "upload.matches_draft",
        "rejections.acknowledged", "timezone.resolved", "duplicates.allowed", "schedule.set", "outcomes.set",
        "signoff.owner", "signoff.compliance", "audience.nonempty",
    ];

    private static readonly Schedule ContactLocal = new(ScheduleMode.ContactLocal, null, "09:00", "17:00", [DayOfWeek.Monday], Now.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    private static readonly Schedule FixedChicago = ContactLocal with { Mode = ScheduleMode.FixedTimezone, Timezone = "America/Chicago" };
    private static readonly Outcomes Dispositions = new(["connected", "voicemail"], null, []);

    /// <summary>A draft and what its audience looks like now.</summary>
    private sealed record World(CampaignState Draft, AudienceNow Audience)
    {
        public CampaignReadiness Rules => new(CampaignId, Draft, Audience);
    }

    private static CampaignState ReadyDraft(AudienceSourceKind source, string signOffBasis, Action<CampaignState>? change) =>
        Changed(
            new CampaignState
            {
                Created = true,
                Name = "Spring push",
                OwnerId = "owen",
                Status = CampaignStatus.Draft,
                Step = WizardStep.Review,
                AudienceSource = source,
                Schedule = ContactLocal,
                Outcomes = Dispositions,
                AudienceRevision = source == AudienceSourceKind.Csv ? 0 : 1,
                SignOffs =
                [
                    new SignOff(SignOffRole.Owner, "owen", Now.AddMinutes(-2), null),
                    new SignOff(SignOffRole.Compliance, "cora", Now.AddMinutes(-1), "checked"),
                ],
                SignOffBasis = { [SignOffRole.Owner] = signOffBasis, [SignOffRole.Compliance] = signOffBasis },
            },
            change);

    private static CampaignState Changed(CampaignState draft, Action<CampaignState>? change)
    {
        change?.Invoke(draft);
        return draft;
    }

    /// <summary>8 of 10 rows dialable (1 rejected, 1 duplicate), the exclusions acknowledged, attached to this draft.</summary>
    private static readonly UploadView AttachedUpload = new()
    {
        Id = "upl_1",
        OrgId = "org-1",
        CampaignId = CampaignId,
        FileName = "contacts.csv",
        Status = UploadStatus.Attached,
        Mapping = [new ColumnMapping("phone", ContactField.Phone)],
        Options = new UploadOptions(),
        Progress = new UploadProgress(10, 10, 4, 4),
        Counts = new UploadCounts(10, 8, 1, 1, 0, 0, [], [], 0, 0),
        Acknowledgement = new Acknowledgement("cora", Now.AddMinutes(-5), null, 2),
        ValidationRun = 1,
    };

    private static readonly DirectoryAudience ThreeDialable = new(3, 3, 0, [], 0, 0, 3, 0, 3, 0);

    private static readonly SegmentView AcmeSegment = new("seg_1", "Acme", [], "owen", Now.AddDays(-1), Now.AddHours(-1), 2, null);

    private static World Csv(Action<CampaignState>? draft = null, Func<UploadView, UploadView?>? upload = null) =>
        new(
            ReadyDraft(AudienceSourceKind.Csv, "upl_1#1", d => { d.CurrentUploadId = "upl_1"; d.AttachedUploadId = "upl_1"; d.AttachedRun = 1; draft?.Invoke(d); }),
            new AudienceNow(upload is null ? AttachedUpload : upload(AttachedUpload), null, null));

    private static World PastedIds(Action<CampaignState>? draft = null, Func<DirectoryAudience, DirectoryAudience>? members = null) =>
        new(
            ReadyDraft(AudienceSourceKind.ContactIds, "ids#1", d => { d.ContactIdsPasted = 3; draft?.Invoke(d); }),
            new AudienceNow(null, members is null ? ThreeDialable : members(ThreeDialable), null));

    /// <summary>A draft made by splitting another: its audience is the pasted ids the split wrote.</summary>
    private static World SplitPart() =>
        PastedIds(d => { d.SplitFrom = "cmp_0"; d.SplitValue = "CA"; });

    private static World Segment(Action<CampaignState>? draft = null, Func<DirectoryAudience, DirectoryAudience>? members = null, Func<SegmentView, SegmentView?>? segment = null) =>
        new(
            ReadyDraft(AudienceSourceKind.Segment, "segment:seg_1#1@v2", d => { d.SegmentId = "seg_1"; draft?.Invoke(d); }),
            new AudienceNow(null, members is null ? ThreeDialable : members(ThreeDialable), segment is null ? AcmeSegment : segment(AcmeSegment)));

    private static readonly Dictionary<string, Func<World>> ReadyDrafts = new()
    {
        ["a CSV upload"] = () => Csv(),
        ["a CSV upload launched and consumed"] = () => Csv(upload: u => u with { Status = UploadStatus.Consumed }),
        ["pasted contact ids"] = () => PastedIds(),
        ["a segment"] = () => Segment(),
        ["a split part"] = SplitPart,
    };

    public static TheoryData<string> ReadyDraftNames() => [.. ReadyDrafts.Keys];

    [Theory]
    [MemberData(nameof(ReadyDraftNames))]
    public void A_draft_ready_to_launch_passes_every_check_in_contract_order(string audience)
    {
        var readiness = ReadyDrafts[audience]().Rules.Evaluate();

        Assert.Equal(ContractOrder, readiness.Checks.Select(c => c.Key));
        Assert.All(readiness.Checks, c => Assert.True(c.Passed, $"{c.Key}: {c.Message}"));
        Assert.True(readiness.Ready);
        Assert.Null(CampaignReadiness.Refusal(readiness));
    }

    private static readonly Dictionary<string, Func<World>> EmptyDrafts = new()
    {
        ["a new draft"] = () => new World(new CampaignState { Created = true, OwnerId = "owen" }, new AudienceNow(null, null, null)),
        ["a draft whose upload is still arriving"] = () => Csv(d => d.Schedule = null, u => u with { Status = UploadStatus.Receiving, Counts = null }),
        ["ids nobody knows"] = () => PastedIds(members: m => m with { Resolved = 0, Unknown = 3, Dialable = 0 }),
        ["a deleted segment"] = () => Segment(segment: s => s with { DeletedAt = Now }),
    };

    public static TheoryData<string> EmptyDraftNames() => [.. EmptyDrafts.Keys];

    [Theory]
    [MemberData(nameof(EmptyDraftNames))]
    public void A_draft_far_from_ready_still_answers_every_check_in_contract_order(string draft)
    {
        var readiness = EmptyDrafts[draft]().Rules.Evaluate();

        Assert.Equal(ContractOrder, readiness.Checks.Select(c => c.Key));
        Assert.False(readiness.Ready);
    }

    /// <summary>One row: a ready draft with one thing changed, and what the named check then says.</summary>
    private sealed record CheckCase(Func<World> World, string Key, bool Passed, string Message);

    private static readonly Dictionary<string, CheckCase> CheckCases = new()
    {
        // campaign.draft
        ["csv: a draft is a draft"] = new(() => Csv(), "campaign.draft", true, "Campaign is a draft."),
        ["csv: a launched campaign is no longer a draft"] = new(() => Csv(d => d.Status = CampaignStatus.Launched), "campaign.draft", false, "Campaign is LAUNCHED."),
        ["ids: a draft is a draft"] = new(() => PastedIds(), "campaign.draft", true, "Campaign is a draft."),
        ["ids: a cancelled campaign is no longer a draft"] = new(() => PastedIds(d => d.Status = CampaignStatus.Cancelled), "campaign.draft", false, "Campaign is CANCELLED."),

        // upload.attached
        ["csv: the attached upload is attached"] = new(() => Csv(), "upload.attached", true, "The contact list is attached."),
        ["csv: no upload to attach"] = new(() => Csv(upload: _ => null), "upload.attached", false, NoUpload),
        ["csv: a staged upload is not saved into the draft yet"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Staged }), "upload.attached", false, "The upload is STAGED: save the draft once it is STAGED."),
        ["csv: an attached upload other than the one the draft attached"] = new(() => Csv(d => d.AttachedUploadId = "upl_0"), "upload.attached", false, "The upload is ATTACHED: save the draft once it is STAGED."),
        ["ids: no upload is involved"] = new(() => PastedIds(), "upload.attached", true, PastedIdsNotApplicable),
        ["segment: no upload is involved, named by the segment"] = new(() => Segment(), "upload.attached", true, "The audience is segment Acme: no upload is involved."),
        ["segment: a segment that cannot be read is named by its id"] = new(() => Segment(segment: _ => null), "upload.attached", true, "The audience is segment seg_1: no upload is involved."),

        // upload.not_processing
        ["csv: processing is finished"] = new(() => Csv(), "upload.not_processing", true, "Processing is finished."),
        ["csv: the file is still arriving"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Receiving }), "upload.not_processing", false, "The file is still arriving."),
        ["csv: the mapping is not confirmed"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Mapping }), "upload.not_processing", false, "The mapping is not confirmed yet."),
        ["csv: validation is running"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Validating, Progress = new UploadProgress(10, 6, 4, 2) }), "upload.not_processing", false, "Validation is running (6 rows so far)."),
        ["csv: no upload to process"] = new(() => Csv(upload: _ => null), "upload.not_processing", false, NoUpload),
        ["ids: nothing to process"] = new(() => PastedIds(), "upload.not_processing", true, PastedIdsNotApplicable),

        // upload.no_error
        ["csv: no error"] = new(() => Csv(), "upload.no_error", true, "No error."),
        ["csv: the upload failed"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Error, Error = new Fault("UPLOAD_FAILED", "the file is not a CSV.") }), "upload.no_error", false, "The upload failed: the file is not a CSV."),
        ["csv: no upload that could fail"] = new(() => Csv(upload: _ => null), "upload.no_error", false, NoUpload),
        ["ids: no upload that could fail"] = new(() => PastedIds(), "upload.no_error", true, PastedIdsNotApplicable),

        // upload.matches_draft
        ["csv: the attached file is the one validated"] = new(() => Csv(), "upload.matches_draft", true, "The attached file is the one validated for this draft."),
        ["csv: validated again after it was attached"] = new(() => Csv(upload: u => u with { ValidationRun = 2 }), "upload.matches_draft", false, "The upload was validated again after it was attached: save the draft again."),
        ["csv: the current upload is not the attached one"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Staged }), "upload.matches_draft", false, "The current upload is not the attached one: save the draft."),
        ["csv: an upload that belongs to another campaign"] = new(() => Csv(upload: u => u with { CampaignId = "cmp_2" }), "upload.matches_draft", false, "The attached file is the one validated for this draft."),
        ["csv: no upload to match"] = new(() => Csv(upload: _ => null), "upload.matches_draft", false, NoUpload),
        ["ids: no upload to match"] = new(() => PastedIds(), "upload.matches_draft", true, PastedIdsNotApplicable),

        // rejections.acknowledged
        ["csv: the acknowledgement covers every excluded row"] = new(() => Csv(), "rejections.acknowledged", true, "Acknowledged by cora."),
        ["csv: no row was excluded"] = new(() => Csv(upload: u => u with { Counts = u.Counts! with { Rejected = 0, Duplicates = 0 }, Acknowledgement = null }), "rejections.acknowledged", true, "No row was excluded."),
        ["csv: excluded rows not acknowledged"] = new(() => Csv(upload: u => u with { Acknowledgement = null }), "rejections.acknowledged", false, "2 row(s) are excluded (1 rejected, 1 duplicates, 0 suppressed): review them and acknowledge."),
        ["csv: newly suppressed rows after the acknowledgement"] = new(() => Csv(upload: u => u with { Counts = u.Counts! with { Suppressed = 3 } }), "rejections.acknowledged", false, "3 more row(s) were excluded since the acknowledgement (e.g. newly suppressed): acknowledge again."),
        ["csv: nothing counted yet"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Validating, Counts = null }), "rejections.acknowledged", false, NoUpload),
        ["ids: every requested contact is dialled"] = new(() => PastedIds(), "rejections.acknowledged", true, "Every requested contact will be dialled."),
        ["ids: what is not dialled is said, not blocking"] = new(() => PastedIds(members: m => m with { Requested = 7, Unknown = 1, Suppressed = 2, DuplicatePhones = 1 }), "rejections.acknowledged", true, "Not dialled: 1 unknown id(s), 2 suppressed, 1 sharing a phone with another contact (each phone is dialled once)."),

        // timezone.resolved, per schedule kind
        ["csv: no schedule yet"] = new(() => Csv(d => d.Schedule = null), "timezone.resolved", false, "Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules."),
        ["csv: contact local, every contact has a zone"] = new(() => Csv(), "timezone.resolved", true, "Every dialable contact has a time zone."),
        ["csv: contact local, contacts without a zone"] = new(() => Csv(upload: u => u with { Counts = u.Counts! with { TimezoneMissing = 2 } }), "timezone.resolved", false, $"2 {UploadTimezoneAdvice}"),
        ["csv: fixed time zone, contacts without a zone do not matter"] = new(() => Csv(d => d.Schedule = FixedChicago, u => u with { Counts = u.Counts! with { TimezoneMissing = 2 } }), "timezone.resolved", true, "Calls follow America/Chicago; contact time zones are not needed."),
        ["csv: contact local, no upload"] = new(() => Csv(upload: _ => null), "timezone.resolved", false, "No contact list yet: every contact needs a time zone for a CONTACT_LOCAL schedule."),
        ["csv: contact local, nothing counted yet"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Mapping, Counts = null }), "timezone.resolved", false, "No contact list yet: every contact needs a time zone for a CONTACT_LOCAL schedule."),
        ["csv: fixed time zone, no upload"] = new(() => Csv(d => d.Schedule = FixedChicago, _ => null), "timezone.resolved", true, "Calls follow America/Chicago; contact time zones are not needed."),
        ["ids: no schedule yet"] = new(() => PastedIds(d => d.Schedule = null), "timezone.resolved", false, "Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules."),
        ["ids: contact local, a contact without a zone"] = new(() => PastedIds(members: m => m with { TimezoneMissing = 1 }), "timezone.resolved", false, $"1 {DirectoryTimezoneAdvice}"),
        ["ids: fixed time zone, a contact without a zone"] = new(() => PastedIds(d => d.Schedule = FixedChicago, m => m with { TimezoneMissing = 1 }), "timezone.resolved", true, "Calls follow America/Chicago; contact time zones are not needed."),
        ["segment: contact local, every contact has a zone"] = new(() => Segment(), "timezone.resolved", true, "Every dialable contact has a time zone."),

        // duplicates.allowed
        ["csv: duplicates kept as the policy says"] = new(() => Csv(), "duplicates.allowed", true, "No duplicate blocks launch."),
        ["csv: duplicates block launch"] = new(() => Csv(upload: u => u with { DuplicatesBlockLaunch = true }), "duplicates.allowed", false, "The duplicate policy is BLOCK and the file has 1 duplicate row(s): dedupe it and upload again."),
        ["csv: no upload has no duplicates"] = new(() => Csv(upload: _ => null), "duplicates.allowed", true, "No duplicate blocks launch."),
        ["ids: no two contacts share a phone"] = new(() => PastedIds(), "duplicates.allowed", true, "No two contacts share a phone."),
        ["segment: a shared phone is dialled once, not blocking"] = new(() => Segment(members: m => m with { DuplicatePhones = 2 }), "duplicates.allowed", true, "2 contact(s) share a phone with another; each phone is dialled once."),

        // schedule.set and outcomes.set
        ["csv: the schedule is set"] = new(() => Csv(), "schedule.set", true, "Schedule is set."),
        ["csv: no schedule"] = new(() => Csv(d => d.Schedule = null), "schedule.set", false, "Set a schedule."),
        ["ids: the schedule is set"] = new(() => PastedIds(), "schedule.set", true, "Schedule is set."),
        ["segment: no schedule"] = new(() => Segment(d => d.Schedule = null), "schedule.set", false, "Set a schedule."),
        ["csv: the outcomes are set"] = new(() => Csv(), "outcomes.set", true, "Outcomes are set."),
        ["ids: the outcomes are set"] = new(() => PastedIds(), "outcomes.set", true, "Outcomes are set."),
        ["csv: no outcomes"] = new(() => Csv(d => d.Outcomes = null), "outcomes.set", false, "Set the outcomes."),
        ["ids: no outcomes"] = new(() => PastedIds(d => d.Outcomes = null), "outcomes.set", false, "Set the outcomes."),

        // signoff.owner and signoff.compliance
        ["csv: the owner signed off on this list"] = new(() => Csv(), "signoff.owner", true, $"Signed off by owen at {Now.AddMinutes(-2):u}."),
        ["csv: compliance signed off on this list"] = new(() => Csv(), "signoff.compliance", true, $"Signed off by cora at {Now.AddMinutes(-1):u}."),
        ["segment: the owner signed off on this segment"] = new(() => Segment(), "signoff.owner", true, $"Signed off by owen at {Now.AddMinutes(-2):u}."),
        ["ids: compliance signed off on these ids"] = new(() => PastedIds(), "signoff.compliance", true, $"Signed off by cora at {Now.AddMinutes(-1):u}."),
        ["csv: the owner has not signed off"] = new(() => Csv(d => d.SignOffs.RemoveAll(s => s.Role == SignOffRole.Owner)), "signoff.owner", false, "The owner (owen) has not signed off."),
        ["ids: compliance has not signed off"] = new(() => PastedIds(d => d.SignOffs.RemoveAll(s => s.Role == SignOffRole.Compliance)), "signoff.compliance", false, "Compliance has not signed off."),
        ["csv: the owner signed off before the file was validated again and saved"] = new(() => Csv(d => d.AttachedRun = 2, u => u with { ValidationRun = 2 }), "signoff.owner", false, "owen signed off before the contact list changed: sign off again."),
        ["csv: compliance signed off before another upload was attached"] = new(() => Csv(d => d.AttachedUploadId = "upl_2", u => u with { Id = "upl_2" }), "signoff.compliance", false, "cora signed off before the contact list changed: sign off again."),
        ["ids: the owner signed off before the ids were pasted again"] = new(() => PastedIds(d => d.AudienceRevision = 2), "signoff.owner", false, "owen signed off before the contact list changed: sign off again."),
        ["segment: compliance signed off before the segment's conditions changed"] = new(() => Segment(segment: s => s with { Version = 3 }), "signoff.compliance", false, "cora signed off before the contact list changed: sign off again."),
        ["segment: the owner signed off on another segment"] = new(() => Segment(d => d.SegmentId = "seg_9"), "signoff.owner", false, "owen signed off before the contact list changed: sign off again."),

        // audience.nonempty
        ["csv: the accepted rows can be dialled"] = new(() => Csv(), "audience.nonempty", true, "8 contacts can be dialled."),
        ["csv: no upload, no audience"] = new(() => Csv(upload: _ => null), "audience.nonempty", false, NoAudience),
        ["csv: every row was excluded"] = new(() => Csv(upload: u => u with { Counts = u.Counts! with { Accepted = 0 } }), "audience.nonempty", false, "No contact in the list can be dialled."),
        ["csv: rows counted while validating are not dialable yet"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Validating }), "audience.nonempty", false, "No contact in the list can be dialled."),
        ["ids: the resolved contacts can be dialled"] = new(() => PastedIds(), "audience.nonempty", true, "3 contacts can be dialled (3 requested, 3 found in the contact directory, 0 unknown, 0 suppressed, 0 sharing a phone)."),
        ["ids: nobody knows the ids"] = new(() => PastedIds(members: m => m with { Requested = 2, Resolved = 0, Unknown = 2, Dialable = 0 }), "audience.nonempty", false, "No contact of the audience can be dialled (2 requested, 0 found in the contact directory, 2 unknown, 0 suppressed, 0 sharing a phone)."),
        ["segment: the segment was deleted"] = new(() => Segment(segment: s => s with { DeletedAt = Now.AddMinutes(-1) }), "audience.nonempty", false, "Segment seg_1 was deleted: choose another segment."),
        ["segment: the segment cannot be read"] = new(() => Segment(segment: _ => null), "audience.nonempty", false, "Segment seg_1 was deleted: choose another segment."),
        ["segment: every member is suppressed"] = new(() => Segment(members: m => m with { Suppressed = 3, Dialable = 0 }), "audience.nonempty", false, "No contact of the audience can be dialled (3 requested, 3 found in the contact directory, 0 unknown, 3 suppressed, 0 sharing a phone)."),
    };

    public static TheoryData<string> CheckCaseNames() => [.. CheckCases.Keys];

    [Theory]
    [MemberData(nameof(CheckCaseNames))]
    public void A_check_passes_or_fails_with_its_message(string row)
    {
        var (world, key, passed, message) = CheckCases[row];
        var readiness = world().Rules.Evaluate();
        var check = readiness.Checks.Single(c => c.Key == key);

        Assert.Equal(message, check.Message);
        Assert.Equal(passed, check.Passed);
        Assert.Equal(readiness.Checks.All(c => c.Passed), readiness.Ready);
        if (!passed)
        {
            Assert.False(readiness.Ready);
            Assert.Contains($"{key}: {message}", CampaignReadiness.Refusal(readiness)!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_table_shows_every_check_passing_and_failing_for_an_upload_and_for_a_directory_audience()
    {
        // A directory audience has no upload to wait for, no rows to acknowledge, no duplicate policy: those pass.
        string[] cannotFailForDirectory = ["upload.attached", "upload.not_processing", "upload.no_error", "upload.matches_draft", "rejections.acknowledged", "duplicates.allowed"];
        var rows = CheckCases.Values.Select(c => (c.Key, c.Passed, Directory: c.World().Audience.Directory is not null)).ToHashSet();
        foreach (var key in ContractOrder)
        {
            Assert.True(rows.Contains((key, true, false)), $"{key}: no passing row for an upload");
            Assert.True(rows.Contains((key, false, false)), $"{key}: no failing row for an upload");
            Assert.True(rows.Contains((key, true, true)), $"{key}: no passing row for a directory audience");
            Assert.True(cannotFailForDirectory.Contains(key) || rows.Contains((key, false, true)), $"{key}: no failing row for a directory audience");
        }
    }

    [Fact]
    public void Launch_is_refused_with_every_failed_check_in_order()
    {
        var refusal = CampaignReadiness.Refusal(Csv(d => d.Schedule = null).Rules.Evaluate());

        Assert.Equal(ErrorCodes.NotReady, refusal!.Code);
        Assert.Equal(
            "Not ready to launch. timezone.resolved: Set a schedule first: contact time zones matter for CONTACT_LOCAL schedules. | schedule.set: Set a schedule.",
            refusal.Message);
    }

    [Fact]
    public void Duplicates_under_a_block_policy_keep_a_draft_from_launching_even_when_everything_else_is_ready()
    {
        var readiness = Csv(upload: u => u with { DuplicatesBlockLaunch = true }).Rules.Evaluate();

        Assert.False(readiness.Ready);
        Assert.Equal(["duplicates.allowed"], readiness.Checks.Where(c => !c.Passed).Select(c => c.Key));
    }

    [Fact]
    public void Changing_the_contact_list_after_signing_off_withdraws_both_sign_offs_and_only_them()
    {
        var readiness = PastedIds(d => d.AudienceRevision++).Rules.Evaluate();

        Assert.Equal(["signoff.owner", "signoff.compliance"], readiness.Checks.Where(c => !c.Passed).Select(c => c.Key));
    }

    /// <summary>The basis is stored with each sign-off: changing its form would turn every stored sign-off stale.</summary>
    [Theory]
    [InlineData(AudienceSourceKind.Csv, "upl_1#1")]
    [InlineData(AudienceSourceKind.ContactIds, "ids#1")]
    [InlineData(AudienceSourceKind.Segment, "segment:seg_1#1@v2")]
    public void A_sign_off_approves_the_audience_as_it_stands(AudienceSourceKind source, string basis)
    {
        var world = source switch
        {
            AudienceSourceKind.Csv => Csv(),
            AudienceSourceKind.ContactIds => PastedIds(),
            _ => Segment(),
        };

        Assert.Equal(basis, world.Rules.SignOffBasis);
    }

    [Fact]
    public void A_segment_sign_off_that_cannot_read_its_segment_has_no_version_in_its_basis() =>
        Assert.Equal("segment:seg_1#1@v", Segment(segment: _ => null).Rules.SignOffBasis);

    /// <summary>One row: a draft, a wizard step, and whether the wizard may go on from it and why not.</summary>
    private sealed record GateCase(Func<World> World, WizardStep Step, bool Allowed, string[] Reasons);

    private static readonly Dictionary<string, GateCase> GateCases = new()
    {
        ["csv: an attached upload opens the audience step"] = new(() => Csv(), WizardStep.Audience, true, []),
        ["csv: a staged upload opens the audience step"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Staged }), WizardStep.Audience, true, []),
        ["csv: no upload yet"] = new(() => Csv(upload: _ => null), WizardStep.Audience, false, [NoAudience]),
        ["csv: the file is still being received"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Receiving }), WizardStep.Audience, false, ["The file is still being received."]),
        ["csv: the mapping waits for confirmation"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Mapping }), WizardStep.Audience, false, ["Confirm the column mapping to validate the file."]),
        ["csv: the file is being validated"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Validating, Progress = new UploadProgress(10, 5, 4, 1) }), WizardStep.Audience, false, ["The file is being validated (1 of 4 chunks)."]),
        ["csv: the upload failed"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Error, Error = new Fault("X", "The file is empty.") }), WizardStep.Audience, false, ["The upload failed: The file is empty. Upload the file again."]),
        ["csv: the upload failed and already says to upload again"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Error, Error = new Fault("X", "Interrupted: upload the file again.") }), WizardStep.Audience, false, ["The upload failed: Interrupted: upload the file again."]),
        ["csv: no confirmed mapping"] = new(() => Csv(upload: u => u with { Status = UploadStatus.Staged, Mapping = null }), WizardStep.Audience, false, ["Confirm the column mapping first."]),
        ["ids: dialable ids open the audience step"] = new(() => PastedIds(), WizardStep.Audience, true, []),
        ["ids: nobody knows the ids"] = new(() => PastedIds(members: m => m with { Requested = 2, Resolved = 0, Unknown = 2, Dialable = 0 }), WizardStep.Audience, false, ["No contact of the audience can be dialled (2 requested, 0 found in the contact directory, 2 unknown, 0 suppressed, 0 sharing a phone)."]),
        ["segment: a deleted segment"] = new(() => Segment(segment: s => s with { DeletedAt = Now }), WizardStep.Audience, false, ["Segment seg_1 was deleted: choose another segment."]),
        ["csv: a set schedule opens the schedule step"] = new(() => Csv(), WizardStep.Schedule, true, []),
        ["segment: no schedule"] = new(() => Segment(d => d.Schedule = null), WizardStep.Schedule, false, ["Set a schedule (window, days, start date) first."]),
        ["ids: set outcomes open the outcomes step"] = new(() => PastedIds(), WizardStep.Outcomes, true, []),
        ["csv: no outcomes"] = new(() => Csv(d => d.Outcomes = null), WizardStep.Outcomes, false, ["Set the outcomes (dispositions) first."]),
        ["csv: review is the last step"] = new(() => Csv(), WizardStep.Review, false, ["Review is the last step: launch when every readiness check is green."]),
        ["csv: a launched campaign goes nowhere"] = new(() => Csv(d => d.Status = CampaignStatus.Launched), WizardStep.Audience, false, ["Campaign is LAUNCHED."]),
        ["ids: a cancelled campaign goes nowhere"] = new(() => PastedIds(d => d.Status = CampaignStatus.Cancelled), WizardStep.Schedule, false, ["Campaign is CANCELLED."]),
    };

    public static TheoryData<string> GateCaseNames() => [.. GateCases.Keys];

    [Theory]
    [MemberData(nameof(GateCaseNames))]
    public void A_step_gate_opens_or_says_why_not(string row)
    {
        var (world, step, allowed, reasons) = GateCases[row];
        var gate = world().Rules.Gate(step);

        Assert.Equal(reasons, gate.Reasons);
        Assert.Equal(allowed, gate.Allowed);
    }

    [Theory]
    [InlineData(UploadStatus.Validating, 0)]
    [InlineData(UploadStatus.Staged, 8)]
    [InlineData(UploadStatus.Attached, 8)]
    [InlineData(UploadStatus.Consumed, 8)]
    [InlineData(UploadStatus.Superseded, 0)]
    [InlineData(UploadStatus.Error, 0)]
    public void An_upload_counts_as_dialable_only_once_validated(UploadStatus status, long dialable) =>
        Assert.Equal(dialable, new AudienceNow(AttachedUpload with { Status = status }, null, null).Dialable);

    [Fact]
    public void A_directory_audience_counts_its_dialable_contacts_and_no_audience_none()
    {
        Assert.Equal(3, new AudienceNow(null, ThreeDialable, null).Dialable);
        Assert.Equal(0, new AudienceNow(null, null, null).Dialable);
    }

    [Fact]
    public void Excluded_rows_are_the_rejected_the_duplicates_and_the_suppressed()
    {
        Assert.Equal(6, CampaignReadiness.ExcludedRows(new UploadCounts(10, 4, 1, 2, 3, 5, [], [], 0, 0)));
        Assert.Equal(0, CampaignReadiness.ExcludedRows(null));
    }

    [Fact]
    public void The_same_inputs_give_the_same_answer()
    {
        var world = Segment(members: m => m with { TimezoneMissing = 2, Unknown = 1 });
        Assert.Equal(world.Rules.Evaluate().Checks, world.Rules.Evaluate().Checks);
    }
}
