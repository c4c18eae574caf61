using System.Text;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reading;

public sealed class RawChunkerTests
{
    private static readonly string[] AllTextFiles =
    [
        "excel-windows-1252-accents.csv", "excel-unicode-text-utf16le.txt", "excel-european-semicolon.csv", "excel-sep-hint.csv",
        "mac-cr-line-endings.csv", "excel-utf8-bom.csv", "quoted-newlines.csv", "broken-quote-mid-file.csv",
        "field-count-mismatch.csv", "blank-rows.csv", "pipe-delimited.csv", "header-only.csv",
    ];

    public static TheoryData<string> TextFiles() => [.. AllTextFiles];

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void Feeding_the_chunker_one_byte_at_a_time_gives_the_same_rows_as_one_append(string name)
    {
        var file = Files.Bytes(name);
        var sniff = Files.Sniff(file);
        var whole = Files.Flat(Files.Rows(Files.Chunk(file, sniff), sniff));

        var byteByByte = Files.Flat(Files.Rows(Files.Chunk(file, sniff, slices: _ => 1), sniff));

        Assert.Equal(whole, byteByByte);
    }

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void Random_slices_and_small_chunks_give_the_same_rows_as_one_append(string name)
    {
        var file = Files.Bytes(name);
        var sniff = Files.Sniff(file);
        var whole = Files.Flat(Files.Rows(Files.Chunk(file, sniff), sniff));
        var random = new Random(name.Length);

        for (var round = 0; round < 20; round++)
        {
            var rowsPerChunk = random.Next(1, 4);
            var chunks = Files.Chunk(file, sniff, rowsPerChunk, _ => random.Next(1, 40));

            Assert.Equal(whole, Files.Flat(Files.Rows(chunks, sniff)));
            Assert.All(chunks.SkipLast(1), c => Assert.Equal(rowsPerChunk, c.RowCount));
        }
    }

    [Fact]
    public void Chunks_are_numbered_in_order_and_count_data_rows_only()
    {
        var file = Files.Bytes("blank-rows.csv");
        var sniff = Files.Sniff(file);
        var chunker = new RawChunker(sniff, 2);

        var chunks = Files.Chunk(file, sniff, chunker: chunker);

        Assert.Equal([0, 1], chunks.Select(c => c.ChunkNo));
        Assert.Equal([2, 1], chunks.Select(c => c.RowCount));
        Assert.Equal([2L, 7L], chunks.Select(c => c.FirstRowNumber));
        Assert.Equal(3, chunker.DataRows);
        Assert.Equal(4, chunker.BlankRows);
        Assert.Equal(2, chunker.ChunkCount);
        Assert.Equal(file.Length, chunker.BytesIn);
    }

    [Fact]
    public void Chunk_text_is_UTF8_without_header_or_BOM()
    {
        var file = Files.Bytes("excel-unicode-text-utf16le.txt");
        var sniff = Files.Sniff(file);

        var chunk = Assert.Single(Files.Chunk(file, sniff));

        var text = Encoding.UTF8.GetString(chunk.Utf8);
        Assert.StartsWith("1\tŁukasz Żółć\t", text, StringComparison.Ordinal);
        Assert.Equal(4, chunk.RowCount);
        Assert.Equal(2, chunk.FirstRowNumber);
    }

    [Fact]
    public void A_chunk_never_starts_with_blank_lines()
    {
        var csv = "Id,Phone\n1,a\n\n\n2,b\n";
        var file = Encoding.UTF8.GetBytes(csv);
        var sniff = Files.Sniff(file);

        var chunks = Files.Chunk(file, sniff, rowsPerChunk: 1);

        Assert.Equal("2,b\n", Encoding.UTF8.GetString(chunks[1].Utf8));
        Assert.Equal(5, chunks[1].FirstRowNumber);
    }

    [Fact]
    public void Broken_rows_are_counted()
    {
        var file = Files.Bytes("broken-quote-mid-file.csv");
        var chunker = new RawChunker(Files.Sniff(file));

        Files.Chunk(file, chunker.Sniff, chunker: chunker);

        Assert.Equal(8, chunker.DataRows);
        Assert.Equal(2, chunker.BrokenRows);
    }

    [Fact]
    public void Invalid_UTF8_later_in_the_file_becomes_replacement_characters_and_is_counted()
    {
        // UTF-8 already seen (Zoë), so a later stray byte is damage, not a sign of Windows-1252.
        var file = Encoding.UTF8.GetBytes("Id,Name\n1,Zoë\n").Concat(new byte[] { (byte)'2', (byte)',', 0xE9, (byte)'\n' }).ToArray();
        var sniff = Files.Sniff(Encoding.UTF8.GetBytes("Id,Name\n1,Zoë\n"));
        var chunker = new RawChunker(sniff);

        var rows = Files.Rows(Files.Chunk(file, sniff, slices: _ => 3, chunker: chunker), sniff);

        Assert.Equal("\uFFFD", rows[1].Fields[1]);
        Assert.Equal(1, chunker.ReplacedSequences);
    }

    [Fact]
    public void Multibyte_characters_split_between_appends_survive()
    {
        var text = "Id,Name\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"{i},Łukasz 😀 Żółć\n"));
        foreach (var encoding in new Encoding[] { new UTF8Encoding(false), Encoding.Unicode, CodePagesEncodingProvider.Instance.GetEncoding(1252)! })
        {
            var file = encoding.GetBytes(text);
            var sniff = Files.Sniff(file, new SniffOptions(Encoding: encoding.WebName));
            var whole = Files.Flat(Files.Rows(Files.Chunk(file, sniff), sniff));

            var sliced = Files.Flat(Files.Rows(Files.Chunk(file, sniff, rowsPerChunk: 7, slices: _ => 1), sniff));

            Assert.Equal(whole, sliced);
            Assert.Equal(50, whole.Count);
        }
    }

    [Fact]
    public void An_unclosed_quote_running_past_the_bound_is_cut_the_same_way_in_slices_and_chunks()
    {
        var filler = string.Concat(Enumerable.Range(0, 6000).Select(i => $"note line {i}\r\n"));
        var file = Encoding.UTF8.GetBytes($"Id,Notes,Phone\r\n1,\"{filler}2,ok,+15550002\r\n");
        var sniff = Files.Sniff(Encoding.UTF8.GetBytes("Id,Notes,Phone\r\n"));
        var whole = Files.Flat(Files.Rows(Files.Chunk(file, sniff), sniff));

        var sliced = Files.Flat(Files.Rows(Files.Chunk(file, sniff, rowsPerChunk: 7, slices: _ => 1000), sniff));

        Assert.Equal(whole, sliced);
        Assert.StartsWith("2|1␟\"note line 0|broken quoting", whole[0], StringComparison.Ordinal);
        Assert.EndsWith("|2␟ok␟+15550002|", whole[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_as_malformed_csv()
    {
        var file = Encoding.ASCII.GetBytes("Id,Notes\n1," + new string('x', 2 * 1024 * 1024) + "\n");
        var sniff = Files.Sniff(Encoding.ASCII.GetBytes("Id,Notes\n"));

        var ex = Assert.Throws<PipelineException>(() => Files.Chunk(file, sniff, slices: _ => 64 * 1024));

        Assert.Equal(PipelineErrorCodes.MalformedCsv, ex.Code);
        Assert.Contains("Row 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_reader_sniffs_the_head_and_chunks_a_file_larger_than_the_head()
    {
        var text = "Id;Name;Phone\r\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i};\"Name {i}\";+1555{i:D7}\r\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var sniffed = CsvStreamReader.Open(stream);
        var chunker = sniffed.CreateChunker(new ChunkerOptions(RowsPerChunk: 3000));
        var chunks = sniffed.ReadChunks(chunker).ToList();

        Assert.Equal(';', sniffed.Sniff.Delimiter);
        Assert.False(sniffed.Sniff.HeaderOnly);
        Assert.Equal(7, chunks.Count);
        Assert.Equal(20_000, chunks.Sum(c => c.RowCount));
        Assert.Equal(20_000, chunker.DataRows);
        var rows = Files.Rows(chunks, sniffed.Sniff);
        Assert.Equal(20_001, rows[^1].RowNumber);
        Assert.Equal("Name 20000", rows[^1].Fields[1]);
    }

    [Fact]
    public async Task Stream_reader_reads_chunks_asynchronously()
    {
        await using var stream = new MemoryStream(Files.Bytes("excel-windows-1252-accents.csv"));

        var sniffed = await CsvStreamReader.OpenAsync(stream);
        var chunks = new List<RawChunk>();
        await foreach (var chunk in sniffed.ReadChunksAsync())
        {
            chunks.Add(chunk);
        }

        Assert.Equal("windows-1252", sniffed.Sniff.EncodingName);
        Assert.Equal(5, Assert.Single(chunks).RowCount);
    }
}
