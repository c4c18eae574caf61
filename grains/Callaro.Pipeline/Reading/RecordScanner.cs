namespace Callaro.Pipeline.Reading;

internal enum ScanStatus
{
    /// <summary>A record whose quoting is sound (its field count may still differ from the header's).</summary>
    Record,

    /// <summary>A line with nothing but delimiters, spaces and tabs: not a data row, but it has a row number.</summary>
    Blank,

    /// <summary>A record whose quoting is broken: it is its first physical line only, and reading resumes at the next line.</summary>
    Broken,

    /// <summary>The record is not complete in the data given and the data is not final.</summary>
    NeedMore,

    /// <summary>No data left.</summary>
    End,
}

internal enum BrokenQuote
{
    None,

    /// <summary>A closing quote on the record's first line is followed by something other than a delimiter or a line break.</summary>
    TextAfterQuote,

    /// <summary>
    /// A quote opened on the record's first line is not closed on it: it is never closed, or it runs past the line and
    /// then the record's field count differs from the header's, text follows its closing quote, or it runs on for more
    /// than <see cref="RecordScanner.MaxQuotedRecordBytes"/>. Which of these it was can depend on text far beyond the
    /// line (beyond a chunk's end), so they are one reason: the row then reads the same in any chunking.
    /// </summary>
    QuoteNotClosed,
}

/// <summary>Where the record just scanned ends and what was wrong with it.</summary>
internal struct ScanInfo
{
    /// <summary>End of the record's content (its line break excluded).</summary>
    public int ContentEnd;

    /// <summary>Start of the next record (after the line break).</summary>
    public int Next;

    public BrokenQuote Reason;

    /// <summary>1-based field where the broken quote is.</summary>
    public int Field;
}

/// <summary>Positions of the fields of the record last scanned, reused from record to record.</summary>
internal sealed class FieldPositions
{
    private int[] _starts = new int[32];
    private int[] _ends = new int[32];
    private bool[] _escaped = new bool[32];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count);

    public ReadOnlySpan<int> Ends => _ends.AsSpan(0, Count);

    /// <summary>Per field: it was quoted and holds doubled quotes to undo.</summary>
    public ReadOnlySpan<bool> Escaped => _escaped.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(int start, int end, bool escaped)
    {
        var n = Count;
        if (n == _starts.Length)
        {
            Array.Resize(ref _starts, n * 2);
            Array.Resize(ref _ends, n * 2);
            Array.Resize(ref _escaped, n * 2);
        }

        _starts[n] = start;
        _ends[n] = end;
        _escaped[n] = escaped;
        Count = n + 1;
    }
}

/// <summary>
/// The one rule for where a record starts and ends, used by the sniffer, the chunker and the chunk reader alike,
/// on UTF-8 text. RFC 4180 quoting with these choices:
/// <list type="bullet">
/// <item>A field is quoted only when its first byte is a quote; a quote elsewhere in an unquoted field is text (as Excel reads it).</item>
/// <item>Spaces (and tabs, unless tab is the delimiter) between a closing quote and the delimiter are dropped.</item>
/// <item>CR, LF and CR LF all end a record; inside quotes they are part of the value.</item>
/// <item>A line of nothing but delimiters, spaces and tabs is blank: it is not a data row, but it keeps its row number.</item>
/// <item>
/// Quoting is broken when a closing quote is followed by text, when a quote is never closed, or when a quoted field
/// runs past the end of its physical line and then either the record's field count differs from the header's or the
/// quoted field closes more than <see cref="MaxQuotedRecordBytes"/> after the record's start. A broken record is its
/// first physical line only, and the next record starts on the next line: one bad quote costs one row, not the file.
/// </item>
/// </list>
/// Every decision depends only on the bytes from the record's start to the point where it is made, or on reaching the
/// end of final data in quoted text (which is always broken), so a chunk cut at a record boundary reads the same alone
/// as it did inside the whole file.
/// </summary>
internal static class RecordScanner
{
    public const byte Quote = (byte)'"';
    public const byte Cr = (byte)'\r';
    public const byte Lf = (byte)'\n';
    public const byte Space = (byte)' ';
    public const byte Tab = (byte)'\t';

    /// <summary>How far past its start a record may run with a quoted field that spans lines.</summary>
    public const int MaxQuotedRecordBytes = 64 * 1024;

    /// <summary>
    /// Scans the record that starts at <paramref name="start"/>.
    /// </summary>
    /// <param name="data">UTF-8 text.</param>
    /// <param name="start">Where the record starts.</param>
    /// <param name="final">No more data follows <paramref name="data"/>.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="headerCount">The header's field count, or -1 to scan the header itself.</param>
    /// <param name="fields">Receives the field positions of a <see cref="ScanStatus.Record"/>.</param>
    /// <param name="info">Where the record ends; why it is broken.</param>
    public static ScanStatus Scan(
        ReadOnlySpan<byte> data, int start, bool final, byte delimiter, int headerCount, FieldPositions fields, out ScanInfo info)
    {
        info = default;
        var len = data.Length;
        if (start >= len)
        {
            info.Next = start;
            info.ContentEnd = start;
            return final ? ScanStatus.End : ScanStatus.NeedMore;
        }

        var b0 = data[start];
        if (b0 == delimiter || b0 == Space || b0 == Tab || b0 == Cr || b0 == Lf)
        {
            var i = data[start..].IndexOfAnyExcept(delimiter, Space, Tab);
            if (i < 0)
            {
                if (!final)
                {
                    return ScanStatus.NeedMore;
                }

                info.ContentEnd = len;
                info.Next = len;
                return ScanStatus.Blank;
            }

            var c = data[start + i];
            if (c == Cr || c == Lf)
            {
                return Terminate(data, start + i, final, ref info) ? ScanStatus.Blank : ScanStatus.NeedMore;
            }
        }

        fields.Clear();

        // Fast path: a line without quotes, split on the delimiter.
        var e = data[start..].IndexOfAny(Cr, Lf, Quote);
        if (e < 0)
        {
            if (!final)
            {
                return ScanStatus.NeedMore;
            }

            SplitPlain(data, start, len, delimiter, fields);
            info.ContentEnd = len;
            info.Next = len;
            return ScanStatus.Record;
        }

        if (data[start + e] != Quote)
        {
            if (!Terminate(data, start + e, final, ref info))
            {
                return ScanStatus.NeedMore;
            }

            SplitPlain(data, start, start + e, delimiter, fields);
            return ScanStatus.Record;
        }

        return ScanQuoted(data, start, final, delimiter, headerCount, fields, ref info);
    }

    private static void SplitPlain(ReadOnlySpan<byte> data, int start, int end, byte delimiter, FieldPositions fields)
    {
        var line = data[start..end];
        var pos = 0;
        while (true)
        {
            var k = line[pos..].IndexOf(delimiter);
            if (k < 0)
            {
                fields.Add(start + pos, end, false);
                return;
            }

            fields.Add(start + pos, start + pos + k, false);
            pos += k + 1;
        }
    }

    private static ScanStatus ScanQuoted(
        ReadOnlySpan<byte> data, int start, bool final, byte delimiter, int headerCount, FieldPositions fields, ref ScanInfo info)
    {
        var len = data.Length;
        var pos = start;
        var crossed = false;
        var crossedField = 0;
        while (true)
        {
            if (pos < len && data[pos] == Quote)
            {
                var contentStart = pos + 1;
                var q = contentStart;
                var escaped = false;
                int closing;
                while (true)
                {
                    var k = data[q..].IndexOf(Quote);
                    if (k < 0)
                    {
                        if (!crossed && data[q..].ContainsAny(Cr, Lf))
                        {
                            crossed = true;
                            crossedField = fields.Count + 1;
                        }

                        if (final)
                        {
                            return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossed ? crossedField : fields.Count + 1, ref info);
                        }

                        if (crossed && len - start > MaxQuotedRecordBytes)
                        {
                            return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
                        }

                        return ScanStatus.NeedMore;
                    }

                    k += q;
                    if (!crossed && data[q..k].ContainsAny(Cr, Lf))
                    {
                        crossed = true;
                        crossedField = fields.Count + 1;
                    }

                    if (crossed && k - start > MaxQuotedRecordBytes)
                    {
                        return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
                    }

                    if (k + 1 >= len)
                    {
                        if (!final)
                        {
                            return ScanStatus.NeedMore;
                        }

                        closing = k;
                        break;
                    }

                    if (data[k + 1] == Quote)
                    {
                        escaped = true;
                        q = k + 2;
                        continue;
                    }

                    closing = k;
                    break;
                }

                fields.Add(contentStart, closing, escaped);
                var p = closing + 1;
                while (p < len && (data[p] == Space || (data[p] == Tab && delimiter != Tab)))
                {
                    p++;
                }

                if (p >= len)
                {
                    if (!final)
                    {
                        return ScanStatus.NeedMore;
                    }

                    info.ContentEnd = len;
                    info.Next = len;
                    break;
                }

                var c = data[p];
                if (c == delimiter)
                {
                    pos = p + 1;
                    if (crossed && headerCount >= 0 && fields.Count > headerCount)
                    {
                        return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
                    }

                    continue;
                }

                if (c == Cr || c == Lf)
                {
                    if (!Terminate(data, p, final, ref info))
                    {
                        return ScanStatus.NeedMore;
                    }

                    break;
                }

                return crossed
                    ? Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info)
                    : Broken(data, start, final, BrokenQuote.TextAfterQuote, fields.Count, ref info);
            }
            else
            {
                var k = data[pos..].IndexOfAny(delimiter, Cr, Lf);
                if (k < 0)
                {
                    if (!final)
                    {
                        return ScanStatus.NeedMore;
                    }

                    fields.Add(pos, len, false);
                    info.ContentEnd = len;
                    info.Next = len;
                    break;
                }

                k += pos;
                fields.Add(pos, k, false);
                if (data[k] == delimiter)
                {
                    pos = k + 1;
                    if (crossed && headerCount >= 0 && fields.Count > headerCount)
                    {
                        return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
                    }

                    continue;
                }

                if (!Terminate(data, k, final, ref info))
                {
                    return ScanStatus.NeedMore;
                }

                break;
            }
        }

        if (crossed && headerCount >= 0 && fields.Count != headerCount)
        {
            return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
        }

        return ScanStatus.Record;
    }

    /// <summary>The broken record is its first physical line.</summary>
    private static ScanStatus Broken(ReadOnlySpan<byte> data, int start, bool final, BrokenQuote reason, int field, ref ScanInfo info)
    {
        var e = data[start..].IndexOfAny(Cr, Lf);
        if (e < 0)
        {
            if (!final)
            {
                return ScanStatus.NeedMore;
            }

            info.ContentEnd = data.Length;
            info.Next = data.Length;
        }
        else if (!Terminate(data, start + e, final, ref info))
        {
            return ScanStatus.NeedMore;
        }

        info.Reason = reason;
        info.Field = field;
        return ScanStatus.Broken;
    }

    /// <summary>Ends a record at the line break at <paramref name="at"/>; false when a CR is last and more data may bring its LF.</summary>
    private static bool Terminate(ReadOnlySpan<byte> data, int at, bool final, ref ScanInfo info)
    {
        info.ContentEnd = at;
        if (data[at] == Lf)
        {
            info.Next = at + 1;
            return true;
        }

        if (at + 1 < data.Length)
        {
            info.Next = data[at + 1] == Lf ? at + 2 : at + 1;
            return true;
        }

        if (!final)
        {
            return false;
        }

        info.Next = at + 1;
        return true;
    }

    /// <summary>
    /// The fields of a line whose quoting is broken, read as leniently as possible so the row's values can be shown
    /// and reported: quotes that open a field are honoured, text after a closing quote is kept, and a quote that is
    /// never closed takes the rest of the line.
    /// </summary>
    public static string[] SplitLenient(ReadOnlySpan<byte> line, byte delimiter)
    {
        var result = new List<string>();
        var sb = new System.Text.StringBuilder();
        var pos = 0;
        while (true)
        {
            sb.Clear();
            if (pos < line.Length && line[pos] == Quote)
            {
                var q = pos + 1;
                var closed = false;
                while (q <= line.Length)
                {
                    var k = line[q..].IndexOf(Quote);
                    if (k < 0)
                    {
                        sb.Append(System.Text.Encoding.UTF8.GetString(line[q..]));
                        q = line.Length;
                        break;
                    }

                    sb.Append(System.Text.Encoding.UTF8.GetString(line.Slice(q, k)));
                    q += k + 1;
                    if (q < line.Length && line[q] == Quote)
                    {
                        sb.Append('"');
                        q++;
                        continue;
                    }

                    closed = true;
                    break;
                }

                pos = q;
                if (closed)
                {
                    var d = line[pos..].IndexOf(delimiter);
                    var end = d < 0 ? line.Length : pos + d;
                    sb.Append(System.Text.Encoding.UTF8.GetString(line[pos..end]));
                    pos = end;
                }
            }
            else
            {
                var d = line[pos..].IndexOf(delimiter);
                var end = d < 0 ? line.Length : pos + d;
                sb.Append(System.Text.Encoding.UTF8.GetString(line[pos..end]));
                pos = end;
            }

            result.Add(sb.ToString());
            if (pos >= line.Length)
            {
                return [.. result];
            }

            pos++; // the delimiter
            if (pos == line.Length)
            {
                result.Add(string.Empty);
                return [.. result];
            }
        }
    }
}
