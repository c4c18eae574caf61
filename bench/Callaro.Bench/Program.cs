using Callaro.Bench;

// Modes: add a line here for each new benchmark class.
var modes = new Dictionary<string, (string Help, Func<BenchArgs, int> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["pipeline"] = ("full offline pipeline (rows/s, peak memory) and sniff+suggest+preview latency", PipelineBenchmark.Run),
    ["chunks"] = ("row rules as a chunk grain runs them, one thread: rows/s, CPU, allocated B/row", ChunkRulesBenchmark.Run),
    ["endtoend"] = ("first byte to STAGED through api + silo(s) vs psql \\copy (use bench/endtoend.sh)", EndToEndBenchmark.Run),
    ["api"] = ("campaignUpdated latency, 200 uploadStatusChanged subscribers, detail-query req/s (use bench/api.sh)", ApiBenchmark.Run),
    ["generate"] = ("write a messy contact file: generate --out PATH [--rows N] [--seed N]", GenerateCommand.Run),
};

if (args.Length == 0 || !modes.TryGetValue(args[0], out var mode))
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Callaro.Bench -- MODE [options]");
    foreach (var (name, (help, _)) in modes)
    {
        Console.Error.WriteLine($"  {name,-10} {help}");
    }

    return 64;
}

try
{
    return mode.Run(new BenchArgs(args.Skip(1)));
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 64;
}
