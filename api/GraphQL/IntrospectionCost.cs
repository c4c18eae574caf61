using GraphQL;
using GraphQL.Types;
using GraphQL.Validation.Complexity;

namespace Callaro.Api.GraphQL;

/// <summary>
/// Complexity of introspection fields. The standard introspection query (graphql-js, GraphiQL, codegen) nests
/// lists three deep (types → fields → args) and, priced like data at 20 items per list, came to ~1.4M: no tool
/// could load the schema. Introspection reads the in-memory schema, so its lists count
/// <see cref="ListMultiplier"/> items while at most <see cref="CheapListNesting"/> of them are nested: the
/// standard query then costs a few thousand, and aliased copies of it still reach the limit. Deeper nesting
/// (types → fields → type → fields → …) only multiplies the answer, so from the first list beyond that every
/// list above counts at the normal rate again.
/// </summary>
public static class IntrospectionCost
{
    /// <summary>types → fields → args (or inputFields, enumValues …): the standard query's deepest nesting.</summary>
    public const int CheapListNesting = 3;

    /// <summary>Items counted per introspection list within <see cref="CheapListNesting"/>.</summary>
    public const double ListMultiplier = 4;

    public static FieldComplexityResult Impact(FieldImpactContext context, Func<FieldImpactContext, FieldComplexityResult> fallback)
    {
        if (!IsIntrospection(context))
        {
            return fallback(context);
        }

        var listsAbove = 0;
        for (var parent = context.Parent; parent is { } p; parent = p.Parent)
        {
            if (IsIntrospectionList(p.FieldDefinition))
            {
                listsAbove++;
            }
        }

        var options = context.Configuration;
        var impact = IsLeaf(context.FieldDefinition) ? options.DefaultScalarImpact : options.DefaultObjectImpact;
        var isList = IsIntrospectionList(context.FieldDefinition);
        if (listsAbove + (isList ? 1 : 0) <= CheapListNesting)
        {
            return new FieldComplexityResult(impact, isList ? ListMultiplier : 1);
        }

        if (isList && listsAbove == CheapListNesting)
        {
            // Make up for the cheap lists above: from here on the standing multiplier is the normal one.
            var catchUp = Math.Pow(options.DefaultListImpactMultiplier / ListMultiplier, CheapListNesting);
            return new FieldComplexityResult(impact * catchUp, catchUp * options.DefaultListImpactMultiplier);
        }

        return fallback(context);
    }

    private static bool IsIntrospection(FieldImpactContext context) =>
        context.ParentType?.Name.StartsWith("__", StringComparison.Ordinal) == true
        || context.FieldDefinition.Name is "__schema" or "__type";

    /// <summary>A list of introspection objects (<c>[__Type!]</c>, <c>[__Field!]</c> …); names starting with __ are reserved for them.</summary>
    private static bool IsIntrospectionList(FieldType field) =>
        Unwrap(field.ResolvedType) is ListGraphType list
        && list.ResolvedType?.GetNamedType() is IComplexGraphType item
        && item.Name.StartsWith("__", StringComparison.Ordinal);

    private static bool IsLeaf(FieldType field) => field.ResolvedType?.GetNamedType() is ScalarGraphType or EnumerationGraphType;

    private static IGraphType? Unwrap(IGraphType? type) => type is NonNullGraphType nonNull ? nonNull.ResolvedType : type;
}
