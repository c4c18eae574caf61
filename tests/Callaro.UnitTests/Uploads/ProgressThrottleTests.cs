using Callaro.Grains.Uploads;
using Microsoft.Extensions.Time.Testing;

namespace Callaro.UnitTests.Uploads;

public sealed class ProgressThrottleTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void One_report_passes_per_interval_and_the_next_slot_is_known()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromMilliseconds(250), time);
        Assert.True(throttle.TryPass());
        Assert.False(throttle.TryPass());
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(150), throttle.UntilNextSlot);
        time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.Zero, throttle.UntilNextSlot);
        Assert.True(throttle.TryPass());
    }

    [Fact]
    public void A_status_change_announced_anyway_takes_the_slot()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromMilliseconds(250), time);
        throttle.Passed();
        Assert.False(throttle.TryPass());
        Assert.Equal(TimeSpan.FromMilliseconds(250), throttle.UntilNextSlot);
    }
}
