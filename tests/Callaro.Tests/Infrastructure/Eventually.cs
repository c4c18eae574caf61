namespace Callaro.Tests.Infrastructure;

/// <summary>
/// Polls for a state that nothing announces (a silo's membership row, the api's health, a client reconnecting).
/// Only for those: whatever a grain changes is announced, so wait on <see cref="ChangeListener"/> instead.
/// </summary>
public static class Eventually
{
    /// <summary>Short enough not to slow a test down, long enough not to load a shared machine.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="probe"/> until <paramref name="done"/> holds for its answer and returns that answer; after
    /// <paramref name="timeout"/> fails saying <paramref name="what"/> was expected and what the probe saw last.
    /// An exception from the probe ends the wait at once (e.g. a process that exited).
    /// </summary>
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {what} within {timeout.TotalSeconds:0.#} s; last seen: {seen}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; see <see cref="Async{T}"/>.</summary>
    public static Task Async(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Async(condition, held => held, timeout, what);
}
