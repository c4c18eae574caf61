namespace Callaro.Pipeline.Validation;

/// <summary>One contact, normalised. <see cref="Phone"/> is E.164 (null when the phone was refused).</summary>
public sealed record ValidatedContact(
    string Identifier,
    string? Phone,
    string? PhoneExtension,
    string? Timezone,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Company,
    string? CrmId,
    Consent Consent,
    string? PostalCode,
    string? Country,
    IReadOnlyDictionary<string, string> Custom)
{
    /// <summary>
    /// The normalised value of one mapped field, for previews (PreviewCell.normalized): E.164 phone (with
    /// <c>;ext=</c> when there is an extension), canonical IANA zone, consent as GRANTED / REFUSED; null when empty.
    /// </summary>
    public string? NormalizedValue(ContactField field, string? customKey = null) => field switch
    {
        ContactField.Identifier => Identifier.Length == 0 ? null : Identifier,
        ContactField.Phone => Phone is null ? null : PhoneExtension is null ? Phone : Phone + ";ext=" + PhoneExtension,
        ContactField.Timezone => Timezone,
        ContactField.FirstName => FirstName,
        ContactField.LastName => LastName,
        ContactField.Email => Email,
        ContactField.Company => Company,
        ContactField.CrmId => CrmId,
        ContactField.Consent => Consent switch
        {
            Consent.Granted => "GRANTED",
            Consent.Refused => "REFUSED",
            _ => null,
        },
        ContactField.PostalCode => PostalCode,
        ContactField.Country => Country,
        ContactField.Custom => customKey is not null && Custom.TryGetValue(customKey, out var v) ? v : null,
        _ => null,
    };
}

/// <summary>
/// Something worth saying about a cell that has no RejectReason in the contract and never changes
/// whether the row is accepted: codes <see cref="RowNotes.EmailInvalid"/> and
/// <see cref="RowNotes.ConsentUnrecognised"/>. Previews show them beside the RowIssues; counts ignore them.
/// </summary>
public sealed record RowNote(string Code, string? Column, string Message);

public static class RowNotes
{
    public const string EmailInvalid = "EMAIL_INVALID";
    public const string ConsentUnrecognised = "CONSENT_UNRECOGNISED";
}

/// <summary>
/// The verdict on one row. <see cref="Accepted"/> = no ERROR issue. <see cref="TimezoneMissing"/>: the
/// row has no time zone and none could be inferred from the phone; whether that is an error depends on
/// the schedule (see <see cref="RequireTimezone"/>).
/// <see cref="PhoneKey"/> and <see cref="IdentifierKey"/> are the 64-bit duplicate keys (<see cref="ContactKeys"/>);
/// PhoneKey is 0 when the phone was refused.
/// </summary>
public sealed record RowValidationResult(
    long RowNumber,
    ValidatedContact Contact,
    IReadOnlyList<RowIssue> Issues,
    IReadOnlyList<RowNote> Notes,
    bool TimezoneMissing,
    long PhoneKey,
    long IdentifierKey)
{
    internal static readonly RowIssue[] NoIssues = [];
    internal static readonly RowNote[] NoNotes = [];

    public bool Accepted
    {
        get
        {
            // Indexed, not foreach: enumerating the interface allocates per row, and this runs for every row.
            for (var i = 0; i < Issues.Count; i++)
            {
                if (Issues[i].Severity == Severity.Error)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public bool HasWarnings
    {
        get
        {
            for (var i = 0; i < Issues.Count; i++)
            {
                if (Issues[i].Severity == Severity.Warning)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Applies the schedule decision: when the campaign calls in the contact's local time
    /// (CONTACT_LOCAL), a row whose time zone is missing and not inferable gets TIMEZONE_UNRESOLVED
    /// (an error). Returns this instance when nothing changes; idempotent.
    /// </summary>
    public RowValidationResult RequireTimezone(string? timezoneColumn = null)
    {
        if (!TimezoneMissing)
        {
            return this;
        }

        for (var i = 0; i < Issues.Count; i++)
        {
            if (Issues[i].Code == RejectReason.TimezoneUnresolved)
            {
                return this;
            }
        }

        var issues = new RowIssue[Issues.Count + 1];
        for (int i = 0; i < Issues.Count; i++)
        {
            issues[i] = Issues[i];
        }

        issues[^1] = TimezoneRequirement.UnresolvedIssue(timezoneColumn);
        return this with { Issues = issues };
    }
}

/// <summary>Applies the CONTACT_LOCAL rule to results validated without it (e.g. when the schedule changes later).</summary>
public static class TimezoneRequirement
{
    private static readonly RowIssue UnresolvedWithoutColumn = Make(null);

    /// <summary>Returns the result with TIMEZONE_UNRESOLVED added when <paramref name="contactLocalSchedule"/> and the zone is missing.</summary>
    public static RowValidationResult Apply(RowValidationResult result, bool contactLocalSchedule, string? timezoneColumn = null) =>
        contactLocalSchedule ? result.RequireTimezone(timezoneColumn) : result;

    internal static RowIssue UnresolvedIssue(string? column) => column is null ? UnresolvedWithoutColumn : Make(column);

    private static RowIssue Make(string? column) => new(
        RejectReason.TimezoneUnresolved,
        Severity.Error,
        column,
        column is null
            ? "No time zone, and the phone number does not tell which one: the schedule calls in each contact's local time, so add a time zone column."
            : "No time zone, and the phone number does not tell which one: the schedule calls in each contact's local time, so fill in this cell.");
}
