using Callaro.Contracts;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";

        Field<CampaignType>("campaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.GetArgument<string>("id");
                return GrainKeys.IsValidId(id)
                    ? await c.Grains().GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, id.Trim())).GetAsync()
                    : null;
            });

        Field<NonNullGraphType<CampaignConnectionType>>("campaigns")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<StringGraphType>("after")
            .Argument<CampaignStatusEnum>("status")
            .ResolveAsync(async c => await c.GetService<CampaignList>().PageAsync(
                c.Caller().OrgId,
                c.GetArgument("first", 20),
                c.GetArgument<string?>("after"),
                c.GetArgument<CampaignStatus?>("status"),
                c.CancellationToken));

        Field<NonNullGraphType<ViewerType>>("viewer").Resolve(c => c.Caller());
    }
}
