using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Callaro.Grains.Storage;

/// <summary>
/// Grain state is stored as readable JSON (UTF-8 in the payload column), so ops can inspect it
/// straight from PostgreSQL and <c>ops.grainState</c> can return it as stored.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new InvalidOperationException($"Stored state for {typeof(T).Name} is null.");
}
