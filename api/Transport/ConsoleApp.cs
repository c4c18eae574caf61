using System.Net.Mime;
using Callaro.Api.Auth;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Callaro.Api.Transport;

/// <summary>
/// The web console (the React app built from <c>web/</c>) served at <c>/</c>, same origin as <c>/graphql</c>. Files
/// of the build are served as they are (hashed assets cached for good, <c>index.html</c> never); any other page
/// address a browser asks for (<c>/campaigns/cmp_…</c>) gets <c>index.html</c>, and the app routes it.
/// </summary>
public static class ConsoleApp
{
    /// <summary>Paths the console never answers: the API's own.</summary>
    private static readonly string[] ApiPaths = ["/graphql", "/uploads", "/session", "/health", DashboardGuard.Prefix, GraphiQLPage.AssetPath];

    private const string SecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The folder holding the built console's <c>index.html</c>, or null when it was not built.</summary>
    public static string? Locate(ConsoleSettings settings, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(settings.Path))
        {
            return File.Exists(Path.Combine(settings.Path, "index.html")) ? Path.GetFullPath(settings.Path) : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "console");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        // A build-output run (run.sh, tests): the repository's web/dist, found by walking up from the api.
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var dist = Path.Combine(folder.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }
        }

        return null;
    }

    public static IServiceCollection AddConsoleCompression(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/javascript", "application/javascript", "text/css", "image/svg+xml", "application/json"];
        });

    /// <summary>Last in the pipeline: only requests nothing else answered reach it.</summary>
    public static void UseConsole(this WebApplication app, ConsoleSettings settings)
    {
        var root = Locate(settings, app.Environment.ContentRootPath);
        if (root is null)
        {
            // Once at start, so the performance rule for hot-path logging does not apply.
#pragma warning disable CA1848
            app.Logger.LogWarning("The web console is not built (no web/dist/index.html): run 'npm ci && npm run build' in web/, as ./run.sh does.");
#pragma warning restore CA1848
        }

        var files = root is null ? null : new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        app.UseWhen(http => IsConsoleRequest(http), branch =>
        {
            branch.UseResponseCompression();
            branch.Run(http => ServeAsync(http, files, types));
        });
    }

    private static bool IsConsoleRequest(HttpContext http) =>
        http.GetEndpoint() is null
        && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && !ApiPaths.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static async Task ServeAsync(HttpContext http, PhysicalFileProvider? files, FileExtensionContentTypeProvider types)
    {
        var response = http.Response;
        if (files is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = MediaTypeNames.Text.Plain + "; charset=utf-8";
            await response.WriteAsync("The web console is not built: run 'npm ci && npm run build' in web/ (./run.sh does it). The API is at /graphql.");
            return;
        }

        var path = http.Request.Path.Value ?? "/";
        var file = path.Length > 1 && !path.Contains("..", StringComparison.Ordinal) ? files.GetFileInfo(path) : null;
        if (file is { Exists: true, IsDirectory: false } && types.TryGetContentType(file.Name, out var type))
        {
            response.ContentType = type;
            // Vite names assets by content hash: a changed file gets a new name.
            response.Headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            response.Headers.XContentTypeOptions = "nosniff";
            await response.SendFileAsync(file, http.RequestAborted);
            return;
        }

        if (Path.HasExtension(path) || !AcceptsHtml(http.Request))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // A page of the app (deep link or reload): the app decides what it shows, "not found" included.
        var index = files.GetFileInfo("index.html");
        response.ContentType = MediaTypeNames.Text.Html + "; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = SecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        await response.SendFileAsync(index, http.RequestAborted);
    }

    private static bool AcceptsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
    }
}
