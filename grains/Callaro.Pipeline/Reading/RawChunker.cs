using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Callaro.Pipeline.Reading;

/// <summary>
/// A row-aligned piece of the file: whole records (header excluded) transcoded to UTF-8, readable on its own by
/// <see cref="ChunkReader"/>. <paramref name="FirstRowNumber"/> is the spreadsheet row number of its first row
/// (the header is row 1); <paramref name="RowCount"/> counts its data rows (blank lines inside it are kept so the
/// reader can number rows honestly, but are not counted).
/// </summary>
public sealed record RawChunk(int ChunkNo, long FirstRowNumber, int RowCount, byte[] Utf8);

/// <summary>How a file is cut into chunks.</summary>
/// <param name="RowsPerChunk">Data rows per chunk (the last chunk may have fewer).</param>
/// <param name="MaxChunkBytes">A chunk is closed early when its text reaches this size (very wide rows).</param>
/// <param name="MaxLineBytes">A physical line longer than this is refused (MALFORMED_CSV): no contact row is that long.</param>
public sealed record ChunkerOptions(int RowsPerChunk = 10_000, int MaxChunkBytes = 16 * 1024 * 1024, int MaxLineBytes = 1024 * 1024);

/// <summary>
/// Cuts a file into <see cref="RawChunk"/>s as its bytes arrive, in pieces of any size, with memory bounded by one
/// chunk plus one record (never the whole file). Feed it with <see cref="Append"/>, take chunks with
/// <see cref="TryTakeChunk"/> after each call, and end with <see cref="Complete"/>.
/// </summary>
/// <remarks>
/// Records are found with the same rule as <see cref="ChunkReader"/> uses (see <see cref="RecordScanner"/>), so a
/// broken quote costs one row and never swallows the rest of the file. Blank lines before a chunk's first row are
/// dropped (their numbers are skipped); blank lines inside a chunk stay in its text so the reader numbers rows the
/// same way. Bytes that are not valid in the file's encoding become U+FFFD and are counted in
/// <see cref="ReplacedSequences"/>.
/// </remarks>
public sealed class RawChunker
{
    private const int Slice = 64 * 1024;

    private readonly SniffResult _sniff;
    private readonly ChunkerOptions _options;
    private readonly byte _delimiter;
    private readonly int _headerCount;
    private bool _utf8;
    private Decoder? _decoder;

    // UTF-8 detected from a head with nothing but ASCII, and nothing but ASCII seen since: if invalid bytes come, the
    // file may be Windows-1252 whose accents start late, and it can still switch (ASCII reads the same in both).
    private bool _onlyAsciiSoFar;
    private readonly Decoder _utf8Repair = new UTF8Encoding(false, false).GetDecoder();
    private readonly FieldPositions _fields = new();
    private readonly Queue<RawChunk> _ready = new();

    // Text not yet cut into records: _buffer[_start.._validEnd) is UTF-8 ready to scan, [_validEnd.._end) awaits validation.
    private byte[] _buffer = new byte[2 * Slice];
    private int _start;
    private int _validEnd;
    private int _end;

    private char[] _chars = [];

    private byte[] _chunk = new byte[Slice];
    private int _chunkLength;
    private int _chunkRows;
    private long _chunkFirstRow;
    private int _chunkNo;

    private long _preambleLeft;
    private State _state;
    private long _nextRow = 1;
    private bool _completed;

    public RawChunker(SniffResult sniff, int rowsPerChunk)
        : this(sniff, new ChunkerOptions(rowsPerChunk))
    {
    }

    public RawChunker(SniffResult sniff, ChunkerOptions? options = null)
    {
        _sniff = sniff;
        _options = options ?? new ChunkerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RowsPerChunk, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxLineBytes, 1024);
        _delimiter = (byte)sniff.Delimiter;
        _headerCount = sniff.Columns.Count;
        _preambleLeft = sniff.PreambleLength;
        _state = sniff.HasSeparatorLine ? State.SeparatorLine : State.Header;
        var encoding = sniff.GetEncoding();
        _utf8 = encoding.CodePage == 65001;
        _decoder = _utf8 ? null : encoding.GetDecoder();
        _onlyAsciiSoFar = _utf8 && !sniff.EncodingGiven;
        EncodingName = sniff.EncodingName;
    }

    /// <summary>The encoding the file is read in: the sniffed one, or Windows-1252 after <see cref="SwitchedEncodingAtRow"/>.</summary>
    public string EncodingName { get; private set; }

    /// <summary>
    /// Set when a file that looked like UTF-8 (nothing but ASCII in its head) turned out to be Windows-1252 further on:
    /// the row being read when the first non-ASCII bytes arrived. Everything before was ASCII, which reads the same.
    /// </summary>
    public long? SwitchedEncodingAtRow { get; private set; }

    private enum State
    {
        SeparatorLine,
        Header,
        Data,
    }

    /// <summary>Bytes of the file given so far.</summary>
    public long BytesIn { get; private set; }

    /// <summary>Data rows cut so far (header and blank lines excluded): the file's total once completed.</summary>
    public long DataRows { get; private set; }

    /// <summary>Blank lines skipped after the header.</summary>
    public long BlankRows { get; private set; }

    /// <summary>Rows whose quoting is broken (each is one line, returned by the reader as malformed).</summary>
    public long BrokenRows { get; private set; }

    /// <summary>Byte sequences that were not valid in the file's encoding and became U+FFFD.</summary>
    public long ReplacedSequences { get; private set; }

    /// <summary>Chunks cut so far.</summary>
    public int ChunkCount => _chunkNo;

    /// <summary>The row number of the last row seen (the header's when there is no data).</summary>
    public long LastRowNumber => _nextRow - 1;

    /// <summary>Gives the next piece of the file, of any length; chunks that it completes can then be taken.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The chunker has been completed.");
        }

        BytesIn += bytes.Length;
        if (_preambleLeft > 0)
        {
            var skip = (int)Math.Min(_preambleLeft, bytes.Length);
            bytes = bytes[skip..];
            _preambleLeft -= skip;
        }

        while (!bytes.IsEmpty)
        {
            var piece = bytes[..Math.Min(Slice, bytes.Length)];
            bytes = bytes[piece.Length..];
            if (_utf8)
            {
                AddUtf8(piece, final: false);
            }
            else
            {
                AddDecoded(piece, final: false);
            }

            Cut(final: false);
        }
    }

    /// <summary>Says the file has ended: the last records are cut and the last chunk is made.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        if (_utf8)
        {
            AddUtf8([], final: true);
        }
        else
        {
            AddDecoded([], final: true);
        }

        Cut(final: true);
        if (_chunkRows > 0)
        {
            Emit();
        }

        _completed = true;
    }

    /// <summary>Takes the next finished chunk, in file order.</summary>
    public bool TryTakeChunk([NotNullWhen(true)] out RawChunk? chunk) => _ready.TryDequeue(out chunk);

    private void AddUtf8(ReadOnlySpan<byte> piece, bool final)
    {
        Reserve(piece.Length);
        piece.CopyTo(_buffer.AsSpan(_end));
        _end += piece.Length;

        var pending = _buffer.AsSpan(_validEnd, _end - _validEnd);
        var incomplete = final ? 0 : IncompleteTail(pending);
        var region = pending[..^incomplete];
        if (Utf8.IsValid(region))
        {
            _onlyAsciiSoFar = _onlyAsciiSoFar && Ascii.IsValid(region);
            _validEnd += region.Length;
            return;
        }

        if (_onlyAsciiSoFar)
        {
            _onlyAsciiSoFar = false;
            var firstNonAscii = region.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (!FileSniffer.IsDamagedUtf8(pending[firstNonAscii..], final))
            {
                // The same judgement the sniffer makes on a head, made on what has arrived from the first non-ASCII byte.
                var undecoded = pending.ToArray();
                _utf8 = false;
                _decoder = TextEncodings.Windows1252Encoding.GetDecoder();
                EncodingName = TextEncodings.Windows1252;
                SwitchedEncodingAtRow = _nextRow;
                _end = _validEnd;
                AddDecoded(undecoded, final);
                return;
            }
        }

        // Repair: decode with replacement and encode again; the incomplete tail (if any) waits for more bytes.
        var tail = pending[region.Length..].ToArray();
        var text = _utf8Repair.GetCharCount(region, flush: true);
        var chars = Chars(text);
        _utf8Repair.GetChars(region, chars, flush: true);
        var repaired = chars[..text];
        ReplacedSequences += repaired.Count('\uFFFD') - CountReplacementChars(region);
        var size = Encoding.UTF8.GetByteCount(repaired);
        _end = _validEnd;
        Reserve(size + tail.Length);
        _validEnd += Encoding.UTF8.GetBytes(repaired, _buffer.AsSpan(_validEnd));
        tail.CopyTo(_buffer.AsSpan(_validEnd));
        _end = _validEnd + tail.Length;
    }

    private static int CountReplacementChars(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        ReadOnlySpan<byte> replacement = [0xEF, 0xBF, 0xBD];
        while (true)
        {
            var i = utf8.IndexOf(replacement);
            if (i < 0)
            {
                return count;
            }

            count++;
            utf8 = utf8[(i + 3)..];
        }
    }

    /// <summary>Bytes at the end that start a UTF-8 sequence not complete yet.</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> s)
    {
        for (var back = 1; back <= 3 && back <= s.Length; back++)
        {
            var b = s[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: look further back for the lead
            }

            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? back : 0;
        }

        return 0;
    }

    private void AddDecoded(ReadOnlySpan<byte> piece, bool final)
    {
        var decoder = _decoder!;
        var count = decoder.GetCharCount(piece, flush: final);
        var chars = Chars(count);
        var written = decoder.GetChars(piece, chars, flush: final);
        var text = chars[..written];
        ReplacedSequences += text.Count('\uFFFD');
        var size = Encoding.UTF8.GetByteCount(text);
        Reserve(size);
        _end += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_end));
        _validEnd = _end;
    }

    private Span<char> Chars(int count)
    {
        if (_chars.Length < count)
        {
            _chars = new char[Math.Max(count, 2 * Slice)];
        }

        return _chars.AsSpan(0, count);
    }

    /// <summary>Room for <paramref name="size"/> more bytes at <see cref="_end"/>, dropping what was consumed.</summary>
    private void Reserve(int size)
    {
        if (_end + size <= _buffer.Length)
        {
            return;
        }

        var live = _end - _start;
        if (live + size > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, live + size)];
            _buffer.AsSpan(_start, live).CopyTo(grown);
            _buffer = grown;
        }
        else
        {
            _buffer.AsSpan(_start, live).CopyTo(_buffer);
        }

        _validEnd -= _start;
        _end -= _start;
        _start = 0;
    }

    private void Cut(bool final)
    {
        var data = _buffer.AsSpan(0, _validEnd);
        var finalData = final && _validEnd == _end;
        while (true)
        {
            if (_state == State.SeparatorLine)
            {
                var e = data[_start..].IndexOfAny(RecordScanner.Cr, RecordScanner.Lf);
                if (e < 0 && !finalData)
                {
                    break;
                }

                var next = e < 0 ? data.Length : _start + e + 1;
                if (e >= 0 && data[_start + e] == RecordScanner.Cr)
                {
                    if (next >= data.Length && !finalData)
                    {
                        break;
                    }

                    if (next < data.Length && data[next] == RecordScanner.Lf)
                    {
                        next++;
                    }
                }

                _start = next;
                _state = State.Header;
                continue;
            }

            var status = RecordScanner.Scan(data, _start, finalData, _delimiter, _state == State.Header ? -1 : _headerCount, _fields, out var info);
            if (status is ScanStatus.End)
            {
                break;
            }

            if (status is ScanStatus.NeedMore)
            {
                if (_validEnd - _start > _options.MaxLineBytes)
                {
                    throw new PipelineException(
                        PipelineErrorCodes.MalformedCsv,
                        $"Row {_nextRow} is longer than {_options.MaxLineBytes / 1024} KiB without a line break: this is not a contact list the product can read. Check that the file is a CSV export.");
                }

                break;
            }

            var row = _nextRow++;
            if (_state == State.Header)
            {
                if (status is not ScanStatus.Blank)
                {
                    _state = State.Data;
                }
            }
            else if (status is ScanStatus.Blank)
            {
                BlankRows++;
                if (_chunkRows > 0)
                {
                    Take(data[_start..info.Next]);
                }
            }
            else
            {
                if (_chunkRows == 0)
                {
                    _chunkFirstRow = row;
                }

                if (status is ScanStatus.Broken)
                {
                    BrokenRows++;
                }

                Take(data[_start..info.Next]);
                _chunkRows++;
                DataRows++;
                if (_chunkRows >= _options.RowsPerChunk || _chunkLength >= _options.MaxChunkBytes)
                {
                    Emit();
                }
            }

            _start = info.Next;
        }
    }

    private void Take(ReadOnlySpan<byte> record)
    {
        if (_chunkLength + record.Length > _chunk.Length)
        {
            Array.Resize(ref _chunk, Math.Max(_chunk.Length * 2, _chunkLength + record.Length));
        }

        record.CopyTo(_chunk.AsSpan(_chunkLength));
        _chunkLength += record.Length;
    }

    private void Emit()
    {
        // Every byte is overwritten at once: no need for the zeroing a new 2.5 MB array would get.
        var utf8 = GC.AllocateUninitializedArray<byte>(_chunkLength);
        _chunk.AsSpan(0, _chunkLength).CopyTo(utf8);
        _ready.Enqueue(new RawChunk(_chunkNo++, _chunkFirstRow, _chunkRows, utf8));
        _chunkLength = 0;
        _chunkRows = 0;
    }

    /// <summary>The sniff this chunker cuts by.</summary>
    public SniffResult Sniff => _sniff;
}
