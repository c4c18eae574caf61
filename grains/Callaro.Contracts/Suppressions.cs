namespace Callaro.Contracts;

[GenerateSerializer, Immutable, Alias("callaro.SuppressionResult")]
public sealed record SuppressionResult(
    [property: Id(0)] int Added,
    [property: Id(1)] int Removed,
    [property: Id(2)] IReadOnlyList<string> Invalid,
    [property: Id(3)] long Version);

/// <summary>The org's suppression (do-not-call) list: key <c>{orgId}</c>. Phones are read with the row rules.</summary>
public interface ISuppressionGrain : IGrainWithStringKey
{
    Task<SuppressionResult> AddAsync(IReadOnlyList<string> phones, string? reason, string defaultRegion, Actor actor);

    Task<SuppressionResult> RemoveAsync(IReadOnlyList<string> phones, string defaultRegion, Actor actor);
}
