using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class CallaroSchema : Schema
{
    public CallaroSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
    }
}
