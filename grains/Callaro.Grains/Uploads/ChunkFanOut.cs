using Callaro.Contracts;

namespace Callaro.Grains.Uploads;

/// <summary>What the fan-out asks of the upload it works for (the grain; a fake in tests).</summary>
public interface IChunkWork
{
    /// <summary>Chunks stored so far: grows while the file still arrives.</summary>
    int ChunksStored { get; }

    bool ReceivingComplete { get; }

    /// <summary>False once this run is no longer wanted (a new mapping, a failure, superseded): the fan-out stops.</summary>
    bool IsCurrent { get; }

    /// <summary>Validates one chunk on its chunk grain.</summary>
    Task<ChunkOutcome> ValidateAsync(int chunkNo);

    /// <summary>A chunk's rows are written: count them.</summary>
    void ChunkDone(ChunkOutcome outcome);

    /// <summary>Tells subscribers how far validation got.</summary>
    Task PublishProgressAsync();

    void ChunkAttemptFailed(int chunkNo, int attempt, Exception? error);
}

/// <summary>How a fan-out ended.</summary>
public abstract record FanOutResult
{
    /// <summary>Every stored chunk is validated and the whole file has arrived.</summary>
    public sealed record Completed : FanOutResult;

    /// <summary>The run stopped being current; nothing more to do.</summary>
    public sealed record Abandoned : FanOutResult;

    /// <summary>A chunk failed every attempt.</summary>
    public sealed record Failed(int ChunkNo, int Attempts, string Error) : FanOutResult;
}

/// <summary>
/// Sends stored chunks to chunk grains, at most <c>parallelism</c> at once, while more may still be arriving;
/// retries a failing chunk after 1 s, 2 s... up to <c>attempts</c> times; reports progress through the throttle,
/// including a report held back until its slot. Runs on the grain's scheduler between its requests, so reads
/// of the upload stay answered.
/// </summary>
public sealed class ChunkFanOut(IChunkWork work, int parallelism, int attempts, ProgressThrottle progress, TimeProvider clock)
{
    private TaskCompletionSource moreChunks = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the fan-out: chunks were stored, the file is complete, or the run ended.</summary>
    public void Wake() => moreChunks.TrySetResult();

    public async Task<FanOutResult> RunAsync(IReadOnlySet<int> alreadyDone)
    {
        var next = 0;
        var tries = new Dictionary<int, int>();
        var inFlight = new Dictionary<Task<ChunkOutcome>, int>();

        // A report held back by the throttle is sent when its slot comes, not only with the next chunk: chunks
        // finish in bursts, and a dropped report left the bar still for a second or more.
        Task? progressDue = null;
        while (true)
        {
            if (!work.IsCurrent)
            {
                return new FanOutResult.Abandoned();
            }

            while (inFlight.Count < parallelism && next < work.ChunksStored)
            {
                var chunkNo = next++;
                if (!alreadyDone.Contains(chunkNo))
                {
                    tries[chunkNo] = 1;
                    inFlight[work.ValidateAsync(chunkNo)] = chunkNo;
                }
            }

            if (inFlight.Count == 0 && work.ReceivingComplete && next >= work.ChunksStored)
            {
                return new FanOutResult.Completed();
            }

            // Wait for a chunk to finish or, while the file is still arriving, for the next stored chunk.
            var waitFor = new List<Task>(inFlight.Keys);
            if (!work.ReceivingComplete)
            {
                moreChunks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waitFor.Add(moreChunks.Task);
            }

            if (progressDue is not null)
            {
                waitFor.Add(progressDue);
            }

            var finished = await Task.WhenAny(waitFor);
            if (finished == progressDue)
            {
                progressDue = null;
                progress.Passed();
                await work.PublishProgressAsync();
                continue;
            }

            if (finished is not Task<ChunkOutcome> completed || !inFlight.Remove(completed, out var number))
            {
                continue;
            }

            if (completed.IsCompletedSuccessfully)
            {
                work.ChunkDone(completed.Result);
                if (progress.TryPass())
                {
                    progressDue = null;
                    await work.PublishProgressAsync();
                }
                else
                {
                    progressDue ??= Task.Delay(progress.UntilNextSlot, clock);
                }

                continue;
            }

            work.ChunkAttemptFailed(number, tries[number], completed.Exception);
            if (tries[number] >= attempts)
            {
                return new FanOutResult.Failed(number, tries[number], completed.Exception?.GetBaseException().Message ?? "cancelled");
            }

            await Task.Delay(TimeSpan.FromSeconds(tries[number]), clock);
            tries[number]++;
            inFlight[work.ValidateAsync(number)] = number;
        }
    }
}
