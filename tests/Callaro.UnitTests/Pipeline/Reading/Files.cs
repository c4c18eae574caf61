using System.Text;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reading;

/// <summary>The test files in data/ and the whole read path over them: sniff, chunk, read.</summary>
internal static class Files
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", name));

    public static SniffResult Sniff(byte[] file, SniffOptions? overrides = null) =>
        FileSniffer.Sniff(file.AsSpan(0, Math.Min(file.Length, FileSniffer.HeadSize)), file.Length <= FileSniffer.HeadSize, overrides);

    public static SniffResult Sniff(string name, SniffOptions? overrides = null) => Sniff(Bytes(name), overrides);

    /// <summary>Cuts the file into chunks, feeding the chunker the slices <paramref name="slices"/> gives (whole file by default).</summary>
    public static List<RawChunk> Chunk(byte[] file, SniffResult sniff, int rowsPerChunk = 10_000, Func<int, int>? slices = null, RawChunker? chunker = null)
    {
        chunker ??= new RawChunker(sniff, rowsPerChunk);
        var chunks = new List<RawChunk>();
        var pos = 0;
        while (pos < file.Length)
        {
            var n = Math.Min(slices?.Invoke(file.Length - pos) ?? file.Length, file.Length - pos);
            chunker.Append(file.AsSpan(pos, n));
            pos += n;
            while (chunker.TryTakeChunk(out var c))
            {
                chunks.Add(c);
            }
        }

        chunker.Complete();
        while (chunker.TryTakeChunk(out var c))
        {
            chunks.Add(c);
        }

        return chunks;
    }

    public static List<ParsedRow> Rows(IEnumerable<RawChunk> chunks, SniffResult sniff)
    {
        var reader = new ChunkReader(sniff);
        var rows = new List<ParsedRow>();
        foreach (var chunk in chunks)
        {
            var inChunk = reader.ReadAll(chunk);
            Assert.Equal(chunk.RowCount, inChunk.Count);
            Assert.True(inChunk.Count == 0 || inChunk[0].RowNumber == chunk.FirstRowNumber, "a chunk's first row has its FirstRowNumber");
            rows.AddRange(inChunk);
        }

        return rows;
    }

    /// <summary>Sniff, chunk and read a file of data/.</summary>
    public static (SniffResult Sniff, List<ParsedRow> Rows) Read(string name, int rowsPerChunk = 10_000)
    {
        var file = Bytes(name);
        var sniff = Sniff(file);
        return (sniff, Rows(Chunk(file, sniff, rowsPerChunk), sniff));
    }

    /// <summary>Sniff, chunk and read CSV text given as a string, encoded as UTF-8.</summary>
    public static (SniffResult Sniff, List<ParsedRow> Rows) ReadText(string csv, int rowsPerChunk = 10_000)
    {
        var file = Encoding.UTF8.GetBytes(csv);
        var sniff = Sniff(file);
        return (sniff, Rows(Chunk(file, sniff, rowsPerChunk), sniff));
    }

    /// <summary>Rows as comparable text: number, fields joined, error.</summary>
    public static List<string> Flat(IEnumerable<ParsedRow> rows) =>
        rows.Select(r => $"{r.RowNumber}|{string.Join("\u241F", r.Fields)}|{r.Error}").ToList();
}
