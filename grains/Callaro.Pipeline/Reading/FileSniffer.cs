using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Callaro.Pipeline.Reading;

/// <summary>
/// Learns a file's encoding, delimiter, line endings and header from its head, or refuses it with
/// <see cref="PipelineErrorCodes.UnsupportedFile"/> saying what was found.
/// </summary>
public static class FileSniffer
{
    /// <summary>How much of the file the sniffer wants: the first 64 KiB.</summary>
    public const int HeadSize = 64 * 1024;

    /// <summary>The note for a file with a header and nothing else (the upload adds it when the sniff could not tell yet).</summary>
    public const string HeaderOnlyNote = "The file has a header row but no data rows: there is nobody to call.";

    /// <summary>Data rows looked at, at most, to choose the delimiter.</summary>
    private const int RowsForDelimiter = 200;

    private static readonly System.Buffers.SearchValues<char> BlankChars = System.Buffers.SearchValues.Create(" \t\r\n\f\v\u001A\uFEFF");

    private static readonly byte[] Candidates = [(byte)',', (byte)';', (byte)'\t', (byte)'|'];

    /// <summary>
    /// Sniffs the head of a file.
    /// </summary>
    /// <param name="head">The first bytes of the file (<see cref="HeadSize"/> is plenty); it may cut a character or a line at its end.</param>
    /// <param name="headIsWholeFile">The head is the whole file (so its last line is complete and header-only can be told).</param>
    /// <param name="overrides">Encoding and delimiter the user chose; they win over detection.</param>
    /// <exception cref="PipelineException">UNSUPPORTED_FILE, MALFORMED_CSV (broken header) or INVALID_INPUT (bad override).</exception>
    public static SniffResult Sniff(ReadOnlySpan<byte> head, bool headIsWholeFile, SniffOptions? overrides = null)
    {
        var notes = new List<string>();
        if (head.IsEmpty)
        {
            throw Unsupported("The file is empty (0 bytes). Upload a CSV file with a header row and one row per contact.");
        }

        RefuseKnownBinaries(head);

        string encodingName;
        int preamble;
        if (!string.IsNullOrWhiteSpace(overrides?.Encoding))
        {
            encodingName = TextEncodings.Canonical(overrides.Encoding);
            preamble = TextEncodings.PreambleFor(encodingName, head);
        }
        else
        {
            (encodingName, preamble) = DetectEncoding(head, headIsWholeFile, notes);
        }

        var text = Decode(head[preamble..], encodingName, headIsWholeFile);
        RefuseBinaryText(text, encodingName, preamble);
        RefuseOtherTextFormats(text);
        if (text.AsSpan().IndexOfAnyExcept(BlankChars) < 0)
        {
            throw Unsupported(text.Length == 0
                ? "The file is empty apart from its byte order mark. Upload a CSV file with a header row and one row per contact."
                : "The file has only blank lines: there is no header row. Upload a CSV file with a header row and one row per contact.");
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var bodyStart = 0;
        char? hinted = null;
        var hasSeparatorLine = SeparatorLine(utf8, out var afterHint, out var hint);
        if (hasSeparatorLine)
        {
            bodyStart = afterHint;
            hinted = hint;
        }

        char delimiter;
        if (!string.IsNullOrWhiteSpace(overrides?.Delimiter) || overrides?.Delimiter is "\t")
        {
            delimiter = ParseDelimiter(overrides!.Delimiter!);
        }
        else if (hinted is { } h)
        {
            delimiter = h;
            notes.Add($"The file's first line (sep={Show(h)}) sets the delimiter; that line is not a row.");
        }
        else
        {
            delimiter = DetectDelimiter(utf8, bodyStart, headIsWholeFile, notes);
        }

        return Describe(utf8, bodyStart, headIsWholeFile, encodingName, preamble, delimiter, hasSeparatorLine, notes) with
        {
            EncodingGiven = !string.IsNullOrWhiteSpace(overrides?.Encoding),
        };
    }

    private static SniffResult Describe(
        byte[] utf8, int bodyStart, bool final, string encodingName, int preamble, char delimiter, bool hasSeparatorLine, List<string> notes)
    {
        var d = (byte)delimiter;
        var fields = new FieldPositions();
        var pos = bodyStart;
        long row = 1;
        ScanStatus status;
        ScanInfo info;
        while ((status = RecordScanner.Scan(utf8, pos, final, d, -1, fields, out info)) == ScanStatus.Blank)
        {
            pos = info.Next;
            row++;
        }

        if (status is ScanStatus.End || (status is ScanStatus.NeedMore && row > 1 && utf8.AsSpan(pos).IndexOfAnyExcept(d, RecordScanner.Space, RecordScanner.Tab) < 0))
        {
            throw Unsupported($"The file has only blank lines (nothing but {(delimiter == '\t' ? "tabs" : $"\"{delimiter}\"")} and spaces): there is no header row. Upload a CSV file with a header row and one row per contact.");
        }

        if (status is ScanStatus.NeedMore)
        {
            throw Unsupported(
                $"No complete header row in the first {HeadSize / 1024} KiB of the file: it has no line break there, so it does not look like a CSV contact list.");
        }

        if (status is ScanStatus.Broken)
        {
            throw new PipelineException(
                PipelineErrorCodes.MalformedCsv,
                $"The header row (row {row}) has broken quoting ({ChunkReader.BrokenMessage(info)}). Fix the first row of the file so that every quoted column name ends with a quote, then upload it again.");
        }

        if (row > 1)
        {
            notes.Add($"The file starts with {row - 1} blank line(s); the header is row {row}.");
        }

        var columns = HeaderNames(utf8, fields, notes);
        var headerRow = row;
        var endings = new int[3];
        Count(utf8, info, endings);
        pos = info.Next;

        var dataRows = 0;
        var malformed = 0;
        while (true)
        {
            status = RecordScanner.Scan(utf8, pos, final, d, columns.Count, fields, out info);
            if (status is ScanStatus.End or ScanStatus.NeedMore)
            {
                break;
            }

            Count(utf8, info, endings);
            pos = info.Next;
            if (status is ScanStatus.Blank)
            {
                continue;
            }

            dataRows++;
            if (status is ScanStatus.Broken || fields.Count != columns.Count)
            {
                malformed++;
            }
        }

        var lineEnding = endings.Max() == 0 ? LineEnding.None
            : endings[0] >= endings[1] && endings[0] >= endings[2] ? LineEnding.CrLf
            : endings[1] >= endings[2] ? LineEnding.Lf
            : LineEnding.Cr;
        if (endings.Count(n => n > 0) > 1)
        {
            notes.Add("The file mixes line break styles (CR LF, LF, CR); each is read as a line break.");
        }

        var headerOnly = final && dataRows == 0;
        if (headerOnly)
        {
            notes.Add(HeaderOnlyNote);
        }
        else if (malformed > 0)
        {
            notes.Add($"{malformed} of the first {dataRows} rows are malformed (broken quoting, or a field count unlike the header's {columns.Count}).");
        }

        if (columns.Count == 1)
        {
            notes.Add("The header has a single column.");
        }

        return new SniffResult(
            encodingName, preamble, delimiter, lineEnding, columns, hasSeparatorLine, headerRow, headerOnly, dataRows, notes);
    }

    private static void Count(byte[] utf8, ScanInfo info, int[] endings)
    {
        var n = info.Next - info.ContentEnd;
        if (n == 2)
        {
            endings[0]++;
        }
        else if (n == 1)
        {
            endings[utf8[info.ContentEnd] == RecordScanner.Lf ? 1 : 2]++;
        }
    }

    private static List<string> HeaderNames(byte[] utf8, FieldPositions fields, List<string> notes)
    {
        var names = new List<string>(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var raw = Encoding.UTF8.GetString(utf8.AsSpan(fields.Starts[i], fields.Ends[i] - fields.Starts[i]));
            if (fields.Escaped[i])
            {
                raw = raw.Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            names.Add(CleanName(raw));
        }

        // Checked first: a file without a header fails the other header checks too, with a less helpful message.
        for (var i = 0; i < names.Count; i++)
        {
            if (DataKind(names[i]) is { } kind)
            {
                throw Unsupported(
                    $"The first row looks like data, not a header: column {ColumnLabel(i)} is \"{names[i]}\", {kind}. Add a header row naming the columns (for example Contact ID, Phone), then upload the file again.");
            }
        }

        var blanks = new List<int>();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
            {
                blanks.Add(i);
            }
        }

        // A delimiter at the end of every line (a common export habit) leaves blank names only at the end: those
        // columns are named after their position and left unmapped, unless a real column already has that name.
        if (blanks.Count > 0 && blanks[0] == names.Count - blanks.Count && blanks.Count < names.Count)
        {
            var named = blanks.Select(i => $"Column {ColumnLabel(i)}").ToList();
            if (!named.Any(n => names.Contains(n, StringComparer.OrdinalIgnoreCase)))
            {
                for (var i = 0; i < blanks.Count; i++)
                {
                    names[blanks[i]] = named[i];
                }

                notes.Add(blanks.Count == 1
                    ? $"The header's last column has no name (a delimiter ends the header line); it is called \"{named[0]}\" and is not mapped unless you map it."
                    : $"The header's last {blanks.Count} columns have no names (delimiters end the header line); they are called \"{named[0]}\" … \"{named[^1]}\" and are not mapped unless you map them.");
                blanks.Clear();
            }
        }

        if (blanks.Count > 0)
        {
            var where = string.Join(", ", blanks.Select(ColumnLabel));
            throw Unsupported(blanks.Count == 1
                ? $"The header has a blank column name: column {where}. Give every column a name (or delete the empty column), then upload the file again."
                : $"The header has blank column names: columns {where}. Give every column a name (or delete the empty columns), then upload the file again.");
        }

        var duplicates = names
            .Select((name, index) => (name, index))
            .GroupBy(x => x.name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"\"{g.First().name}\" (columns {string.Join(" and ", g.Select(x => ColumnLabel(x.index)))})")
            .ToList();
        if (duplicates.Count > 0)
        {
            throw Unsupported(
                $"The header has duplicate column names: {string.Join("; ", duplicates)}. Rename them so every column has a unique name, then upload the file again.");
        }

        return names;
    }

    /// <summary>What a header cell is when it is really a value no column would be named after: a phone number or an e-mail address.</summary>
    private static string? DataKind(string name)
    {
        var digits = 0;
        var phoneShaped = true;
        foreach (var c in name)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '+' or '-' or '(' or ')' or '.'))
            {
                phoneShaped = false;
                break;
            }
        }

        // A date ("2024-01-31", "31.01.2024") can name a column in a pivoted export; it is not a phone number.
        var dateShaped = name.Length == 10 && digits == 8 && (name[4] is '-' or '.' ? name[7] == name[4] : name[2] is '-' or '.' && name[5] == name[2]);
        if (phoneShaped && digits >= 7 && !dateShaped)
        {
            return "a phone number";
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        var dot = name.LastIndexOf('.');
        return at > 0 && dot > at + 1 && dot < name.Length - 2 && name.IndexOf(' ', StringComparison.Ordinal) < 0 && name.IndexOf('@', at + 1) < 0
            ? "an e-mail address"
            : null;
    }

    /// <summary>"3 (C)": a 1-based column position with its spreadsheet letter.</summary>
    private static string ColumnLabel(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return $"{index + 1} ({letters})";
    }

    /// <summary>A header name without invisible characters, Unicode spaces as plain spaces, trimmed.</summary>
    internal static string CleanName(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            switch (c)
            {
                case '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u00AD' or '\u200E' or '\u200F':
                    break;
                case var _ when char.IsControl(c) && c is not ('\t' or '\r' or '\n'):
                    break;
                case var _ when char.IsWhiteSpace(c):
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString().Trim();
    }

    private static char DetectDelimiter(byte[] utf8, int bodyStart, bool final, List<string> notes)
    {
        var fields = new FieldPositions();
        var best = (delimiter: ',', score: -1.0, columns: 0, rows: 0);
        foreach (var d in Candidates)
        {
            var pos = bodyStart;
            ScanStatus status;
            ScanInfo info;
            while ((status = RecordScanner.Scan(utf8, pos, final, d, -1, fields, out info)) == ScanStatus.Blank)
            {
                pos = info.Next;
            }

            if (status is not ScanStatus.Record || fields.Count < 2)
            {
                continue;
            }

            var columns = fields.Count;
            pos = info.Next;
            var rows = 0;
            var consistent = 0;
            while (rows < RowsForDelimiter)
            {
                status = RecordScanner.Scan(utf8, pos, final, d, columns, fields, out info);
                if (status is ScanStatus.End or ScanStatus.NeedMore)
                {
                    break;
                }

                pos = info.Next;
                if (status is ScanStatus.Blank)
                {
                    continue;
                }

                rows++;
                if (status is ScanStatus.Record && fields.Count == columns)
                {
                    consistent++;
                }
            }

            // With data rows, the share of rows whose field count matches the header decides; with none, the header alone.
            var score = rows == 0 ? 1.0 : (double)consistent / rows;
            if (score > best.score + 1e-9 || (Math.Abs(score - best.score) < 1e-9 && columns > best.columns))
            {
                best = ((char)d, score, columns, rows);
            }
        }

        if (best.score < 0)
        {
            return ',';
        }

        if (best.rows == 0)
        {
            notes.Add($"The delimiter ({Show(best.delimiter)}) was chosen from the header alone: there are no data rows to confirm it.");
        }
        else if (best.score < 0.9)
        {
            notes.Add($"Only {best.score:P0} of the sampled rows have as many fields as the header with the delimiter {Show(best.delimiter)}.");
        }

        return best.delimiter;
    }

    /// <summary>Excel's <c>sep=;</c> first line.</summary>
    private static bool SeparatorLine(byte[] utf8, out int next, out char delimiter)
    {
        next = 0;
        delimiter = ',';
        if (utf8.Length < 5 || !Ascii.EqualsIgnoreCase(utf8.AsSpan(0, 4), "sep="u8))
        {
            return false;
        }

        var c = utf8[4];
        if (c is RecordScanner.Cr or RecordScanner.Lf or RecordScanner.Quote || c > 127)
        {
            return false;
        }

        var p = 5;
        if (p < utf8.Length && utf8[p] is not (RecordScanner.Cr or RecordScanner.Lf))
        {
            return false;
        }

        if (p < utf8.Length && utf8[p] == RecordScanner.Cr)
        {
            p++;
        }

        if (p < utf8.Length && utf8[p] == RecordScanner.Lf)
        {
            p++;
        }

        next = p;
        delimiter = (char)c;
        return true;
    }

    internal static char ParseDelimiter(string value)
    {
        var v = value is "\t" ? value : value.Trim();
        switch (v.ToLowerInvariant())
        {
            case "\t" or "\\t" or "tab":
                return '\t';
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "pipe":
                return '|';
        }

        if (v.Length == 1 && v[0] < 128 && v[0] is not ('"' or '\r' or '\n' or ' ') && !char.IsLetterOrDigit(v[0]))
        {
            return v[0];
        }

        throw new PipelineException(
            PipelineErrorCodes.InvalidInput,
            $"\"{value}\" cannot be a delimiter. Use \",\", \";\", \"|\" or \"\\t\" (tab).");
    }

    private static string Show(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        _ => $"\"{delimiter}\"",
    };

    private static (string Name, int Preamble) DetectEncoding(ReadOnlySpan<byte> head, bool final, List<string> notes)
    {
        if (head is [0xEF, 0xBB, 0xBF, ..])
        {
            return (TextEncodings.Utf8, 3);
        }

        if (head is [0xFF, 0xFE, ..])
        {
            return (TextEncodings.Utf16Le, 2);
        }

        if (head is [0xFE, 0xFF, ..])
        {
            return (TextEncodings.Utf16Be, 2);
        }

        if (LooksLikeUtf16(head, out var bigEndian))
        {
            notes.Add("The file is UTF-16 without a byte order mark.");
            return (bigEndian ? TextEncodings.Utf16Be : TextEncodings.Utf16Le, 0);
        }

        var status = Utf8.ToUtf16(head, new char[head.Length], out _, out _, replaceInvalidSequences: false, isFinalBlock: final);
        if (status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData)
        {
            return (TextEncodings.Utf8, 0);
        }

        // The chunker counts the sequences it replaces; the upload reports them.
        if (IsDamagedUtf8(head, final))
        {
            return (TextEncodings.Utf8, 0);
        }

        notes.Add("The file is not valid UTF-8: it was read as Windows-1252 (Western European). If accents look wrong, choose the encoding.");
        return (TextEncodings.Windows1252, 0);
    }

    /// <summary>
    /// Text that is not valid UTF-8 but has well-formed multi-byte characters, at least twice as many as stray bytes: UTF-8
    /// with damage, not Windows-1252, whose accented letters almost never pair up into valid UTF-8 (it takes an
    /// accented capital followed by a symbol such as € or ©). Read as Windows-1252 every accent would be garbled.
    /// </summary>
    internal static bool IsDamagedUtf8(ReadOnlySpan<byte> bytes, bool final)
    {
        var (valid, invalid) = CountUtf8Sequences(bytes, final);
        return valid >= 2 && valid >= 2 * invalid;
    }

    /// <summary>Well-formed multi-byte UTF-8 characters and invalid sequences in <paramref name="bytes"/>.</summary>
    private static (int Valid, int Invalid) CountUtf8Sequences(ReadOnlySpan<byte> bytes, bool final)
    {
        int valid = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            var ascii = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0)
            {
                break;
            }

            bytes = bytes[ascii..];
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                valid++;
            }
            else if (status == System.Buffers.OperationStatus.InvalidData || final)
            {
                invalid++;
            }
            else
            {
                break; // a character cut by the end of the head
            }

            bytes = bytes[Math.Max(consumed, 1)..];
        }

        return (valid, invalid);
    }

    /// <summary>ASCII-heavy UTF-16 without a byte order mark: every other byte is zero.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        bigEndian = false;
        var sample = head[..(Math.Min(head.Length, 4096) & ~1)];
        if (sample.Length < 8)
        {
            return false;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        if (oddZeros > pairs * 0.7 && evenZeros < pairs * 0.05)
        {
            return true;
        }

        if (evenZeros > pairs * 0.7 && oddZeros < pairs * 0.05)
        {
            bigEndian = true;
            return true;
        }

        return false;
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string encodingName, bool final)
    {
        var decoder = TextEncodings.Resolve(encodingName).GetDecoder();
        var chars = new char[decoder.GetCharCount(bytes, flush: final)];
        var n = decoder.GetChars(bytes, chars, flush: final);
        return new string(chars, 0, n);
    }

    private static void RefuseKnownBinaries(ReadOnlySpan<byte> head)
    {
        const string SaveAsCsv = "Open it in Excel and export it as CSV UTF-8 (File > Save As > \"CSV UTF-8 (Comma delimited)\"), then upload that file.";
        if (head is [0x50, 0x4B, 0x03, 0x04, ..] or [0x50, 0x4B, 0x05, 0x06, ..])
        {
            throw Unsupported($"This file looks like an Excel workbook (.xlsx) or another zip archive, not a CSV file. {SaveAsCsv}");
        }

        if (head is [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..])
        {
            throw Unsupported($"This file looks like an Excel workbook in the old .xls format, not a CSV file. {SaveAsCsv}");
        }

        if (head.StartsWith("%PDF-"u8))
        {
            throw Unsupported("This file is a PDF document, not a CSV file. Export the contact list from its source as CSV UTF-8, then upload that file.");
        }

        if (head is [0x1F, 0x8B, ..])
        {
            throw Unsupported("This file is compressed (gzip), not a CSV file. Uncompress it and upload the CSV file inside.");
        }

        if (head is [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            throw Unsupported("This file is UTF-32 text, which is not supported. Save it as CSV UTF-8, then upload it again.");
        }
    }

    private static void RefuseBinaryText(string text, string encodingName, int preamble)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var at = encodingName is TextEncodings.Utf16Le or TextEncodings.Utf16Be ? $"character {nul + 1}" : $"byte {preamble + Encoding.UTF8.GetByteCount(text.AsSpan(0, nul))}";
            throw Unsupported(
                $"This is not a text file: it contains binary data (a NUL at {at}). Upload the contact list as a CSV file (in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\").");
        }

        var controls = 0;
        foreach (var c in text)
        {
            if ((c < ' ' && c is not ('\t' or '\r' or '\n' or '\f' or '\v' or '\u001A')) || c == '\u007F')
            {
                controls++;
            }
        }

        if (controls > 32 || (controls > 0 && controls * 100 > text.Length))
        {
            throw Unsupported(
                $"This is not a text file: it contains {controls.ToString(CultureInfo.InvariantCulture)} control characters in its first {text.Length.ToString(CultureInfo.InvariantCulture)}. Upload the contact list as a CSV file (in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\").");
        }
    }

    /// <summary>
    /// JSON, HTML and XML are text, so they pass every binary check and their first line would become column names
    /// (JSON fragments, "&lt;!DOCTYPE html&gt;"). A CSV header does not start like these (SQL Server's "[Contact ID]"
    /// does start with a bracket, but not with a bracket and then a brace).
    /// </summary>
    private static void RefuseOtherTextFormats(string text)
    {
        var at = text.AsSpan().IndexOfAnyExcept(BlankChars);
        if (at < 0)
        {
            return;
        }

        var start = text.AsSpan(at);
        var lineEnd = start.IndexOfAny('\r', '\n');
        var firstLine = (lineEnd < 0 ? start : start[..lineEnd]).TrimEnd();

        var next = start.Length > 1 ? start[1..].TrimStart(" \t\r\n") : [];
        var first = next.IsEmpty ? '\0' : next[0];
        string? kind = start[0] switch
        {
            '[' when first is '{' or '[' => "JSON",
            '{' when first is '"' => "JSON",
            '<' when start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) => "XML",
            '<' when start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
                || start.StartsWith("<table", StringComparison.OrdinalIgnoreCase) => "HTML (a web page, or a spreadsheet saved as a web page)",
            // "<contacts>" or "<row id=\"1\">" alone on its line; "<Name>,<Phone>" is a header.
            '<' when (first is '!' or '?' || char.IsAsciiLetter(first)) && firstLine.EndsWith('>') && firstLine.IndexOfAny(",;\t|") < 0 => "XML or HTML",
            _ => null,
        };

        if (kind is not null)
        {
            throw Unsupported($"This file is {kind}, not a CSV file. Export the contact list as CSV (in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"), then upload that file.");
        }
    }

    private static PipelineException Unsupported(string message) => new(PipelineErrorCodes.UnsupportedFile, message);
}
