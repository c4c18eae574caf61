using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class CallaroSchema : Schema
{
    public CallaroSchema(IServiceProvider services, QueryType query, MutationType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
    }
}
