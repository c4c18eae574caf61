using System.Text;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reading;

/// <summary>The chunker and the reader agree on record boundaries however the file is cut, messy quoting included.</summary>
public sealed class ReadingConsistencyTests
{
    private static readonly string[] Pieces = ["a", "bc", "Zoë", ",", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", "\r", " ", "x\"y", "\n\n", ",,\n"];

    private static string MessyCsv(Random random, int length)
    {
        var sb = new StringBuilder("h1,h2,h3\n");
        while (sb.Length < length)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    [Fact]
    public void Messy_quoting_reads_the_same_in_any_chunking_and_any_slicing()
    {
        var random = new Random(12345);
        for (var file = 0; file < 300; file++)
        {
            var bytes = Encoding.UTF8.GetBytes(MessyCsv(random, random.Next(20, 400)));
            var sniff = Files.Sniff(bytes, new SniffOptions(Delimiter: ","));
            var whole = Files.Flat(Files.Rows(Files.Chunk(bytes, sniff), sniff));

            var rowsPerChunk = random.Next(1, 5);
            var sliced = Files.Flat(Files.Rows(Files.Chunk(bytes, sniff, rowsPerChunk, _ => random.Next(1, 12)), sniff));

            Assert.Equal(whole, sliced);
        }
    }

    [Fact]
    public void Every_data_row_is_returned_exactly_once_with_increasing_row_numbers()
    {
        var random = new Random(777);
        for (var file = 0; file < 100; file++)
        {
            var bytes = Encoding.UTF8.GetBytes(MessyCsv(random, 300));
            var sniff = Files.Sniff(bytes, new SniffOptions(Delimiter: ","));
            var chunker = new RawChunker(sniff, 3);

            var rows = Files.Rows(Files.Chunk(bytes, sniff, chunker: chunker), sniff);

            Assert.Equal(chunker.DataRows, rows.Count);
            Assert.True(rows.Select(r => r.RowNumber).Zip(rows.Skip(1).Select(r => r.RowNumber)).All(p => p.First < p.Second));
        }
    }

    private static readonly string[] LongPieces =
    [
        "alpha", "Ångström-Müller", "+1 415 555 0101", "someone@example.com", ",", ",", ",", ",", "\"", "\"", "\"\"",
        "\n", "\r\n", "\r", " ", "x\"y", "\n\n", ",,\n", "\t", "0123456789abcdefghijklmnopqrstuvwxyz", "😀",
    ];

    [Fact]
    public void Reader_matches_a_plain_character_by_character_model_of_the_rules()
    {
        var random = new Random(4242);
        for (var file = 0; file < 400; file++)
        {
            var sb = new StringBuilder();
            var length = random.Next(10, 1500);
            while (sb.Length < length)
            {
                sb.Append(LongPieces[random.Next(LongPieces.Length)]);
            }

            var text = sb.ToString();
            var headerCount = random.Next(1, 6);
            var expected = Model(text, headerCount, 2);

            var actual = new ChunkReader(',', headerCount).ReadAll(new RawChunk(0, 2, 0, Encoding.UTF8.GetBytes(text)));

            Assert.Equal(Files.Flat(expected), Files.Flat(actual));
        }
    }

    /// <summary>The record rule of <see cref="RecordScanner"/>, written the slow and obvious way.</summary>
    private static List<ParsedRow> Model(string text, int headerCount, long firstRow)
    {
        var rows = new List<ParsedRow>();
        var row = firstRow;
        var pos = 0;
        var n = text.Length;
        while (pos < n)
        {
            var j = pos;
            while (j < n && text[j] is ',' or ' ' or '\t')
            {
                j++;
            }

            if (j == n)
            {
                break;
            }

            if (text[j] is '\r' or '\n')
            {
                pos = AfterBreak(text, j);
                row++;
                continue;
            }

            var fields = new List<string>();
            var i = pos;
            var crossed = false;
            var crossedField = 0;
            string? error = null;
            var end = -1;
            while (error is null && end < 0)
            {
                if (i < n && text[i] == '"')
                {
                    i++;
                    var value = new StringBuilder();
                    var closed = false;
                    while (i < n)
                    {
                        if (text[i] == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"')
                            {
                                value.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            closed = true;
                            break;
                        }

                        if (text[i] is '\r' or '\n' && !crossed)
                        {
                            crossed = true;
                            crossedField = fields.Count + 1;
                        }

                        value.Append(text[i++]);
                    }

                    if (!closed)
                    {
                        error = NotClosed(crossed ? crossedField : fields.Count + 1);
                        break;
                    }

                    fields.Add(value.ToString());
                    if (crossed && headerCount >= 4 && value.ToString().Split('\r', '\n').Skip(1).Any(line => line.Count(c => c == ',') >= headerCount - 1))
                    {
                        error = NotClosed(crossedField);
                        break;
                    }

                    while (i < n && text[i] is ' ' or '\t')
                    {
                        i++;
                    }

                    if (i >= n)
                    {
                        end = n;
                    }
                    else if (text[i] == ',')
                    {
                        i++;
                    }
                    else if (text[i] is '\r' or '\n')
                    {
                        end = i;
                    }
                    else
                    {
                        error = crossed ? NotClosed(crossedField) : $"broken quoting: text follows the closing quote of field {fields.Count}";
                    }
                }
                else
                {
                    var k = i;
                    while (k < n && text[k] is not (',' or '\r' or '\n'))
                    {
                        k++;
                    }

                    fields.Add(text[i..k]);
                    if (k < n && text[k] == ',')
                    {
                        i = k + 1;
                    }
                    else
                    {
                        end = k;
                    }
                }
            }

            if (error is null && crossed && fields.Count != headerCount)
            {
                error = NotClosed(crossedField);
            }

            if (error is not null)
            {
                var lineEnd = text.IndexOfAny(['\r', '\n'], pos);
                lineEnd = lineEnd < 0 ? n : lineEnd;
                var line = Encoding.UTF8.GetBytes(text[pos..lineEnd]);
                rows.Add(new ParsedRow(row++, RecordScanner.SplitLenient(line, (byte)','), error));
                pos = lineEnd == n ? n : AfterBreak(text, lineEnd);
                continue;
            }

            rows.Add(new ParsedRow(row++, fields, fields.Count == headerCount ? null : $"row has {fields.Count} fields, header has {headerCount}"));
            pos = end == n ? n : AfterBreak(text, end);
        }

        return rows;
    }

    private static string NotClosed(int field) =>
        $"broken quoting: the quote that opens field {field} is not closed on its line; the row was read to the end of its line";

    private static int AfterBreak(string text, int at) =>
        text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? at + 2 : at + 1;
}
