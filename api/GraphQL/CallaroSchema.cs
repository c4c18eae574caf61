using GraphQL;
using GraphQL.Introspection;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class CallaroSchema : Schema
{
    public CallaroSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        // What graphql-js asks for with directiveIsRepeatable / inputValueDeprecation (GraphiQL, codegen);
        // both must be set before the schema initialises.
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
    }

    /// <summary>
    /// Prices <c>__schema.types</c> and <c>directives</c> like every other introspection list
    /// (<see cref="IntrospectionCost"/>) instead of by the schema's real type count, and fills two gaps of graphql-dotnet 8's introspection that graphql-js 16's query (with specifiedByUrl and
    /// inputValueDeprecation) runs into: <c>__Type.specifiedByURL</c> (October 2021 spec) and
    /// <c>includeDeprecated</c> on <c>__Directive.args</c>. Without them the whole introspection query is invalid.
    /// </summary>
    protected override void OnBeforeInitializeType(IGraphType graphType)
    {
        switch (graphType)
        {
            case __Schema schema:
                foreach (var name in (string[])["types", "directives"])
                {
                    schema.GetField(name)?.WithComplexityImpact(context => context.Configuration.DefaultComplexityImpactDelegate(context));
                }

                break;
            case __Type type when type.GetField("specifiedByURL") is null:
                // No scalar here names a specification (@specifiedBy), so null is the spec's answer for every type.
                type.Field<StringGraphType>("specifiedByURL").Resolve(_ => null);
                break;
            case __Directive directive when directive.GetField("args") is { } args && args.Arguments?.Find("includeDeprecated") is null:
                args.Arguments ??= [];
                args.Arguments.Add(new QueryArgument<BooleanGraphType> { Name = "includeDeprecated", DefaultValue = false });
                args.Resolver = new FuncFieldResolver<Directive, object>(context =>
                {
                    IEnumerable<QueryArgument> all = context.Source.Arguments ?? [];
                    return context.GetArgument("includeDeprecated", false) ? all.ToList() : all.Where(a => string.IsNullOrWhiteSpace(a.DeprecationReason)).ToList();
                });
                break;
        }
    }
}
