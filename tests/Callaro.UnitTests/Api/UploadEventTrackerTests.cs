using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Db;

namespace Callaro.UnitTests.Api;

public sealed class UploadEventTrackerTests
{
    private static UploadView View(UploadStatus status, long rows = 0, int minute = 0) => new()
    {
        Id = "upl_1",
        OrgId = "org",
        CampaignId = "cmp_1",
        FileName = "f.csv",
        Status = status,
        Options = new UploadOptions(),
        Progress = new UploadProgress(rows, rows, 1, 0),
        UpdatedAt = new DateTimeOffset(2026, 11, 26, 8, minute, 0, TimeSpan.Zero),
    };

    private static ChangeNotice Transition(string status, string previous) => new(ChangeNotice.UploadKind, "org", "upl_1", status, previous);

    [Fact]
    public void Every_transition_is_an_event_even_when_the_upload_has_already_moved_on()
    {
        var tracker = new UploadEventTracker();
        var latest = View(UploadStatus.Staged, 10, 5);
        var validating = (UploadEvent)tracker.Next(Transition("VALIDATING", "MAPPING"), latest)!;
        var staged = (UploadEvent)tracker.Next(Transition("STAGED", "VALIDATING"), latest)!;
        Assert.Equal((UploadStatus.Validating, UploadStatus.Mapping), (validating.Status, validating.PreviousStatus!.Value));
        Assert.Equal((UploadStatus.Staged, UploadStatus.Validating), (staged.Status, staged.PreviousStatus!.Value));
        Assert.Equal(UploadStatus.Staged, validating.Upload.Status);
    }

    [Fact]
    public void A_progress_notice_with_nothing_new_is_not_an_event()
    {
        var tracker = new UploadEventTracker();
        var view = View(UploadStatus.Validating, 100, 1);
        Assert.NotNull(tracker.Next(null, view));
        Assert.Null(tracker.Next(new ChangeNotice(ChangeNotice.UploadKind, "org", "upl_1", "VALIDATING"), view));
        Assert.NotNull(tracker.Next(new ChangeNotice(ChangeNotice.UploadKind, "org", "upl_1", "VALIDATING"), View(UploadStatus.Validating, 200, 1)));
    }

    [Fact]
    public void The_stream_ends_after_consumed_superseded_or_error_only()
    {
        var tracker = new UploadEventTracker();
        Assert.False(tracker.IsFinal(tracker.Next(Transition("STAGED", "VALIDATING"), View(UploadStatus.Staged))!));
        Assert.True(tracker.IsFinal(tracker.Next(Transition("CONSUMED", "ATTACHED"), View(UploadStatus.Consumed, 0, 2))!));
    }
}
