namespace Callaro.Contracts;

[GenerateSerializer]
public enum CampaignStatus
{
    Draft,
    Launched,
    Cancelled,
}

[GenerateSerializer]
public enum WizardStep
{
    Audience,
    Schedule,
    Outcomes,
    Review,
}

[GenerateSerializer]
public enum AudienceSourceKind
{
    Csv,
    ContactIds,
    Segment,
}

[GenerateSerializer]
public enum ScheduleMode
{
    ContactLocal,
    FixedTimezone,
}

[GenerateSerializer]
public enum SignOffRole
{
    Owner,
    Compliance,
}

[GenerateSerializer, Immutable, Alias("callaro.Schedule")]
public sealed record Schedule(
    [property: Id(0)] ScheduleMode Mode,
    [property: Id(1)] string? Timezone,
    [property: Id(2)] string WindowStart,
    [property: Id(3)] string WindowEnd,
    [property: Id(4)] IReadOnlyList<DayOfWeek> Days,
    [property: Id(5)] string StartDate);

[GenerateSerializer, Immutable, Alias("callaro.WritebackField")]
public sealed record WritebackField(
    [property: Id(0)] string Disposition,
    [property: Id(1)] string CrmField,
    [property: Id(2)] string Value);

[GenerateSerializer, Immutable, Alias("callaro.Outcomes")]
public sealed record Outcomes(
    [property: Id(0)] IReadOnlyList<string> Dispositions,
    [property: Id(1)] string? CrmObject,
    [property: Id(2)] IReadOnlyList<WritebackField> WritebackFields);

[GenerateSerializer, Immutable, Alias("callaro.SignOff")]
public sealed record SignOff(
    [property: Id(0)] SignOffRole Role,
    [property: Id(1)] string UserId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Note);

[GenerateSerializer, Immutable, Alias("callaro.StepGate")]
public sealed record StepGate([property: Id(0)] bool Allowed, [property: Id(1)] IReadOnlyList<string> Reasons);

[GenerateSerializer, Immutable, Alias("callaro.ReadinessCheck")]
public sealed record ReadinessCheck([property: Id(0)] string Key, [property: Id(1)] bool Passed, [property: Id(2)] string Message);

[GenerateSerializer, Immutable, Alias("callaro.Readiness")]
public sealed record Readiness([property: Id(0)] bool Ready, [property: Id(1)] IReadOnlyList<ReadinessCheck> Checks);

[GenerateSerializer, Immutable, Alias("callaro.AudienceView")]
public sealed record AudienceView(
    [property: Id(0)] AudienceSourceKind? Source,
    [property: Id(1)] string? UploadId,
    [property: Id(2)] IReadOnlyList<string> UploadHistory,
    [property: Id(3)] long ContactCount,
    [property: Id(4)] UploadView? Upload,
    [property: Id(5)] string? SegmentId = null,
    [property: Id(6)] DirectoryAudience? Directory = null,
    [property: Id(7)] SegmentView? Segment = null,
    [property: Id(8)] string? CampaignId = null);

/// <summary>Everything the API shows of a campaign, computed by its grain in one call.</summary>
[GenerateSerializer, Immutable, Alias("callaro.CampaignView")]
public sealed record CampaignView(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Name,
    [property: Id(3)] string OwnerId,
    [property: Id(4)] CampaignStatus Status,
    [property: Id(5)] WizardStep Step,
    [property: Id(6)] StepGate CanAdvance,
    [property: Id(7)] AudienceView Audience,
    [property: Id(8)] Schedule? Schedule,
    [property: Id(9)] Outcomes? Outcomes,
    [property: Id(10)] Readiness Readiness,
    [property: Id(11)] IReadOnlyList<SignOff> SignOffs,
    [property: Id(12)] long TaskCount,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] DateTimeOffset? LaunchedAt,
    [property: Id(16)] int Version,
    [property: Id(17)] string? SplitFrom = null,
    [property: Id(18)] string? SplitValue = null,
    [property: Id(19)] IReadOnlyList<SplitPart>? SplitInto = null);

/// <summary>A wizard draft: key <c>{orgId}/{campaignId}</c>.</summary>
public interface ICampaignGrain : IGrainWithStringKey
{
    Task<Result<CampaignView>> CreateAsync(string name, string ownerId, Actor actor);

    /// <summary>The campaign, or null when no campaign was created under this key.</summary>
    Task<CampaignView?> GetAsync();

    Task<Result<CampaignView>> RenameAsync(string name, int? expectedVersion, Actor actor);

    Task<Result<CampaignView>> GoToStepAsync(WizardStep step, int? expectedVersion, Actor actor);

    Task<Result<CampaignView>> SetScheduleAsync(Schedule schedule, int? expectedVersion, Actor actor);

    Task<Result<CampaignView>> SetOutcomesAsync(Outcomes outcomes, int? expectedVersion, Actor actor);

    Task<Result<CampaignView>> SignOffAsync(SignOffRole role, string? note, Actor actor);

    Task<Result<CampaignView>> CancelAsync(Actor actor);

    /// <summary>A new CSV audience: answers the new upload's id; the previous upload becomes SUPERSEDED.</summary>
    Task<Result<string>> StartUploadAsync(Actor actor);

    /// <summary>Attaches the current STAGED upload: what launch will dial.</summary>
    Task<Result<CampaignView>> SaveDraftAsync(Actor actor);

    /// <summary>Every readiness check green: one dial task per dialable contact, upload CONSUMED, campaign LAUNCHED.</summary>
    Task<Result<CampaignView>> LaunchAsync(Actor actor);

    /// <summary>Audience from pasted contact ids (already split into ids), resolved against the org contact directory.</summary>
    Task<Result<CampaignView>> SetAudienceContactIdsAsync(IReadOnlyList<string> contactIds, Actor actor);

    /// <summary>Audience from a saved segment: live until launch, frozen into dial tasks at launch.</summary>
    Task<Result<CampaignView>> SetAudienceSegmentAsync(string segmentId, Actor actor);

    /// <summary>One draft per distinct value of a column or field of the current upload; this draft is cancelled.</summary>
    Task<Result<CampaignView>> SplitByAsync(SplitBy by, Actor actor);

    /// <summary>Creates this campaign as a child of a split (its pasted audience is already stored).</summary>
    Task<Result<CampaignView>> CreateSplitChildAsync(SplitChildSpec spec, Actor actor);
}
