using System.Text;
using System.Text.Json;
using Callaro.Check;

namespace Callaro.UnitTests.Pipeline.Check;

/// <summary>Runs the check command in-process and reads its JSON; writes scratch files.</summary>
internal static class CheckCli
{
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static (int Exit, JsonElement Json, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CheckCommand.Execute(args, stdout, stderr);
        var text = stdout.ToString();
        var json = exit == 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (exit, json, text, stderr.ToString());
    }

    /// <summary>Asserts the contract's invariants on a result and returns it.</summary>
    public static JsonElement AssertAddsUp(JsonElement json)
    {
        long total = json.GetProperty("totalRows").GetInt64();
        long accepted = json.GetProperty("accepted").GetInt64();
        long rejected = json.GetProperty("rejected").GetInt64();
        long duplicates = json.GetProperty("duplicates").GetInt64();
        long suppressed = json.GetProperty("suppressed").GetInt64();
        Assert.Equal(total, accepted + rejected + duplicates + suppressed);
        Assert.Equal(0, suppressed);
        long byReason = json.GetProperty("byReason").EnumerateObject().Sum(p => p.Value.GetInt64());
        Assert.Equal(rejected + duplicates + suppressed, byReason);
        Assert.True(json.GetProperty("warnings").GetInt64() <= accepted);
        return json;
    }

    public static long Reason(JsonElement json, string reason, string property = "byReason") =>
        json.GetProperty(property).TryGetProperty(reason, out var v) ? v.GetInt64() : 0;
}

/// <summary>A scratch folder deleted at the end of a test.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "callaro-check-tests", Guid.NewGuid().ToString("N"));

    public string File(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        System.IO.File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    public string File(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
