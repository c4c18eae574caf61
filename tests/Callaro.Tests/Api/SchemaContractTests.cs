using Callaro.Api.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Tests.Api;

public sealed class SchemaContractTests
{
    // Not served until the org contact directory exists (their own issue).
    private static readonly HashSet<string> NotYetServed = [];

    private static ISchema ServedSchema()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new RateLimitSettings());
        services.AddSingleton<RateLimits>();
        services.AddLogging();
        services.AddCallaroGraphQL();
        var schema = services.BuildServiceProvider().GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }

    /// <summary>The contract as agreed: the shared copy when this checkout sits beside it, else the repo's copy.</summary>
    private static string ContractText()
    {
        var root = Infrastructure.ProcessCluster.RepoRoot;
        var shared = Path.Combine(root, "..", "shared", "contract", "schema.graphql");
        return File.ReadAllText(File.Exists(shared) ? shared : Path.Combine(root, "contract", "schema.graphql"));
    }

    [Fact]
    public void The_served_schema_matches_the_approved_snapshot()
    {
        var printed = ServedSchema().Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
        var approvedPath = Path.Combine(Infrastructure.ProcessCluster.RepoRoot, "tests", "Callaro.Tests", "Api", "served-schema.approved.graphql");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : string.Empty;
        if (approved != printed)
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, ".received.graphql"), printed);
        }

        Assert.True(approved == printed, $"The served schema changed. If that is deliberate, review served-schema.approved.received.graphql and copy it over {approvedPath}.");
    }

    [Fact]
    public void Every_name_in_the_contract_is_served()
    {
        var schema = ServedSchema();
        var contract = Parser.Parse(ContractText());
        var missing = new List<string>();
        foreach (var definition in contract.Definitions)
        {
            switch (definition)
            {
                case GraphQLObjectTypeDefinition type:
                    CheckFields(schema, type.Name.StringValue, type.Fields?.Items ?? [], missing);
                    break;
                case GraphQLInputObjectTypeDefinition input:
                    if (schema.AllTypes[input.Name.StringValue] is not IInputObjectGraphType served)
                    {
                        missing.Add(input.Name.StringValue);
                        break;
                    }

                    missing.AddRange(from field in input.Fields?.Items ?? []
                                     where served.GetField(field.Name.StringValue) is null
                                     select $"{input.Name.StringValue}.{field.Name.StringValue}");
                    break;
                case GraphQLEnumTypeDefinition enumType:
                    if (schema.AllTypes[enumType.Name.StringValue] is not EnumerationGraphType servedEnum)
                    {
                        missing.Add(enumType.Name.StringValue);
                        break;
                    }

                    missing.AddRange(from value in enumType.Values?.Items ?? []
                                     where servedEnum.Values.FindByName(value.Name.StringValue) is null
                                     select $"{enumType.Name.StringValue}.{value.Name.StringValue}");
                    break;
                case GraphQLScalarTypeDefinition scalar when schema.AllTypes[scalar.Name.StringValue] is null:
                    missing.Add(scalar.Name.StringValue);
                    break;
            }
        }

        Assert.Empty(missing);
    }

    private static void CheckFields(ISchema schema, string typeName, IEnumerable<GraphQLFieldDefinition> fields, List<string> missing)
    {
        if (schema.AllTypes[typeName] is not IComplexGraphType served)
        {
            missing.Add(typeName);
            return;
        }

        foreach (var field in fields)
        {
            var name = $"{typeName}.{field.Name.StringValue}";
            if (NotYetServed.Contains(name))
            {
                continue;
            }

            if (served.GetField(field.Name.StringValue) is not { } servedField)
            {
                missing.Add(name);
                continue;
            }

            missing.AddRange(from argument in field.Arguments?.Items ?? []
                             where servedField.Arguments?.Find(argument.Name.StringValue) is null
                             select $"{name}({argument.Name.StringValue})");
        }
    }
}
