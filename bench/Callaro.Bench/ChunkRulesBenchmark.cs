using System.Diagnostics;
using Callaro.Grains.Uploads;

namespace Callaro.Bench;

/// <summary>
/// <c>chunks [--rows N] [--file path] [--runs N] [--seed N]</c>: the row rules exactly as a chunk grain runs them
/// (<see cref="ContactChunkGrain.Validate"/>: read the chunk, validate every row, encode the COPY payload and the
/// duplicate keys), on one thread, over every 25,000-row chunk of the file. Prints rows/s, CPU and bytes allocated
/// per row for each run; the first run includes the JIT. No database, no Orleans: the CPU the silos spend on rules.
/// </summary>
public static class ChunkRulesBenchmark
{
    public static int Run(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var unknown = args.Unknown("rows", "file", "runs", "seed").ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"chunks: unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
            return 64;
        }

        var path = args.String("file") ?? MessyFileGenerator.Ensure(args.Int("rows", 1_000_000), args.Int("seed", MessyFileGenerator.DefaultSeed)).Path;
        var bytes = File.ReadAllBytes(path);
        var (chunks, job) = ValidatorWarmUp.InMemoryFile(bytes, new UploadSettings().RowsPerChunk, "bench", uploadNo: 1);
        Console.WriteLine($"Callaro chunk-rules benchmark — {path} ({bytes.Length / 1e6:F1} MB, {chunks.Count} chunks), one thread");
        Console.WriteLine();
        Console.WriteLine("| run | rows | elapsed | rows/s | CPU | allocated |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var run = 1; run <= Math.Max(1, args.Int("runs", 5)); run++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long rows = 0;
            foreach (var chunk in chunks)
            {
                using var verdicts = ContactChunkGrain.Validate(job with { ChunkNo = chunk.ChunkNo }, chunk.FirstRowNumber, chunk.Utf8);
                verdicts.Keys();
                rows += verdicts.Rows;
            }

            var elapsed = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var perRow = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Math.Max(1, rows);
            Console.WriteLine($"| {run}{(run == 1 ? " (JIT)" : string.Empty)} | {rows:N0} | {elapsed:F2} s | {rows / elapsed:N0} | {cpuSeconds:F2} core-s | {perRow:N0} B/row |");
        }

        return 0;
    }
}
