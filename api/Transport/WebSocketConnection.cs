using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Callaro.Api.Auth;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQLParser.AST;

namespace Callaro.Api.Transport;

/// <summary>
/// One <c>graphql-transport-ws</c> socket (enisdenjo/graphql-ws PROTOCOL.md): messages are read one at a
/// time in order, operations run concurrently, and every outgoing message goes through one send gate,
/// so frames never interleave. Closing the socket (either side) stops and disposes every operation.
/// </summary>
public sealed partial class WebSocketConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket socket;
    private readonly HttpContext http;
    private readonly GraphQLHttpEndpoint endpoint;
    private readonly IGraphQLTextSerializer serializer;
    private readonly ApiKeyRegistry keys;
    private readonly Actor? cookieCaller;
    private readonly WebSocketSettings settings;
    private readonly ILogger logger;
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private readonly CancellationTokenSource lifetime;
    private readonly CancellationToken lifetimeToken;
    private readonly ConcurrentDictionary<string, Operation> operations = new(StringComparer.Ordinal);
    private int initReceived;
    private int closeStarted;
    private Actor? caller;

    internal WebSocketConnection(
        WebSocket socket,
        HttpContext http,
        GraphQLHttpEndpoint endpoint,
        IGraphQLTextSerializer serializer,
        ApiKeyRegistry keys,
        Actor? cookieCaller,
        WebSocketSettings settings,
        ILogger logger)
    {
        this.socket = socket;
        this.http = http;
        this.endpoint = endpoint;
        this.serializer = serializer;
        this.keys = keys;
        this.cookieCaller = cookieCaller;
        this.settings = settings;
        this.logger = logger;
        lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        lifetimeToken = lifetime.Token;
    }

    private CancellationToken Lifetime => lifetimeToken;

    /// <summary>Reads messages until the socket closes.</summary>
    public async Task RunAsync()
    {
        _ = InitTimeoutAsync();
        try
        {
            await ReceiveLoopAsync();
        }
        catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            // The client went away without a close handshake.
        }
    }

    /// <summary>Closes at once with <paramref name="code"/> and waits (briefly) for the client's close.</summary>
    public async Task RefuseAsync(int code, string reason)
    {
        await CloseAsync(code, reason);
        await RunAsync();
    }

    /// <summary>Closes with 1001 (Going Away): the server is stopping; the receive loop ends when the client answers.</summary>
    public Task GoAwayAsync(string reason) => CloseAsync((int)WebSocketCloseStatus.EndpointUnavailable, reason);

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        foreach (var operation in operations.Values)
        {
            operation.Stop();
        }

        operations.Clear();
        if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            socket.Abort();
        }

        // The send gate is left to the GC: operations that are still unwinding may touch it.
        lifetime.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(4096);
        var tooLarge = false;
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var memory = message.GetMemory(4096);
            var received = await socket.ReceiveAsync(memory, Lifetime);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    // The client closes: answer its close frame and stop everything.
                    Interlocked.Exchange(ref closeStarted, 1);
                    await SendCloseAsync(WebSocketCloseStatus.NormalClosure, null);
                }

                return;
            }

            if (Volatile.Read(ref closeStarted) == 1)
            {
                message.ResetWrittenCount();
                continue; // closing: drain until the client's close frame
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                await CloseAsync(4400, "Invalid message: binary frames are not part of graphql-transport-ws");
                continue;
            }

            if (!tooLarge)
            {
                message.Advance(received.Count);
                tooLarge = message.WrittenCount > settings.WebSocketMaxMessageBytes;
            }

            if (!received.EndOfMessage)
            {
                if (tooLarge)
                {
                    message.ResetWrittenCount();
                }

                continue;
            }

            if (tooLarge)
            {
                await CloseAsync(4400, $"Invalid message: larger than {settings.WebSocketMaxMessageBytes} bytes");
            }
            else
            {
                await HandleMessageAsync(message.WrittenMemory);
            }

            message.ResetWrittenCount();
            tooLarge = false;
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            await CloseAsync(4400, "Invalid message: not JSON");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(4400, "Invalid message: it needs a string 'type'");
                return;
            }

            var type = typeElement.GetString();
            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            switch (type)
            {
                case "connection_init":
                    if (!IsOptionalObject(payload))
                    {
                        await CloseAsync(4400, "Invalid message: connection_init payload must be an object");
                        return;
                    }

                    await OnConnectionInitAsync(payload);
                    return;
                case "ping":
                    if (!IsOptionalObject(payload))
                    {
                        await CloseAsync(4400, "Invalid message: ping payload must be an object");
                        return;
                    }

                    await SendAsync(Frame("pong", null, payload.ValueKind == JsonValueKind.Object ? payload.Clone() : null), Lifetime);
                    return;
                case "pong":
                    if (!IsOptionalObject(payload))
                    {
                        await CloseAsync(4400, "Invalid message: pong payload must be an object");
                    }

                    return;
                case "subscribe":
                    await OnSubscribeAsync(root, payload);
                    return;
                case "complete":
                    if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
                    {
                        await CloseAsync(4400, "Invalid message: complete needs a string 'id'");
                        return;
                    }

                    if (operations.TryRemove(id, out var operation))
                    {
                        operation.Stop();
                    }

                    return;
                default:
                    await CloseAsync(4400, $"Invalid message: unexpected type '{Shorten(type, 40)}'");
                    return;
            }
        }
    }

    private async Task OnConnectionInitAsync(JsonElement payload)
    {
        if (Interlocked.Exchange(ref initReceived, 1) == 1)
        {
            await CloseAsync(4429, "Too many initialisation requests");
            return;
        }

        var presented = KeyFromPayload(payload) ?? BearerToken.Parse(http.Request.Headers.Authorization);
        var actor = presented is null ? cookieCaller : keys.Find(presented);
        if (actor is null)
        {
            await CloseAsync(4403, presented is null
                ? "Forbidden: send connection_init with payload {\"authorization\":\"Bearer <key>\"}"
                : "Forbidden: the API key is not valid");
            return;
        }

        Volatile.Write(ref caller, actor);
        await SendAsync(Frame("connection_ack", null, null), Lifetime);
        if (settings.WebSocketPingSeconds > 0)
        {
            _ = PingLoopAsync(TimeSpan.FromSeconds(settings.WebSocketPingSeconds));
        }
    }

    private async Task OnSubscribeAsync(JsonElement root, JsonElement payload)
    {
        if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
        {
            await CloseAsync(4400, "Invalid message: subscribe needs a non-empty string 'id'");
            return;
        }

        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String
            || !IsOptional(payload, "variables", JsonValueKind.Object)
            || !IsOptional(payload, "extensions", JsonValueKind.Object)
            || !IsOptional(payload, "operationName", JsonValueKind.String))
        {
            await CloseAsync(4400, "Invalid message: subscribe payload needs 'query' (string), optional 'variables', 'operationName', 'extensions'");
            return;
        }

        var actor = Volatile.Read(ref caller);
        if (actor is null)
        {
            await CloseAsync(4401, "Unauthorized");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            request = null;
        }

        if (request is null)
        {
            await CloseAsync(4400, "Invalid message: subscribe payload is not a GraphQL request");
            return;
        }

        var operation = new Operation(id, settings.WebSocketMaxPendingEvents, Lifetime);
        if (!operations.TryAdd(id, operation))
        {
            operation.Stop();
            await CloseAsync(4409, $"Subscriber for {Shorten(id, 80)} already exists");
            return;
        }

        if (operations.Count > settings.WebSocketMaxOperations)
        {
            await FinishWithErrorsAsync(operation, [new CallaroError(ErrorCodes.RateLimited, $"A socket may run at most {settings.WebSocketMaxOperations} operations at once; complete some first.")]);
            operation.Stop();
            return;
        }

        _ = RunOperationAsync(operation, request, actor);
    }

    private async Task RunOperationAsync(Operation operation, GraphQLRequest request, Actor actor)
    {
        try
        {
            await Task.Yield(); // never run an operation on the receive loop
            var result = await endpoint.ExecuteAsync(http, request, actor, operation.Token, overWebSocket: true);
            operation.Token.ThrowIfCancellationRequested();
            if (result.Streams is { Count: > 0 } streams)
            {
                if (streams.Count > 1)
                {
                    await FinishWithErrorsAsync(operation, [new CallaroError(ErrorCodes.InvalidInput, "A subscription selects exactly one root field.")]);
                    return;
                }

                operation.Attach(streams.Single().Value);
                byte[]? lastSent = null;
                await foreach (var item in operation.Events.ReadAllAsync(operation.Token))
                {
                    operation.Dequeued();
                    switch (item)
                    {
                        case { Result: { } next }:
                            // Several changes can read the same through the fields a client selected (a change it did
                            // not select, two notices of one commit): a frame identical to the last one tells it nothing.
                            var frame = Frame("next", operation.Id, next);
                            if (IsActive(operation) && (lastSent is null || !frame.AsSpan().SequenceEqual(lastSent)))
                            {
                                await SendAsync(frame, operation.Token);
                                lastSent = frame;
                            }

                            break;
                        case { Error: { } error }:
                            await FinishWithErrorsAsync(operation, [error]);
                            return;
                        default:
                            await FinishAsync(operation);
                            return;
                    }
                }

                return;
            }

            var requestError = !result.Executed
                || (result.Operation?.Operation == OperationType.Subscription && result.Errors is { Count: > 0 });
            if (requestError)
            {
                // Parse, validation and variable errors, or a subscription whose event stream could not be created.
                await FinishWithErrorsAsync(operation, [.. result.Errors ?? []]);
                return;
            }

            if (IsActive(operation))
            {
                await SendAsync(Frame("next", operation.Id, result), operation.Token);
            }

            await FinishAsync(operation);
        }
        catch (OperationCanceledException) when (operation.Token.IsCancellationRequested)
        {
            // The client completed the operation, or the socket closed.
        }
        catch (WebSocketException)
        {
            // The socket is gone; the receive loop ends the connection.
        }
        catch (Exception) when (Lifetime.IsCancellationRequested)
        {
            // The connection is closing.
        }
        catch (Exception ex)
        {
            LogOperationFailed(logger, ex, operation.Id);
            try
            {
                await FinishWithErrorsAsync(operation, [new UnhandledError("Unexpected error in a WebSocket operation", ex)]);
            }
            catch (Exception)
            {
                // Nothing more can be said on this socket.
            }
        }
        finally
        {
            operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation));
            operation.Stop();
        }
    }

    private bool IsActive(Operation operation) => operations.TryGetValue(operation.Id, out var current) && ReferenceEquals(current, operation);

    private async Task FinishAsync(Operation operation)
    {
        if (operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation)))
        {
            await SendAsync(Frame("complete", operation.Id, null), Lifetime);
        }
    }

    private async Task FinishWithErrorsAsync(Operation operation, ExecutionError[] errors)
    {
        if (errors.Length == 0)
        {
            errors = [new CallaroError(ErrorCodes.Internal, "The operation failed without an error message.")];
        }

        if (operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation)))
        {
            await SendAsync(Frame("error", operation.Id, errors), Lifetime);
        }
    }

    private async Task InitTimeoutAsync()
    {
        if (settings.InitTimeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        try
        {
            await Task.Delay(settings.InitTimeout, Lifetime);
            if (Volatile.Read(ref initReceived) == 0)
            {
                await CloseAsync(4408, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task PingLoopAsync(TimeSpan interval)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(Lifetime) && Volatile.Read(ref closeStarted) == 0)
            {
                await SendAsync(Frame("ping", null, null), Lifetime);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Starts the close handshake with a protocol close code; the receive loop ends when the client answers.</summary>
    private async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref closeStarted, 1) == 1)
        {
            return;
        }

        foreach (var operation in operations.Values)
        {
            operation.Stop();
        }

        operations.Clear();
        await SendCloseAsync((WebSocketCloseStatus)code, reason);
        try
        {
            lifetime.CancelAfter(CloseHandshakeTimeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SendCloseAsync(WebSocketCloseStatus status, string? reason)
    {
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await sendGate.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Abort();
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason is null ? null : Shorten(reason, 120), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            socket.Abort();
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>Sends one whole message; callers queue on the gate so messages never interleave.</summary>
    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await sendGate.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open && Volatile.Read(ref closeStarted) == 0)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        finally
        {
            sendGate.Release();
        }
    }

    private byte[] Frame(string type, string? id, object? payload) =>
        Encoding.UTF8.GetBytes(serializer.Serialize(new OperationMessage { Type = type, Id = id, Payload = payload }));

    private static string? KeyFromPayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String
                && (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Equals("authToken", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Equals("token", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Equals("apiKey", StringComparison.OrdinalIgnoreCase)))
            {
                var value = property.Value.GetString()!.Trim();
                return BearerToken.Parse(value) ?? value;
            }

            if (property.Name.Equals("headers", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
            {
                // GraphiQL-style connection params: {"headers": {"Authorization": "Bearer ..."}}
                if (KeyFromPayload(property.Value) is { } nested)
                {
                    return nested;
                }
            }
        }

        return null;
    }

    private static bool IsOptionalObject(JsonElement payload) =>
        payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object;

    private static bool IsOptional(JsonElement payload, string name, JsonValueKind kind) =>
        !payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null || value.ValueKind == kind;

    private static string Shorten(string? text, int maxBytes)
    {
        text ??= string.Empty;
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var length = Math.Min(text.Length, maxBytes);
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes - 3)
        {
            length--;
        }

        return text[..length] + "...";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "WebSocket operation {OperationId} failed")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string operationId);

    /// <summary>One running subscribe: its stream subscription, cancellation and the queue of events to send.</summary>
    private sealed class Operation : IObserver<ExecutionResult>
    {
        private readonly CancellationTokenSource cancellation;
        private readonly Channel<StreamItem> events = Channel.CreateUnbounded<StreamItem>(new UnboundedChannelOptions { SingleReader = true });
        private readonly int maxPending;
        private IDisposable? subscription;
        private int stopped;
        private int pending;

        public Operation(string id, int maxPending, CancellationToken connection)
        {
            Id = id;
            this.maxPending = maxPending;
            cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection);
            Token = cancellation.Token;
        }

        public string Id { get; }

        public CancellationToken Token { get; }

        public ChannelReader<StreamItem> Events => events.Reader;

        public void Attach(IObservable<ExecutionResult> stream)
        {
            var attached = stream.Subscribe(this);
            if (Interlocked.CompareExchange(ref subscription, attached, null) is not null || Volatile.Read(ref stopped) == 1)
            {
                attached.Dispose();
            }
        }

        public void OnNext(ExecutionResult value)
        {
            if (Interlocked.Increment(ref pending) > maxPending)
            {
                events.Writer.TryWrite(new StreamItem(null, new CallaroError(ErrorCodes.Internal, $"More than {maxPending} events were waiting for this client: the subscription was ended. Subscribe again.")));
                events.Writer.TryComplete();
                return;
            }

            events.Writer.TryWrite(new StreamItem(value, null));
        }

        /// <summary>One event left the queue (the count guards against clients that do not keep up).</summary>
        public void Dequeued() => Interlocked.Decrement(ref pending);

        public void OnError(Exception error)
        {
            events.Writer.TryWrite(new StreamItem(null, error as ExecutionError ?? new UnhandledError("The event stream failed", error)));
            events.Writer.TryComplete();
        }

        public void OnCompleted()
        {
            events.Writer.TryWrite(new StreamItem(null, null));
            events.Writer.TryComplete();
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 1)
            {
                return;
            }

            cancellation.Cancel();
            cancellation.Dispose();
            Interlocked.Exchange(ref subscription, null)?.Dispose();
            events.Writer.TryComplete();
        }
    }

    private sealed record StreamItem(ExecutionResult? Result, ExecutionError? Error);
}
