using System.Security.Cryptography;
using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;

namespace Callaro.Grains.Uploads;

/// <summary>What one call stored: chunks and rows, or why the file is refused.</summary>
public readonly record struct StoredChunks(int Chunks, long Rows, Fault? Refused = null);

/// <summary>
/// A file's intake while its bytes arrive: counts and hashes every piece, keeps the head until it can be
/// sniffed, then cuts row-aligned chunks, stores each as soon as it is complete and offers it to the hand-off.
/// Lives only while bytes arrive (in memory: an upload interrupted here must be sent again).
/// </summary>
/// <param name="saveChunks">Stores chunks (PostgreSQL in the grain, a list in tests).</param>
/// <param name="sizeHint">An upper bound on the file's size when the client gave one (for sizing, never trusted).</param>
public sealed class UploadReceiver(
    UploadSettings settings,
    Func<IReadOnlyList<RawChunk>, Task> saveChunks,
    ChunkHandOff handOff,
    TimeProvider clock,
    long? sizeHint) : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private MemoryStream head = new();
    private long lastBytesAt = clock.GetTimestamp();

    public long Size { get; private set; }

    public long? SizeHint { get; } = sizeHint;

    /// <summary>Bytes in the chunks stored so far (with the rows stored, the rows per byte).</summary>
    public long ChunkedBytes { get; private set; }

    /// <summary>Null until the head is read; its counters (blank rows, encoding switch...) describe the file at the end.</summary>
    public RawChunker? Chunker { get; private set; }

    /// <summary>The head is complete and waits to be sniffed (<see cref="StartChunking"/>).</summary>
    public bool HeadIsReady => Chunker is null && head.Length >= FileSniffer.HeadSize;

    /// <summary>How long since the last piece arrived.</summary>
    public TimeSpan Idle => clock.GetElapsedTime(lastBytesAt);

    /// <summary>Takes a piece of the file; answers why it is refused, if it is.</summary>
    public Fault? Take(ReadOnlySpan<byte> bytes)
    {
        Size += bytes.Length;
        lastBytesAt = clock.GetTimestamp();
        if (Size > settings.MaxBytes)
        {
            return TooLarge(settings.MaxBytes);
        }

        hash.AppendData(bytes);
        if (Chunker is null)
        {
            head.Write(bytes);
            return null;
        }

        try
        {
            // A row the reader cannot take (e.g. megabytes without a line break) refuses the file.
            Chunker.Append(bytes);
            return null;
        }
        catch (PipelineException ex)
        {
            return new Fault(ex.Code, ex.Message);
        }
    }

    /// <summary>Reads the head (the whole file when <paramref name="headIsWholeFile"/>): columns, encoding, delimiter.</summary>
    public (SniffResult? Sniff, byte[] Head, Fault? Refused) ReadHead(bool headIsWholeFile, SniffOptions options)
    {
        var bytes = head.ToArray();
        try
        {
            return (FileSniffer.Sniff(bytes, headIsWholeFile, options), bytes, null);
        }
        catch (PipelineException ex)
        {
            return (null, bytes, new Fault(ex.Code, ex.Message));
        }
    }

    /// <summary>Starts cutting chunks with what the head said, beginning with the head itself.</summary>
    public void StartChunking(SniffResult sniff)
    {
        Chunker = new RawChunker(sniff, new ChunkerOptions(RowsPerChunk: settings.RowsPerChunk));
        Chunker.Append(head.ToArray());
        head.Dispose();
        head = new MemoryStream(0);
    }

    /// <summary>The whole file has arrived: the last rows make the last chunk.</summary>
    public Fault? Finish()
    {
        try
        {
            Chunker!.Complete();
            return null;
        }
        catch (PipelineException ex)
        {
            return new Fault(ex.Code, ex.Message);
        }
    }

    /// <summary>Stores every chunk that is complete and offers them to the hand-off.</summary>
    public async Task<StoredChunks> StoreReadyChunksAsync(bool validating)
    {
        if (Chunker is null)
        {
            return default;
        }

        var ready = new List<RawChunk>();
        try
        {
            while (Chunker.TryTakeChunk(out var chunk))
            {
                ready.Add(chunk);
            }
        }
        catch (PipelineException ex)
        {
            return new StoredChunks(0, 0, new Fault(ex.Code, ex.Message));
        }

        if (ready.Count == 0)
        {
            return default;
        }

        await saveChunks(ready);
        handOff.Offer(ready, validating);
        ChunkedBytes += ready.Sum(c => (long)c.Utf8.Length);
        return new StoredChunks(ready.Count, ready.Sum(c => (long)c.RowCount));
    }

    /// <summary>The SHA-256 of every byte taken, lower-case hex (once, at the end).</summary>
    public string Sha256() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public static Fault TooLarge(long maxBytes) =>
        new(ErrorCodes.UploadTooLarge, $"The file is larger than the limit of {ByteSizes.Describe(maxBytes)}; split it into smaller files.");

    public void Dispose()
    {
        head.Dispose();
        hash.Dispose();
    }
}
