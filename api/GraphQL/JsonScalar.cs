using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Callaro.Api.GraphQL;

/// <summary>The contract's <c>JSON</c>: any JSON value, written as is (objects, arrays, strings...).</summary>
public sealed class JsonScalar : ScalarGraphType
{
    public JsonScalar()
    {
        Name = "JSON";
        Description = "Any JSON value.";
    }

    public override object? Serialize(object? value) => value switch
    {
        JsonDocument document => document.RootElement,
        RawJson raw => JsonDocument.Parse(raw.Text).RootElement.Clone(),
        _ => value,
    };

    public override object? ParseValue(object? value) => value;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => (string)s.Value,
        GraphQLIntValue i => long.Parse(i.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLBooleanValue b => b.BoolValue,
        _ => ThrowLiteralConversionError(value),
    };
}

/// <summary>A JSON text served through <see cref="JsonScalar"/> as the value it encodes.</summary>
public sealed record RawJson(string Text);
