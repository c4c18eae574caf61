using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Callaro.Tests.Infrastructure;

/// <summary>
/// Callaro as a user runs it: silo and api processes from the build output, on their own ports,
/// clustered through a real PostgreSQL database. Tests can kill and restart any of them.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const string KeyA = "test-key-org-a";
    public const string KeyB = "test-key-org-b";
    public const string KeyViewer = "test-key-org-a-viewer";
    public const string KeyCompliance = "test-key-org-a-compliance";

    private readonly Dictionary<string, Process> processes = [];
    private readonly Dictionary<string, StringBuilder> logs = [];

    private ProcessCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public int HttpPort { get; private set; }

    public Dictionary<int, (int SiloPort, int GatewayPort)> Silos { get; } = [];

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>Extra environment for every silo (e.g. <c>Callaro__Uploads__RowsPerChunk</c>).</summary>
    public Dictionary<string, string> SiloEnvironment { get; } = [];

    /// <summary>Extra environment for the api (settings, more keys from <c>Callaro__ApiKeys__4__…</c> on).</summary>
    public Dictionary<string, string> ApiEnvironment { get; } = [];

    public static async Task<ProcessCluster> StartAsync(
        int silos, string purpose, IReadOnlyDictionary<string, string>? siloEnvironment = null, IReadOnlyDictionary<string, string>? apiEnvironment = null)
    {
        var cluster = new ProcessCluster(await TestDatabase.CreateAsync(purpose));
        foreach (var (key, value) in siloEnvironment ?? new Dictionary<string, string>())
        {
            cluster.SiloEnvironment[key] = value;
        }

        foreach (var (key, value) in apiEnvironment ?? new Dictionary<string, string>())
        {
            cluster.ApiEnvironment[key] = value;
        }

        for (var i = 1; i <= silos; i++)
        {
            await cluster.StartSiloAsync(i);
        }

        await cluster.StartApiAsync();
        return cluster;
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callaro.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cannot find Callaro.sln above the test output folder.");
        }
    }

    public Task StartSiloAsync(int index)
    {
        if (!Silos.TryGetValue(index, out var ports))
        {
            ports = (FreePort(), FreePort());
            Silos[index] = ports;
        }

        var environment = new Dictionary<string, string>(SiloEnvironment)
        {
            ["Callaro__SiloPort"] = ports.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Callaro__GatewayPort"] = ports.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Start($"silo-{index}", "silo", "Callaro.Silo.dll", environment);
        return WaitForSiloAsync(ports.SiloPort);
    }

    public async Task StartApiAsync()
    {
        HttpPort = HttpPort == 0 ? FreePort() : HttpPort;
        Start("api", "api", "Callaro.Api.dll", new Dictionary<string, string>(ApiEnvironment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}" });
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        // Health is asked, not announced: poll it, and stop at once if the process exited.
        try
        {
            await Eventually.Async(
                async () =>
                {
                    EnsureRunning("api");
                    try
                    {
                        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                        return response.StatusCode.ToString();
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return ex.Message;
                    }
                },
                answer => answer == nameof(HttpStatusCode.OK),
                TimeSpan.FromSeconds(90),
                "the api to answer /health with 200");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Log("api"), ex);
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill(string name)
    {
        if (processes.Remove(name, out var process))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>SIGTERM, as a service manager stops it: a graceful shutdown; waits (at most <paramref name="timeout"/>) for the exit.</summary>
    public async Task<bool> TerminateAsync(string name, TimeSpan timeout)
    {
        if (!processes.Remove(name, out var process))
        {
            return true;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
        finally
        {
            process.Dispose();
        }
    }

    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public string Log(string name)
    {
        lock (logs)
        {
            return logs.TryGetValue(name, out var log) ? log.ToString() : string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in processes.Keys.ToList())
        {
            if (processes.Remove(name, out var process))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
                catch (InvalidOperationException)
                {
                }

                process.Dispose();
            }
        }
    }

    private void Start(string name, string project, string dll, Dictionary<string, string> extra)
    {
        var output = Path.Combine(RepoRoot, project, "bin", BuildConfiguration, "net10.0");
        var info = new ProcessStartInfo("dotnet", dll)
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Callaro__Postgres"] = ConnectionString;
        info.Environment["Callaro__ClusterId"] = "test";
        info.Environment["Callaro__ServiceId"] = "test";
        // Many test classes share one api and KeyA: budgets are tested on purpose elsewhere, not hit by accident here.
        info.Environment["Callaro__RateLimits__MutationsPerMinute"] = "100000";
        info.Environment["Callaro__RateLimits__UploadsPerMinute"] = "10000";
        AddKey(info, 0, KeyA, "org-a", "alice", "SALES_OPS", "OPS");
        AddKey(info, 1, KeyB, "org-b", "bob", "SALES_OPS", "OPS", "COMPLIANCE");
        AddKey(info, 2, KeyViewer, "org-a", "vera", "SDR_LEAD");
        AddKey(info, 3, KeyCompliance, "org-a", "carla", "COMPLIANCE");
        foreach (var (key, value) in extra)
        {
            info.Environment[key] = value;
        }

        var log = new StringBuilder();
        lock (logs)
        {
            logs[name] = log;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes[name] = process;
    }

    private static void AddKey(ProcessStartInfo info, int index, string key, string org, string user, params string[] roles)
    {
        info.Environment[$"Callaro__ApiKeys__{index}__Key"] = key;
        info.Environment[$"Callaro__ApiKeys__{index}__OrgId"] = org;
        info.Environment[$"Callaro__ApiKeys__{index}__UserId"] = user;
        for (var r = 0; r < roles.Length; r++)
        {
            info.Environment[$"Callaro__ApiKeys__{index}__Roles__{r}"] = roles[r];
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private Task WaitForSiloAsync(int siloPort) =>
        // A silo is up when its membership row says Active (status 3); Orleans announces that nowhere but in the table.
        Eventually.Async(
            async () =>
            {
                foreach (var name in processes.Keys.Where(k => k.StartsWith("silo", StringComparison.Ordinal)))
                {
                    EnsureRunning(name);
                }

                return await TestDatabase.ScalarAsync<long>(
                    ConnectionString,
                    "SELECT count(*) FROM orleansmembershiptable WHERE port = @port AND status = 3",
                    ("port", siloPort)) > 0;
            },
            TimeSpan.FromSeconds(90),
            $"the silo on port {siloPort} to join the cluster");

    private void EnsureRunning(string name)
    {
        if (processes.TryGetValue(name, out var process) && process.HasExited)
        {
            throw new InvalidOperationException($"{name} exited with code {process.ExitCode}:\n{Log(name)}");
        }
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
