using Callaro.Grains.Uploads;
using Callaro.Pipeline.Reading;
using Microsoft.Extensions.Time.Testing;

namespace Callaro.UnitTests.Uploads;

public sealed class ChunkHandOffTests
{
    private readonly FakeTimeProvider time = new();

    private static RawChunk Chunk(int chunkNo, int bytes) => new(chunkNo, chunkNo * 10L + 2, 10, new byte[bytes]);

    [Fact]
    public void Without_validation_the_budget_is_a_hard_limit()
    {
        var handOff = new ChunkHandOff(250, time);
        handOff.Offer([Chunk(0, 100), Chunk(1, 100), Chunk(2, 100)], validating: false);
        Assert.Equal(2, handOff.Count);
        Assert.Equal(200, handOff.Bytes);
        Assert.Null(handOff.Take(2));
    }

    [Fact]
    public void While_validating_a_chunk_is_kept_while_there_is_any_room_so_the_budget_is_passed_by_one_chunk_at_most()
    {
        var handOff = new ChunkHandOff(250, time);
        handOff.Offer([Chunk(0, 100), Chunk(1, 100), Chunk(2, 100), Chunk(3, 100)], validating: true);
        Assert.Equal(3, handOff.Count);
        Assert.Equal(300, handOff.Bytes);
        Assert.True(handOff.IsFull);
    }

    [Fact]
    public void A_chunk_is_handed_over_once()
    {
        var handOff = new ChunkHandOff(1_000, time);
        handOff.Offer([Chunk(0, 100)], validating: false);
        Assert.Equal(2, handOff.Take(0)?.FirstRowNumber);
        Assert.Null(handOff.Take(0));
        Assert.Equal(0, handOff.Bytes);
    }

    [Fact]
    public async Task A_sender_waiting_for_room_goes_on_when_a_chunk_is_taken()
    {
        var handOff = new ChunkHandOff(100, time);
        handOff.Offer([Chunk(0, 100)], validating: true);
        var waiting = handOff.WaitForRoomAsync(TimeSpan.FromSeconds(2), () => true);
        Assert.False(waiting.IsCompleted);
        handOff.Take(0);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_sender_waits_for_room_no_longer_than_it_is_allowed()
    {
        var handOff = new ChunkHandOff(100, time);
        handOff.Offer([Chunk(0, 100)], validating: true);
        var waiting = handOff.WaitForRoomAsync(TimeSpan.FromSeconds(2), () => true);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(handOff.IsFull);
    }

    [Fact]
    public async Task Nobody_waits_when_there_is_room_or_waiting_is_no_longer_wanted()
    {
        var handOff = new ChunkHandOff(100, time);
        await handOff.WaitForRoomAsync(TimeSpan.FromSeconds(2), () => true).WaitAsync(TimeSpan.FromSeconds(30));
        handOff.Offer([Chunk(0, 100)], validating: true);
        await handOff.WaitForRoomAsync(TimeSpan.FromSeconds(2), () => false).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
