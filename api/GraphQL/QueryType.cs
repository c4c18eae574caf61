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

        Field<NonNullGraphType<ContactConnectionType>>("contacts")
            .Description("The org contact directory (contacts of attached uploads, latest upload wins), by identifier; search matches id, phone, names, company, e-mail, CRM id.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .Argument<StringGraphType>("search")
            .ResolveAsync(async c => await c.GetService<Data.DirectoryReads>().ContactsAsync(
                c.Caller().OrgId, c.GetArgument("first", 50), c.GetArgument<string?>("after"), c.GetArgument<string?>("search"), c.CancellationToken));

        Field<ContactType>("contact")
            .Argument<NonNullGraphType<IdGraphType>>("identifier")
            .ResolveAsync(async c => await c.GetService<Data.DirectoryReads>().ContactAsync(c.Caller().OrgId, c.GetArgument<string>("identifier").Trim(), c.CancellationToken));

        Field<NonNullGraphType<SegmentConnectionType>>("segments")
            .Description("The org's segments (deleted ones left out), newest first.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var (ids, hasNext, total) = await c.GetService<Data.DirectoryReads>().SegmentIdsAsync(caller.OrgId, c.GetArgument("first", 50), c.GetArgument<string?>("after"), c.CancellationToken);
                var views = await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<ISegmentGrain>(GrainKeys.Scoped(caller.OrgId, id)).GetAsync()));
                var nodes = views.OfType<SegmentView>().ToList();
                return new Connection<SegmentView>(nodes, new PageInfo(hasNext, ids.Count == 0 ? null : Data.ReadModels.EncodeText(ids[^1])), total);
            });

        Field<SegmentType>("segment")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.GetArgument<string>("id");
                return GrainKeys.IsValidId(id) ? await c.Grains().GetGrain<ISegmentGrain>(GrainKeys.Scoped(caller.OrgId, id.Trim())).GetAsync() : null;
            });

        Field<NonNullGraphType<SegmentPreviewType>>("segmentPreview")
            .Description("What a segment with these conditions would hold now, nothing saved (the segment builder's live count).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentConditionInputType>>>>("conditions")
            .Argument<IntGraphType>("first", "Contacts to preview, 0 to 100.", a => a.DefaultValue = 10)
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var first = c.GetArgument<int>("first");
                if (first is < 0 or > 100)
                {
                    throw new CallaroError(ErrorCodes.InvalidInput, "segmentPreview(first) is between 0 and 100.");
                }

                var conditions = c.GetArgument<List<object?>>("conditions").Cast<SegmentCondition>().ToList();
                return (await c.Grains().GetGrain<ISegmentPreviewGrain>(caller.OrgId).EvaluateAsync(conditions, first)).Unwrap();
            });

        Field<NonNullGraphType<ViewerType>>("viewer").Resolve(c => c.Caller());

        Field<NonNullGraphType<OpsType>>("ops")
            .Description("Grain state, silos and running uploads. OPS role.")
            .Resolve(c => c.Require(Role.Ops));
    }
}
