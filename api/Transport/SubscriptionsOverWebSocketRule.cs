using GraphQL.Validation;
using GraphQLParser.AST;

namespace Callaro.Api.Transport;

/// <summary>
/// Over HTTP a subscription used to answer <c>{"data": null}</c> and nothing else: the client never learned
/// where subscriptions are. Refused at validation, before any event stream is opened.
/// </summary>
public sealed class SubscriptionsOverWebSocketRule(string socketUrl) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation == OperationType.Subscription)
        {
            context.ReportError(new SubscriptionOverHttpError(
                $"Subscriptions run over WebSocket (graphql-transport-ws) at {socketUrl}; HTTP serves queries and mutations only. Use a graphql-ws client (Apollo's GraphQLWsLink, urql's subscriptionExchange)."));
        }

        return default;
    }
}

public sealed class SubscriptionOverHttpError(string message) : ValidationError(message)
{
}
