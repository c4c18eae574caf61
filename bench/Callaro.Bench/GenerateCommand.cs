using System.Diagnostics;

namespace Callaro.Bench;

/// <summary><c>generate --out PATH [--rows N] [--seed N]</c>: writes a <see cref="MessyFileGenerator"/> file.</summary>
public static class GenerateCommand
{
    public static int Run(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var path = args.String("out") ?? throw new ArgumentException("--out PATH is required.");
        var watch = Stopwatch.StartNew();
        var file = MessyFileGenerator.Write(path, args.Int("rows", 1_000_000), args.Int("seed", MessyFileGenerator.DefaultSeed));
        Console.WriteLine(
            $"{file.Path}: {file.Rows:N0} rows, {file.Bytes / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s; US {file.UsNumbers:N0}, international {file.International:N0}, " +
            $"invalid {file.Invalid:N0}, scientific {file.ScientificNotation:N0}, duplicates {file.Duplicates:N0}, quoted newlines {file.QuotedNewlines:N0}");
        return 0;
    }
}
