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
