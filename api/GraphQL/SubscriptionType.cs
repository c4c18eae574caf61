using Callaro.Api.Events;
using Callaro.Contracts;
using Callaro.Db;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";

        Field<NonNullGraphType<CampaignType>>("campaignUpdated")
            .Description("Any change to the draft, readiness included. The current state comes first.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveStreamAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.Id("campaignId");
                var grains = c.Grains();
                var feed = c.GetService<ChangeFeed>();
                var grain = grains.GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, id));
                _ = await grain.GetAsync() ?? throw new CallaroError(ErrorCodes.NotFound, $"Campaign {id} does not exist.");
                await feed.Listening;
                return new ChannelObservable<ChangeNotice, object>(
                    token => feed.Subscribe(ChangeNotice.CampaignKind, caller.OrgId, id, token),
                    async (_, _) => await grain.GetAsync(),
                    async _ => await grain.GetAsync());
            });
    }
}
