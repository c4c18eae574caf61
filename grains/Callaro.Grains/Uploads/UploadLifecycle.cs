using System.Text;
using Callaro.Contracts;
using Callaro.Grains.Storage;

namespace Callaro.Grains.Uploads;

/// <summary>What can happen to an upload; each is a row group in <see cref="UploadLifecycle.Transitions"/>.</summary>
public enum UploadStep
{
    /// <summary>A piece of the file arrives (or the file is complete).</summary>
    ReceiveBytes,

    /// <summary>The head of the file was read: columns, encoding and a suggested mapping are known.</summary>
    ReadHead,

    /// <summary>Someone confirms a mapping: validation (re)starts with it.</summary>
    ConfirmMapping,

    /// <summary>Every chunk is validated and the file-wide rules ran.</summary>
    Stage,

    /// <summary>Someone acknowledges the rows that will not be dialled.</summary>
    AcknowledgeRejections,

    /// <summary>The campaign saves the upload as its audience (again: the suppression list is looked at again).</summary>
    Attach,

    /// <summary>The campaign launched with it.</summary>
    Consume,

    /// <summary>A newer upload replaces it.</summary>
    Supersede,

    /// <summary>The file is refused or its validation cannot finish.</summary>
    Fail,
}

/// <summary>One allowed transition: <see cref="Step"/> from <see cref="From"/> leads to <see cref="To"/>.</summary>
public sealed record UploadTransition(UploadStep Step, UploadStatus From, UploadStatus To, string Why);

/// <summary>
/// The upload's lifecycle as one table: every (status, step) pair not in it is refused with
/// <see cref="ErrorCodes.InvalidTransition"/> and the step's own explanation. The grain consults it before
/// every change; docs/ARCHITECTURE.md prints it (<see cref="ToMarkdown"/>; a test keeps the two equal).
/// </summary>
public static class UploadLifecycle
{
    public static IReadOnlyList<UploadTransition> Transitions { get; } =
    [
        new(UploadStep.ReceiveBytes, UploadStatus.Receiving, UploadStatus.Receiving, "bytes arrive before the head is read"),
        new(UploadStep.ReceiveBytes, UploadStatus.Mapping, UploadStatus.Mapping, "the rest of the file arrives while someone maps"),
        new(UploadStep.ReceiveBytes, UploadStatus.Validating, UploadStatus.Validating, "the rest of the file arrives while chunks validate"),
        new(UploadStep.ReadHead, UploadStatus.Receiving, UploadStatus.Mapping, "columns and a suggested mapping are known"),
        new(UploadStep.ConfirmMapping, UploadStatus.Mapping, UploadStatus.Validating, "validation starts"),
        new(UploadStep.ConfirmMapping, UploadStatus.Staged, UploadStatus.Validating, "validated again with the new mapping"),
        new(UploadStep.ConfirmMapping, UploadStatus.Attached, UploadStatus.Validating, "validated again; the campaign saves it again after"),
        new(UploadStep.Stage, UploadStatus.Validating, UploadStatus.Staged, "every chunk is validated and the file-wide rules ran"),
        new(UploadStep.AcknowledgeRejections, UploadStatus.Staged, UploadStatus.Staged, "recorded with the counts it covers"),
        new(UploadStep.AcknowledgeRejections, UploadStatus.Attached, UploadStatus.Attached, "recorded with the counts it covers"),
        new(UploadStep.Attach, UploadStatus.Staged, UploadStatus.Attached, "the campaign's audience; contacts join the directory"),
        new(UploadStep.Attach, UploadStatus.Attached, UploadStatus.Attached, "saved again: the suppression list is checked again"),
        new(UploadStep.Consume, UploadStatus.Attached, UploadStatus.Consumed, "launched; never changes again"),
        new(UploadStep.Consume, UploadStatus.Consumed, UploadStatus.Consumed, "already launched (answered as is)"),
        new(UploadStep.Supersede, UploadStatus.Receiving, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Mapping, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Validating, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Staged, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Attached, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Error, UploadStatus.Superseded, "a newer upload replaces it"),
        new(UploadStep.Supersede, UploadStatus.Superseded, UploadStatus.Superseded, "already replaced (answered as is)"),
        new(UploadStep.Fail, UploadStatus.Receiving, UploadStatus.Error, "the file is refused or stopped arriving"),
        new(UploadStep.Fail, UploadStatus.Mapping, UploadStatus.Error, "the rest of the file is refused or stopped arriving"),
        new(UploadStep.Fail, UploadStatus.Validating, UploadStatus.Error, "a chunk failed every attempt, or the file was refused"),
    ];

    private static readonly Dictionary<(UploadStatus, UploadStep), UploadTransition> ByStep =
        Transitions.ToDictionary(t => (t.From, t.Step));

    /// <summary>Where <paramref name="step"/> leads from <paramref name="from"/>, or null when the lifecycle refuses it.</summary>
    public static UploadStatus? Next(UploadStatus from, UploadStep step) =>
        ByStep.TryGetValue((from, step), out var transition) ? transition.To : null;

    public static bool Allows(UploadStatus from, UploadStep step) => ByStep.ContainsKey((from, step));

    /// <summary>Why <paramref name="step"/> is refused now, in words a caller can act on.</summary>
    public static string Refusal(UploadStep step, UploadStatus now, string? error = null) => step switch
    {
        UploadStep.ReceiveBytes => $"The upload is not receiving bytes (it is {Names.Of(now)}).",
        UploadStep.ConfirmMapping => $"The mapping can be confirmed while the upload is MAPPING (or STAGED/ATTACHED to re-validate); it is {Names.Of(now)}.",
        UploadStep.AcknowledgeRejections => $"Rejections can be acknowledged once the upload is STAGED; it is {Names.Of(now)}.",
        UploadStep.Attach => $"Only a STAGED upload can be attached; this one is {Names.Of(now)}{Hint(now, error)}.",
        UploadStep.Consume => $"Only an ATTACHED upload can be consumed; it is {Names.Of(now)}.",
        UploadStep.Supersede => "A CONSUMED upload never changes.",
        _ => $"{step} is not possible while the upload is {Names.Of(now)}.",
    };

    /// <summary>What the caller should do first, for a step refused in <paramref name="now"/>.</summary>
    public static string Hint(UploadStatus now, string? error = null) => now switch
    {
        UploadStatus.Mapping => ": confirm the mapping first",
        UploadStatus.Validating => ": wait until validation finishes",
        UploadStatus.Error when error is not null => $": {error.TrimEnd('.')}",
        _ => string.Empty,
    };

    /// <summary>The table as Markdown, for docs/ARCHITECTURE.md.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| step | from | to | why |");
        text.AppendLine("|---|---|---|---|");
        foreach (var t in Transitions)
        {
            text.AppendLine($"| {t.Step} | {Names.Of(t.From)} | {Names.Of(t.To)} | {t.Why} |");
        }

        return text.ToString();
    }
}
