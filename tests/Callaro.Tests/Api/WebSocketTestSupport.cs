using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>A raw <c>graphql-transport-ws</c> client: every frame is visible, so protocol errors can be checked.</summary>
public sealed class GraphQLSocket : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    private readonly ClientWebSocket socket;

    private GraphQLSocket(ClientWebSocket socket) => this.socket = socket;

    public WebSocketState State => socket.State;

    public string? SubProtocolChosen => socket.SubProtocol;

    public static Uri SocketUri(Uri httpBase) => new($"ws://{httpBase.Authority}/graphql");

    public static async Task<GraphQLSocket> ConnectAsync(Uri httpBase, string? subProtocol = SubProtocol, string? authorizationHeader = null, string? origin = null, System.Net.CookieContainer? cookies = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        if (authorizationHeader is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorizationHeader);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(SocketUri(httpBase), timeout.Token);
        return new GraphQLSocket(socket);
    }

    /// <summary>Connects and completes <c>connection_init</c> / <c>connection_ack</c> with the key in the payload.</summary>
    public static async Task<GraphQLSocket> OpenAsync(Uri httpBase, string key)
    {
        var socket = await ConnectAsync(httpBase);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {key}" } });
        var ack = await socket.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
        return socket;
    }

    public Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

    public async Task SendRawAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message (server pings are answered and skipped); fails if the socket closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReceiveMessageAsync(timeout ?? TimeSpan.FromSeconds(20));
            if (message is null)
            {
                throw new InvalidOperationException($"The socket closed ({(int?)socket.CloseStatus}: {socket.CloseStatusDescription}) while a message was expected.");
            }

            if (message.Value.GetProperty("type").GetString() == "ping")
            {
                await SendAsync(new { type = "pong" });
                continue;
            }

            return message.Value;
        }
    }

    /// <summary>The next message as it comes, server pings included.</summary>
    public async Task<JsonElement> ReceiveRawAsync(TimeSpan? timeout = null) =>
        await ReceiveMessageAsync(timeout ?? TimeSpan.FromSeconds(20))
        ?? throw new InvalidOperationException($"The socket closed ({(int?)socket.CloseStatus}: {socket.CloseStatusDescription}) while a message was expected.");

    /// <summary>Next message of operation <paramref name="id"/>, skipping other operations' messages.</summary>
    public async Task<JsonElement> ReceiveForAsync(string id, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeout);
            if (message.TryGetProperty("id", out var messageId) && messageId.GetString() == id)
            {
                return message;
            }
        }
    }

    /// <summary>Waits for the server's close frame and returns its code and reason.</summary>
    public async Task<(int Code, string Reason)> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The server did not close the socket.");
            }

            var message = await ReceiveMessageAsync(left);
            if (message is null)
            {
                return ((int)socket.CloseStatus!.Value, socket.CloseStatusDescription ?? string.Empty);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
    }

    private async Task<JsonElement?> ReceiveMessageAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }
}

/// <summary>
/// A cluster of its own (one silo, a database) whose api runs with settings of its own: short init timeout,
/// server pings, the upload probe, a small upload limit, CORS origins.
/// </summary>
public sealed class TunedApiCluster : IAsyncLifetime
{
    public const long MaxUploadBytes = 64L * 1024 * 1024;

    /// <summary>A browser app allowed by <c>Callaro:CorsOrigins</c>.</summary>
    public const string AllowedOrigin = "https://app.example.com";

    public ProcessCluster Processes { get; private set; } = null!;

    public Uri BaseAddress => Processes.BaseAddress;

    public string Log => Processes.Log("api");

    /// <summary>A stand-in for the built web console (index.html and one hashed asset), served at /.</summary>
    public string ConsoleFolder { get; } = Path.Combine(Path.GetTempPath(), $"callaro-console-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(ConsoleFolder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(ConsoleFolder, "index.html"), "<!doctype html><title>Callaro</title><div id=\"root\"></div>");
        await File.WriteAllTextAsync(Path.Combine(ConsoleFolder, "assets", "app-abc123.js"), "console.log('callaro');");
        Processes = await StartAsync();
    }

    private Task<ProcessCluster> StartAsync() => ProcessCluster.StartAsync(silos: 1, "tuned", apiEnvironment: new Dictionary<string, string>
    {
        ["Callaro__Console__Path"] = ConsoleFolder,
        ["Callaro__WebSocketInitTimeoutSeconds"] = "1",
        ["Callaro__WebSocketPingSeconds"] = "1",
        ["Callaro__EnableUploadProbe"] = "true",
        ["Callaro__MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Callaro__CorsOrigins__0"] = AllowedOrigin,
        ["Callaro__CorsOrigins__1"] = "http://localhost:3000/",
    });

    public HttpClient Http(string key) => Processes.Http(key);

    public async Task DisposeAsync()
    {
        if (Processes is not null)
        {
            await Processes.DisposeAsync();
        }

        Directory.Delete(ConsoleFolder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TunedApiCollection : ICollectionFixture<TunedApiCluster>
{
    public const string Name = "tuned api";
}
