namespace Callaro.TestSupport;

/// <summary>The introspection queries GraphiQL, Apollo and codegen tools send.</summary>
public static class IntrospectionQueries
{
    /// <summary>
    /// The shape of graphql-js 16's introspection query with every option on (descriptions, specifiedByUrl,
    /// directiveIsRepeatable, schemaDescription, inputValueDeprecation) and GraphiQL's nine ofType levels.
    /// </summary>
    public static string Standard(int ofTypeLevels = 9) => """
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
}
