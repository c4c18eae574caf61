using Callaro.Api.Auth;
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
                if (owner != caller.UserId && c.GetService<ApiKeyRegistry>().UsersOf(caller.OrgId) is var users && !users.Contains(owner, StringComparer.Ordinal))
                {
                    // The owner signs off with their own key: a campaign owned by nobody could never launch.
                    throw new CallaroError(ErrorCodes.InvalidInput, $"ownerId '{owner}' is not a user of your org. Users who can own a campaign: {string.Join(", ", users)}.");
                }

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
        AddDirectoryMutations();
    }

    private void AddDirectoryMutations()
    {
        Field<NonNullGraphType<CampaignType>>("setAudienceContactIds")
            .Description("Audience from pasted contact ids (at most 100,000): pass them as a list, or the pasted text as one element (one per line, or separated by commas, semicolons, tabs or spaces). They are resolved against the contact directory; audience.directory counts unknown, suppressed and repeated ids.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("contactIds")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).SetAudienceContactIdsAsync(c.GetArgument<List<string>>("contactIds"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("setAudienceSegment")
            .Description("Audience from a segment: the count is live until launch, and launch freezes who is dialled.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("segmentId")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Campaign(c, caller, c.Id("campaignId")).SetAudienceSegmentAsync(c.Id("segmentId"), caller)).Unwrap();
            });

        Field<NonNullGraphType<CampaignType>>("splitCampaignBy")
            .Description("Splits a draft's STAGED or ATTACHED upload into one draft per distinct value of a column (or contact field), at most 50; each keeps the schedule and outcomes and holds its contacts as pasted ids. Answers the source draft, now CANCELLED, with splitInto.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<StringGraphType>("column", "A column of the file (as in upload.columns); CUSTOM-mapped columns split by their values.")
            .Argument<ContactFieldEnum>("field", "A contact field (TIMEZONE, COUNTRY, COMPANY, CONSENT, POSTAL_CODE...) instead of a column.")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var by = new SplitBy(c.GetArgument<string?>("column"), c.GetArgument<Pipeline.ContactField?>("field"));
                return (await Campaign(c, caller, c.Id("campaignId")).SplitByAsync(by, caller)).Unwrap();
            });

        Field<NonNullGraphType<SegmentType>>("createSegment")
            .Argument<NonNullGraphType<SegmentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var conditions = ((IEnumerable<object?>)input["conditions"]!).Cast<SegmentCondition>().ToList();
                return (await Segment(c, caller, NewId("seg")).CreateAsync(input["name"] as string ?? string.Empty, conditions, caller)).Unwrap();
            });

        Field<NonNullGraphType<SegmentType>>("updateSegment")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<SegmentUpdateInputType>>("input")
            .Argument<IntGraphType>("expectedVersion")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var conditions = input.TryGetValue("conditions", out var list) && list is IEnumerable<object?> items ? items.Cast<SegmentCondition>().ToList() : null;
                var name = input.TryGetValue("name", out var n) ? n as string : null;
                return (await Segment(c, caller, c.Id("id")).UpdateAsync(name, conditions, c.GetArgument<int?>("expectedVersion"), caller)).Unwrap();
            });

        Field<NonNullGraphType<SegmentType>>("deleteSegment")
            .Description("Deletes a segment (answered with deletedAt set). Drafts bound to it are no longer ready; launched campaigns keep their frozen tasks.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(Role.SalesOps);
                return (await Segment(c, caller, c.Id("id")).DeleteAsync(caller)).Unwrap();
            });
    }

    private static ISegmentGrain Segment(IResolveFieldContext c, Actor caller, string id) =>
        c.Grains().GetGrain<ISegmentGrain>(GrainKeys.Scoped(caller.OrgId, id));

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
                    caller, c.Id("campaignId"), file.FileName, file.Content, c.GetArgument<UploadOptionsPatch?>("options"), null, file.SizeHint, c.CancellationToken);
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
