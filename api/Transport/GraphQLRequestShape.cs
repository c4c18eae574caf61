using System.Text.Json;

namespace Callaro.Api.Transport;

/// <summary>
/// Checks a GraphQL-over-HTTP request's JSON before it is bound, so a wrong shape is told in the protocol's
/// terms ("'variables' must be a JSON object") instead of the binder's .NET type names.
/// </summary>
public static class GraphQLRequestShape
{
    /// <summary>What is wrong with a request body or multipart 'operations' (one request or a batch); null when the shape is right.</summary>
    public static string? Problem(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return $"it is not valid JSON ({ex.Message})";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return RequestProblem(root);
            }

            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                // A null in a batch is answered in place ("no query"), like an object without one.
                if (item.ValueKind != JsonValueKind.Null && RequestProblem(item) is { } problem)
                {
                    return $"operation {index} of the batch: {problem}";
                }

                index++;
            }

            return null;
        }
    }

    /// <summary>A GET parameter that must hold a JSON object (<c>variables</c>, <c>extensions</c>).</summary>
    public static string? ObjectParameterProblem(string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Null ? null : $"'{name}' must be a JSON object";
        }
        catch (JsonException ex)
        {
            return $"'{name}' must be a JSON object; it is not valid JSON ({ex.Message})";
        }
    }

    private static string? RequestProblem(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return "a request must be a JSON object such as {\"query\": \"...\", \"variables\": {...}}";
        }

        foreach (var property in request.EnumerateObject())
        {
            var kind = property.Value.ValueKind;
            var problem = property.Name switch
            {
                "query" or "operationName" or "documentId" when kind is not (JsonValueKind.String or JsonValueKind.Null) => $"'{property.Name}' must be a string",
                "variables" or "extensions" when kind is not (JsonValueKind.Object or JsonValueKind.Null) => $"'{property.Name}' must be a JSON object",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}
