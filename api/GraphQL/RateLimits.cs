using System.Globalization;
using System.Threading.RateLimiting;
using Callaro.Contracts;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Callaro.Api.GraphQL;

/// <summary>Per-key budgets (section <c>Callaro:RateLimits</c>).</summary>
public sealed record RateLimitSettings
{
    public int MutationsPerMinute { get; init; } = 600;

    public int UploadsPerMinute { get; init; } = 30;
}

/// <summary>Token buckets per API user: one for mutations, one for uploads (GraphQL or PUT).</summary>
public sealed class RateLimits(RateLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> mutations = Bucket(settings.MutationsPerMinute);
    private readonly PartitionedRateLimiter<string> uploads = Bucket(settings.UploadsPerMinute);

    public RateLimitSettings Settings => settings;

    /// <summary>Null when allowed, else the message to send with RATE_LIMITED.</summary>
    public string? TryMutation(Actor caller) => Take(mutations, caller, settings.MutationsPerMinute, "mutations");

    public string? TryUpload(Actor caller) => Take(uploads, caller, settings.UploadsPerMinute, "uploads");

    public void Dispose()
    {
        mutations.Dispose();
        uploads.Dispose();
    }

    private static string? Take(PartitionedRateLimiter<string> limiter, Actor caller, int perMinute, string what)
    {
        using var lease = limiter.AttemptAcquire($"{caller.OrgId}/{caller.UserId}");
        if (lease.IsAcquired)
        {
            return null;
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60.0 / Math.Max(1, perMinute));
        return $"Too many {what} from this key: at most {perMinute} per minute. Retry in {Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s.";
    }

    private static PartitionedRateLimiter<string> Bucket(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute),
            TokensPerPeriod = Math.Max(1, perMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}

public sealed class RateLimitedError(string message) : ValidationError(message)
{
}

/// <summary>Charges every mutation (and every upload) to the caller's budget before anything runs.</summary>
public sealed class RateLimitRule(RateLimits limits) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation == OperationType.Mutation && context.UserContext is CallaroUserContext user)
        {
            var refused = limits.TryMutation(user.Caller);
            if (refused is null && context.Operation.SelectionSet.Selections.OfType<GraphQLField>().Any(f => f.Name.StringValue == "uploadContacts"))
            {
                refused = limits.TryUpload(user.Caller);
            }

            if (refused is not null)
            {
                context.ReportError(new RateLimitedError(refused));
            }
        }

        return default;
    }
}
