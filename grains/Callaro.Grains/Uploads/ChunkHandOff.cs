using Callaro.Pipeline.Reading;

namespace Callaro.Grains.Uploads;

/// <summary>
/// Chunks stored but not yet handed to their chunk grain, kept in memory (up to a byte budget) so their grain
/// gets the bytes with the job instead of reading them back from PostgreSQL (2.5 MB each: read, decompressed
/// and copied again). A chunk is handed over once; a retry reads it back.
/// </summary>
public sealed class ChunkHandOff(long budgetBytes, TimeProvider timer)
{
    private readonly Dictionary<int, RawChunk> chunks = [];

    // Set when there is room again (a chunk was taken, or everything dropped).
    private TaskCompletionSource room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Bytes { get; private set; }

    public int Count => chunks.Count;

    public bool IsFull => Bytes >= budgetBytes;

    /// <summary>
    /// Keeps the chunks that fit. While validating, the sender waits for room before its next piece
    /// (<see cref="WaitForRoomAsync"/>) and a chunk is kept while there is any room, so the budget is exceeded by
    /// at most one chunk; otherwise the budget is a hard limit.
    /// </summary>
    public void Offer(IEnumerable<RawChunk> stored, bool validating)
    {
        foreach (var chunk in stored)
        {
            if (Bytes + chunk.Utf8.Length <= budgetBytes || (validating && Bytes < budgetBytes))
            {
                chunks[chunk.ChunkNo] = chunk;
                Bytes += chunk.Utf8.Length;
            }
        }
    }

    /// <summary>The chunk's bytes if they are still here (they leave with the call).</summary>
    public RawChunk? Take(int chunkNo)
    {
        if (!chunks.Remove(chunkNo, out var chunk))
        {
            return null;
        }

        Bytes -= chunk.Utf8.Length;
        room.TrySetResult();
        return chunk;
    }

    /// <summary>Forgets every chunk (nobody validates soon: they wait in PostgreSQL only).</summary>
    public void Drop()
    {
        chunks.Clear();
        Bytes = 0;
        room.TrySetResult();
    }

    /// <summary>
    /// Waits, at most <paramref name="longest"/>, while the hand-off is full and <paramref name="stillWaiting"/>
    /// holds: a sender ahead of the chunk grains by a whole hand-off gives them time to catch up instead of
    /// having the chunks beyond it read back. Measured with two silos on one machine (bench/endtoend.sh).
    /// </summary>
    public async Task WaitForRoomAsync(TimeSpan longest, Func<bool> stillWaiting)
    {
        var started = timer.GetTimestamp();
        while (stillWaiting() && IsFull)
        {
            var left = longest - timer.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            if (room.Task.IsCompleted)
            {
                room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                await room.Task.WaitAsync(left, timer);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }
}
