using System.Collections.Concurrent;
using System.Net.Mime;
using System.Net.WebSockets;
using Callaro.Api.Auth;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using GraphQL;

namespace Callaro.Api.Transport;

/// <summary>WebSocket settings (section <c>Callaro</c>; env <c>Callaro__WebSocketInitTimeoutSeconds</c> etc.).</summary>
public sealed record WebSocketSettings
{
    /// <summary>How long a new socket may wait before sending <c>connection_init</c> (then 4408).</summary>
    public double WebSocketInitTimeoutSeconds { get; init; } = 10;

    /// <summary>Seconds between server <c>ping</c> messages after the ack; 0 (the default) sends none.
    /// WebSocket-level keep-alive frames go out every 30 s regardless.</summary>
    public double WebSocketPingSeconds { get; init; }

    /// <summary>The largest message a client may send (a subscribe with its variables).</summary>
    public int WebSocketMaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>Operations one socket may run at once; more get an <c>error</c> message (RATE_LIMITED).</summary>
    public int WebSocketMaxOperations { get; init; } = 100;

    /// <summary>Events an operation may have waiting for a slow client before it is ended with an error.</summary>
    public int WebSocketMaxPendingEvents { get; init; } = 1000;

    public TimeSpan InitTimeout => WebSocketInitTimeoutSeconds > 0 ? TimeSpan.FromSeconds(WebSocketInitTimeoutSeconds) : Timeout.InfiniteTimeSpan;

    public static WebSocketSettings From(IConfiguration configuration) =>
        configuration.GetSection("Callaro").Get<WebSocketSettings>() ?? new WebSocketSettings();
}

/// <summary>
/// GraphQL over WebSocket at <c>/graphql</c>, subprotocol <c>graphql-transport-ws</c>
/// (the protocol of the graphql-ws library). Authentication: the API key in <c>connection_init</c>'s
/// payload (<c>{"authorization": "Bearer &lt;key&gt;"}</c>) or in the upgrade request's Authorization header.
/// </summary>
public sealed class WebSocketTransport
{
    public const string SubProtocol = "graphql-transport-ws";

    /// <summary>The close reason on shutdown; 1001 (Going Away) tells graphql-ws clients to reconnect.</summary>
    public const string ShuttingDownReason = "server shutting down; reconnect";

    /// <summary>How long shutdown waits for the close frames to go out before the server stops.</summary>
    private static readonly TimeSpan ShutdownCloseWait = TimeSpan.FromSeconds(2);

    private readonly GraphQLHttpEndpoint endpoint;
    private readonly IGraphQLTextSerializer serializer;
    private readonly ApiKeyRegistry keys;
    private readonly ConsoleSessions sessions;
    private readonly WebSocketSettings settings;
    private readonly CorsSettings cors;
    private readonly ILogger<WebSocketConnection> logger;
    private readonly CancellationToken stopping;
    private readonly ConcurrentDictionary<WebSocketConnection, byte> open = new();

    public WebSocketTransport(
        GraphQLHttpEndpoint endpoint,
        IGraphQLTextSerializer serializer,
        ApiKeyRegistry keys,
        ConsoleSessions sessions,
        WebSocketSettings settings,
        CorsSettings cors,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketConnection> logger)
    {
        this.endpoint = endpoint;
        this.serializer = serializer;
        this.keys = keys;
        this.sessions = sessions;
        this.settings = settings;
        this.cors = cors;
        this.logger = logger;
        stopping = lifetime.ApplicationStopping;
        // Without this, open sockets only died when the process did (clients saw 1006 seconds later).
        stopping.Register(CloseAllForShutdown);
    }

    public async Task HandleAsync(HttpContext http)
    {
        if (!cors.AllowsSocketFrom(http.Request))
        {
            await cors.RefuseSocketAsync(http, serializer);
            return;
        }

        var requested = http.WebSockets.WebSocketRequestedProtocols;
        if (requested.Count > 0 && !requested.Contains(SubProtocol, StringComparer.Ordinal))
        {
            // A browser fails the handshake when none of its subprotocols is chosen, so say why in plain HTTP.
            var offered = string.Join(", ", requested);
            var why = offered.Contains("graphql-ws", StringComparison.Ordinal)
                ? $"WebSocket subprotocol '{offered}' is not supported: use '{SubProtocol}' (the graphql-ws library's protocol; the older subscriptions-transport-ws protocol is not served)."
                : $"WebSocket subprotocol '{offered}' is not supported: use '{SubProtocol}'.";
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = MediaTypeNames.Application.Json + "; charset=utf-8";
            await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [new CallaroError(ErrorCodes.InvalidInput, why)], Executed = false }, http.RequestAborted);
            return;
        }

        // The console's cookie, read before the upgrade (its lookup may need PostgreSQL); a key in connection_init wins.
        var cookieCaller = http.Request.Cookies.TryGetValue(ConsoleSessions.CookieName, out var token) && cors.AllowsCookieSocketFrom(http.Request)
            ? await sessions.FindAsync(token, http.RequestAborted)
            : null;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(requested.Count > 0 ? SubProtocol : null);
        await using var connection = new WebSocketConnection(socket, http, endpoint, serializer, keys, cookieCaller, settings, logger);
        if (requested.Count == 0)
        {
            // What graphql-ws servers do for a client that asked for no subprotocol.
            await connection.RefuseAsync(4406, $"Subprotocol not acceptable: request {SubProtocol}");
            return;
        }

        open.TryAdd(connection, 0);
        try
        {
            if (stopping.IsCancellationRequested)
            {
                await connection.RefuseAsync((int)WebSocketCloseStatus.EndpointUnavailable, ShuttingDownReason);
                return;
            }

            await connection.RunAsync();
        }
        finally
        {
            open.TryRemove(connection, out _);
        }
    }

    private void CloseAllForShutdown()
    {
        var closing = open.Keys.Select(c => c.GoAwayAsync(ShuttingDownReason)).ToArray();
        try
        {
            Task.WaitAll(closing, ShutdownCloseWait);
        }
        catch (AggregateException)
        {
            // A socket that could not be closed is aborted when the server stops.
        }
    }
}

public static class WebSocketTransportSetup
{
    public static IServiceCollection AddGraphQLWebSockets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(WebSocketSettings.From(configuration));
        services.AddSingleton<WebSocketTransport>();
        return services;
    }

    /// <summary>Serves WebSocket upgrades on <c>/graphql</c>; everything else goes on down the pipeline.</summary>
    public static IApplicationBuilder UseGraphQLWebSockets(this IApplicationBuilder app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app.Use(async (http, next) =>
        {
            if (http.WebSockets.IsWebSocketRequest && IsGraphQLPath(http.Request.Path))
            {
                await http.RequestServices.GetRequiredService<WebSocketTransport>().HandleAsync(http);
                return;
            }

            await next(http);
        });
    }

    internal static bool IsGraphQLPath(PathString path) =>
        path.Equals("/graphql", StringComparison.OrdinalIgnoreCase) || path.Equals("/graphql/", StringComparison.OrdinalIgnoreCase);
}
