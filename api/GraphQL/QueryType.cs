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

        Field<ContactUploadType>("upload")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.GetArgument<string>("id");
                return GrainKeys.IsValidId(id)
                    ? await c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(caller.OrgId, id.Trim())).GetAsync()
                    : null;
            });

        Field<NonNullGraphType<SuppressionConnectionType>>("suppressions")
            .Description("The org's suppression (do-not-call) list, by phone. COMPLIANCE role.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .Argument<StringGraphType>("search")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.Compliance);
                return await c.GetService<Data.ReadModels>().SuppressionsAsync(caller.OrgId, c.GetArgument("first", 50), c.GetArgument<string?>("after"), c.GetArgument<string?>("search"), c.CancellationToken);
            });

        Field<NonNullGraphType<ViewerType>>("viewer").Resolve(c => c.Caller());

        Field<NonNullGraphType<OpsType>>("ops")
            .Description("Grain state, silos and running uploads. OPS role.")
            .Resolve(c => c.Require(Role.Ops));
    }
}
