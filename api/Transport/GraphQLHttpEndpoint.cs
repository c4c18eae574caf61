using System.Net.Mime;
using Callaro.Api.Auth;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace Callaro.Api.Transport;

/// <summary>
/// GraphQL over HTTP (POST JSON, single or batched; GET for queries), per the GraphQL-over-HTTP spec:
/// <c>application/graphql-response+json</c> when the client accepts it (request errors are then 4xx),
/// otherwise <c>application/json</c> with 200 for anything that reached the engine.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    IDocumentExecuter<CallaroSchema> executer,
    IGraphQLTextSerializer serializer,
    RequestCallers callers)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const long MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Operations in one batched request (Apollo's batch link sends at most 10 by default).</summary>
    public const int MaxBatchOperations = 25;

    public async Task HandleAsync(HttpContext http)
    {
        var modern = AcceptsGraphQLResponse(http.Request);
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, ErrorCodes.InvalidInput, "Use POST (or GET for queries) on /graphql.", modern);
            return;
        }

        var (caller, why) = await callers.AuthenticateAsync(http.Request);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, why, modern);
            return;
        }

        List<GraphQLRequest?> requests;
        bool batched;
        try
        {
            (requests, batched) = await ReadRequestsAsync(http);
        }
        catch (RequestRefusedException refused)
        {
            await WriteErrorAsync(http, refused.Status, refused.Code, refused.Message, modern);
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method) && requests is [{ Query: not null } getRequest] && SelectedOperation(getRequest) is not (null or OperationType.Query))
        {
            http.Response.Headers.Allow = "POST";
            await WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, ErrorCodes.InvalidInput, "Mutations and subscriptions are not allowed over GET: use POST.", modern);
            return;
        }

        var results = new ExecutionResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            results[i] = requests[i] switch
            {
                { Query: not null and not "" } request => await ExecuteAsync(http, request, caller),
                var request when AsksForPersistedQuery(request) => PersistedQueryNotSupported(),
                _ => new ExecutionResult { Errors = [new CallaroError(ErrorCodes.InvalidInput, "The request has no query: send {\"query\": \"...\"}.")] },
            };
        }

        var status = StatusCodes.Status200OK;
        if (!batched && modern && results[0] is { Executed: false })
        {
            status = StatusCodes.Status400BadRequest;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = (modern ? GraphQLResponseJson : MediaTypeNames.Application.Json) + "; charset=utf-8";
        if (batched)
        {
            await serializer.WriteAsync(http.Response.Body, results, http.RequestAborted);
        }
        else
        {
            await serializer.WriteAsync(http.Response.Body, results[0], http.RequestAborted);
        }
    }

    /// <param name="overWebSocket">Subscriptions run only there; over HTTP they are refused before any stream starts.</param>
    public Task<ExecutionResult> ExecuteAsync(HttpContext http, GraphQLRequest request, Actor caller, CancellationToken? cancellationToken = null, bool overWebSocket = false) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            UserContext = new CallaroUserContext(caller),
            CancellationToken = cancellationToken ?? http.RequestAborted,
            // The engine's configured rules (rate limits, complexity) are appended to these.
            ValidationRules = overWebSocket ? null : DocumentValidator.CoreRules.Append(new SubscriptionsOverWebSocketRule(SocketUrl(http.Request))),
        });

    /// <summary>Where this server's subscriptions are, as the client reached it.</summary>
    public static string SocketUrl(HttpRequest request) =>
        $"{(request.IsHttps ? "wss" : "ws")}://{request.Host}{request.PathBase}/graphql";

    /// <summary>
    /// Automatic persisted queries (a hash in extensions.persistedQuery, no query) are not kept here. Apollo's
    /// PersistedQueryLink, urql and Apollo Kotlin recognise this exact message, turn persisted queries off and
    /// send the full query again; the code stays the contract's INVALID_INPUT.
    /// </summary>
    public static ExecutionResult PersistedQueryNotSupported() =>
        new() { Errors = [new CallaroError(ErrorCodes.InvalidInput, PersistedQueryNotSupportedMessage)], Executed = false };

    public const string PersistedQueryNotSupportedMessage = "PersistedQueryNotSupported";

    public static bool AsksForPersistedQuery(GraphQLRequest? request) =>
        request?.Extensions?.ContainsKey("persistedQuery") == true;

    private async Task<(List<GraphQLRequest?> Requests, bool Batched)> ReadRequestsAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            var query = request.Query;
            var extensions = ObjectParameter(query["extensions"], "extensions");
            if (string.IsNullOrEmpty(query["query"]) && extensions?.ContainsKey("persistedQuery") != true)
            {
                throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "GET /graphql needs a 'query' parameter.");
            }

            var variables = ObjectParameter(query["variables"], "variables");
            return ([new GraphQLRequest { Query = NullIfEmpty(query["query"]), OperationName = NullIfEmpty(query["operationName"]), Variables = variables, Extensions = extensions }], false);
        }

        if (request.ContentLength > MaxJsonBodyBytes)
        {
            throw new RequestRefusedException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, $"A GraphQL request body may be at most {MaxJsonBodyBytes / 1024} KiB; send files as multipart uploads.");
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var body = await ReadBodyAsync(http);
        switch (mediaType)
        {
            case "application/graphql":
                return ([new GraphQLRequest { Query = body }], false);
            case "application/json" or "application/graphql-response+json" or null or "":
                var trimmed = body.AsSpan().TrimStart();
                if (trimmed.IsEmpty)
                {
                    throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "The request body is empty: send {\"query\": \"...\"}.");
                }

                if (trimmed[0] == '[')
                {
                    var batch = Deserialize<GraphQLRequest?[]>(body, BodyProblem);
                    if (batch.Length == 0)
                    {
                        throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "The batch is empty.");
                    }

                    if (batch.Length > MaxBatchOperations)
                    {
                        // Each operation is held to the complexity limit; without a cap a batch multiplies it.
                        throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.TooComplex, $"A batch may hold at most {MaxBatchOperations} operations; this one has {batch.Length}. Send them in several requests.");
                    }

                    return ([.. batch], true);
                }

                return ([Deserialize<GraphQLRequest>(body, BodyProblem)], false);
            default:
                throw new RequestRefusedException(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.InvalidInput, $"Content-Type '{request.ContentType}' is not supported: send application/json.");
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBodyBytes)
            {
                throw new RequestRefusedException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, $"A GraphQL request body may be at most {MaxJsonBodyBytes / 1024} KiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string BodyProblem(string json) =>
        $"The request body is not a GraphQL request: {GraphQLRequestShape.Problem(json) ?? "send {\"query\": \"...\", \"variables\": {...}}"}.";

    /// <summary>
    /// Binds the JSON; only when that fails is its shape examined (<see cref="GraphQLRequestShape"/>), to say what is
    /// wrong in the protocol's terms: the binder's own message names .NET types.
    /// </summary>
    private T Deserialize<T>(string json, Func<string, string> explain)
    {
        try
        {
            return serializer.Deserialize<T>(json) ?? throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, explain(json));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, explain(json));
        }
    }

    private Inputs? ObjectParameter(string? json, string name) =>
        string.IsNullOrEmpty(json)
            ? null
            : Deserialize<Inputs>(json, j => $"The query parameter {GraphQLRequestShape.ObjectParameterProblem(name, j) ?? $"'{name}' must be a JSON object"}.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// The type of the operation the request selects, when that is already clear: a name that matches, or the
    /// only operation. Otherwise null, and the engine says what is missing (e.g. the operation name).
    /// </summary>
    private static OperationType? SelectedOperation(GraphQLRequest request)
    {
        try
        {
            var operations = Parser.Parse(request.Query).Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var selected = request.OperationName is { Length: > 0 } name
                ? operations.FirstOrDefault(o => o.Name?.StringValue == name)
                : operations.Count == 1 ? operations[0] : null;
            return selected?.Operation;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            // The engine reports syntax errors properly.
            return null;
        }
    }

    private static bool AcceptsGraphQLResponse(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase);

    private async Task WriteErrorAsync(HttpContext http, int status, string code, string message, bool modern)
    {
        // Plain application/json clients expect 200 for GraphQL-level errors, except authentication and method errors.
        http.Response.StatusCode = modern || status is 401 or 405 or 413 or 415 ? status : StatusCodes.Status400BadRequest;
        http.Response.ContentType = (modern ? GraphQLResponseJson : MediaTypeNames.Application.Json) + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [new CallaroError(code, message)], Executed = false }, http.RequestAborted);
    }

    private sealed class RequestRefusedException(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;

        public string Code { get; } = code;
    }
}
