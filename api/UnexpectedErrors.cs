using System.Text.Json;
using Callaro.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace Callaro.Api;

/// <summary>
/// The last line for anything that escaped an endpoint: the client gets the contract's error shape with
/// <c>INTERNAL</c>, never a stack trace (ASP.NET's developer page would also try to serialize the exception
/// itself, and fail); the exception goes to the log.
/// </summary>
public static partial class UnexpectedErrors
{
    public const string Message = "Something went wrong on our side; it has been logged. Retry, and tell us if it keeps happening.";

    public static IApplicationBuilder UseUnexpectedErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync, AllowStatusCode404Response = true });

    private static async Task WriteAsync(HttpContext http)
    {
        var failure = http.Features.Get<IExceptionHandlerFeature>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UnexpectedErrors));
        LogUnexpected(logger, failure?.Error, http.Request.Method, failure?.Path ?? http.Request.Path.Value ?? string.Empty);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { errors = new[] { new { message = Message, extensions = new { code = ErrorCodes.Internal } } } }, cancellationToken: http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception? exception, string method, string path);
}
