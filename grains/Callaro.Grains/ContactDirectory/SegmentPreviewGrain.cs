using Callaro.Contracts;
using Orleans.Concurrency;

namespace Callaro.Grains.ContactDirectory;

/// <summary>Evaluates unsaved segment conditions with the same rules and SQL as a saved segment; keeps no state.</summary>
[StatelessWorker]
public sealed class SegmentPreviewGrain(DirectoryStore directory) : Grain, ISegmentPreviewGrain
{
    public async Task<Result<SegmentEvaluation>> EvaluateAsync(IReadOnlyList<SegmentCondition> conditions, int preview)
    {
        var normalized = SegmentRules.Normalize(conditions);
        if (normalized.Fault is { } fault)
        {
            return fault;
        }

        var orgId = this.GetPrimaryKeyString();
        var source = DirectorySource.Segment(normalized.Value!);
        var members = await directory.SummarizeAsync(orgId, string.Empty, source);
        var sample = preview > 0 ? await directory.PreviewAsync(orgId, source, preview) : [];
        return new SegmentEvaluation(members, sample);
    }
}
