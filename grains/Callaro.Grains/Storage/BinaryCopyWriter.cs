using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Callaro.Grains.Storage;

/// <summary>
/// PostgreSQL's binary COPY format, encoded straight into one buffer (header, tuples, trailer), for the
/// million-row path: per field it costs a length and a UTF-8 encode, with no per-value object or state machine.
/// The buffer is rented from a pool (a chunk's contacts take ~2 MB, and fresh arrays of that size
/// cost the silo page faults and zeroing on every chunk): dispose the writer once the COPY is sent.
/// Send <see cref="WrittenMemory"/> through Npgsql's raw binary copy stream.
/// </summary>
public sealed class BinaryCopyWriter : IDisposable
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    // Its own pool, bounded: the shared pool keeps an array per size per thread, which for ~2 MB COPY buffers on a
    // busy silo held tens of MB between uploads.
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(64 * 1024 * 1024, 3);

    private byte[] buffer;
    private int written;
    private bool completed;

    /// <param name="initialCapacity">Bytes to rent up front (the buffer grows when needed).</param>
    /// <param name="header">Start with the COPY header; false when raw bytes copied from another writer bring it.</param>
    public BinaryCopyWriter(int initialCapacity = 1 << 20, bool header = true)
    {
        buffer = Buffers.Rent(Math.Max(initialCapacity, 256));
        if (header)
        {
            Header.CopyTo(buffer, 0);
            written = Header.Length;
        }
    }

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    /// <summary>Bytes written so far (an offset to come back to).</summary>
    public int Written => written;

    /// <summary>Already-encoded bytes, as they are.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        written += bytes.Length;
    }

    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        written = 0;
        if (rented.Length > 0)
        {
            Buffers.Return(rented);
        }
    }

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    /// <summary>The length of a field whose bytes the caller sends itself, straight after this buffer (bytea).</summary>
    public void FieldLength(int length) => BinaryPrimitives.WriteInt32BigEndian(Take(4), length);

    public void Int16(short value)
    {
        var span = Take(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
    }

    public void Int32(int value)
    {
        var span = Take(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
    }

    public void Int64(long value)
    {
        var span = Take(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
    }

    /// <summary>text / varchar: the UTF-8 bytes; null is SQL NULL.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var span = Room(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        // Nearly every value is ASCII: narrowing it directly skips the UTF-8 encoder's general path for each field.
        if (Ascii.FromUtf16(value, span[4..], out var length) != OperationStatus.Done)
        {
            length = Encoding.UTF8.GetBytes(value, span[4..]);
        }

        BinaryPrimitives.WriteInt32BigEndian(span, length);
        written += 4 + length;
    }

    /// <summary>jsonb: a version byte (1), then the JSON text in UTF-8.</summary>
    public void Jsonb(string? json)
    {
        if (json is null)
        {
            Null();
            return;
        }

        var span = Room(5 + Encoding.UTF8.GetMaxByteCount(json.Length));
        var length = Encoding.UTF8.GetBytes(json, span[5..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length + 1);
        span[4] = 1;
        written += 5 + length;
    }

    /// <summary>
    /// text[]: one dimension, lower bound 1, element type text (oid 25), each element a length and UTF-8 bytes
    /// (-1 for null). The field's own length is written once the elements are in.
    /// </summary>
    public void TextArray(IReadOnlyList<string?> values)
    {
        const int TextOid = 25;
        var start = written;
        var head = Take(24);
        BinaryPrimitives.WriteInt32BigEndian(head[4..], 1);
        BinaryPrimitives.WriteInt32BigEndian(head[8..], values.Any(v => v is null) ? 1 : 0);
        BinaryPrimitives.WriteInt32BigEndian(head[12..], TextOid);
        BinaryPrimitives.WriteInt32BigEndian(head[16..], values.Count);
        BinaryPrimitives.WriteInt32BigEndian(head[20..], 1);
        foreach (var value in values)
        {
            Text(value);
        }

        // The field length excludes its own four bytes; the buffer may have grown, so patch by position.
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(start), written - start - 4);
    }

    /// <summary>Ends the payload with the trailer (once, however often it is called) and returns it.</summary>
    public ReadOnlyMemory<byte> Complete()
    {
        if (!completed)
        {
            BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
            completed = true;
        }

        return WrittenMemory;
    }

    private Span<byte> Take(int size)
    {
        var span = Room(size)[..size];
        written += size;
        return span;
    }

    /// <summary>At least <paramref name="size"/> free bytes at the write position (not yet advanced).</summary>
    private Span<byte> Room(int size)
    {
        if (buffer.Length - written < size)
        {
            var bigger = Buffers.Rent(Math.Max(buffer.Length * 2, written + size));
            buffer.AsSpan(0, written).CopyTo(bigger);
            Buffers.Return(buffer);
            buffer = bigger;
        }

        return buffer.AsSpan(written);
    }
}
