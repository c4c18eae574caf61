using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Check;

public sealed class CheckProcessTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task The_built_tool_runs_as_a_process_and_prints_one_json_object()
    {
        var dll = ToolPath();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(CheckCli.Data("excel-utf8-bom.csv"));
        info.ArgumentList.Add("--threads");
        info.ArgumentList.Add("2");

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        CheckCli.AssertAddsUp(json.RootElement);
        Assert.Equal(2, json.RootElement.GetProperty("totalRows").GetInt64());
        Assert.Equal("utf-8", json.RootElement.GetProperty("encoding").GetString());
    }

    /// <summary>The tool as built beside the tests (a project reference), else in its own output folder.</summary>
    private static string ToolPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Callaro.Check.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Callaro.Check.runtimeconfig.json")))
        {
            return beside;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callaro.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var own = Path.Combine(dir.FullName, "tools", "Callaro.Check", "bin", Configuration, "net10.0", "Callaro.Check.dll");
        Assert.True(File.Exists(own), $"the tool is built: {own}");
        return own;
    }
}
