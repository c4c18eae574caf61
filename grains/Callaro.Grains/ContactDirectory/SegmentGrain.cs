using Callaro.Contracts;
using Callaro.Db;
using Callaro.Grains.Storage;

namespace Callaro.Grains.ContactDirectory;

[GenerateSerializer, Alias("callaro.SegmentState")]
public sealed record SegmentState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Name { get; set; } = string.Empty;
    [Id(2)] public List<SegmentCondition> Conditions { get; set; } = [];
    [Id(3)] public string CreatedBy { get; set; } = string.Empty;
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public int Version { get; set; }
    [Id(7)] public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>A saved filter over the org contact directory; persisted, then projected into <c>segments</c>.</summary>
public sealed class SegmentGrain(
    [PersistentState("segment", StorageNames.Default)] IPersistentState<SegmentState> state,
    DirectoryStore directory,
    ChangeNotifier notifier,
    TimeProvider clock) : Grain, ISegmentGrain
{
    private SegmentState S => state.State;

    private (string OrgId, string Id) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public async Task<Result<SegmentView>> CreateAsync(string name, IReadOnlyList<SegmentCondition> conditions, Actor actor)
    {
        if (S.Created)
        {
            return Result<SegmentView>.Fail(ErrorCodes.InvalidTransition, $"Segment {Key.Id} already exists.");
        }

        if (SegmentRules.CheckName(name) is { } badName)
        {
            return badName;
        }

        var normalized = SegmentRules.Normalize(conditions);
        if (normalized.Fault is { } badConditions)
        {
            return badConditions;
        }

        S.Created = true;
        S.Name = name.Trim();
        S.Conditions = [.. normalized.Value!];
        S.CreatedBy = actor.UserId;
        S.CreatedAt = clock.GetUtcNow();
        return await CommitAsync();
    }

    public async Task<Result<SegmentView>> UpdateAsync(string? name, IReadOnlyList<SegmentCondition>? conditions, int? expectedVersion, Actor actor)
    {
        if (Precheck(expectedVersion) is { } fault)
        {
            return fault;
        }

        if (name is not null && SegmentRules.CheckName(name) is { } badName)
        {
            return badName;
        }

        if (conditions is not null)
        {
            var normalized = SegmentRules.Normalize(conditions);
            if (normalized.Fault is { } badConditions)
            {
                return badConditions;
            }

            S.Conditions = [.. normalized.Value!];
        }

        if (name is not null)
        {
            S.Name = name.Trim();
        }

        return await CommitAsync();
    }

    public async Task<Result<SegmentView>> DeleteAsync(Actor actor)
    {
        if (Precheck(null) is { } fault)
        {
            return fault;
        }

        S.DeletedAt = clock.GetUtcNow();
        return await CommitAsync();
    }

    public Task<SegmentView?> GetAsync() => Task.FromResult(S.Created ? View() : null);

    public async Task<Result<SegmentEvaluation>> EvaluateAsync(int preview)
    {
        if (!S.Created)
        {
            return Result<SegmentEvaluation>.Fail(ErrorCodes.NotFound, $"Segment {Key.Id} does not exist.");
        }

        if (S.DeletedAt is not null)
        {
            return new SegmentEvaluation(DirectoryAudience.Empty, []);
        }

        var source = DirectorySource.Segment(S.Conditions);
        var members = await directory.SummarizeAsync(Key.OrgId, string.Empty, source);
        var sample = preview > 0 ? await directory.PreviewAsync(Key.OrgId, source, preview) : [];
        return new SegmentEvaluation(members, sample);
    }

    private Fault? Precheck(int? expectedVersion) =>
        !S.Created ? new Fault(ErrorCodes.NotFound, $"Segment {Key.Id} does not exist.")
        : S.DeletedAt is not null ? new Fault(ErrorCodes.InvalidTransition, $"Segment {Key.Id} was deleted at {S.DeletedAt:u}.")
        : expectedVersion is { } expected && expected != S.Version
            ? new Fault(ErrorCodes.VersionConflict, $"Segment changed since you read it (you have version {expected}, it is at version {S.Version}); read it again and retry.")
        : null;

    private async Task<Result<SegmentView>> CommitAsync()
    {
        S.Version++;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        var view = View();
        await directory.UpsertSegmentAsync(Key.OrgId, view);
        await notifier.PublishAsync(new ChangeNotice(ChangeNotice.SegmentKind, Key.OrgId, Key.Id, S.DeletedAt is null ? "ACTIVE" : "DELETED"));
        return view;
    }

    private SegmentView View() => new(Key.Id, S.Name, [.. S.Conditions], S.CreatedBy, S.CreatedAt, S.UpdatedAt, S.Version, S.DeletedAt);
}
