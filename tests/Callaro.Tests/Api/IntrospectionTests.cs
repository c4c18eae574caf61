using System.Text.Json;
using Callaro.TestSupport;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>What GraphiQL, Apollo and codegen tools send to load the schema.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class IntrospectionTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    [Fact]
    public async Task The_standard_introspection_query_with_every_option_loads_the_whole_schema()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var schema = (await http.PostAsync(IntrospectionQueries.Standard())).Ok().GetProperty("__schema");

        Assert.Equal("Query", schema.GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal("Subscription", schema.GetProperty("subscriptionType").GetProperty("name").GetString());
        var types = schema.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Contains("Campaign", types.Keys);
        Assert.Contains("ContactUpload", types.Keys);
        Assert.Equal(JsonValueKind.Null, types["Long"].GetProperty("specifiedByURL").ValueKind);
        var include = schema.GetProperty("directives").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "include");
        Assert.False(include.GetProperty("isRepeatable").GetBoolean());
        Assert.Equal("if", include.GetProperty("args")[0].GetProperty("name").GetString());
        Assert.False(include.GetProperty("args")[0].GetProperty("isDeprecated").GetBoolean());
    }

    [Fact]
    public async Task A_short_introspection_as_older_clients_send_it_still_works()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var types = (await http.PostAsync("{ __schema { types { name fields { name args { name type { name ofType { name } } } } } } }")).Ok();
        Assert.True(types.GetProperty("__schema").GetProperty("types").GetArrayLength() > 20);
    }

    [Theory]
    [InlineData("{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }")]
    [InlineData("{ __type(name: \"Campaign\") { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } }")]
    [InlineData("{ __schema { types { interfaces { possibleTypes { interfaces { possibleTypes { name } } } } } } }")]
    public async Task Introspection_that_nests_lists_in_lists_to_multiply_its_answer_is_refused_as_too_complex(string query)
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var refused = await http.PostAsync(query);
        Assert.Equal("TOO_COMPLEX", refused.ErrorCode);
        Assert.Contains("omplexity", refused.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aliased_copies_of_the_whole_introspection_query_are_refused_as_too_complex()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var copies = string.Concat(Enumerable.Range(0, 6).Select(i => $"s{i}: __schema {{ types {{ ...FullType }} }} "));
        var refused = await http.PostAsync("{ " + copies + "}\n" + IntrospectionQueries.Fragments());
        Assert.Equal("TOO_COMPLEX", refused.ErrorCode);
    }
}
