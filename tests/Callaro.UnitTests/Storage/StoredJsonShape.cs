using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Callaro.UnitTests.Storage;

/// <summary>
/// The JSON shape of a stored type as the given serializer options write it: one line a property path with its JSON
/// type, by name (declaration order does not matter to stored data, names and types do), then the enums' spellings.
/// Read from the serializer's own contract (<see cref="JsonTypeInfo"/>), so a naming policy, a
/// <c>[JsonPropertyName]</c> or an enum converter shows as it is stored.
/// </summary>
internal sealed class StoredJsonShape
{
    private readonly JsonSerializerOptions options;
    private readonly List<string> lines = [];
    private readonly SortedDictionary<string, string> enums = new(StringComparer.Ordinal);
    private readonly Stack<Type> open = new();

    private StoredJsonShape(JsonSerializerOptions options)
    {
        // what the first Serialize call does anyway: lock the options with the default (reflection) contract resolver
        options.MakeReadOnly(populateMissingResolver: true);
        this.options = options;
    }

    public static string Describe(Type root, JsonSerializerOptions options)
    {
        var shape = new StoredJsonShape(options);
        var rootType = shape.TypeOf("$", root, nullable: false);
        var text = new StringBuilder().Append("$: ").Append(rootType).Append('\n');
        foreach (var line in shape.lines)
        {
            text.Append(line).Append('\n');
        }

        foreach (var (name, values) in shape.enums)
        {
            text.Append("enum ").Append(name).Append(": ").Append(values).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A sample of <paramref name="root"/>'s stored JSON with every property set to a value that is not its default.</summary>
    public static JsonNode Sample(Type root, JsonSerializerOptions options) => new StoredJsonShape(options).SampleOf(root, 1);

    /// <summary>Paths of the shape that <paramref name="sample"/> leaves out, null or empty (a sample must exercise all of them).</summary>
    public static List<string> Uncovered(Type root, JsonNode? sample, JsonSerializerOptions options)
    {
        var missing = new List<string>();
        new StoredJsonShape(options).Cover("$", root, sample, missing);
        return missing;
    }

    private string TypeOf(string path, Type type, bool nullable)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeOf(path, underlying, nullable: true);
        }

        var suffix = nullable ? " | null" : string.Empty;
        if (Scalar(type) is { } scalar)
        {
            return scalar + suffix;
        }

        if (open.Contains(type))
        {
            return $"object ({type.Name}, recursive){suffix}";
        }

        open.Push(type);
        try
        {
            var info = options.GetTypeInfo(type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    foreach (var property in info.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        // the property's line, then its children's lines (reserved first: describing the type adds them)
                        var propertyPath = path == "$" ? property.Name : $"{path}.{property.Name}";
                        var at = lines.Count;
                        lines.Add(string.Empty);
                        var readBack = property.Set is null && property.AssociatedParameter is null ? " (written, never read back)" : string.Empty;
                        lines[at] = $"{propertyPath}: {TypeOf(propertyPath, property.PropertyType, property.IsGetNullable && !property.PropertyType.IsValueType)}{readBack}";
                    }

                    return "object" + suffix;
                case JsonTypeInfoKind.Enumerable:
                    return $"array of {TypeOf(path + "[]", info.ElementType!, nullable: false)}{suffix}";
                case JsonTypeInfoKind.Dictionary:
                    var key = TypeOf(path + "{key}", info.KeyType!, nullable: false);
                    return $"object with keys {key}, values {TypeOf(path + "{}", info.ElementType!, nullable: false)}{suffix}";
                default:
                    throw new NotSupportedException(
                        $"{path}: no JSON shape is known for {type.FullName}. Say in StoredJsonShape.Scalar what JSON it is stored as.");
            }
        }
        finally
        {
            open.Pop();
        }
    }

    /// <summary>JSON scalars: the JSON type, with the .NET type when a string carries a format.</summary>
    private string? Scalar(Type type)
    {
        if (type.IsEnum)
        {
            enums.TryAdd(type.Name, string.Join(" | ", Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, options))));
            return $"{JsonKindOf(Enum.GetValues(type).GetValue(0)!, type)} ({type.Name})";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => $"number ({type.Name})",
            TypeCode.String => "string",
            TypeCode.Char or TypeCode.DateTime => $"string ({type.Name})",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan)
                || type == typeof(Guid) || type == typeof(Uri) => $"string ({type.Name})",
            _ when type == typeof(byte[]) => "string (base64)",
            _ when type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(object) => "any JSON",
            _ => null,
        };
    }

    /// <summary>"string" with a string enum converter, "number" without one.</summary>
    private string JsonKindOf(object value, Type type) =>
        JsonSerializer.SerializeToElement(value, type, options).ValueKind == JsonValueKind.String ? "string" : "number";

    private JsonNode SampleOf(Type type, int seed)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return JsonSerializer.SerializeToNode(values.GetValue(Math.Min(seed, values.Length - 1)), type, options)!;
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Boolean:
                return JsonValue.Create(true);
            case TypeCode.Single or TypeCode.Double or TypeCode.Decimal:
                return JsonValue.Create(seed + 0.5);
            case TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64:
                return JsonValue.Create(seed);
            case TypeCode.String:
                return JsonValue.Create($"text {seed}");
        }

        if (type == typeof(DateTimeOffset))
        {
            return JsonSerializer.SerializeToNode(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddMinutes(seed), options)!;
        }

        if (Scalar(type) is not null)
        {
            throw new NotSupportedException($"Say in StoredJsonShape.SampleOf what a sample {type.Name} looks like.");
        }

        if (open.Contains(type))
        {
            throw new NotSupportedException($"{type.Name} contains itself: write its sample by hand.");
        }

        var info = options.GetTypeInfo(type);
        open.Push(type);
        try
        {
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    var obj = new JsonObject();
                    var n = seed;
                    foreach (var property in info.Properties)
                    {
                        obj[property.Name] = SampleOf(property.PropertyType, ++n);
                    }

                    return obj;
                case JsonTypeInfoKind.Enumerable:
                    return new JsonArray(SampleOf(info.ElementType!, seed + 1));
                case JsonTypeInfoKind.Dictionary:
                    var key = SampleOf(info.KeyType!, seed + 1);
                    return new JsonObject { [key.GetValueKind() == JsonValueKind.String ? key.GetValue<string>() : key.ToJsonString()] = SampleOf(info.ElementType!, seed + 2) };
                default:
                    throw new NotSupportedException($"Say in StoredJsonShape.SampleOf what a sample {type.Name} looks like.");
            }
        }
        finally
        {
            open.Pop();
        }
    }

    private void Cover(string path, Type type, JsonNode? node, List<string> missing)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null)
        {
            missing.Add(path + " (absent or null)");
            return;
        }

        if (Scalar(type) is not null || open.Contains(type))
        {
            return;
        }

        var info = options.GetTypeInfo(type);
        open.Push(type);
        try
        {
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object when node is JsonObject obj:
                    foreach (var property in info.Properties)
                    {
                        Cover(path == "$" ? property.Name : $"{path}.{property.Name}", property.PropertyType, obj[property.Name], missing);
                    }

                    break;
                case JsonTypeInfoKind.Enumerable when node is JsonArray array:
                    if (array.Count == 0)
                    {
                        missing.Add(path + "[] (empty)");
                    }

                    foreach (var item in array)
                    {
                        Cover(path + "[]", info.ElementType!, item, missing);
                    }

                    break;
                case JsonTypeInfoKind.Dictionary when node is JsonObject map:
                    if (map.Count == 0)
                    {
                        missing.Add(path + "{} (empty)");
                    }

                    foreach (var (_, value) in map)
                    {
                        Cover(path + "{}", info.ElementType!, value, missing);
                    }

                    break;
                default:
                    missing.Add($"{path} (not {info.Kind})");
                    break;
            }
        }
        finally
        {
            open.Pop();
        }
    }
}
