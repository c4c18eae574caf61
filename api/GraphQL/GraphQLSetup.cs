using GraphQL;

namespace Callaro.Api.GraphQL;

public static class GraphQLSetup
{
    public const int MaxDepth = 15;
    public const int MaxComplexity = 20_000;

    /// <summary>The schema, engine, serializer, error codes and limits: shared by the api and the schema tests.</summary>
    public static IServiceCollection AddCallaroGraphQL(this IServiceCollection services) =>
        services.AddGraphQL(graphql => graphql
            .AddSchema<CallaroSchema>()
            .AddGraphTypes(typeof(CallaroSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<CallaroErrorInfoProvider>()
            .AddValidationRule<RateLimitRule>()
            .AddComplexityAnalyzer(o =>
            {
                o.MaxDepth = MaxDepth;
                o.MaxComplexity = MaxComplexity;
                var standard = o.DefaultComplexityImpactDelegate;
                o.DefaultComplexityImpactDelegate = context => IntrospectionCost.Impact(context, standard);
            }));
}
