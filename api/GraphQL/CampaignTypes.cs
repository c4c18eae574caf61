using Callaro.Contracts;
using GraphQL;
using Callaro.Api.Data;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class RoleEnum : ContractEnum<Role>
{
    private static readonly Dictionary<Role, string> Overrides = new() { [Role.RevOps] = "REVOPS" };

    public RoleEnum()
        : base("Role", Overrides)
    {
    }

    /// <summary>A role as the contract spells it (REVOPS, not the generic REV_OPS), for answers outside GraphQL too.</summary>
    public static string NameOf(Role role) => Overrides.TryGetValue(role, out var name) ? name : EnumNames.Constant(role);
}

public sealed class CampaignStatusEnum : ContractEnum<CampaignStatus>
{
    public CampaignStatusEnum()
        : base("CampaignStatus")
    {
    }
}

public sealed class WizardStepEnum : ContractEnum<WizardStep>
{
    public WizardStepEnum()
        : base("WizardStep")
    {
    }
}

public sealed class AudienceSourceKindEnum : ContractEnum<AudienceSourceKind>
{
    public AudienceSourceKindEnum()
        : base("AudienceSourceKind")
    {
    }
}

public sealed class ScheduleModeEnum : ContractEnum<ScheduleMode>
{
    public ScheduleModeEnum()
        : base("ScheduleMode")
    {
    }
}

public sealed class SignOffRoleEnum : ContractEnum<SignOffRole>
{
    public SignOffRoleEnum()
        : base("SignOffRole")
    {
    }
}

public sealed class DayOfWeekEnum : ContractEnum<DayOfWeek>
{
    public DayOfWeekEnum()
        : base("DayOfWeek", new Dictionary<DayOfWeek, string>
        {
            [DayOfWeek.Monday] = "MON",
            [DayOfWeek.Tuesday] = "TUE",
            [DayOfWeek.Wednesday] = "WED",
            [DayOfWeek.Thursday] = "THU",
            [DayOfWeek.Friday] = "FRI",
            [DayOfWeek.Saturday] = "SAT",
            [DayOfWeek.Sunday] = "SUN",
        })
    {
    }
}

public sealed class ViewerType : ObjectGraphType<Actor>
{
    public ViewerType()
    {
        Name = "Viewer";
        Field<NonNullGraphType<IdGraphType>>("orgId").Resolve(c => c.Source.OrgId);
        Field<NonNullGraphType<IdGraphType>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleEnum>>>>("roles").Resolve(c => c.Source.Roles);
    }
}

public sealed class StepGateType : ObjectGraphType<StepGate>
{
    public StepGateType()
    {
        Name = "StepGate";
        Field<NonNullGraphType<BooleanGraphType>>("allowed").Resolve(c => c.Source.Allowed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Resolve(c => c.Source.Reasons);
    }
}

public sealed class ReadinessCheckType : ObjectGraphType<ReadinessCheck>
{
    public ReadinessCheckType()
    {
        Name = "ReadinessCheck";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<BooleanGraphType>>("passed").Resolve(c => c.Source.Passed);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class ReadinessType : ObjectGraphType<Readiness>
{
    public ReadinessType()
    {
        Name = "Readiness";
        Field<NonNullGraphType<BooleanGraphType>>("ready").Resolve(c => c.Source.Ready);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReadinessCheckType>>>>("checks").Resolve(c => c.Source.Checks);
    }
}

public sealed class SignOffType : ObjectGraphType<SignOff>
{
    public SignOffType()
    {
        Name = "SignOff";
        Field<NonNullGraphType<SignOffRoleEnum>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<IdGraphType>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<DateTimeScalar>>("at").Resolve(c => c.Source.At);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
    }
}

public sealed class ScheduleType : ObjectGraphType<Schedule>
{
    public ScheduleType()
    {
        Name = "Schedule";
        Field<NonNullGraphType<ScheduleModeEnum>>("mode").Resolve(c => c.Source.Mode);
        Field<StringGraphType>("timezone").Resolve(c => c.Source.Timezone);
        Field<NonNullGraphType<StringGraphType>>("windowStart").Resolve(c => c.Source.WindowStart);
        Field<NonNullGraphType<StringGraphType>>("windowEnd").Resolve(c => c.Source.WindowEnd);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayOfWeekEnum>>>>("days").Resolve(c => c.Source.Days);
        Field<NonNullGraphType<StringGraphType>>("startDate").Resolve(c => c.Source.StartDate);
    }
}

public sealed class WritebackFieldType : ObjectGraphType<WritebackField>
{
    public WritebackFieldType()
    {
        Name = "WritebackField";
        Field<NonNullGraphType<StringGraphType>>("disposition").Resolve(c => c.Source.Disposition);
        Field<NonNullGraphType<StringGraphType>>("crmField").Resolve(c => c.Source.CrmField);
        Field<NonNullGraphType<StringGraphType>>("value").Resolve(c => c.Source.Value);
    }
}

public sealed class OutcomesType : ObjectGraphType<Outcomes>
{
    public OutcomesType()
    {
        Name = "Outcomes";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dispositions").Resolve(c => c.Source.Dispositions);
        Field<StringGraphType>("crmObject").Resolve(c => c.Source.CrmObject);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WritebackFieldType>>>>("writebackFields").Resolve(c => c.Source.WritebackFields);
    }
}

public sealed class AudienceType : ObjectGraphType<AudienceView>
{
    public AudienceType()
    {
        Name = "Audience";
        Field<AudienceSourceKindEnum>("source").Resolve(c => c.Source.Source);
        Field<ContactUploadType>("upload").Description("The current upload (CSV source).").Resolve(c => c.Source.Upload);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactUploadType>>>>("uploadHistory")
            .Description("Earlier uploads of this draft, newest first.")
            .ResolveAsync(async c =>
            {
                var orgId = c.Caller().OrgId;
                var views = await Task.WhenAll(c.Source.UploadHistory.Select(id => c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(orgId, id)).GetAsync()));
                return views.Where(v => v is not null).ToList();
            });
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("contactIds")
            .Description("CONTACT_IDS source: the distinct pasted ids, in paste order (null for other sources).")
            .ResolveAsync(async c => c.Source.Source == AudienceSourceKind.ContactIds
                ? await c.GetService<Data.DirectoryReads>().PastedIdsAsync(c.Caller().OrgId, c.Source.CampaignId!, c.CancellationToken)
                : null);
        Field<IdGraphType>("segmentId").Description("SEGMENT source: the bound segment.").Resolve(c => c.Source.SegmentId);
        Field<SegmentType>("segment").Description("SEGMENT source: the bound segment (deletedAt set when it was deleted).").Resolve(c => c.Source.Segment);
        Field<DirectoryAudienceType>("directory")
            .Description("CONTACT_IDS and SEGMENT sources: resolved against the contact directory now (frozen at launch): unknown, suppressed, dialable.")
            .Resolve(c => c.Source.Directory);
        Field<NonNullGraphType<LongGraphType>>("contactCount").Description("Dialable contacts the audience holds now.").Resolve(c => c.Source.ContactCount);
    }
}

public sealed class CampaignType : ObjectGraphType<CampaignView>
{
    public CampaignType()
    {
        Name = "Campaign";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<IdGraphType>>("ownerId").Resolve(c => c.Source.OwnerId);
        Field<NonNullGraphType<CampaignStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<WizardStepEnum>>("step").Resolve(c => c.Source.Step);
        Field<NonNullGraphType<StepGateType>>("canAdvance").Resolve(c => c.Source.CanAdvance);
        Field<NonNullGraphType<AudienceType>>("audience").Resolve(c => c.Source.Audience);
        Field<ScheduleType>("schedule").Resolve(c => c.Source.Schedule);
        Field<OutcomesType>("outcomes").Resolve(c => c.Source.Outcomes);
        Field<NonNullGraphType<ReadinessType>>("readiness").Resolve(c => c.Source.Readiness);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SignOffType>>>>("signOffs").Resolve(c => c.Source.SignOffs);
        Field<NonNullGraphType<LongGraphType>>("taskCount").Resolve(c => c.Source.TaskCount);
        Field<NonNullGraphType<DialTaskConnectionType>>("tasks")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c => await c.GetService<Data.ReadModels>().TasksAsync(c.Source.OrgId, c.Source.Id, c.GetArgument("first", 50), c.GetArgument<string?>("after"), c.CancellationToken));
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeScalar>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<DateTimeScalar>("launchedAt").Resolve(c => c.Source.LaunchedAt);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<IdGraphType>("splitFrom").Description("The campaign this draft was split from (splitCampaignBy).").Resolve(c => c.Source.SplitFrom);
        Field<StringGraphType>("splitValue").Description("The value of the split column this draft holds.").Resolve(c => c.Source.SplitValue);
        Field<ListGraphType<NonNullGraphType<SplitPartType>>>("splitInto").Description("The drafts this campaign was split into (it is CANCELLED).").Resolve(c => c.Source.SplitInto);
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}

public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public sealed record Connection<T>(IReadOnlyList<T> Nodes, PageInfo PageInfo, long TotalCount);

public sealed class CampaignConnectionType : ObjectGraphType<Connection<CampaignView>>
{
    public CampaignConnectionType()
    {
        Name = "CampaignConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CampaignType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class CreateCampaignInputType : InputObjectGraphType
{
    public CreateCampaignInputType()
    {
        Name = "CreateCampaignInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<IdGraphType>("ownerId");
    }
}

public sealed class ScheduleInputType : InputObjectGraphType<Schedule>
{
    public ScheduleInputType()
    {
        Name = "ScheduleInput";
        Field<NonNullGraphType<ScheduleModeEnum>>("mode");
        Field<StringGraphType>("timezone");
        Field<NonNullGraphType<StringGraphType>>("windowStart");
        Field<NonNullGraphType<StringGraphType>>("windowEnd");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayOfWeekEnum>>>>("days");
        Field<NonNullGraphType<StringGraphType>>("startDate");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new Schedule(
        (ScheduleMode)value["mode"]!,
        value.TryGetValue("timezone", out var tz) ? tz as string : null,
        (string)value["windowStart"]!,
        (string)value["windowEnd"]!,
        [.. ((IEnumerable<object?>)value["days"]!).Cast<DayOfWeek>()],
        (string)value["startDate"]!);
}

public sealed class WritebackFieldInputType : InputObjectGraphType<WritebackField>
{
    public WritebackFieldInputType()
    {
        Name = "WritebackFieldInput";
        Field<NonNullGraphType<StringGraphType>>("disposition");
        Field<NonNullGraphType<StringGraphType>>("crmField");
        Field<NonNullGraphType<StringGraphType>>("value");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new WritebackField((string)value["disposition"]!, (string)value["crmField"]!, (string)value["value"]!);
}

public sealed class OutcomesInputType : InputObjectGraphType<Outcomes>
{
    public OutcomesInputType()
    {
        Name = "OutcomesInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dispositions");
        Field<StringGraphType>("crmObject");
        Field<ListGraphType<NonNullGraphType<WritebackFieldInputType>>>("writebackFields");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new Outcomes(
        [.. ((IEnumerable<object?>)value["dispositions"]!).Cast<string>()],
        value.TryGetValue("crmObject", out var crm) ? crm as string : null,
        value.TryGetValue("writebackFields", out var fields) && fields is IEnumerable<object?> list ? [.. list.Cast<WritebackField>()] : []);
}
