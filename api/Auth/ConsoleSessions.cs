using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Callaro.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Api.Auth;

/// <summary><c>Callaro:Console</c>: how the web console signs people in.</summary>
public sealed class ConsoleSettings
{
    /// <summary>Hours a sign-in lasts (absolute, not sliding).</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>Offered on the sign-in page in Development only (the well-known development key).</summary>
    public string? DevelopmentKey { get; set; }

    /// <summary>Where the built console is (<c>index.html</c> and its assets); default: <c>console</c> beside the api, else <c>web/dist</c> of the repository.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// Browser sessions: a person gives an API key once and gets an HttpOnly, SameSite=Strict cookie holding a random
/// token. This class is the one home of <c>console_sessions</c>' SQL. Only the token's SHA-256 and the key's digest
/// are stored; the key's roles are looked up on every use, so a changed or removed key applies at once.
/// </summary>
public sealed class ConsoleSessions(NpgsqlDataSource dataSource, ApiKeyRegistry keys, ConsoleSettings settings, TimeProvider clock)
{
    public const string CookieName = "callaro_session";

    /// <summary>Sessions looked up lately. Another api instance's sign-out reaches this one within this time.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Cached> cache = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => TimeSpan.FromHours(settings.SessionHours > 0 ? settings.SessionHours : 12);

    /// <summary>Starts a session for a valid key: the token to put in the cookie, or null when the key is not valid.</summary>
    public async Task<(string Token, Actor Caller)?> StartAsync(string apiKey, CancellationToken cancellationToken)
    {
        var digest = ApiKeyRegistry.Digest(apiKey);
        if (keys.FindByDigest(digest) is not { } caller)
        {
            return null;
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = clock.GetUtcNow() + Lifetime;
        await using var command = dataSource.CreateCommand(
            "WITH gone AS (DELETE FROM console_sessions WHERE expires_at < now() - interval '1 day') " +
            "INSERT INTO console_sessions (token_hash, key_digest, org_id, user_id, expires_at) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = digest, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.OrgId });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.UserId });
        command.Parameters.Add(new NpgsqlParameter { Value = expires.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (token, caller);
    }

    /// <summary>The caller of a session token, or null when it is unknown, ended or expired.</summary>
    public async Task<Actor?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        var hash = Hash(token);
        var cacheKey = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        if (!cache.TryGetValue(cacheKey, out var cached) || now - cached.CheckedAt > CacheFor)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT key_digest, expires_at FROM console_sessions WHERE token_hash = $1 AND ended_at IS NULL");
            command.Parameters.Add(new NpgsqlParameter { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            cached = await reader.ReadAsync(cancellationToken)
                ? new Cached((byte[])reader[0], new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero), now)
                : new Cached(null, DateTimeOffset.MinValue, now);
            if (cache.Count > 10_000)
            {
                cache.Clear();
            }

            cache[cacheKey] = cached;
        }

        return cached.KeyDigest is { } digest && cached.ExpiresAt > now ? keys.FindByDigest(digest) : null;
    }

    /// <summary>Ends a session (sign out): refused from now on, here at once and on other api instances within <see cref="CacheFor"/>.</summary>
    public async Task EndAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return;
        }

        var hash = Hash(token);
        cache.TryRemove(Convert.ToHexString(hash), out _);
        await using var command = dataSource.CreateCommand("UPDATE console_sessions SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Cached(byte[]? KeyDigest, DateTimeOffset ExpiresAt, DateTimeOffset CheckedAt);
}

/// <summary>
/// Who is calling: the <c>Authorization: Bearer</c> key when the request has one (scripts, GraphQL clients), else the
/// console's session cookie. A request with a header is judged by the header alone.
/// </summary>
public sealed class RequestCallers(ApiKeyRegistry keys, ConsoleSessions sessions)
{
    public async Task<(Actor? Caller, string Problem)> AuthenticateAsync(HttpRequest request)
    {
        if (request.Headers.Authorization.Count > 0 || !request.Cookies.TryGetValue(ConsoleSessions.CookieName, out var token))
        {
            var caller = keys.Authenticate(request, out var problem);
            return (caller, problem);
        }

        var actor = await sessions.FindAsync(token, request.HttpContext.RequestAborted);
        return (actor, actor is null ? "Your console session has ended: sign in again (or send 'Authorization: Bearer <key>')." : string.Empty);
    }
}

/// <summary><c>/session</c>: sign in with a key (sets the cookie), see who is signed in, sign out.</summary>
public static class ConsoleSessionEndpoints
{
    public static void MapConsoleSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/session", SignInAsync);
        app.MapGet("/session", WhoAsync);
        app.MapDelete("/session", SignOutAsync);
        app.MapGet("/session/options", Options);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ConsoleSessions sessions)
    {
        // JSON only: a cross-site form cannot send it without a CORS preflight, which this path never allows.
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.InvalidInput, "Send {\"apiKey\": \"<key>\"} as application/json.");
        }

        string? apiKey;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            apiKey = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("apiKey", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()?.Trim()
                : null;
        }
        catch (JsonException)
        {
            apiKey = null;
        }

        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 512)
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "Send {\"apiKey\": \"<key>\"}: the API key you were given.");
        }

        if (await sessions.StartAsync(apiKey, http.RequestAborted) is not var (token, caller))
        {
            return Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "That API key is not valid. Check it with whoever gave it to you.");
        }

        http.Response.Cookies.Append(ConsoleSessions.CookieName, token, CookieOptions(http, sessions.Lifetime));
        return Results.Json(Viewer(caller));
    }

    private static async Task<IResult> WhoAsync(HttpContext http, RequestCallers callers)
    {
        // 200 either way: "not signed in" is the sign-in page's normal start, not an error for the browser to log.
        var (caller, problem) = await callers.AuthenticateAsync(http.Request);
        return caller is null ? Results.Json(new { signedIn = false, message = problem }) : Results.Json(Viewer(caller));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, ConsoleSessions sessions)
    {
        if (http.Request.Cookies.TryGetValue(ConsoleSessions.CookieName, out var token))
        {
            await sessions.EndAsync(token, http.RequestAborted);
        }

        http.Response.Cookies.Delete(ConsoleSessions.CookieName, CookieOptions(http, TimeSpan.Zero));
        return Results.NoContent();
    }

    private static IResult Options(IHostEnvironment environment, ConsoleSettings settings) =>
        Results.Json(new { developmentKey = environment.IsDevelopment() && !string.IsNullOrWhiteSpace(settings.DevelopmentKey) ? settings.DevelopmentKey : null });

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };

    private static object Viewer(Actor caller) => new { signedIn = true, orgId = caller.OrgId, userId = caller.UserId, roles = caller.Roles.Select(GraphQL.RoleEnum.NameOf) };

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status);
}
