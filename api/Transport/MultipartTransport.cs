using System.Net.Mime;
using Callaro.Api.Auth;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Grains.Uploads;
using GraphQL;
using GraphQL.DI;
using Microsoft.AspNetCore.Http.Features;

namespace Callaro.Api.Transport;

/// <summary>
/// Multipart settings (section <c>Callaro</c>; env <c>Callaro__UploadSpoolPath</c> etc.). The largest request body
/// (all files together) is the upload size limit, <see cref="UploadSettings.MaxBytes"/>; JSON requests keep their 1 MiB.
/// </summary>
public sealed record MultipartSettings
{
    /// <summary>Folder for files that must be spooled (a request's later files); default: the temp folder.</summary>
    public string? UploadSpoolPath { get; init; }

    /// <summary>After the reply, how long a claimed upload may go unread before the request gives up on it.</summary>
    public double UploadClaimedIdleSeconds { get; init; } = 300;

    /// <summary>Adds the diagnostic <c>uploadProbe</c> mutation (tests and operators; off by default).</summary>
    public bool EnableUploadProbe { get; init; }

    /// <summary>The limits of one request, its body at most <paramref name="maxUploadBytes"/>.</summary>
    public MultipartLimits LimitsFor(long maxUploadBytes) => new()
    {
        MaxUploadBytes = maxUploadBytes,
        SpoolDirectory = UploadSpoolPath,
        ClaimedIdleTimeout = TimeSpan.FromSeconds(UploadClaimedIdleSeconds),
    };

    public static MultipartSettings From(IConfiguration configuration) =>
        configuration.GetSection("Callaro").Get<MultipartSettings>() ?? new MultipartSettings();
}

/// <summary>
/// POST /graphql with <c>multipart/form-data</c>: the GraphQL multipart request spec. The operation runs as
/// soon as the first file part arrives and reads it from the socket; the reply is sent (with a Content-Length)
/// as soon as the operation is done, while work that claimed a file may go on reading it.
/// </summary>
public sealed class MultipartTransport(
    GraphQLHttpEndpoint endpoint,
    IGraphQLTextSerializer serializer,
    RequestCallers callers,
    MultipartSettings settings,
    UploadSettings uploads)
{
    /// <summary>Any one of these, with any non-empty value, shows the request is not a plain cross-site form post.</summary>
    public static readonly string[] PreflightHeaders = ["GraphQL-Preflight", "GraphQL-Require-Preflight", "Apollo-Require-Preflight"];

    private readonly MultipartLimits limits = settings.LimitsFor(uploads.MaxBytes);

    public static bool IsMultipart(HttpRequest request) =>
        request.ContentType is { } type && type.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext http)
    {
        var modern = http.Request.Headers.Accept.ToString().Contains(GraphQLHttpEndpoint.GraphQLResponseJson, StringComparison.OrdinalIgnoreCase);
        var (caller, why) = await callers.AuthenticateAsync(http.Request);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, why, modern);
            return;
        }

        if (!PreflightHeaders.Any(h => !string.IsNullOrWhiteSpace(http.Request.Headers[h])))
        {
            await WriteErrorAsync(
                http,
                StatusCodes.Status400BadRequest,
                ErrorCodes.InvalidInput,
                "Multipart (file upload) requests need the header 'GraphQL-Preflight: 1' (GraphQL-Require-Preflight or Apollo-Require-Preflight work too): it keeps browsers from sending uploads cross-site.",
                modern);
            return;
        }

        var boundary = MultipartRequest.Boundary(http.Request.ContentType);
        if (boundary is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.InvalidInput, "Send uploads as multipart/form-data with a boundary (fields 'operations', 'map', then the files).", modern);
            return;
        }

        if (http.Request.ContentLength > limits.MaxUploadBytes)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, ErrorCodes.UploadTooLarge, $"The upload is {ByteSizes.Describe(http.Request.ContentLength.Value)}; this server accepts at most {ByteSizes.Describe(limits.MaxUploadBytes)} per request.", modern);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxUploadBytes;
        }

        if (http.Features.Get<IHttpBodyControlFeature>() is { } bodyControl)
        {
            // Resolvers may hand the upload to synchronous readers (StreamReader, CSV parsers).
            bodyControl.AllowSynchronousIO = true;
        }

        MultipartRequest request;
        try
        {
            request = await MultipartRequest.ReadAsync(http.Request.Body, boundary, serializer, limits, http.RequestAborted);
            foreach (var file in request.Files)
            {
                file.SizeHint = http.Request.ContentLength;
            }
        }
        catch (MultipartRequestException refused)
        {
            await WriteErrorAsync(http, refused.Status, refused.Code, refused.Message, modern);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, ErrorCodes.UploadTooLarge, $"The upload is larger than this server accepts ({ByteSizes.Describe(limits.MaxUploadBytes)} per request).", modern);
            return;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, $"The multipart body is malformed: {ex.Message}", modern);
            return;
        }

        await using (request)
        {
            var results = new ExecutionResult[request.Requests.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = await RunAsync(http, request, i, caller);
            }

            var status = StatusCodes.Status200OK;
            if (!request.Batched && modern && results[0] is { Executed: false })
            {
                status = StatusCodes.Status400BadRequest;
            }

            await WriteAsync(http, status, modern, request.Batched ? results : results[0]);

            // The reply is out; now let work that claimed a file finish reading it, then drain the body.
            try
            {
                await request.FinishAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException or InvalidDataException)
            {
                // The client is gone or sent garbage after the files; the reply was already sent.
            }
        }
    }

    private async Task<ExecutionResult> RunAsync(HttpContext http, MultipartRequest request, int index, Actor caller)
    {
        if (request.Requests[index] is not { Query: not null and not "" } graphQLRequest)
        {
            if (GraphQLHttpEndpoint.AsksForPersistedQuery(request.Requests[index]))
            {
                return GraphQLHttpEndpoint.PersistedQueryNotSupported();
            }

            return new ExecutionResult { Errors = [new CallaroError(ErrorCodes.InvalidInput, "The operation has no query: send {\"query\": \"...\"}.")], Executed = false };
        }

        string? missing;
        try
        {
            missing = await request.PrepareAsync(index, http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ExecutionResult { Errors = [new CallaroError(ErrorCodes.UploadTooLarge, $"The upload is larger than this server accepts ({ByteSizes.Describe(limits.MaxUploadBytes)} per request).")], Executed = false };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return new ExecutionResult { Errors = [new CallaroError(ErrorCodes.InvalidInput, $"The multipart body is malformed: {ex.Message}")], Executed = false };
        }

        if (missing is not null)
        {
            return new ExecutionResult { Errors = [new CallaroError(ErrorCodes.InvalidInput, missing)], Executed = false };
        }

        return await endpoint.ExecuteAsync(http, graphQLRequest, caller);
    }

    private async Task WriteErrorAsync(HttpContext http, int status, string code, string message, bool modern)
    {
        // The same conventions as GraphQLHttpEndpoint: plain JSON clients get 400 for request errors.
        status = modern || status is 401 or 405 or 413 or 415 ? status : StatusCodes.Status400BadRequest;
        await WriteAsync(http, status, modern, new ExecutionResult { Errors = [new CallaroError(code, message)], Executed = false });
    }

    private async Task WriteAsync(HttpContext http, int status, bool modern, object result)
    {
        // A known length lets the client read the whole reply while we keep consuming its upload.
        var body = System.Text.Encoding.UTF8.GetBytes(serializer.Serialize(result));
        http.Response.StatusCode = status;
        http.Response.ContentType = (modern ? GraphQLHttpEndpoint.GraphQLResponseJson : MediaTypeNames.Application.Json) + "; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}

public static class MultipartTransportSetup
{
    /// <summary>The Upload scalar in the schema, the multipart transport, and (if enabled) the upload probe.</summary>
    public static IServiceCollection AddGraphQLMultipart(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = MultipartSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<MultipartTransport>();
        services.AddSingleton<IConfigureSchema, UploadScalarRegistration>();
        if (settings.EnableUploadProbe)
        {
            // Registered after AddGraphQL, so this MutationType (with the probe field) is the one the schema gets.
            services.AddTransient(_ => MultipartUploadProbe.AddTo(new MutationType()));
        }

        return services;
    }

    /// <summary>Serves multipart POSTs on <c>/graphql</c>; JSON requests go on to <see cref="GraphQLHttpEndpoint"/>.</summary>
    public static IApplicationBuilder UseGraphQLMultipart(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && WebSocketTransportSetup.IsGraphQLPath(http.Request.Path) && MultipartTransport.IsMultipart(http.Request))
            {
                await http.RequestServices.GetRequiredService<MultipartTransport>().HandleAsync(http);
                return;
            }

            await next(http);
        });
}
