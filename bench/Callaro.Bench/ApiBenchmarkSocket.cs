using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Callaro.Bench;

/// <summary>A <c>next</c> frame and the <see cref="Stopwatch"/> timestamp at which its last byte was read.</summary>
public sealed record ApiBenchmarkFrame(long Received, string Type, string? Id, JsonElement Payload);

/// <summary>
/// A minimal <c>graphql-transport-ws</c> client on <see cref="ClientWebSocket"/> for the api benchmark:
/// connect, <c>connection_init</c> with the key, wait for <c>connection_ack</c>, <c>subscribe</c>, and hand
/// every later frame (timestamped as soon as it is read) to a callback on the receive loop.
/// </summary>
public sealed class ApiBenchmarkSocket : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    /// <summary>Called on the receive loop for every frame after <c>connection_ack</c>.</summary>
    public Action<ApiBenchmarkFrame>? OnFrame { get; set; }

    /// <summary>Set when the socket closes or fails (close status/description or the exception).</summary>
    public string? Closed { get; private set; }

    public static async Task<ApiBenchmarkSocket> ConnectAsync(Uri uri, string key, Action<ApiBenchmarkFrame> onFrame, CancellationToken cancellationToken)
    {
        var client = new ApiBenchmarkSocket { OnFrame = onFrame };
        client.socket.Options.AddSubProtocol("graphql-transport-ws");
        client.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client.socket.ConnectAsync(uri, cancellationToken);
        await client.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {key}" } }, cancellationToken);
        var ack = await client.ReceiveAsync(cancellationToken);
        if (ack?.Type != "connection_ack")
        {
            throw new InvalidOperationException($"expected connection_ack, got {ack?.Type ?? client.Closed}");
        }

        client.loop = Task.Run(client.LoopAsync, CancellationToken.None);
        return client;
    }

    public Task SubscribeAsync(string id, string query, object? variables, CancellationToken cancellationToken) =>
        SendAsync(new { type = "subscribe", id, payload = new { query, variables } }, cancellationToken);

    private async Task SendAsync(object message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
    }

    private async Task<ApiBenchmarkFrame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8192), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Closed = $"closed {(int?)socket.CloseStatus} {socket.CloseStatusDescription}";
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                var received = Stopwatch.GetTimestamp();
                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                var root = document.RootElement;
                return new ApiBenchmarkFrame(
                    received,
                    root.GetProperty("type").GetString()!,
                    root.TryGetProperty("id", out var id) ? id.GetString() : null,
                    root.TryGetProperty("payload", out var payload) ? payload.Clone() : default);
            }
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var frame = await ReceiveAsync(stop.Token);
                if (frame is null)
                {
                    return;
                }

                if (frame.Type == "ping")
                {
                    await SendAsync(new { type = "pong" }, stop.Token);
                    continue;
                }

                OnFrame?.Invoke(frame);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or JsonException or InvalidOperationException)
        {
            Closed = $"failed: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        await stop.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
            }
        }

        socket.Dispose();
        stop.Dispose();
    }
}
