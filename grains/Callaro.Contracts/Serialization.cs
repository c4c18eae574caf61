using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Serialization;

namespace Callaro.Contracts;

public static class CallaroSerialization
{
    /// <summary>
    /// The contact pipeline stays free of Orleans attributes; its records and enums cross grain
    /// boundaries as JSON. Every silo and client must call this.
    /// </summary>
    public static ISerializerBuilder AddCallaroSerialization(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("Callaro.Pipeline", StringComparison.Ordinal) == true,
            jsonSerializerOptions: new JsonSerializerOptions(JsonSerializerDefaults.General) { Converters = { new JsonStringEnumConverter() } });
}
