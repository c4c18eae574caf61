using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>What GraphiQL, Apollo and codegen tools send to load the schema.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class IntrospectionTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    /// <summary>
    /// The shape of graphql-js 16's introspection query with every option on (descriptions, specifiedByUrl,
    /// directiveIsRepeatable, schemaDescription, inputValueDeprecation) and GraphiQL's nine ofType levels.
    /// </summary>
    public static string StandardIntrospectionQuery(int ofTypeLevels = 9) => """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types { ...FullType }
            directives {
              name
              description
              isRepeatable
              locations
              args(includeDeprecated: true) { ...InputValue }
            }
          }
        }

        """ + Fragments(ofTypeLevels);

    /// <summary>FullType, InputValue and TypeRef (with <paramref name="ofTypeLevels"/> nested ofType).</summary>
    public static string Fragments(int ofTypeLevels = 9)
    {
        var typeRef = "kind name";
        for (var i = 0; i < ofTypeLevels; i++)
        {
            typeRef = "kind name ofType { " + typeRef + " }";
        }

        return $$"""
            fragment FullType on __Type {
              kind
              name
              description
              specifiedByURL
              fields(includeDeprecated: true) {
                name
                description
                args(includeDeprecated: true) { ...InputValue }
                type { ...TypeRef }
                isDeprecated
                deprecationReason
              }
              inputFields(includeDeprecated: true) { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }

            fragment InputValue on __InputValue {
              name
              description
              type { ...TypeRef }
              defaultValue
              isDeprecated
              deprecationReason
            }

            fragment TypeRef on __Type { {{typeRef}} }
            """;
    }

    [Fact]
    public async Task The_standard_introspection_query_with_every_option_loads_the_whole_schema()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        var schema = (await http.PostAsync(StandardIntrospectionQuery())).Ok().GetProperty("__schema");

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
        var refused = await http.PostAsync("{ " + copies + "}\n" + Fragments());
        Assert.Equal("TOO_COMPLEX", refused.ErrorCode);
    }
}
