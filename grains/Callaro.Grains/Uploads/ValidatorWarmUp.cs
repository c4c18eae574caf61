using System.Globalization;
using System.Text;
using Callaro.Contracts;
using Callaro.Pipeline.Mapping;
using Callaro.Pipeline.Reading;

namespace Callaro.Grains.Uploads;

/// <summary>
/// Runs the row rules over a synthetic file when a silo starts, so the first real upload does not pay for
/// the JIT and libphonenumber's metadata loading (silos run without tiered compilation: one pass compiles
/// every hot path fully optimised).
/// </summary>
public static class ValidatorWarmUp
{
    private static readonly string[] Formats = ["({0}) {1}-{2}", "{0}-{1}-{2}", "{0}.{1}.{2}", "+1 {0} {1} {2}", "1{0}{1}{2}", "{0}{1}{2} x12"];
    private static readonly string[] Zones = ["", "PST", "America/New_York", "Eastern Standard Time", "UTC-5", "", "CST", "Europe/London"];

    /// <summary>
    /// A whole file held in memory, cut into chunks as an upload would be, and the job a chunk grain would get for
    /// it with the suggested mapping (region US): for the warm-up and for benchmarks of the row rules.
    /// </summary>
    public static (List<RawChunk> Chunks, ChunkJob Job) InMemoryFile(byte[] bytes, int rowsPerChunk, string name, long uploadNo)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var sniff = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeadSize)), bytes.Length <= FileSniffer.HeadSize);
        var chunker = new RawChunker(sniff, new ChunkerOptions(RowsPerChunk: rowsPerChunk));
        chunker.Append(bytes);
        chunker.Complete();
        var chunks = new List<RawChunk>();
        while (chunker.TryTakeChunk(out var chunk))
        {
            chunks.Add(chunk);
        }

        var samples = new ChunkReader(sniff).ReadAll(chunks[0]).Take(50).Select(r => (IReadOnlyList<string>)r.Fields).ToList();
        return (chunks, new ChunkJob(name, name, 0, 1, sniff.Delimiter, sniff.Columns, MappingSuggester.Suggest(sniff.Columns, samples), "US", false, UploadNo: uploadNo));
    }

    public static void Run(int rows = 10_000, int passes = 1)
    {
        var csv = new StringBuilder("id,first,last,phone,email,tz,consent,company\n");
        for (var i = 0; i < rows; i++)
        {
            var area = 201 + (i % 700);
            var phone = i % 13 == 0
                ? "+44 20 7946 " + (i % 10000).ToString("D4", CultureInfo.InvariantCulture)
                : string.Format(CultureInfo.InvariantCulture, Formats[i % Formats.Length], area, 200 + (i % 799), (i % 10000).ToString("D4", CultureInfo.InvariantCulture));
            csv.Append(CultureInfo.InvariantCulture, $"w{i},Ann,\"Lee, Jr\",{phone},a{i}@example.com,{Zones[i % Zones.Length]},{(i % 3 == 0 ? "yes" : "no")},Acme\n");
        }

        var (chunks, job) = InMemoryFile(Encoding.UTF8.GetBytes(csv.ToString()), 10_000, "warm-up", uploadNo: 0);
        for (var pass = 0; pass < passes; pass++)
        {
            var keys = new List<Callaro.Pipeline.Validation.DedupeRow>(rows);
            foreach (var chunk in chunks)
            {
                using var verdicts = ContactChunkGrain.Validate(job, chunk.FirstRowNumber, chunk.Utf8);
                var chunkKeys = verdicts.Keys();
                for (var i = 0; i < chunkKeys.RowNumbers.Length; i++)
                {
                    keys.Add(new Callaro.Pipeline.Validation.DedupeRow(chunkKeys.RowNumbers[i], chunkKeys.PhoneKeys[i], chunkKeys.IdentifierKeys[i]));
                }
            }

            // The file-wide duplicate pass runs once per upload: warm it too.
            Callaro.Pipeline.Validation.DuplicateFinder.Find(keys, Callaro.Pipeline.DuplicatePolicy.KeepFirst, Callaro.Pipeline.DuplicateKey.Phone);
        }
    }
}
