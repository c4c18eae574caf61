using System.Buffers;
using System.Runtime.CompilerServices;

namespace Callaro.Pipeline.Reading;

/// <summary>
/// Reads a whole stream into chunks with a bounded buffer: sniff its head, then cut it. For the CLI, the benchmark and
/// tests; the upload path feeds a <see cref="RawChunker"/> itself as the request body arrives.
/// </summary>
public static class CsvStreamReader
{
    /// <summary>Reads the head of <paramref name="stream"/> (no seeking needed) and sniffs it.</summary>
    public static async Task<SniffedStream> OpenAsync(Stream stream, SniffOptions? overrides = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[FileSniffer.HeadSize + 1];
        var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return Sniffed(stream, overrides, head, n);
    }

    /// <summary>Reads the head of <paramref name="stream"/> (no seeking needed) and sniffs it.</summary>
    /// <summary>
    /// The row-aligned chunks of a stream: <paramref name="head"/> (bytes already read from it) first, then the rest,
    /// <paramref name="bufferSize"/> bytes at a time. Constant memory whatever the file's size.
    /// </summary>
    public static IEnumerable<RawChunk> ReadChunks(Stream stream, ReadOnlyMemory<byte> head, RawChunker chunker, int bufferSize = 256 * 1024)
    {
        chunker.Append(head.Span);
        while (chunker.TryTakeChunk(out var chunk))
        {
            yield return chunk;
        }

        var buffer = new byte[bufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            chunker.Append(buffer.AsSpan(0, n));
            while (chunker.TryTakeChunk(out var chunk))
            {
                yield return chunk;
            }
        }

        chunker.Complete();
        while (chunker.TryTakeChunk(out var chunk))
        {
            yield return chunk;
        }
    }

    public static SniffedStream Open(Stream stream, SniffOptions? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[FileSniffer.HeadSize + 1];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Sniffed(stream, overrides, head, n);
    }

    private static SniffedStream Sniffed(Stream stream, SniffOptions? overrides, byte[] head, int n)
    {
        var whole = n <= FileSniffer.HeadSize;
        var sniff = FileSniffer.Sniff(head.AsSpan(0, Math.Min(n, FileSniffer.HeadSize)), whole, overrides);
        return new SniffedStream(sniff, head.AsMemory(0, n), stream);
    }
}

/// <summary>A stream whose head has been sniffed; its chunks can be read once.</summary>
public sealed class SniffedStream
{
    private const int BufferSize = 64 * 1024;

    private readonly ReadOnlyMemory<byte> _head;
    private readonly Stream _stream;
    private bool _read;

    internal SniffedStream(SniffResult sniff, ReadOnlyMemory<byte> head, Stream stream)
    {
        Sniff = sniff;
        _head = head;
        _stream = stream;
    }

    public SniffResult Sniff { get; }

    /// <summary>A chunker for this stream's sniff, to pass to the read methods (its counters say what was read).</summary>
    public RawChunker CreateChunker(ChunkerOptions? options = null) => new(Sniff, options);

    /// <summary>The chunks of the whole stream, in order, reading 64 KiB at a time.</summary>
    public async IAsyncEnumerable<RawChunk> ReadChunksAsync(
        RawChunker? chunker = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        chunker = Start(chunker);
        chunker.Append(_head.Span);
        while (chunker.TryTakeChunk(out var chunk))
        {
            yield return chunk;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int n;
            while ((n = await _stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                chunker.Append(buffer.AsSpan(0, n));
                while (chunker.TryTakeChunk(out var chunk))
                {
                    yield return chunk;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        chunker.Complete();
        while (chunker.TryTakeChunk(out var chunk))
        {
            yield return chunk;
        }
    }

    /// <summary>The chunks of the whole stream, in order, reading 64 KiB at a time.</summary>
    public IEnumerable<RawChunk> ReadChunks(RawChunker? chunker = null)
    {
        chunker = Start(chunker);
        return Read(chunker);
    }

    private IEnumerable<RawChunk> Read(RawChunker chunker) => CsvStreamReader.ReadChunks(_stream, _head, chunker, BufferSize);

    private RawChunker Start(RawChunker? chunker)
    {
        if (_read)
        {
            throw new InvalidOperationException("The stream's chunks have already been read.");
        }

        _read = true;
        return chunker ?? CreateChunker();
    }
}
