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

        AddUploadMutations();
    }

    private void AddUploadMutations()
    {
        Field<NonNullGraphType<ContactUploadType>>("uploadContacts")
            .Description("Streams the file into a new upload of the draft (the previous one becomes SUPERSEDED). Answers once the last byte is stored; MAPPING is announced on uploadStatusChanged as soon as the head is read.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<UploadGraphType>>("file")
            .Argument<UploadOptionsInputType>("options")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var file = c.GetArgument<UploadedFile>("file")
                    ?? throw new CallaroError(ErrorCodes.InvalidInput, "file is missing: send it as a multipart upload (operations, map, file).");
                return await c.GetService<Uploads.UploadIngest>().IngestAsync(
                    caller, c.Id("campaignId"), file.FileName, file.Content, c.GetArgument<UploadOptionsPatch?>("options"), null, c.CancellationToken);
            });

        Field<NonNullGraphType<ContactUploadType>>("confirmMapping")
            .Argument<NonNullGraphType<IdGraphType>>("uploadId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnMappingInputType>>>>("mapping")
            .Argument<UploadOptionsInputType>("options")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var upload = await UploadOf(c, caller, c.Id("uploadId"));
                var current = await upload.GetAsync() ?? throw new CallaroError(ErrorCodes.NotFound, $"Upload {c.Id("uploadId")} does not exist.");
                var campaign = await c.Grains().GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, current.CampaignId)).GetAsync();
                var contactLocal = campaign?.Schedule is { Mode: ScheduleMode.ContactLocal };
                var mapping = c.GetArgument<List<Pipeline.ColumnMapping>>("mapping");
                return (await upload.ConfirmMappingAsync(mapping, c.GetArgument<UploadOptionsPatch?>("options"), contactLocal, caller)).Unwrap();
            });

        Field<NonNullGraphType<ContactUploadType>>("acknowledgeRejections")
            .Argument<NonNullGraphType<IdGraphType>>("uploadId")
            .Argument<StringGraphType>("note")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await (await UploadOf(c, caller, c.Id("uploadId"))).AcknowledgeRejectionsAsync(c.GetArgument<string?>("note"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("saveDraft")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).SaveDraftAsync(caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("launchCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).LaunchAsync(caller)).Unwrap();
            });

        Field<NonNullGraphType<SuppressionResultType>>("addSuppressions")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("phones")
            .Argument<StringGraphType>("reason")
            .Argument<StringGraphType>("defaultRegion", a => a.Description = "Region for numbers without +country (default US).")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.Compliance);
                var phones = CheckPhones(c.GetArgument<List<string>>("phones"));
                return await c.Grains().GetGrain<ISuppressionGrain>(caller.OrgId).AddAsync(phones, c.GetArgument<string?>("reason"), c.GetArgument("defaultRegion", "US"), caller);
            });

        Field<NonNullGraphType<SuppressionResultType>>("removeSuppressions")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("phones")
            .Argument<StringGraphType>("defaultRegion", a => a.Description = "Region for numbers without +country (default US).")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.Compliance);
                var phones = CheckPhones(c.GetArgument<List<string>>("phones"));
                return await c.Grains().GetGrain<ISuppressionGrain>(caller.OrgId).RemoveAsync(phones, c.GetArgument("defaultRegion", "US"), caller);
            });
    }

    private static List<string> CheckPhones(List<string> phones) => phones.Count <= 10_000
        ? phones
        : throw new CallaroError(ErrorCodes.InvalidInput, $"At most 10000 phones per call; this one has {phones.Count}.");

    private static Task<IContactUploadGrain> UploadOf(IResolveFieldContext c, Actor caller, string uploadId) =>
        Task.FromResult(c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(caller.OrgId, uploadId)));

    internal static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    private static ICampaignGrain Campaign(IResolveFieldContext c, Actor caller, string id) =>
        c.Grains().GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, id));
}
