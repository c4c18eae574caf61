using System.Security.Cryptography;
using System.Text;
using Callaro.Contracts;
using Callaro.Grains.Uploads;
using Callaro.Pipeline.Reading;
using Microsoft.Extensions.Time.Testing;

namespace Callaro.UnitTests.Uploads;

public sealed class UploadReceiverTests
{
    private static readonly UploadSettings Settings = new() { RowsPerChunk = 1_000, MaxBytes = 4L << 20, HandOffBytes = 1L << 20 };

    private readonly FakeTimeProvider time = new();
    private readonly List<RawChunk> saved = [];

    private UploadReceiver Receiver(ChunkHandOff? handOff = null, UploadSettings? settings = null) =>
        new(settings ?? Settings, chunks => { saved.AddRange(chunks); return Task.CompletedTask; }, handOff ?? new ChunkHandOff(Settings.HandOffBytes, time), time, sizeHint: null);

    private static byte[] Contacts(int rows)
    {
        var text = new StringBuilder("Phone,First Name\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"+1415555{i % 10_000:D4},\"Name, {i}\"\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Feeds the file as the api does, in pieces, and stores chunks after each; answers the first refusal.</summary>
    private static async Task<Fault?> ReceiveAsync(UploadReceiver receiver, byte[] file, int pieceSize)
    {
        for (var at = 0; at < file.Length; at += pieceSize)
        {
            var piece = file.AsSpan(at, Math.Min(pieceSize, file.Length - at));
            if (receiver.Take(piece) is { } refused)
            {
                return refused;
            }

            if (receiver.HeadIsReady)
            {
                var (sniff, _, fault) = receiver.ReadHead(headIsWholeFile: false, new SniffOptions());
                if (fault is not null)
                {
                    return fault;
                }

                receiver.StartChunking(sniff!);
            }

            if ((await receiver.StoreReadyChunksAsync(validating: false)).Refused is { } refusedChunk)
            {
                return refusedChunk;
            }
        }

        if (receiver.Chunker is null)
        {
            var (sniff, _, fault) = receiver.ReadHead(headIsWholeFile: true, new SniffOptions());
            if (fault is not null)
            {
                return fault;
            }

            receiver.StartChunking(sniff!);
        }

        return receiver.Finish() ?? (await receiver.StoreReadyChunksAsync(validating: false)).Refused;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4_093)]
    [InlineData(65_536)]
    [InlineData(10_000_000)]
    public async Task The_stored_chunks_are_the_same_however_the_file_is_sliced(int pieceSize)
    {
        var file = Contacts(5_500);
        using var receiver = Receiver();
        Assert.Null(await ReceiveAsync(receiver, file, pieceSize));

        var direct = new RawChunker(FileSniffer.Sniff(file.AsSpan(0, FileSniffer.HeadSize), false), new ChunkerOptions(RowsPerChunk: Settings.RowsPerChunk));
        direct.Append(file);
        direct.Complete();
        var expected = new List<RawChunk>();
        while (direct.TryTakeChunk(out var chunk))
        {
            expected.Add(chunk);
        }

        Assert.Equal(expected.Select(c => (c.ChunkNo, c.FirstRowNumber, c.RowCount)), saved.Select(c => (c.ChunkNo, c.FirstRowNumber, c.RowCount)));
        Assert.Equal(expected.Select(c => Convert.ToHexString(c.Utf8)), saved.Select(c => Convert.ToHexString(c.Utf8)));
        Assert.Equal(5_500, saved.Sum(c => c.RowCount));
        Assert.Equal(file.Length, receiver.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), receiver.Sha256());
    }

    [Fact]
    public async Task A_file_smaller_than_the_head_is_read_whole_when_it_is_complete()
    {
        var file = Contacts(3);
        using var receiver = Receiver();
        Assert.Null(await ReceiveAsync(receiver, file, 7));
        Assert.Equal(3, Assert.Single(saved).RowCount);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_the_piece_that_crosses_it()
    {
        using var receiver = Receiver(settings: Settings with { MaxBytes = 100 });
        Assert.Null(receiver.Take(new byte[100]));
        var refused = receiver.Take(new byte[1]);
        Assert.Equal(ErrorCodes.UploadTooLarge, refused?.Code);
        Assert.Contains("100 bytes", refused?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_time_counts_from_the_last_piece()
    {
        using var receiver = Receiver();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), receiver.Idle);
        receiver.Take("Phone\r\n"u8);
        Assert.Equal(TimeSpan.Zero, receiver.Idle);
    }

    [Fact]
    public async Task Stored_chunks_are_offered_to_the_hand_off_up_to_its_budget()
    {
        var handOff = new ChunkHandOff(200_000, time);
        using var receiver = Receiver(handOff);
        Assert.Null(await ReceiveAsync(receiver, Contacts(20_000), 64 * 1024));
        Assert.True(handOff.Count is > 0 and < 20);
        Assert.InRange(handOff.Bytes, 1, 200_000);
        Assert.Equal(saved.Sum(c => (long)c.Utf8.Length), receiver.ChunkedBytes);
    }
}
