using System.Runtime.CompilerServices;
using Callaro.Contracts;
using Callaro.Grains.Uploads;

namespace Callaro.UnitTests.Uploads;

public sealed class UploadLifecycleTests
{
    /// <summary>The lifecycle written out by hand, independently of the table: "status step -> next".</summary>
    private static readonly string[] Expected =
    [
        "Receiving ReceiveBytes -> Receiving",
        "Mapping ReceiveBytes -> Mapping",
        "Validating ReceiveBytes -> Validating",
        "Receiving ReadHead -> Mapping",
        "Mapping ConfirmMapping -> Validating",
        "Staged ConfirmMapping -> Validating",
        "Attached ConfirmMapping -> Validating",
        "Validating Stage -> Staged",
        "Staged AcknowledgeRejections -> Staged",
        "Attached AcknowledgeRejections -> Attached",
        "Staged Attach -> Attached",
        "Attached Attach -> Attached",
        "Attached Consume -> Consumed",
        "Consumed Consume -> Consumed",
        "Receiving Supersede -> Superseded",
        "Mapping Supersede -> Superseded",
        "Validating Supersede -> Superseded",
        "Staged Supersede -> Superseded",
        "Attached Supersede -> Superseded",
        "Error Supersede -> Superseded",
        "Superseded Supersede -> Superseded",
        "Receiving Fail -> Error",
        "Mapping Fail -> Error",
        "Validating Fail -> Error",
    ];

    public static TheoryData<UploadStatus, UploadStep> EveryPair()
    {
        var pairs = new TheoryData<UploadStatus, UploadStep>();
        foreach (var status in Enum.GetValues<UploadStatus>())
        {
            foreach (var step in Enum.GetValues<UploadStep>())
            {
                pairs.Add(status, step);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_status_and_step_leads_where_the_written_lifecycle_says_or_is_refused(UploadStatus from, UploadStep step)
    {
        var expected = Expected.SingleOrDefault(line => line.StartsWith($"{from} {step} -> ", StringComparison.Ordinal));
        var next = UploadLifecycle.Next(from, step);
        if (expected is null)
        {
            Assert.Null(next);
            Assert.False(UploadLifecycle.Allows(from, step));
        }
        else
        {
            Assert.Equal(expected[(expected.IndexOf("-> ", StringComparison.Ordinal) + 3)..], next.ToString());
            Assert.True(UploadLifecycle.Allows(from, step));
        }
    }

    [Fact]
    public void The_table_has_one_row_per_status_and_step()
    {
        Assert.Equal(Expected.Length, UploadLifecycle.Transitions.Count);
        Assert.Equal(UploadLifecycle.Transitions.Count, UploadLifecycle.Transitions.DistinctBy(t => (t.From, t.Step)).Count());
    }

    [Theory]
    [InlineData(UploadStatus.Consumed)]
    [InlineData(UploadStatus.Superseded)]
    public void Consumed_and_superseded_uploads_never_change_again(UploadStatus terminal)
    {
        Assert.All(UploadLifecycle.Transitions.Where(t => t.From == terminal), t => Assert.Equal(terminal, t.To));
    }

    [Fact]
    public void Every_status_is_reachable_from_receiving()
    {
        var reached = new HashSet<UploadStatus> { UploadStatus.Receiving };
        var grew = true;
        while (grew)
        {
            var next = UploadLifecycle.Transitions.Where(t => reached.Contains(t.From)).Select(t => t.To).ToList();
            grew = next.Any(reached.Add);
        }

        Assert.Equal(Enum.GetValues<UploadStatus>().Order(), reached.Order());
    }

    [Fact]
    public void A_refusal_names_the_status_and_what_to_do_first()
    {
        Assert.Equal(
            "Only a STAGED upload can be attached; this one is VALIDATING: wait until validation finishes.",
            UploadLifecycle.Refusal(UploadStep.Attach, UploadStatus.Validating));
        Assert.Equal(
            "Only a STAGED upload can be attached; this one is ERROR: The file is not a CSV.",
            UploadLifecycle.Refusal(UploadStep.Attach, UploadStatus.Error, "The file is not a CSV."));
        Assert.Contains("it is CONSUMED", UploadLifecycle.Refusal(UploadStep.ConfirmMapping, UploadStatus.Consumed), StringComparison.Ordinal);
    }

    [Fact]
    public void The_architecture_doc_prints_the_table_the_grain_consults()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "ARCHITECTURE.md"));
        Assert.Contains(UploadLifecycle.ToMarkdown().ReplaceLineEndings("\n"), doc.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
