using System.Text;

namespace Callaro.Pipeline.Reading;

/// <summary>A row read into strings: its spreadsheet row number, its fields, and why it is malformed (null when it is not).</summary>
public sealed record ParsedRow(long RowNumber, IReadOnlyList<string> Fields, string? Error)
{
    public bool IsMalformed => Error is not null;
}

/// <summary>
/// Reads the rows of a <see cref="RawChunk"/> (UTF-8, header excluded) with the same record rule as the chunker
/// (see <see cref="RecordScanner"/>). Immutable and thread-safe; each enumeration has its own buffers.
/// </summary>
/// <remarks>
/// Row numbers count as a spreadsheet does: blank lines (nothing but delimiters, spaces and tabs) are skipped but keep
/// their numbers, and a record with line breaks inside quotes is one row. Values are given exactly as the file has
/// them (quotes removed, doubled quotes undone); trimming and invisible characters are the validator's business.
/// A row whose field count differs from the header's, or whose quoting is broken, is returned with
/// <see cref="CsvRow.Error"/> set: it is a <see cref="RejectReason.MalformedRow"/>.
/// </remarks>
public sealed class ChunkReader
{
    private readonly byte _delimiter;

    public ChunkReader(char delimiter, int headerFieldCount)
    {
        if (delimiter > 127 || delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentOutOfRangeException(nameof(delimiter), delimiter, "The delimiter must be an ASCII character other than a quote or a line break.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(headerFieldCount, 1);
        _delimiter = (byte)delimiter;
        HeaderFieldCount = headerFieldCount;
    }

    public ChunkReader(SniffResult sniff)
        : this(sniff.Delimiter, sniff.Columns.Count)
    {
    }

    public char Delimiter => (char)_delimiter;

    public int HeaderFieldCount { get; }

    /// <summary>The rows of <paramref name="chunk"/>, for <c>foreach</c>: no allocation per row until a field is read as a string.</summary>
    public RowEnumerable Read(RawChunk chunk) => new(chunk.Utf8, chunk.FirstRowNumber, _delimiter, HeaderFieldCount);

    /// <summary>The rows of UTF-8 text whose first record has row number <paramref name="firstRowNumber"/>.</summary>
    public RowEnumerable Read(ReadOnlySpan<byte> utf8, long firstRowNumber) => new(utf8, firstRowNumber, _delimiter, HeaderFieldCount);

    /// <summary>Every row of the chunk with its fields as strings (convenient; allocates per row).</summary>
    public List<ParsedRow> ReadAll(RawChunk chunk)
    {
        var rows = new List<ParsedRow>(chunk.RowCount);
        foreach (var row in Read(chunk))
        {
            rows.Add(row.ToParsedRow());
        }

        return rows;
    }

    /// <summary>Rows to enumerate with <c>foreach</c>.</summary>
    public readonly ref struct RowEnumerable
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly long _firstRowNumber;
        private readonly byte _delimiter;
        private readonly int _headerCount;

        internal RowEnumerable(ReadOnlySpan<byte> data, long firstRowNumber, byte delimiter, int headerCount)
        {
            _data = data;
            _firstRowNumber = firstRowNumber;
            _delimiter = delimiter;
            _headerCount = headerCount;
        }

        public RowEnumerator GetEnumerator() => new(_data, _firstRowNumber, _delimiter, _headerCount);
    }

    /// <summary>Moves from row to row; <see cref="Current"/> is valid until the next <see cref="MoveNext"/>.</summary>
    public ref struct RowEnumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly byte _delimiter;
        private readonly int _headerCount;
        private readonly FieldPositions _fields = new();
        private long _nextRow;
        private int _pos;
        private CsvRow _current;

        internal RowEnumerator(ReadOnlySpan<byte> data, long firstRowNumber, byte delimiter, int headerCount)
        {
            _data = data;
            _nextRow = firstRowNumber;
            _delimiter = delimiter;
            _headerCount = headerCount;
        }

        public readonly CsvRow Current => _current;

        /// <summary>Rows skipped as blank so far.</summary>
        public int BlankRows { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                var start = _pos;
                var status = RecordScanner.Scan(_data, start, true, _delimiter, _headerCount, _fields, out var info);
                switch (status)
                {
                    case ScanStatus.Record:
                        _pos = info.Next;
                        _current = new CsvRow(_data, _data[start..info.ContentEnd], _nextRow++, _fields, _headerCount, null, null);
                        return true;
                    case ScanStatus.Blank:
                        _pos = info.Next;
                        _nextRow++;
                        BlankRows++;
                        continue;
                    case ScanStatus.Broken:
                        _pos = info.Next;
                        var line = _data[start..info.ContentEnd];
                        _current = new CsvRow(
                            _data, line, _nextRow++, _fields, _headerCount, RecordScanner.SplitLenient(line, _delimiter), BrokenMessage(info));
                        return true;
                    default:
                        return false;
                }
            }
        }
    }

    internal static string BrokenMessage(ScanInfo info) => info.Reason switch
    {
        BrokenQuote.TextAfterQuote => $"broken quoting: text follows the closing quote of field {info.Field}",
        _ => $"broken quoting: the quote that opens field {info.Field} is not closed on its line; the row was read to the end of its line",
    };
}

/// <summary>
/// One row of a chunk. Valid until the enumerator moves on: read what you need (strings are yours to keep).
/// </summary>
public readonly ref struct CsvRow
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly ReadOnlySpan<byte> _raw;
    private readonly FieldPositions _fields;
    private readonly string[]? _lenient;
    private readonly int _headerCount;
    private readonly string? _brokenError;

    internal CsvRow(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> raw, long rowNumber, FieldPositions fields, int headerCount, string[]? lenient, string? brokenError)
    {
        _data = data;
        _raw = raw;
        RowNumber = rowNumber;
        _fields = fields;
        _headerCount = headerCount;
        _lenient = lenient;
        _brokenError = brokenError;
    }

    /// <summary>The row as a spreadsheet numbers it: the header is row 1 (or after any blank lines before it).</summary>
    public long RowNumber { get; }

    /// <summary>The fields the row has (for a row with broken quoting: as read leniently from its line).</summary>
    public int FieldCount => _lenient?.Length ?? _fields.Count;

    /// <summary>The row is a <see cref="RejectReason.MalformedRow"/>: broken quoting or a field count unlike the header's.</summary>
    public bool IsMalformed => _lenient is not null || _fields.Count != _headerCount;

    /// <summary>Why the row is malformed, e.g. "row has 7 fields, header has 5"; null when it is not.</summary>
    public string? Error => _brokenError
        ?? (_lenient is null && _fields.Count != _headerCount ? $"row has {_fields.Count} fields, header has {_headerCount}" : null);

    /// <summary>The row as it is in the file (UTF-8, without its line break).</summary>
    public ReadOnlySpan<byte> RawUtf8 => _raw;

    /// <summary>The row as it is in the file, without its line break.</summary>
    public string RawText => Encoding.UTF8.GetString(_raw);

    /// <summary>The value of field <paramref name="index"/> (0-based): quotes removed, doubled quotes undone, nothing trimmed.</summary>
    public string GetString(int index)
    {
        if (_lenient is not null)
        {
            return _lenient[index];
        }

        var fields = _fields;
        if ((uint)index >= (uint)fields.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The row has {fields.Count} fields.");
        }

        var start = fields.StartAt(index);
        var length = fields.EndAt(index) - start;
        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = _data.Slice(start, length);
        if (fields.AllAscii)
        {
            var ascii = Encoding.Latin1.GetString(bytes); // a plain widening: the bytes are ASCII
            return fields.EscapedAt(index) ? ascii.Replace("\"\"", "\"", StringComparison.Ordinal) : ascii;
        }

        var value = Encoding.UTF8.GetString(bytes);
        return fields.EscapedAt(index) ? value.Replace("\"\"", "\"", StringComparison.Ordinal) : value;
    }

    /// <summary>
    /// The UTF-8 bytes of field <paramref name="index"/> when they need no unescaping (true), for reading without a string.
    /// False for a field with doubled quotes and for rows with broken quoting: use <see cref="GetString"/>.
    /// </summary>
    public bool TryGetUtf8(int index, out ReadOnlySpan<byte> value)
    {
        if (_lenient is not null || (uint)index >= (uint)_fields.Count || _fields.Escaped[index])
        {
            value = default;
            return false;
        }

        value = _data[_fields.Starts[index].._fields.Ends[index]];
        return true;
    }

    /// <summary>All fields as strings.</summary>
    public string[] ToArray()
    {
        var n = FieldCount;
        var values = new string[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = GetString(i);
        }

        return values;
    }

    public ParsedRow ToParsedRow() => new(RowNumber, ToArray(), Error);

    /// <summary>The <see cref="RejectReason.MalformedRow"/> issue of a malformed row; null when the row is well formed.</summary>
    public RowIssue? ToIssue() => Error is { } message ? new RowIssue(RejectReason.MalformedRow, Severity.Error, null, message) : null;
}
