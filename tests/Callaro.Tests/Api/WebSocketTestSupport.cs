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

    public static async Task<GraphQLSocket> ConnectAsync(Uri httpBase, string? subProtocol = SubProtocol, string? authorizationHeader = null)
    {
        var socket = new ClientWebSocket();
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

    /// <summary>True when nothing but pings arrives within <paramref name="quiet"/>.</summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        try
        {
            await ReceiveAsync(quiet);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
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
/// An extra api process with settings of its own (short init timeout, upload probe, small upload limit),
/// in a cluster of its own: one silo and a database, started once for the tests that need it.
/// </summary>
public sealed class TunedApiCluster : IAsyncLifetime
{
    public const long MaxUploadBytes = 64L * 1024 * 1024;

    private Process? api;
    private readonly StringBuilder log = new();

    public ProcessCluster Processes { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Processes = await ProcessCluster.StartAsync(silos: 1, "tuned");
        Processes.Kill("api");
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet", "Callaro.Api.dll")
        {
            WorkingDirectory = Path.Combine(ProcessCluster.RepoRoot, "api", "bin", BuildConfiguration, "net10.0"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        info.Environment["Callaro__Postgres"] = Processes.ConnectionString;
        info.Environment["Callaro__ClusterId"] = "test";
        info.Environment["Callaro__ServiceId"] = "test";
        info.Environment["Callaro__WebSocketInitTimeoutSeconds"] = "1";
        info.Environment["Callaro__WebSocketPingSeconds"] = "1";
        info.Environment["Callaro__EnableUploadProbe"] = "true";
        info.Environment["Callaro__MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Callaro__ApiKeys__0__Key"] = ProcessCluster.KeyA;
        info.Environment["Callaro__ApiKeys__0__OrgId"] = "org-a";
        info.Environment["Callaro__ApiKeys__0__UserId"] = "alice";
        info.Environment["Callaro__ApiKeys__0__Roles__0"] = "SALES_OPS";
        info.Environment["Callaro__ApiKeys__0__Roles__1"] = "OPS";
        api = new Process { StartInfo = info };
        api.OutputDataReceived += (_, e) => Append(e.Data);
        api.ErrorDataReceived += (_, e) => Append(e.Data);
        api.Start();
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (api.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The tuned api did not become healthy:\n" + Log);
            }

            await Task.Delay(200);
        }
    }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            try
            {
                api.Kill(entireProcessTree: true);
                await api.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            api.Dispose();
        }

        if (Processes is not null)
        {
            await Processes.DisposeAsync();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class TunedApiCollection : ICollectionFixture<TunedApiCluster>
{
    public const string Name = "tuned api";
}
