namespace Callaro.Grains.Uploads;

/// <summary>
/// At most one progress report per <paramref name="interval"/>: chunks finish in bursts, and subscribers need a
/// moving bar, not every chunk. A report held back is due when its slot comes (<see cref="UntilNextSlot"/>).
/// </summary>
public sealed class ProgressThrottle(TimeSpan interval, TimeProvider clock)
{
    private DateTimeOffset last = DateTimeOffset.MinValue;

    /// <summary>True (and the slot taken) when the last report went out at least an interval ago.</summary>
    public bool TryPass()
    {
        var now = clock.GetUtcNow();
        if (now - last < interval)
        {
            return false;
        }

        last = now;
        return true;
    }

    /// <summary>A report went out anyway (a status change is always announced).</summary>
    public void Passed() => last = clock.GetUtcNow();

    public TimeSpan UntilNextSlot
    {
        get
        {
            var since = clock.GetUtcNow() - last;
            return since < TimeSpan.Zero ? interval : since > interval ? TimeSpan.Zero : interval - since;
        }
    }
}
