using Callaro.Api.Data;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class SuppressionResultType : ObjectGraphType<SuppressionResult>
{
    public SuppressionResultType()
    {
        Name = "SuppressionResult";
        Field<NonNullGraphType<IntGraphType>>("added").Resolve(c => c.Source.Added);
        Field<NonNullGraphType<IntGraphType>>("removed").Resolve(c => c.Source.Removed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("invalid").Description("Values that are not dialable phone numbers; nothing was stored for them.").Resolve(c => c.Source.Invalid);
        Field<NonNullGraphType<LongGraphType>>("version").Description("The suppression list version after this change.").Resolve(c => c.Source.Version);
    }
}

public sealed class SuppressionType : ObjectGraphType<SuppressionEntry>
{
    public SuppressionType()
    {
        Name = "Suppression";
        Field<NonNullGraphType<StringGraphType>>("phone").Resolve(c => c.Source.Phone);
        Field<StringGraphType>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<IdGraphType>>("addedBy").Resolve(c => c.Source.AddedBy);
        Field<NonNullGraphType<DateTimeScalar>>("addedAt").Resolve(c => c.Source.AddedAt);
    }
}

public sealed class SuppressionConnectionType : ObjectGraphType<Connection<SuppressionEntry>>
{
    public SuppressionConnectionType()
    {
        Name = "SuppressionConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SuppressionType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class DialTaskType : ObjectGraphType<DialTaskNode>
{
    public DialTaskType()
    {
        Name = "DialTask";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("contactIdentifier").Resolve(c => c.Source.ContactIdentifier);
        Field<NonNullGraphType<StringGraphType>>("phone").Resolve(c => c.Source.Phone);
        Field<StringGraphType>("phoneExtension").Description("Dialled after the call connects (the phone stays E.164); null when the file gave none.").Resolve(c => c.Source.PhoneExtension);
        Field<StringGraphType>("timezone").Resolve(c => c.Source.Timezone);
        Field<StringGraphType>("crmId").Resolve(c => c.Source.CrmId);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => c.Source.Status);
    }
}

public sealed class DialTaskConnectionType : ObjectGraphType<Connection<DialTaskNode>>
{
    public DialTaskConnectionType()
    {
        Name = "DialTaskConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DialTaskType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class GrainKindEnum : EnumerationGraphType
{
    public GrainKindEnum()
    {
        Name = "GrainKind";
        Add("CAMPAIGN", "campaign");
        Add("UPLOAD", "upload");
        Add("CONTACT_CHUNK", "chunk");
        Add("SUPPRESSION", "suppression");
        Add("SEGMENT", "segment");
    }
}

public sealed record SiloNode(string Address, string Status, long? Activations);

public sealed class SiloInfoType : ObjectGraphType<SiloNode>
{
    public SiloInfoType()
    {
        Name = "SiloInfo";
        Field<NonNullGraphType<StringGraphType>>("address").Resolve(c => c.Source.Address);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => c.Source.Status);
        Field<LongGraphType>("activations").Resolve(c => c.Source.Activations);
    }
}

/// <summary>The ops views: OPS role only, scoped to the caller's org (silos are cluster-wide).</summary>
public sealed class OpsType : ObjectGraphType<Actor>
{
    public OpsType()
    {
        Name = "Ops";

        Field<JsonScalar>("grainState")
            .Description("The grain's persisted state as stored (JSON). key: CAMPAIGN 'cmp_…', UPLOAD 'upl_…', CONTACT_CHUNK 'upl_…/<chunkNo>', SUPPRESSION '' (your org's list), SEGMENT 'seg_…'.")
            .Argument<NonNullGraphType<GrainKindEnum>>("kind")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .ResolveAsync(async c =>
            {
                var kind = c.GetArgument<string>("kind");
                var key = c.GetArgument<string>("key").Trim();
                var orgId = c.Source.OrgId;
                var grainKey = kind switch
                {
                    "suppression" => orgId,
                    "chunk" => $"{orgId}/{key}",
                    _ when GrainKeys.IsValidId(key) => GrainKeys.Scoped(orgId, key),
                    _ => throw new CallaroError(ErrorCodes.NotFound, $"No {kind} grain '{key}' in your org."),
                };
                var json = await c.GetService<ReadModels>().GrainStateAsync(grainKey, kind, c.GetService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.ClusterOptions>>().Value.ServiceId, c.CancellationToken);
                return json is null
                    ? throw new CallaroError(ErrorCodes.NotFound, $"No stored state for {kind} '{key}' in your org.")
                    : new RawJson(json);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SiloInfoType>>>>("silos")
            .ResolveAsync(async c =>
            {
                var management = c.Grains().GetGrain<IManagementGrain>(0);
                var hosts = await management.GetHosts(onlyActive: false);
                var active = hosts.Where(h => h.Value == SiloStatus.Active).Select(h => h.Key).ToArray();
                var activations = new Dictionary<SiloAddress, long>();
                if (active.Length > 0)
                {
                    var stats = await management.GetRuntimeStatistics(active);
                    for (var i = 0; i < active.Length; i++)
                    {
                        activations[active[i]] = stats[i].ActivationCount;
                    }
                }

                return hosts
                    .Where(h => h.Value is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown or SiloStatus.Stopping)
                    .Select(h => new SiloNode(h.Key.ToString(), h.Value.ToString().ToUpperInvariant(), activations.TryGetValue(h.Key, out var n) ? n : null))
                    .ToList();
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactUploadType>>>>("activeUploads")
            .Description("Uploads of your org still RECEIVING, MAPPING or VALIDATING.")
            .ResolveAsync(async c =>
            {
                var ids = await c.GetService<ReadModels>().ActiveUploadIdsAsync(c.Source.OrgId, c.CancellationToken);
                var views = await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(c.Source.OrgId, id)).GetAsync()));
                return views.Where(v => v is not null).ToList();
            });
    }
}
