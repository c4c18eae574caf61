using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

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

    /// <summary>Every byte of the record is ASCII (strings can be made by widening).</summary>
    public bool AllAscii { get; set; }

    public void Clear() => Count = 0;

    public int StartAt(int index) => _starts[index];

    public int EndAt(int index) => _ends[index];

    public bool EscapedAt(int index) => _escaped[index];

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
/// runs past the end of its physical line and then either the record's field count differs from the header's, a line
/// inside the quoted value holds a whole record's delimiters (<see cref="LinesLookLikeRecords"/>), or the
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
    /// Files with at least this many columns have a quoted value broken when a line inside it holds a whole record's
    /// delimiters (see <see cref="LinesLookLikeRecords"/>); with fewer, an address line like "Springfield, IL" would pass
    /// for a record.
    /// </summary>
    public const int MinColumnsForRecordLikeLines = 4;

    /// <summary>
    /// A quoted value whose lines after its first line break hold a record's worth of delimiters (the header's count
    /// less one) has swallowed rows: a stray opening quote ran on until some later quote closed it, and the field count
    /// can come out right by chance. Multi-line notes and addresses rarely carry that many delimiters on one line.
    /// </summary>
    public static bool LinesLookLikeRecords(ReadOnlySpan<byte> quoted, byte delimiter, int headerCount)
    {
        if (headerCount < MinColumnsForRecordLikeLines)
        {
            return false;
        }

        var lineBreak = quoted.IndexOfAny(Cr, Lf);
        while (lineBreak >= 0)
        {
            quoted = quoted[(lineBreak + 1)..];
            lineBreak = quoted.IndexOfAny(Cr, Lf);
            var line = lineBreak < 0 ? quoted : quoted[..lineBreak];
            if (line.Count(delimiter) >= headerCount - 1)
            {
                return true;
            }
        }

        return false;
    }

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
        var pos = start;
        var fieldStart = start;
        var highBits = 0u;
        var quotedAscii = true;
        var crossed = false;
        var crossedField = 0;
        while (true)
        {
            // Unquoted text: vector-split on the delimiter up to the next CR, LF or quote.
            var e = PlainFields(data, pos, ref fieldStart, delimiter, fields, ref highBits);
            if (crossed && headerCount >= 0 && fields.Count >= headerCount)
            {
                // Fields ended by a delimiter, plus the one in progress: more than the header's.
                return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
            }

            if (e < 0)
            {
                if (!final)
                {
                    return ScanStatus.NeedMore;
                }

                fields.Add(fieldStart, len, false);
                info.ContentEnd = len;
                info.Next = len;
                break;
            }

            if (data[e] != Quote)
            {
                if (!Terminate(data, e, final, ref info))
                {
                    return ScanStatus.NeedMore;
                }

                fields.Add(fieldStart, e, false);
                break;
            }

            if (e != fieldStart)
            {
                // A quote inside an unquoted value is text.
                pos = e + 1;
                continue;
            }

            // A quoted field.
            var contentStart = e + 1;
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
            if (crossed && LinesLookLikeRecords(data[contentStart..closing], delimiter, headerCount))
            {
                return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
            }

            quotedAscii = quotedAscii && Ascii.IsValid(data[contentStart..closing]);
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
                if (crossed && headerCount >= 0 && fields.Count >= headerCount)
                {
                    // A delimiter after the header's last field: the record has too many fields.
                    return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
                }

                pos = p + 1;
                fieldStart = pos;
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

        if (crossed && headerCount >= 0 && fields.Count != headerCount)
        {
            return Broken(data, start, final, BrokenQuote.QuoteNotClosed, crossedField, ref info);
        }

        fields.AllAscii = highBits == 0 && quotedAscii;
        return ScanStatus.Record;
    }

    /// <summary>
    /// From <paramref name="pos"/>, adds the fields that end at a delimiter before the first CR, LF or quote, and
    /// returns that stop's position (-1 when the data has none); <paramref name="fieldStart"/> moves to the start of
    /// the field in progress. Bits 0x80 of the bytes passed are gathered in <paramref name="highBits"/>.
    /// </summary>
    private static int PlainFields(ReadOnlySpan<byte> data, int pos, ref int fieldStart, byte delimiter, FieldPositions fields, ref uint highBits)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var delim = Vector256.Create(delimiter);
            var cr = Vector256.Create(Cr);
            var lf = Vector256.Create(Lf);
            var quote = Vector256.Create(Quote);
            ref var origin = ref MemoryMarshal.GetReference(data);
            while (pos + Vector256<byte>.Count <= data.Length)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)pos);
                var special = (Vector256.Equals(v, cr) | Vector256.Equals(v, lf) | Vector256.Equals(v, quote)).ExtractMostSignificantBits();
                var delims = Vector256.Equals(v, delim).ExtractMostSignificantBits();
                var high = v.ExtractMostSignificantBits();
                if (special != 0)
                {
                    var stop = BitOperations.TrailingZeroCount(special);
                    var before = (1u << stop) - 1;
                    delims &= before;
                    highBits |= high & before;
                    while (delims != 0)
                    {
                        var at = pos + BitOperations.TrailingZeroCount(delims);
                        fields.Add(fieldStart, at, false);
                        fieldStart = at + 1;
                        delims &= delims - 1;
                    }

                    return pos + stop;
                }

                highBits |= high;
                while (delims != 0)
                {
                    var at = pos + BitOperations.TrailingZeroCount(delims);
                    fields.Add(fieldStart, at, false);
                    fieldStart = at + 1;
                    delims &= delims - 1;
                }

                pos += Vector256<byte>.Count;
            }
        }

        var e = data[pos..].IndexOfAny(Cr, Lf, Quote);
        var end = e < 0 ? data.Length : pos + e;
        if (!Ascii.IsValid(data[pos..end]))
        {
            highBits |= 1;
        }

        while (true)
        {
            var from = Math.Max(fieldStart, pos);
            var k = data[from..end].IndexOf(delimiter);
            if (k < 0)
            {
                break;
            }

            fields.Add(fieldStart, from + k, false);
            fieldStart = from + k + 1;
            pos = fieldStart;
        }

        return e < 0 ? -1 : end;
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
    /// The fields of a line whose quoting is broken, read so the row's values can be shown, reported and fixed: a
    /// field properly quoted is unquoted; a field whose quoting is the broken part keeps its raw text up to the next
    /// delimiter, stray quote included (a quote never closed no longer takes the rest of the line, so the later
    /// columns keep their own values, and text after a closing quote keeps its quotes).
    /// </summary>
    public static string[] SplitLenient(ReadOnlySpan<byte> line, byte delimiter)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        var pos = 0;
        while (true)
        {
            var fieldStart = pos;
            string? value = null;
            if (pos < line.Length && line[pos] == Quote)
            {
                sb.Clear();
                var q = pos + 1;
                while (true)
                {
                    var k = line[q..].IndexOf(Quote);
                    if (k < 0)
                    {
                        q = -1;
                        break;
                    }

                    sb.Append(Encoding.UTF8.GetString(line.Slice(q, k)));
                    q += k + 1;
                    if (q < line.Length && line[q] == Quote)
                    {
                        sb.Append('"');
                        q++;
                        continue;
                    }

                    break;
                }

                if (q >= 0)
                {
                    var after = q;
                    while (after < line.Length && (line[after] == Space || (line[after] == Tab && delimiter != Tab)))
                    {
                        after++;
                    }

                    if (after == line.Length || line[after] == delimiter)
                    {
                        value = sb.ToString();
                        pos = after;
                    }
                    else
                    {
                        pos = q; // text follows the closing quote: keep the raw field
                    }
                }
                else
                {
                    pos++; // never closed: the quote is text
                }
            }

            if (value is null)
            {
                var d = line[pos..].IndexOf(delimiter);
                var end = d < 0 ? line.Length : pos + d;
                value = Encoding.UTF8.GetString(line[fieldStart..end]);
                pos = end;
            }

            result.Add(value);
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
