using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Pipeline.Validation;

namespace Callaro.Grains.Uploads;

/// <summary>
/// Puts one validation run's chunks through an <see cref="InOrderDuplicateFinder"/> in chunk order, whatever
/// order they finish validating in: a chunk's answer waits until every earlier chunk has been judged. Answers
/// are kept, so a chunk asking again (a retry) hears the same verdicts. Lives in the upload grain's memory;
/// after a restart the chunks already written are replayed from PostgreSQL (<see cref="Replay"/>), which gives
/// the same verdicts again because judging is deterministic. Its tables are sized when the first chunk is judged,
/// from <paramref name="expectedRows"/> asked then (the upload knows more about the file by that time).
/// </summary>
internal sealed class DuplicateSequencer(int run, DuplicatePolicy policy, DuplicateKey key, Func<int> expectedRows)
{
    private readonly InOrderDuplicateFinder finder = new(policy, key);
    private readonly Dictionary<int, ChunkKeys> arrived = [];
    private readonly Dictionary<int, TaskCompletionSource<ChunkDuplicates>> waiting = [];
    private readonly Dictionary<int, ChunkDuplicates> judged = [];
    private int next;
    private Exception? stopped;

    public int Run => run;

    /// <summary>Chunks judged so far: all of 0 .. Judged-1.</summary>
    public int Judged => next;

    /// <summary>The chunk's verdicts, as soon as every earlier chunk has been judged.</summary>
    public Task<ChunkDuplicates> OfferAsync(int chunkNo, ChunkKeys keys)
    {
        if (judged.TryGetValue(chunkNo, out var answer))
        {
            return Task.FromResult(answer);
        }

        if (stopped is not null)
        {
            return Task.FromException<ChunkDuplicates>(stopped);
        }

        if (!waiting.TryGetValue(chunkNo, out var waiter))
        {
            waiter = new TaskCompletionSource<ChunkDuplicates>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[chunkNo] = waiter;
        }

        arrived[chunkNo] = keys;
        Advance();
        return waiter.Task;
    }

    /// <summary>A chunk written before a restart: its keys take their place in the order; nobody waits for it.</summary>
    public void Replay(int chunkNo, ChunkKeys keys)
    {
        if (!judged.ContainsKey(chunkNo))
        {
            arrived[chunkNo] = keys;
            Advance();
        }
    }

    /// <summary>Whether any of <paramref name="rows"/> was judged a duplicate or kept in place of one.</summary>
    public bool AnyTookPart(IEnumerable<long> rows) => rows.Any(finder.TookPart);

    /// <summary>The run ended (a new mapping, an error, the grain going away): chunks still waiting fail and are not written.</summary>
    public void Stop(string why)
    {
        stopped = new InvalidOperationException(why);
        foreach (var waiter in waiting.Values)
        {
            waiter.TrySetException(stopped);
        }

        waiting.Clear();
        arrived.Clear();
    }

    private void Advance()
    {
        while (arrived.Remove(next, out var keys))
        {
            if (next == 0)
            {
                finder.Reserve(expectedRows());
            }

            var findings = finder.Next(keys.RowNumbers, keys.PhoneKeys, keys.IdentifierKeys);
            var answer = findings.Count == 0
                ? ChunkDuplicates.None(policy)
                : new ChunkDuplicates([.. findings.Select(f => f.RowNumber)], [.. findings.Select(f => f.Reason)], [.. findings.Select(f => f.KeptRowNumber)], policy);
            judged[next] = answer;
            if (waiting.Remove(next, out var waiter))
            {
                waiter.TrySetResult(answer);
            }

            next++;
        }
    }
}
