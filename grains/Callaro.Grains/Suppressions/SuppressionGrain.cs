using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;

namespace Callaro.Grains.Suppressions;

/// <summary>What ops see of an org's suppression list: its version and last change. The phones live in PostgreSQL.</summary>
[GenerateSerializer, Alias("callaro.SuppressionState")]
public sealed record SuppressionState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public long Added { get; set; }
    [Id(2)] public long Removed { get; set; }
    [Id(3)] public string? LastChangedBy { get; set; }
    [Id(4)] public DateTimeOffset? LastChangedAt { get; set; }
}

public sealed class SuppressionGrain(
    [PersistentState("suppression", StorageNames.Default)] IPersistentState<SuppressionState> state,
    SuppressionStore store,
    TimeProvider clock) : Grain, ISuppressionGrain
{
    public const int MaxPhonesPerCall = 10_000;

    private string OrgId => this.GetPrimaryKeyString();

    public async Task<SuppressionResult> AddAsync(IReadOnlyList<string> phones, string? reason, string defaultRegion, Actor actor)
    {
        var (valid, invalid) = Normalize(phones, defaultRegion);
        var (added, version) = valid.Count == 0 ? (0, state.State.Version) : await store.AddAsync(OrgId, valid, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), actor.UserId, clock.GetUtcNow());
        await RecordAsync(version, added, 0, actor);
        return new SuppressionResult(added, 0, invalid, version);
    }

    public async Task<SuppressionResult> RemoveAsync(IReadOnlyList<string> phones, string defaultRegion, Actor actor)
    {
        var (valid, invalid) = Normalize(phones, defaultRegion);
        var (removed, version) = valid.Count == 0 ? (0, state.State.Version) : await store.RemoveAsync(OrgId, valid);
        await RecordAsync(version, 0, removed, actor);
        return new SuppressionResult(0, removed, invalid, version);
    }

    private static (List<string> Valid, List<string> Invalid) Normalize(IReadOnlyList<string> phones, string defaultRegion)
    {
        var valid = new List<string>(phones.Count);
        var invalid = new List<string>();
        foreach (var phone in phones)
        {
            if (PhoneValues.TryNormalize(phone, defaultRegion, out var e164, out _))
            {
                valid.Add(e164);
            }
            else
            {
                invalid.Add(phone);
            }
        }

        return (valid, invalid);
    }

    private async Task RecordAsync(long version, int added, int removed, Actor actor)
    {
        if (added == 0 && removed == 0 && version == state.State.Version)
        {
            return;
        }

        state.State.Version = version;
        state.State.Added += added;
        state.State.Removed += removed;
        state.State.LastChangedBy = actor.UserId;
        state.State.LastChangedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
    }
}
