using Callaro.Api.Data;
using Callaro.Contracts;
using Callaro.Grains.ContactDirectory;
using Callaro.Pipeline;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class ConsentEnum : ContractEnum<Consent>
{
    public ConsentEnum()
        : base("Consent")
    {
    }
}

public sealed class SegmentFieldEnum : ContractEnum<SegmentField>
{
    public SegmentFieldEnum()
        : base("SegmentField")
    {
    }
}

public sealed class SegmentOperatorEnum : ContractEnum<SegmentOperator>
{
    public SegmentOperatorEnum()
        : base("SegmentOperator")
    {
    }
}

public sealed class ContactType : ObjectGraphType<DirectoryContact>
{
    public ContactType()
    {
        Name = "Contact";
        Description = "A contact of the org directory: the latest attached upload's values for this identifier.";
        Field<NonNullGraphType<IdGraphType>>("identifier").Resolve(c => c.Source.Identifier);
        Field<NonNullGraphType<StringGraphType>>("phone").Description("E.164.").Resolve(c => c.Source.Phone);
        Field<StringGraphType>("phoneExtension").Resolve(c => c.Source.PhoneExtension);
        Field<StringGraphType>("timezone").Resolve(c => c.Source.Timezone);
        Field<StringGraphType>("firstName").Resolve(c => c.Source.FirstName);
        Field<StringGraphType>("lastName").Resolve(c => c.Source.LastName);
        Field<StringGraphType>("email").Resolve(c => c.Source.Email);
        Field<StringGraphType>("company").Resolve(c => c.Source.Company);
        Field<StringGraphType>("crmId").Resolve(c => c.Source.CrmId);
        Field<NonNullGraphType<ConsentEnum>>("consent").Resolve(c => c.Source.Consent);
        Field<StringGraphType>("postalCode").Resolve(c => c.Source.PostalCode);
        Field<StringGraphType>("country").Resolve(c => c.Source.Country);
        Field<NonNullGraphType<JsonScalar>>("custom").Description("Custom attributes (mapping customKey -> value).")
            .Resolve(c => new RawJson(c.Source.CustomJson ?? "{}"));
        Field<NonNullGraphType<BooleanGraphType>>("suppressed").Description("The phone is on the org's suppression list: never dialled.").Resolve(c => c.Source.Suppressed);
        Field<NonNullGraphType<DateTimeScalar>>("firstSeenAt").Resolve(c => c.Source.FirstSeenAt);
        Field<NonNullGraphType<DateTimeScalar>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<NonNullGraphType<IdGraphType>>("lastUploadId").Resolve(c => c.Source.LastUploadId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactUploadRefType>>>>("uploads")
            .Description("Attached uploads that carried this contact, newest first.")
            .ResolveAsync(async c => await c.GetService<DirectoryReads>().UploadsOfAsync(c.Caller().OrgId, c.Source.Identifier, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactCampaignRefType>>>>("campaigns")
            .Description("Campaigns the contact was in: through an upload, pasted ids, or a launch.")
            .ResolveAsync(async c => await c.GetService<DirectoryReads>().CampaignsOfAsync(c.Caller().OrgId, c.Source.Identifier, c.CancellationToken));
    }
}

public sealed class ContactUploadRefType : ObjectGraphType<ContactUpload>
{
    public ContactUploadRefType()
    {
        Name = "ContactUploadRef";
        Field<NonNullGraphType<IdGraphType>>("uploadId").Resolve(c => c.Source.UploadId);
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<NonNullGraphType<UploadStatusEnum>>("status").Description("The upload's status now.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeScalar>>("seenAt").Resolve(c => c.Source.SeenAt);
    }
}

public sealed class ContactCampaignRefType : ObjectGraphType<ContactCampaign>
{
    public ContactCampaignRefType()
    {
        Name = "ContactCampaignRef";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<CampaignStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("dialled").Description("A dial task was created for this contact.").Resolve(c => c.Source.Dialled);
    }
}

public sealed class ContactConnectionType : ObjectGraphType<Connection<DirectoryContact>>
{
    public ContactConnectionType()
    {
        Name = "ContactConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class DirectoryAudienceType : ObjectGraphType<DirectoryAudience>
{
    public DirectoryAudienceType()
    {
        Name = "DirectoryAudience";
        Description = "A pasted-id or segment audience resolved against the contact directory now (frozen at launch).";
        Field<NonNullGraphType<LongGraphType>>("pasted").Description("Ids in the paste, repeats included (CONTACT_IDS).").Resolve(c => c.Source.Pasted);
        Field<NonNullGraphType<LongGraphType>>("duplicatesInPaste").Description("Ids that repeated an earlier one in the paste (dropped).").Resolve(c => c.Source.DuplicatesInPaste);
        Field<NonNullGraphType<LongGraphType>>("requested").Description("Distinct ids pasted, or segment members.").Resolve(c => c.Source.Requested);
        Field<NonNullGraphType<LongGraphType>>("resolved").Description("Requested contacts found in the directory.").Resolve(c => c.Source.Resolved);
        Field<NonNullGraphType<LongGraphType>>("unknown").Description("Pasted ids the directory does not know.").Resolve(c => c.Source.Unknown);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("unknownIds").Description("The first 100 unknown ids, in paste order.").Resolve(c => c.Source.UnknownSample);
        Field<NonNullGraphType<LongGraphType>>("suppressed").Description("Resolved contacts whose phone is suppressed: not dialled.").Resolve(c => c.Source.Suppressed);
        Field<NonNullGraphType<LongGraphType>>("duplicatePhones").Description("Contacts sharing a phone with an earlier one: each phone is dialled once.").Resolve(c => c.Source.DuplicatePhones);
        Field<NonNullGraphType<LongGraphType>>("dialable").Description("What launch creates dial tasks for.").Resolve(c => c.Source.Dialable);
        Field<NonNullGraphType<LongGraphType>>("timezoneMissing").Description("Dialable contacts without a time zone (block CONTACT_LOCAL schedules).").Resolve(c => c.Source.TimezoneMissing);
    }
}

public sealed class SegmentConditionType : ObjectGraphType<SegmentCondition>
{
    public SegmentConditionType()
    {
        Name = "SegmentCondition";
        Field<NonNullGraphType<SegmentFieldEnum>>("field").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<SegmentOperatorEnum>>("operator").Resolve(c => c.Source.Operator);
        Field<StringGraphType>("key").Description("The custom attribute (CUSTOM only).").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values").Resolve(c => c.Source.Values);
    }
}

public sealed class SegmentType : ObjectGraphType<SegmentView>
{
    public SegmentType()
    {
        Name = "Segment";
        Description = "A saved filter over the contact directory: conditions combined with AND, evaluated live.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentConditionType>>>>("conditions").Resolve(c => c.Source.Conditions);
        Field<NonNullGraphType<IdGraphType>>("createdBy").Resolve(c => c.Source.CreatedBy);
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeScalar>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<DateTimeScalar>("deletedAt").Resolve(c => c.Source.DeletedAt);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<LongGraphType>>("count").Description("Directory contacts matching now.")
            .ResolveAsync(async c => (await EvaluateAsync(c, 0)).Members.Requested);
        Field<NonNullGraphType<DirectoryAudienceType>>("members").Description("Matching contacts now: suppressed, shared phones, dialable.")
            .ResolveAsync(async c => (await EvaluateAsync(c, 0)).Members);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactType>>>>("preview")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 10)
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument("first", 10);
                if (first is < 0 or > 100)
                {
                    throw new CallaroError(ErrorCodes.InvalidInput, "preview(first) is between 0 and 100.");
                }

                var evaluation = await EvaluateAsync(c, first);
                return await c.GetService<DirectoryReads>().ContactsByIdAsync(c.Caller().OrgId, evaluation.Preview, c.CancellationToken);
            });
    }

    // count and members asked together are one SQL evaluation: shared per segment object of the response.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SegmentView, Task<Result<SegmentEvaluation>>> Counted = new();

    private static async Task<SegmentEvaluation> EvaluateAsync(IResolveFieldContext<SegmentView> c, int preview)
    {
        var segment = c.Grains().GetGrain<ISegmentGrain>(GrainKeys.Scoped(c.Caller().OrgId, c.Source.Id));
        var evaluation = preview == 0 ? Counted.GetValue(c.Source, _ => segment.EvaluateAsync(0)) : segment.EvaluateAsync(preview);
        return (await evaluation).Unwrap();
    }
}

public sealed class SegmentConnectionType : ObjectGraphType<Connection<SegmentView>>
{
    public SegmentConnectionType()
    {
        Name = "SegmentConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

/// <summary>Unsaved conditions evaluated now (the segment builder's live count).</summary>
public sealed class SegmentPreviewType : ObjectGraphType<SegmentEvaluation>
{
    public SegmentPreviewType()
    {
        Name = "SegmentPreview";
        Description = "What a segment with these conditions would hold now; nothing is saved.";
        Field<NonNullGraphType<LongGraphType>>("count").Description("Directory contacts matching now.").Resolve(c => c.Source.Members.Requested);
        Field<NonNullGraphType<DirectoryAudienceType>>("members").Description("Matching contacts now: suppressed, shared phones, dialable.").Resolve(c => c.Source.Members);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactType>>>>("preview").Description("The first matching contacts.")
            .ResolveAsync(async c => await c.GetService<DirectoryReads>().ContactsByIdAsync(c.Caller().OrgId, c.Source.Preview, c.CancellationToken));
    }
}

public sealed class SegmentConditionInputType : InputObjectGraphType<SegmentCondition>
{
    public SegmentConditionInputType()
    {
        Name = "SegmentConditionInput";
        Field<NonNullGraphType<SegmentFieldEnum>>("field");
        Field<NonNullGraphType<SegmentOperatorEnum>>("operator");
        Field<StringGraphType>("key").Description("The custom attribute's key (CUSTOM only).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("values").Description("One for EQUALS, several for IN, none for EXISTS.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new SegmentCondition(
        (SegmentField)value["field"]!,
        (SegmentOperator)value["operator"]!,
        value.TryGetValue("key", out var key) ? key as string : null,
        value.TryGetValue("values", out var values) && values is IEnumerable<object?> list ? [.. list.Select(v => v as string ?? string.Empty)] : []);
}

public sealed class SegmentInputType : InputObjectGraphType
{
    public SegmentInputType()
    {
        Name = "SegmentInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentConditionInputType>>>>("conditions");
    }
}

public sealed class SegmentUpdateInputType : InputObjectGraphType
{
    public SegmentUpdateInputType()
    {
        Name = "SegmentUpdateInput";
        Field<StringGraphType>("name");
        Field<ListGraphType<NonNullGraphType<SegmentConditionInputType>>>("conditions").Description("Replaces every condition.");
    }
}

public sealed class SplitPartType : ObjectGraphType<SplitPart>
{
    public SplitPartType()
    {
        Name = "SplitPart";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<StringGraphType>("value").Description("The column's value this draft holds (null: rows where it was empty).").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<LongGraphType>>("contacts").Resolve(c => c.Source.Contacts);
        Field<CampaignType>("campaign").ResolveAsync(async c =>
            await c.Grains().GetGrain<ICampaignGrain>(GrainKeys.Scoped(c.Caller().OrgId, c.Source.CampaignId)).GetAsync());
    }
}
