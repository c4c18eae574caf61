using System.Text;
using Callaro.Contracts;
using Orleans.Dashboard;

namespace Callaro.Api.Auth;

/// <summary>
/// The Orleans Dashboard at /dashboard is for OPS keys only. Browsers use Basic authentication
/// (any user name, the API key as password); scripts may send the Bearer header.
/// </summary>
public static class DashboardGuard
{
    public const string Prefix = "/dashboard";

    /// <param name="operatorOrgs">Callaro:DashboardOrgIds: when set, only these orgs' OPS keys get in.</param>
    public static async Task InvokeAsync(HttpContext http, IReadOnlyCollection<string> operatorOrgs, Func<Task> next)
    {
        if (!http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next();
            return;
        }

        var keys = http.RequestServices.GetRequiredService<ApiKeyRegistry>();
        var header = http.Request.Headers.Authorization.ToString();
        var caller = keys.Find(BearerToken.Parse(header) ?? BasicPassword(header));
        if (caller is null)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Callaro dashboard (password: your API key)\"";
            await http.Response.WriteAsync("UNAUTHENTICATED: sign in with your API key as the password.");
            return;
        }

        if (!caller.Has(Role.Ops))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("FORBIDDEN: the dashboard needs a key with the OPS role.");
            return;
        }

        // The dashboard shows the whole cluster, every org's grains: with several orgs, only the operator's may look.
        if (operatorOrgs.Count > 0 && !operatorOrgs.Contains(caller.OrgId, StringComparer.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("FORBIDDEN: the dashboard shows every org's grains; it is open to the OPS keys of the orgs in Callaro:DashboardOrgIds only.");
            return;
        }

        await next();
    }

    /// <summary>
    /// The dashboard's endpoints, mapped when it is first opened. Mapping them loads every asset the dashboard embeds
    /// into memory, a 13 MB source map that is never served among them: ~35 MB of an api nobody opens it on.
    /// </summary>
    public static Func<HttpContext, Func<Task>, Task> MappedOnFirstUse(IServiceProvider services)
    {
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            // A pipeline of its own: the app's endpoints were fixed when it started.
            var branch = new ApplicationBuilder(services);
            branch.UseRouting();
            branch.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(routePrefix: Prefix));
            return branch.Build();
        });
        return (http, next) => http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase) ? dashboard.Value(http) : next();
    }

    private static string? BasicPassword(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
