using Callaro.Api.GraphQL;
using Callaro.TestSupport;
using GraphQL;
using GraphQL.Validation.Complexity;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.UnitTests.Api;

/// <summary>The complexity the served engine computes for introspection, in process (no cluster needed).</summary>
public sealed class IntrospectionCostTests
{
    private static async Task<(ExecutionResult Result, double Complexity, int Depth)> RunAsync(string query)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new RateLimitSettings());
        services.AddSingleton<RateLimits>();
        services.AddLogging();
        services.AddCallaroGraphQL();
        double complexity = -1;
        var depth = -1;
        services.Configure<ComplexityOptions>(o => o.ValidateComplexityDelegate = context =>
        {
            complexity = context.TotalImpact;
            depth = context.MaxDepth;
            return Task.CompletedTask;
        });
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<IDocumentExecuter<CallaroSchema>>().ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            RequestServices = provider,
        });
        return (result, complexity, depth);
    }

    [Fact]
    public async Task The_standard_introspection_query_costs_well_under_the_limit_and_fits_the_depth_limit()
    {
        var (result, complexity, depth) = await RunAsync(IntrospectionQueries.Standard());
        Assert.True(result.Errors is null or { Count: 0 }, string.Join("; ", result.Errors?.Select(e => e.Message) ?? []));
        Assert.InRange(complexity, 1, GraphQLSetup.MaxComplexity / 2);
        Assert.Equal(GraphQLSetup.MaxDepth, depth); // nine ofType levels under types → fields → args → type
    }

    [Fact]
    public async Task Fields_outside_introspection_cost_what_they_did()
    {
        // A list of 20 campaigns' names: the engine's own defaults, untouched.
        var (_, complexity, _) = await RunAsync("{ campaigns { nodes { id name } } }");
        var (_, withSchema, _) = await RunAsync("{ campaigns { nodes { id name } } __schema { queryType { name } } }");
        Assert.True(complexity > 1, $"complexity {complexity}");
        Assert.Equal(complexity + 3, withSchema);
    }

    [Fact]
    public async Task Nesting_a_fourth_introspection_list_charges_every_list_at_the_normal_rate()
    {
        var (result, complexity, _) = await RunAsync("{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }");
        Assert.Contains(result.Errors ?? [], e => e.Message.Contains("omplexity", StringComparison.Ordinal));
        Assert.True(complexity > GraphQLSetup.MaxComplexity, $"complexity {complexity}");
    }
}
