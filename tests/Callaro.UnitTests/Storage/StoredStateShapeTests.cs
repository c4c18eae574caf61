using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Callaro.Pipeline;
using Callaro.Grains.Storage;

namespace Callaro.UnitTests.Storage;

/// <summary>
/// Grain state is stored as JSON by property name (<see cref="JsonGrainStateSerializer"/>): a renamed or retyped
/// property reads back as its default, silently. These tests hold each stored state's JSON shape to an approved
/// snapshot and a checked-in sample of today's stored JSON to a lossless round trip. See docs/stored-state.md.
/// </summary>
public sealed class StoredStateShapeTests
{
    private static readonly JsonSerializerOptions Options = JsonGrainStateSerializer.Options;

    private static readonly StoredJson MappingMemory = new(
        "mapping_memory", typeof(List<ColumnMapping>), "column mappings remembered per header, mapping_memory.mapping (jsonb), UploadStore.RememberMappingAsync");

    /// <summary>Every JSON the code base stores and reads back later: each grain's persistent state, and the saved mappings.</summary>
    private static readonly IReadOnlyList<StoredJson> Stored = [.. PersistentStates(), MappingMemory];

    public static TheoryData<string> Names => [.. Stored.Select(s => s.Name)];

    public static TheoryData<string> Samples =>
        [.. Directory.GetFiles(Folder(), "*.sample*.json").Where(f => !f.Contains(".received.", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_stored_state_has_the_json_shape_it_was_approved_with(string name)
    {
        var stored = Find(name);
        var shape =
            $"# {stored.Where}: {stored.Type}\n" +
            "# Its JSON as JsonGrainStateSerializer writes it: one line a property, then the enums' spellings. A line that\n" +
            "# changes here is data stored under the old line that no longer reads back: see docs/stored-state.md.\n" +
            StoredJsonShape.Describe(stored.Type, Options);

        var approvedPath = Path.Combine(Folder(), $"{name}.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        var receivedPath = Path.Combine(Folder(), $"{name}.received.txt");
        if (approved == shape)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, shape);
        Assert.Fail(
            $"The stored JSON of \"{name}\" changed shape. State already stored under the old names or types will not read back: " +
            $"migrate it (docs/stored-state.md), then review {receivedPath} and copy it over {approvedPath}.");
    }

    [Fact]
    public void Every_approved_shape_belongs_to_a_state_that_is_still_stored()
    {
        var orphans = Directory.GetFiles(Folder(), "*.approved.txt")
            .Select(f => Path.GetFileName(f)[..^".approved.txt".Length])
            .Where(n => Stored.All(s => s.Name != n))
            .ToList();

        // A state name is part of the row's key (orleansstorage.graintypestring): renaming it strands every stored row.
        Assert.True(orphans.Count == 0, $"No stored state is called {string.Join(", ", orphans)} any more: its rows in PostgreSQL are stranded. See docs/stored-state.md.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_sample_of_each_stored_state_sets_every_property(string name)
    {
        var stored = Find(name);
        var samplePath = Path.Combine(Folder(), $"{name}.sample.json");
        var sample = File.Exists(samplePath) ? JsonNode.Parse(File.ReadAllText(samplePath)) : null;

        var uncovered = StoredJsonShape.Uncovered(stored.Type, sample, Options);

        var receivedPath = Path.Combine(Folder(), $"{name}.sample.received.json");
        if (uncovered.Count == 0)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, StoredJsonShape.Sample(stored.Type, Options).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        Assert.Fail(
            $"{samplePath} leaves out {string.Join(", ", uncovered)}. A sample holds every property, so that a rename shows as a " +
            $"value that does not come back. For a new property, add it with a value (a proposal is in {receivedPath}).");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_checked_in_sample_reads_with_no_property_left_over(string file)
    {
        var stored = Find(file[..file.IndexOf(".sample", StringComparison.Ordinal)]);
        var strict = new JsonSerializerOptions(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        var error = Record.Exception(() => JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(Folder(), file)), stored.Type, strict));

        // a property no member takes is a value that would be dropped on the next write
        Assert.True(error is null, $"{file}: {error?.Message} See docs/stored-state.md: keep the old name readable.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_sample_of_each_stored_state_round_trips_through_the_storage_serializer_with_nothing_lost(string name)
    {
        var stored = Find(name);
        var sample = File.ReadAllBytes(Path.Combine(Folder(), $"{name}.sample.json"));

        var before = JsonNode.Parse(sample);
        var after = JsonNode.Parse(RoundTrip(stored.Type, sample));

        Assert.True(JsonNode.DeepEquals(before, after), $"{name}.sample.json does not come back as it was stored: {Differences(before, after)}");
    }

    /// <summary>The top-level properties that differ, for the failure message.</summary>
    private static string Differences(JsonNode? before, JsonNode? after)
    {
        if (before is not JsonObject b || after is not JsonObject a)
        {
            return $"stored {before?.ToJsonString()}, written back {after?.ToJsonString()}";
        }

        var names = b.Select(p => p.Key).Union(a.Select(p => p.Key)).Where(n => !JsonNode.DeepEquals(b[n], a[n]));
        return string.Join("; ", names.Select(n =>
            $"{n}: stored {(b.ContainsKey(n) ? b[n]?.ToJsonString() ?? "null" : "(absent)")}, written back {(a.ContainsKey(n) ? a[n]?.ToJsonString() ?? "null" : "(absent)")}"));
    }

    /// <summary>Reads and writes through the storage's own serializer instance, as the silo does.</summary>
    private static byte[] RoundTrip(Type type, byte[] json)
    {
        var serializer = new JsonGrainStateSerializer();
        var read = typeof(JsonGrainStateSerializer).GetMethod(nameof(JsonGrainStateSerializer.Deserialize))!.MakeGenericMethod(type);
        var write = typeof(JsonGrainStateSerializer).GetMethod(nameof(JsonGrainStateSerializer.Serialize))!.MakeGenericMethod(type);
        var state = read.Invoke(serializer, [BinaryData.FromBytes(json)]);
        return ((BinaryData)write.Invoke(serializer, [state])!).ToArray();
    }

    private static StoredJson Find(string name) =>
        Stored.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"No stored state is called \"{name}\".");

    private static IEnumerable<StoredJson> PersistentStates() =>
        from grain in typeof(JsonGrainStateSerializer).Assembly.GetTypes()
        from constructor in grain.GetConstructors()
        from parameter in constructor.GetParameters()
        let attribute = parameter.GetCustomAttribute<PersistentStateAttribute>()
        where attribute is not null
        orderby attribute.StateName
        select new StoredJson(
            attribute.StateName,
            parameter.ParameterType.GetGenericArguments().Single(),
            $"grain state \"{attribute.StateName}\" of {grain.Name} (storage \"{attribute.StorageName}\", orleansstorage.payloadbinary)");

    /// <summary>This source file's folder, where the approved files live; the checkout's copy when the build ran elsewhere.</summary>
    private static string Folder([CallerFilePath] string source = "")
    {
        var beside = Path.GetDirectoryName(source);
        if (beside is not null && Directory.Exists(beside))
        {
            return beside;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callaro.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(
            dir?.FullName ?? throw new InvalidOperationException("Cannot find Callaro.sln above the test output folder."),
            "tests", "Callaro.UnitTests", "Storage");
    }

    private sealed record StoredJson(string Name, Type Type, string Where);
}
