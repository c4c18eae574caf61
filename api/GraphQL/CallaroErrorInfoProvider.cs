using Callaro.Contracts;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.Exceptions;

namespace Callaro.Api.GraphQL;

/// <summary>
/// Every error a client sees carries a contract <c>ErrorCode</c>: our own errors keep theirs, document and
/// argument errors become INVALID_INPUT (the engine's rule stays in <c>extensions.rule</c>), limits TOO_COMPLEX,
/// and anything unexpected INTERNAL with no stack trace.
/// </summary>
public sealed partial class CallaroErrorInfoProvider(ILogger<CallaroErrorInfoProvider> logger)
    : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeCode = true, ExposeCodes = false, ExposeData = false, ExposeExceptionDetails = false })
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var (code, message) = Classify(executionError);
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (executionError.Code is { } rule && executionError is not CallaroError && rule != code)
        {
            extensions["rule"] = rule;
        }

        return info with { Message = message, Extensions = extensions };
    }

    private (string Code, string Message) Classify(ExecutionError error)
    {
        switch (error)
        {
            case CallaroError own:
                return (own.Code!, own.Message);
            case RateLimitedError:
                return (ErrorCodes.RateLimited, error.Message);
            case ValidationError when IsLimit(error):
                return (ErrorCodes.TooComplex, error.Message);
            case ValidationError or SyntaxError or InvalidOperationError or InvalidVariableError or DocumentError:
                return (ErrorCodes.InvalidInput, error.Message);
            case UnhandledError unhandled when unhandled.InnerException is CallaroError inner:
                return (inner.Code!, inner.Message);
            case UnhandledError unhandled when unhandled.InnerException is DatabaseUnavailableException database:
                LogClusterUnavailable(logger, database, string.Join(".", error.Path ?? []));
                return (ErrorCodes.Internal, database.Message);
            case UnhandledError unhandled when unhandled.InnerException is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException:
                LogClusterUnavailable(logger, unhandled.InnerException, string.Join(".", error.Path ?? []));
                return (ErrorCodes.Internal, "The Callaro cluster is not reachable right now; retry in a few seconds.");
            case UnhandledError unhandled:
                LogUnhandled(logger, unhandled.InnerException ?? unhandled, string.Join(".", error.Path ?? []));
                return (ErrorCodes.Internal, UnexpectedErrors.Message);
            default:
                return (error.Code is { } c && IsContractCode(c) ? c : ErrorCodes.InvalidInput, error.Message);
        }
    }

    private static bool IsLimit(ExecutionError error) =>
        (error.Code ?? string.Empty).Contains("COMPLEXITY", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("complexity", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable while resolving {Path}")]
    private static partial void LogClusterUnavailable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error while resolving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);

    private static bool IsContractCode(string code) => code is ErrorCodes.Unauthenticated or ErrorCodes.Forbidden or ErrorCodes.NotFound
        or ErrorCodes.InvalidInput or ErrorCodes.InvalidTransition or ErrorCodes.VersionConflict or ErrorCodes.NotReady
        or ErrorCodes.UploadTooLarge or ErrorCodes.UnsupportedFile or ErrorCodes.MalformedCsv or ErrorCodes.TooComplex
        or ErrorCodes.RateLimited or ErrorCodes.Internal;
}
