using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Callaro.Grains.Storage;

/// <summary>
/// PostgreSQL's binary COPY format, encoded straight into one buffer (header, tuples, trailer), for the
/// million-row path: per field it costs a length and a UTF-8 encode, with no per-value object or state machine.
/// Send <see cref="WrittenMemory"/> through Npgsql's raw binary copy stream.
/// </summary>
public sealed class BinaryCopyWriter
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly ArrayBufferWriter<byte> buffer;

    public BinaryCopyWriter(int initialCapacity = 1 << 20)
    {
        buffer = new ArrayBufferWriter<byte>(initialCapacity);
        buffer.Write(Header);
    }

    public ReadOnlyMemory<byte> WrittenMemory => buffer.WrittenMemory;

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

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

        var span = buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        buffer.Advance(4 + length);
    }

    /// <summary>jsonb: a version byte (1), then the JSON text in UTF-8.</summary>
    public void Jsonb(string? json)
    {
        if (json is null)
        {
            Null();
            return;
        }

        var span = buffer.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(json.Length));
        var length = Encoding.UTF8.GetBytes(json, span[5..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length + 1);
        span[4] = 1;
        buffer.Advance(5 + length);
    }

    /// <summary>
    /// text[]: one dimension, lower bound 1, element type text (oid 25), each element a length and UTF-8 bytes
    /// (-1 for null). The field's own length is written once the elements are in.
    /// </summary>
    public void TextArray(IReadOnlyList<string?> values)
    {
        const int TextOid = 25;
        var start = buffer.WrittenCount;
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

        // The field length excludes its own four bytes; the buffer may have moved, so patch through the written memory.
        var length = buffer.WrittenCount - start - 4;
        BinaryPrimitives.WriteInt32BigEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer.WrittenMemory).Span[start..], length);
    }

    public ReadOnlyMemory<byte> Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
        return buffer.WrittenMemory;
    }

    private Span<byte> Take(int size)
    {
        var span = buffer.GetSpan(size)[..size];
        buffer.Advance(size);
        return span;
    }
}
