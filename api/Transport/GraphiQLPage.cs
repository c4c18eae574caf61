using System.Net;
using Microsoft.Net.Http.Headers;

namespace Callaro.Api.Transport;

/// <summary>
/// The GraphQL IDE for browsers: <c>GET /graphql</c> with <c>Accept: text/html</c> (and no <c>query</c>
/// parameter) serves GraphiQL. The page holds no data and needs no key; every GraphQL request it makes
/// carries the key from its Headers editor. Its scripts are vendored in <c>wwwroot/graphiql</c> (nothing
/// is fetched from the internet at run time).
/// </summary>
public static class GraphiQLPage
{
    public const string AssetPath = "/graphiql";

    /// <summary>Lets a build-output run (run.sh, tests) find <c>wwwroot</c> in the project folder, as a published app has it beside itself.</summary>
    public static WebApplicationBuilder AddGraphiQL(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static IApplicationBuilder UseGraphiQL(this IApplicationBuilder app)
    {
        if (app is IEndpointRouteBuilder endpoints)
        {
            // Precompressed (br/gzip) with ETags, from the build's static web assets manifest.
            endpoints.MapStaticAssets();
        }
        else
        {
            app.UseStaticFiles();
        }

        return app.Use(async (http, next) =>
        {
            if (IsPageRequest(http.Request))
            {
                await ServeAsync(http);
                return;
            }

            await next(http);
        });
    }

    public static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && WebSocketTransportSetup.IsGraphQLPath(request.Path)
        && !request.Query.ContainsKey("query")
        && !request.HttpContext.WebSockets.IsWebSocketRequest
        && AcceptsHtml(request);

    private static bool AcceptsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
    }

    private static async Task ServeAsync(HttpContext http)
    {
        var basePath = WebUtility.HtmlEncode(http.Request.PathBase.Value ?? string.Empty);
        var assets = basePath + AssetPath;
        var host = http.Request.Host.Value ?? string.Empty;
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Callaro GraphQL</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="{{assets}}/graphiql.min.css">
              <link rel="stylesheet" href="{{assets}}/callaro-graphiql.css">
            </head>
            <body data-endpoint="{{basePath}}/graphql">
              <div id="graphiql"><div class="loading">Loading GraphiQL…</div></div>
              <noscript>GraphiQL needs JavaScript. Scripts can POST to this URL: {"query": "..."} with Authorization: Bearer &lt;key&gt;.</noscript>
              <script src="{{assets}}/react.production.min.js"></script>
              <script src="{{assets}}/react-dom.production.min.js"></script>
              <script src="{{assets}}/graphql-ws.min.js"></script>
              <script src="{{assets}}/graphiql.min.js"></script>
              <script src="{{assets}}/callaro-graphiql.js"></script>
            </body>
            </html>
            """;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            $"connect-src 'self' ws://{host} wss://{host}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        response.Headers.Vary = "Accept";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        await response.WriteAsync(html, http.RequestAborted);
    }
}
