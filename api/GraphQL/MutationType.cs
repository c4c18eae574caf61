using Callaro.Contracts;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<CampaignType>>("createCampaign")
            .Argument<NonNullGraphType<CreateCampaignInputType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = NewId("cmp");
                var owner = input.TryGetValue("ownerId", out var o) && o is string s && !string.IsNullOrWhiteSpace(s) ? s : caller.UserId;
                var name = input["name"] as string ?? string.Empty;
                return (await Campaign(c, caller, id).CreateAsync(name, owner, caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("renameCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<IntGraphType>("expectedVersion")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("id")).RenameAsync(c.GetArgument<string>("name"), c.GetArgument<int?>("expectedVersion"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("goToStep")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<WizardStepEnum>>("step")
            .Argument<IntGraphType>("expectedVersion")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("id")).GoToStepAsync(c.GetArgument<WizardStep>("step"), c.GetArgument<int?>("expectedVersion"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("setSchedule")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<ScheduleInputType>>("input")
            .Argument<IntGraphType>("expectedVersion")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).SetScheduleAsync(c.GetArgument<Schedule>("input"), c.GetArgument<int?>("expectedVersion"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("setOutcomes")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<OutcomesInputType>>("input")
            .Argument<IntGraphType>("expectedVersion")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).SetOutcomesAsync(c.GetArgument<Outcomes>("input"), c.GetArgument<int?>("expectedVersion"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("signOff")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<SignOffRoleEnum>>("role")
            .Argument<StringGraphType>("note")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                return (await Campaign(c, caller, c.Id("campaignId")).SignOffAsync(c.GetArgument<SignOffRole>("role"), c.GetArgument<string?>("note"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("cancelCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).CancelAsync(caller)).Unwrap();
            });
    }

    internal static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    private static ICampaignGrain Campaign(IResolveFieldContext c, Actor caller, string id) =>
        c.Grains().GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, id));
}
