using System.Net.Mime;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using GraphQL;

namespace Callaro.Api.Transport;

/// <summary>
/// Browser apps on other origins (<c>Callaro:CorsOrigins</c>): CORS on /graphql and /uploads, and the same list
/// for WebSocket upgrades, which browsers send with an Origin header but never preflight. No list, no CORS
/// headers at all (same-origin only, as before). Keys travel in the Authorization header, never in cookies,
/// so credentials are not allowed.
/// </summary>
public sealed class CorsSettings
{
    public const string PolicyName = "callaro-clients";

    public static readonly string[] Methods = ["GET", "POST", "PUT", "OPTIONS"];

    public static readonly string[] Headers = ["Authorization", "Content-Type", "Accept", "GraphQL-Preflight", "GraphQL-Require-Preflight", "Apollo-Require-Preflight"];

    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public CorsSettings(IEnumerable<string> origins) =>
        Origins = [.. origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/'))];

    /// <summary>Origins allowed (scheme://host[:port]); empty: no CORS.</summary>
    public IReadOnlyList<string> Origins { get; }

    public bool Enabled => Origins.Count > 0;

    public static CorsSettings From(IConfiguration configuration) =>
        new(configuration.GetSection("Callaro:CorsOrigins").Get<string[]>() ?? []);

    public static bool IsCorsPath(PathString path) =>
        WebSocketTransportSetup.IsGraphQLPath(path) || path.StartsWithSegments("/uploads", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A WebSocket upgrade from a browser page of another origin is refused unless that origin is listed. Only
    /// when a list is set; clients that are not browsers send no Origin, and a page served here is same-origin.
    /// </summary>
    public bool AllowsSocketFrom(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString().TrimEnd('/');
        if (!Enabled || origin.Length == 0)
        {
            return true;
        }

        return origin.Equals($"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || Origins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// May this WebSocket upgrade use the console's session cookie? Browsers send cookies with cross-site upgrades
    /// too (no preflight, no CORS), so only pages of this origin, or of a listed one, may: else any site could open
    /// a socket as the signed-in person.
    /// </summary>
    public bool AllowsCookieSocketFrom(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString().TrimEnd('/');
        return origin.Length == 0
            || origin.Equals($"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || Origins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }

    public async Task RefuseSocketAsync(HttpContext http, IGraphQLTextSerializer serializer)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = MediaTypeNames.Application.Json + "; charset=utf-8";
        var message = $"Pages from {http.Request.Headers.Origin} may not open a WebSocket here: add that origin to Callaro:CorsOrigins.";
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [new CallaroError(ErrorCodes.Forbidden, message)], Executed = false }, http.RequestAborted);
    }
}

public static class CorsSetup
{
    public static IServiceCollection AddCallaroCors(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = CorsSettings.From(configuration);
        services.AddSingleton(settings);
        if (settings.Enabled)
        {
            services.AddCors(cors => cors.AddPolicy(CorsSettings.PolicyName, policy => policy
                .WithOrigins([.. settings.Origins])
                .WithMethods(CorsSettings.Methods)
                .WithHeaders(CorsSettings.Headers)
                .SetPreflightMaxAge(CorsSettings.PreflightMaxAge)));
        }

        return services;
    }

    /// <summary>Before the GraphQL transports, so their answers (and preflights) carry the headers.</summary>
    public static IApplicationBuilder UseCallaroCors(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<CorsSettings>().Enabled)
        {
            return app;
        }

        return app.UseWhen(http => CorsSettings.IsCorsPath(http.Request.Path), branch => branch.UseCors(CorsSettings.PolicyName));
    }
}
