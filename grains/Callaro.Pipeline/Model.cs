namespace Callaro.Pipeline;

// Names mirror the GraphQL contract (schema.graphql) one to one; the API maps them by name.

/// <summary>What a column of the file means.</summary>
public enum ContactField
{
    Identifier,
    Phone,
    Timezone,
    FirstName,
    LastName,
    Email,
    Company,
    CrmId,
    Consent,
    PostalCode,
    Country,
    Custom,
    Ignore,
}

/// <summary>Why a row was excluded (errors) or what was changed on a kept row (warnings).</summary>
public enum RejectReason
{
    // errors: the row is not dialable
    MalformedRow,
    MissingIdentifier,
    MissingPhone,
    PhoneUnparseable,
    PhoneInvalid,
    PhonePrecisionLost,
    TimezoneUnknown,
    TimezoneUnresolved,
    Duplicate,
    DuplicateIdentifier,
    Suppressed,
    NoConsent,
    ActiveInOtherCampaign,

    // warnings: the row is kept
    PhoneRegionAssumed,
    TimezoneInferred,
    TimezoneAlias,
    TimezoneConflict,
}

public enum Severity
{
    Error,
    Warning,
}

public enum DuplicatePolicy
{
    KeepFirst,
    KeepLast,
    ExcludeAll,
    Block,
}

public enum DuplicateKey
{
    Phone,
    Identifier,
}

/// <summary>Consent as the file states it: affirmative, refused, or not said.</summary>
public enum Consent
{
    Unknown,
    Granted,
    Refused,
}

/// <summary>One column of the file bound to a contact field; <see cref="Confidence"/> is set on suggestions (0..1).</summary>
public sealed record ColumnMapping(string Column, ContactField Field, string? CustomKey = null, double? Confidence = null);

/// <summary>Something a row carries: an error excludes it, a warning keeps it.</summary>
public sealed record RowIssue(RejectReason Code, Severity Severity, string? Column, string Message);

/// <summary>
/// An expected failure with a contract error code (UNSUPPORTED_FILE, MALFORMED_CSV, INVALID_INPUT, UPLOAD_TOO_LARGE...).
/// The API turns it into a GraphQL error with <c>extensions.code</c>; the message tells the user what to do.
/// </summary>
public sealed class PipelineException : Exception
{
    public PipelineException(string code, string message)
        : base(message) => Code = code;

    public PipelineException()
        : this("INTERNAL", "Pipeline failure.")
    {
    }

    public PipelineException(string message)
        : this("INTERNAL", message)
    {
    }

    public PipelineException(string message, Exception innerException)
        : base(message, innerException) => Code = "INTERNAL";

    public string Code { get; }
}

public static class PipelineErrorCodes
{
    public const string UnsupportedFile = "UNSUPPORTED_FILE";
    public const string MalformedCsv = "MALFORMED_CSV";
    public const string InvalidInput = "INVALID_INPUT";
    public const string UploadTooLarge = "UPLOAD_TOO_LARGE";
}
