namespace Callaro.Contracts;

/// <summary>Error codes of the GraphQL contract (<c>ErrorCode</c>); they travel as <c>extensions.code</c>.</summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string InvalidInput = "INVALID_INPUT";
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string NotReady = "NOT_READY";
    public const string UploadTooLarge = "UPLOAD_TOO_LARGE";
    public const string UnsupportedFile = "UNSUPPORTED_FILE";
    public const string MalformedCsv = "MALFORMED_CSV";
    public const string TooComplex = "TOO_COMPLEX";
    public const string RateLimited = "RATE_LIMITED";
    public const string Internal = "INTERNAL";
}

/// <summary>An expected failure: a contract error code and a message that says what to do.</summary>
[GenerateSerializer, Immutable, Alias("callaro.Fault")]
public sealed record Fault([property: Id(0)] string Code, [property: Id(1)] string Message);

/// <summary>What a grain answers: a value, or the fault a client caused. Exceptions are for bugs only.</summary>
[GenerateSerializer, Immutable, Alias("callaro.Result`1")]
public sealed record Result<T>([property: Id(0)] T? Value, [property: Id(1)] Fault? Fault)
{
    public bool IsSuccess => Fault is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(string code, string message) => new(default, new Fault(code, message));

    public static implicit operator Result<T>(Fault fault) => new(default, fault);

    public static implicit operator Result<T>(T value) => new(value, null);
}

/// <summary>Who is asking: the API key's user and roles, already authenticated by the api.</summary>
[GenerateSerializer, Immutable, Alias("callaro.Actor")]
public sealed record Actor(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string UserId,
    [property: Id(2)] IReadOnlyList<Role> Roles)
{
    public bool Has(Role role) => Roles.Contains(role);
}

[GenerateSerializer]
public enum Role
{
    SdrLead,
    SalesOps,
    Compliance,
    RevOps,
    Ops,
}

/// <summary>Grain keys are always scoped by org: <c>{orgId}/{id}</c>.</summary>
public static class GrainKeys
{
    public static string Scoped(string orgId, string id) => $"{orgId}/{id}";

    public static (string OrgId, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (string.Empty, key) : (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>Ids a client passes may never smuggle another org's key.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 100 && !id.Contains('/', StringComparison.Ordinal);
}

/// <summary>
/// PostgreSQL did not answer (restarting, unreachable). Thrown across the grain boundary in place of the database
/// driver's own exception, which has no codec: callers would otherwise read "could not find a codec".
/// </summary>
[GenerateSerializer, Alias("callaro.DatabaseUnavailable")]
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
