using System.Security.Cryptography;
using System.Text;
using Callaro.Contracts;

namespace Callaro.Api.Auth;

/// <summary>One configured key: <c>Callaro:ApiKeys:N:{Key,OrgId,UserId,Roles}</c>.</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = string.Empty;
    public string OrgId { get; set; } = string.Empty;
    public string UserId { get; set; } = string.Empty;
    public List<string> Roles { get; set; } = [];
}

/// <summary>Resolves a bearer key to its caller. Keys are compared as SHA-256 digests in constant time.</summary>
public sealed class ApiKeyRegistry
{
    private readonly List<(byte[] Digest, Actor Actor)> keys = [];

    public ApiKeyRegistry(IConfiguration configuration)
    {
        var entries = configuration.GetSection("Callaro:ApiKeys").Get<List<ApiKeyEntry>>() ?? [];
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Key) || string.IsNullOrWhiteSpace(entry.OrgId) || !GrainKeys.IsValidId(entry.OrgId))
            {
                throw new InvalidOperationException("Every Callaro:ApiKeys entry needs Key and OrgId (an org id without '/').");
            }

            var roles = entry.Roles.Select(ParseRole).ToList();
            keys.Add((Digest(entry.Key), new Actor(entry.OrgId, string.IsNullOrWhiteSpace(entry.UserId) ? entry.OrgId : entry.UserId, roles)));
        }
    }

    public int Count => keys.Count;

    /// <summary>The users of <paramref name="orgId"/> that hold a key: the only ones who can ever act, or sign off.</summary>
    public IReadOnlyList<string> UsersOf(string orgId) =>
        keys.Where(k => k.Actor.OrgId == orgId).Select(k => k.Actor.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public Actor? Find(string? presentedKey) =>
        string.IsNullOrEmpty(presentedKey) ? null : FindByDigest(Digest(presentedKey));

    /// <summary>The caller of a key known only by its digest (a console session keeps the digest, never the key).</summary>
    public Actor? FindByDigest(byte[] digest)
    {
        Actor? found = null;
        foreach (var (candidate, actor) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = actor;
            }
        }

        return found;
    }

    /// <summary>The caller of an HTTP request (Bearer key), or null with the message a client should see.</summary>
    public Actor? Authenticate(HttpRequest request, out string problem)
    {
        var header = request.Headers.Authorization.ToString();
        var caller = Find(BearerToken.Parse(header));
        problem = caller is not null
            ? string.Empty
            : string.IsNullOrEmpty(header)
                ? "Send your API key as 'Authorization: Bearer <key>'."
                : "The API key is not valid. Check 'Authorization: Bearer <key>'.";
        return caller;
    }

    /// <summary>Accepts SALES_OPS, SalesOps and sales-ops alike.</summary>
    public static Role ParseRole(string value)
    {
        var compact = value.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<Role>(compact, ignoreCase: true, out var role)
            ? role
            : throw new InvalidOperationException($"Unknown role '{value}' in Callaro:ApiKeys; use SDR_LEAD, SALES_OPS, COMPLIANCE, REVOPS or OPS.");
    }

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

public static class BearerToken
{
    /// <summary>The key of an <c>Authorization: Bearer ...</c> value (the scheme is case-insensitive).</summary>
    public static string? Parse(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        var value = authorization.Trim();
        const string Scheme = "Bearer ";
        return value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? value[Scheme.Length..].Trim() : null;
    }
}
