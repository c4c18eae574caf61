using System.Text;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.Tests.Pipeline.Reading;

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
}
