namespace Callaro.Contracts;

/// <summary>What a segment condition looks at in the org contact directory.</summary>
[GenerateSerializer]
public enum SegmentField
{
    Country,
    Timezone,
    Company,
    Consent,
    Custom,
    PhonePrefix,
}

[GenerateSerializer]
public enum SegmentOperator
{
    Equals,
    In,
    Exists,
}

/// <summary>One condition of a segment; a segment's conditions are combined with AND.</summary>
[GenerateSerializer, Immutable, Alias("callaro.SegmentCondition")]
public sealed record SegmentCondition(
    [property: Id(0)] SegmentField Field,
    [property: Id(1)] SegmentOperator Operator,
    [property: Id(2)] string? Key,
    [property: Id(3)] IReadOnlyList<string> Values);

[GenerateSerializer, Immutable, Alias("callaro.SegmentView")]
public sealed record SegmentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<SegmentCondition> Conditions,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] int Version,
    [property: Id(7)] DateTimeOffset? DeletedAt);

/// <summary>A saved, named filter over the org contact directory: key <c>{orgId}/{segmentId}</c>.</summary>
public interface ISegmentGrain : IGrainWithStringKey
{
    Task<Result<SegmentView>> CreateAsync(string name, IReadOnlyList<SegmentCondition> conditions, Actor actor);

    Task<Result<SegmentView>> UpdateAsync(string? name, IReadOnlyList<SegmentCondition>? conditions, int? expectedVersion, Actor actor);

    Task<Result<SegmentView>> DeleteAsync(Actor actor);

    /// <summary>The segment (also when deleted, with <see cref="SegmentView.DeletedAt"/>), or null when never created.</summary>
    Task<SegmentView?> GetAsync();

    /// <summary>Its members now, counted in SQL, and the identifiers of the first <paramref name="preview"/> of them.</summary>
    Task<Result<SegmentEvaluation>> EvaluateAsync(int preview);
}

/// <summary>
/// What a segment with these conditions would hold now, nothing saved: the segment builder's live count.
/// Key: the org id. A stateless worker, so previews of one org run on several silos at once.
/// </summary>
public interface ISegmentPreviewGrain : IGrainWithStringKey
{
    Task<Result<SegmentEvaluation>> EvaluateAsync(IReadOnlyList<SegmentCondition> conditions, int preview);
}

[GenerateSerializer, Immutable, Alias("callaro.SegmentEvaluation")]
public sealed record SegmentEvaluation(
    [property: Id(0)] DirectoryAudience Members,
    [property: Id(1)] IReadOnlyList<string> Preview);

/// <summary>
/// A directory audience (pasted contact ids or a segment) resolved now: who is known, who is suppressed,
/// who would be dialled. <see cref="Dialable"/> counts distinct phones: nobody is dialled twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("callaro.DirectoryAudience")]
public sealed record DirectoryAudience(
    [property: Id(0)] long Requested,
    [property: Id(1)] long Resolved,
    [property: Id(2)] long Unknown,
    [property: Id(3)] IReadOnlyList<string> UnknownSample,
    [property: Id(4)] long Suppressed,
    [property: Id(5)] long DuplicatePhones,
    [property: Id(6)] long Dialable,
    [property: Id(7)] long TimezoneMissing,
    [property: Id(8)] long Pasted,
    [property: Id(9)] long DuplicatesInPaste)
{
    public static DirectoryAudience Empty { get; } = new(0, 0, 0, [], 0, 0, 0, 0, 0, 0);
}

/// <summary>One draft created by <c>splitCampaignBy</c>: the value it holds and how many contacts.</summary>
[GenerateSerializer, Immutable, Alias("callaro.SplitPart")]
public sealed record SplitPart(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string? Value,
    [property: Id(2)] long Contacts);

[GenerateSerializer, Immutable, Alias("callaro.SplitBy")]
public sealed record SplitBy(
    [property: Id(0)] string? Column,
    [property: Id(1)] Pipeline.ContactField? Field);

/// <summary>What a split child starts from: the parent's settings and its own pasted audience (already stored).</summary>
[GenerateSerializer, Immutable, Alias("callaro.SplitChildSpec")]
public sealed record SplitChildSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] Schedule? Schedule,
    [property: Id(3)] Outcomes? Outcomes,
    [property: Id(4)] WizardStep Step,
    [property: Id(5)] string ParentId,
    [property: Id(6)] string? Value,
    [property: Id(7)] long ContactIds);
