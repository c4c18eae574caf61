using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace Callaro.Bench;

/// <summary>What the process-level benchmarks share: a database, silo and api processes from the Release build, GraphQL, /proc readings.</summary>
internal static class BenchHost
{
    internal const string Key = "bench-key";

    internal static async Task<JsonElement> GraphQLAsync(HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("errors", out var errors) ? throw new InvalidOperationException(errors.ToString()) : body.GetProperty("data");
    }

    internal static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();

            // Each run's database is kept for a look afterwards, until the next run: a million-row run leaves
            // hundreds of MB behind, and they added up to tens of GB.
            var earlier = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'", admin))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    earlier.Add(reader.GetString(0));
                }
            }

            foreach (var old in earlier)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <param name="onOutput">Sees every line the process writes to standard output (its log).</param>
    internal static Process Start(string root, string project, string dll, string database, Dictionary<string, string> extra, Action<string>? onOutput = null)
    {
        var info = new ProcessStartInfo("dotnet", dll)
        {
            WorkingDirectory = Path.Combine(root, project, "bin", "Release", "net10.0"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Callaro__Postgres"] = database;
        info.Environment["Callaro__ApiKeys__0__Key"] = Key;
        info.Environment["Callaro__ApiKeys__0__OrgId"] = "bench";
        info.Environment["Callaro__ApiKeys__0__UserId"] = "bench";
        info.Environment["Callaro__ApiKeys__0__Roles__0"] = "SALES_OPS";
        if (project == "silo" && Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") is null)
        {
            // As run.sh and the Dockerfile start a silo (see silo/Callaro.Silo.csproj).
            info.Environment["DOTNET_ReadyToRun"] = "0";
        }

        foreach (var (key, value) in extra)
        {
            info.Environment[key] = value;
        }

        if (project == "silo" && Environment.GetEnvironmentVariable("CALLARO_BENCH_PIN") is { Length: > 0 } cpus && extra.TryGetValue("CALLARO_PIN_CPU", out var cpu))
        {
            info.Arguments = string.Empty;
            info.FileName = "taskset";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpu);
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add(dll);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e) when (info.FileName == "taskset")
        {
            throw new ArgumentException($"CALLARO_BENCH_PIN needs taskset (util-linux) on the PATH: {e.Message}", e);
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            onOutput?.Invoke(e.Data);
            if (Environment.GetEnvironmentVariable("CALLARO_BENCH_VERBOSE") == "1")
            {
                Console.Error.WriteLine($"[{project}] {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{project}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient http, int silos = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silos").GetInt32() >= silos)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The api did not become healthy.");
    }

    internal static (long Busy, long Total) SystemCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        return (total - idle, total);
    }

    internal static double ProcessCpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU of the PostgreSQL server listening on <paramref name="port"/>: the postmaster, its live children
    /// (backends, writers, autovacuum) and the children it has already reaped (cutime/cstime).
    /// </summary>
    internal static double PostgresCpuSeconds(int port)
    {
        var stats = new List<(int Pid, int Parent, long Own, long Reaped)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"{dir}/stat");
                if (!stat.Contains("(postgres)", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long F(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
                stats.Add((pid, (int)F(1), F(11) + F(12), F(13) + F(14)));
            }
            catch (IOException)
            {
            }
        }

        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var postmaster in stats.Where(s => stats.All(o => o.Pid != s.Parent)))
        {
            string[] args;
            try
            {
                args = File.ReadAllText($"/proc/{postmaster.Pid}/cmdline").Split('\0');
            }
            catch (IOException)
            {
                continue;
            }

            var at = Array.IndexOf(args, "-p");
            if (at >= 0 && at + 1 < args.Length && args[at + 1] == portText)
            {
                var ticks = postmaster.Own + postmaster.Reaped + stats.Where(s => s.Parent == postmaster.Pid).Sum(s => s.Own);
                return ticks / 100.0;
            }
        }

        return double.NaN;
    }

    internal static long PeakRss(int pid) => StatusBytes(pid, "VmHWM:");

    /// <summary>
    /// The methods process <paramref name="pid"/> has JIT-compiled so far, in order, from the perf map the runtime
    /// writes with DOTNET_PerfMapEnabled=1 (stubs left out); empty without one.
    /// </summary>
    internal static IReadOnlyList<string> CompiledMethods(int pid)
    {
        var map = $"/tmp/perf-{pid}.map";
        if (!File.Exists(map))
        {
            return [];
        }

        using var stream = new FileStream(map, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var methods = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // "<address> <size> <name>"
            var name = line.Split(' ', 3) is [_, _, var rest] ? rest : line;
            if (!name.StartsWith("stub ", StringComparison.Ordinal))
            {
                methods.Add(name);
            }
        }

        return methods;
    }

    /// <summary>Resident memory now (VmRSS).</summary>
    internal static long Rss(int pid) => StatusBytes(pid, "VmRSS:");

    private static long StatusBytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callaro.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the Callaro repository.");
    }
}
