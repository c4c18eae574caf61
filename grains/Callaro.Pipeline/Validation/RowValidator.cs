using System.Globalization;
using Callaro.Pipeline.Mapping;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// Validates and normalises rows of one upload. Build it once per chunk from the header, the confirmed
/// mapping and the options, then call <see cref="Validate(long, IReadOnlyList{string})"/> per row.
/// <para>Rules (schema RejectReason): identifier and phone required; cells cleaned of invisible characters
/// (<see cref="TextCleaner"/>); phones through libphonenumber (<see cref="PhoneNormalizer"/> documents the
/// dialable types); time zones through <see cref="TimezoneResolver"/>, inferred from the phone when it maps to
/// exactly one zone; TIMEZONE_CONFLICT when the zone is not one of the phone's country (for Etc/ and
/// offset zones: when no zone of the country has that UTC offset in January or July); consent through
/// <see cref="ConsentParser"/>; e-mail syntax as a <see cref="RowNote"/> only. An identifier or CRM id a spreadsheet rounded
/// (<see cref="SpreadsheetRounding"/>) is MISSING_IDENTIFIER; a COUNTRY cell is read by <see cref="CountryNames"/>.</para>
/// <para>A row whose field count differs from the header's is MALFORMED_ROW and nothing else is checked.</para>
/// Not thread-safe (it keeps small caches and a scratch list): one instance per chunk / thread.
/// </summary>
public sealed class RowValidator
{
    private const int MaxCachedPerValidator = 1024;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly HashSet<string> SupportedRegions = new(Util.GetSupportedRegions(), StringComparer.OrdinalIgnoreCase);
    private static readonly IReadOnlyDictionary<string, string> NoCustom = new Dictionary<string, string>();

    private readonly int columnCount;
    private readonly string defaultRegion;
    private readonly int defaultCallingCode;
    private readonly RowValidatorOptions options;

    private readonly int identifierIndex;
    private readonly int phoneIndex;
    private readonly int timezoneIndex = -1;
    private readonly int firstNameIndex = -1;
    private readonly int lastNameIndex = -1;
    private readonly int emailIndex = -1;
    private readonly int companyIndex = -1;
    private readonly int crmIdIndex = -1;
    private readonly int consentIndex = -1;
    private readonly int postalCodeIndex = -1;
    private readonly int countryIndex = -1;
    private readonly (int Index, string Key)[] custom;
    private readonly bool[] reads;

    private readonly string identifierColumn;
    private readonly string phoneColumn;
    private readonly string? timezoneColumn;
    private readonly string? emailColumn;
    private readonly string? consentColumn;
    private readonly string? crmIdColumn;
    private readonly string? countryColumn;

    private readonly RowIssue missingIdentifier;
    private readonly RowIssue missingPhone;
    private readonly RowIssue precisionLost;
    private readonly Dictionary<string, RowIssue> regionAssumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RowIssue> unknownCountryAssumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RowIssue> inferred = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimezoneEntry> timezones = new(StringComparer.Ordinal);
    private readonly Dictionary<(int CallingCode, string Zone), RowIssue?> conflicts = [];
    private readonly Dictionary<string, RowRegion> rowRegions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RowIssue> issues = new(4);
    private readonly List<RowNote> notes = new(2);
    private string[]? scratch;

    public RowValidator(IReadOnlyList<string> columns, IReadOnlyList<ColumnMapping> mapping, RowValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(mapping);
        this.options = options ?? new RowValidatorOptions();
        MappingRules.Validate(columns, mapping);

        string region = (this.options.DefaultRegion ?? string.Empty).Trim().ToUpperInvariant();
        if (!SupportedRegions.Contains(region))
        {
            throw new PipelineException(
                PipelineErrorCodes.InvalidInput,
                $"Default region '{this.options.DefaultRegion}' is not an ISO 3166 alpha-2 country code libphonenumber knows (for example US, GB, DE).");
        }

        defaultRegion = region;
        defaultCallingCode = Util.GetCountryCodeForRegion(region);
        columnCount = columns.Count;

        var customs = new List<(int, string)>();
        reads = new bool[columns.Count];
        foreach (var m in mapping)
        {
            int index = IndexOf(columns, m.Column);
            reads[index] = m.Field != ContactField.Ignore;
            switch (m.Field)
            {
                case ContactField.Identifier: identifierIndex = index; break;
                case ContactField.Phone: phoneIndex = index; break;
                case ContactField.Timezone: timezoneIndex = index; break;
                case ContactField.FirstName: firstNameIndex = index; break;
                case ContactField.LastName: lastNameIndex = index; break;
                case ContactField.Email: emailIndex = index; break;
                case ContactField.Company: companyIndex = index; break;
                case ContactField.CrmId: crmIdIndex = index; break;
                case ContactField.Consent: consentIndex = index; break;
                case ContactField.PostalCode: postalCodeIndex = index; break;
                case ContactField.Country: countryIndex = index; break;
                case ContactField.Custom: customs.Add((index, m.CustomKey!.Trim())); break;
                default: break;
            }
        }

        custom = [.. customs];
        identifierColumn = columns[identifierIndex];
        phoneColumn = columns[phoneIndex];
        timezoneColumn = timezoneIndex >= 0 ? columns[timezoneIndex] : null;
        emailColumn = emailIndex >= 0 ? columns[emailIndex] : null;
        consentColumn = consentIndex >= 0 ? columns[consentIndex] : null;
        crmIdColumn = crmIdIndex >= 0 ? columns[crmIdIndex] : null;
        countryColumn = countryIndex >= 0 ? columns[countryIndex] : null;

        missingIdentifier = new RowIssue(RejectReason.MissingIdentifier, Severity.Error, identifierColumn, "The identifier is empty: every contact needs one, so results can be matched back to it.");
        missingPhone = new RowIssue(RejectReason.MissingPhone, Severity.Error, phoneColumn, "The phone number is empty.");
        precisionLost = new RowIssue(
            RejectReason.PhonePrecisionLost,
            Severity.Error,
            phoneColumn,
            "The phone number is in spreadsheet scientific notation (like 4.15E+09), so its last digits are lost: format the column as text in the spreadsheet and export again.");
    }

    /// <summary>
    /// Whether the rules read column <paramref name="index"/>: an ignored column's cell may be passed as an empty
    /// string (callers spare themselves decoding it).
    /// </summary>
    public bool ReadsColumn(int index) => (uint)index < (uint)reads.Length && reads[index];

    /// <summary>The region numbers without a country prefix are read in (upper case).</summary>
    public string DefaultRegion => defaultRegion;

    public RowValidationResult Validate(long rowNumber, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != columnCount)
        {
            return Malformed(rowNumber, fields.Count);
        }

        if (fields is string[] array)
        {
            return ValidateCore(rowNumber, array);
        }

        if (fields is List<string> list)
        {
            return ValidateCore(rowNumber, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        }

        scratch ??= new string[columnCount];
        for (int i = 0; i < scratch.Length; i++)
        {
            scratch[i] = fields[i];
        }

        return ValidateCore(rowNumber, scratch);
    }

    public RowValidationResult Validate(long rowNumber, ReadOnlySpan<string> fields) =>
        fields.Length != columnCount ? Malformed(rowNumber, fields.Length) : ValidateCore(rowNumber, fields);

    private RowValidationResult ValidateCore(long rowNumber, ReadOnlySpan<string> fields)
    {
        issues.Clear();
        notes.Clear();

        string identifier = TextCleaner.Clean(fields[identifierIndex]);
        bool identifierRounded = false;
        if (identifier.Length == 0)
        {
            issues.Add(missingIdentifier);
        }
        else if (SpreadsheetRounding.LooksRounded(identifier))
        {
            identifierRounded = true;
            issues.Add(RoundedIdentifier(identifierColumn, "identifier", identifier, "it no longer tells contacts apart"));
        }

        string? crmId = Optional(fields, crmIdIndex);
        if (crmId is not null && SpreadsheetRounding.LooksRounded(crmId))
        {
            issues.Add(RoundedIdentifier(crmIdColumn!, "CRM id", crmId, "results written back would go to another record, or none"));
        }

        string? country = Optional(fields, countryIndex);
        if (country is not null && country.Length == 2)
        {
            country = country.ToUpperInvariant();
        }

        var rowRegion = RegionFor(country);
        var phone = PhoneNormalizer.Normalize(TextCleaner.Clean(fields[phoneIndex]), rowRegion.Region, rowRegion.CallingCode);
        AddPhoneIssues(phone, rowRegion);

        string? zone = null;
        bool timezoneMissing = false;
        string tzValue = timezoneIndex >= 0 ? TextCleaner.Clean(fields[timezoneIndex]) : string.Empty;
        if (tzValue.Length > 0)
        {
            var entry = Timezone(tzValue);
            zone = entry.Zone;
            if (entry.Issue is not null)
            {
                issues.Add(entry.Issue);
            }

            if (zone is not null && phone.Status == PhoneStatus.Ok && Conflict(phone.CallingCode, zone) is { } conflict)
            {
                issues.Add(conflict);
            }
        }
        else if (phone.Status == PhoneStatus.Ok)
        {
            var zones = PhoneTimezones.ZonesForNumber(phone.CallingCode, phone.Number, phone.Type, phone.Key);
            if (zones.Single is not null)
            {
                zone = zones.Single;
                issues.Add(Inferred(zone));
            }
            else
            {
                timezoneMissing = true;
            }
        }
        else
        {
            timezoneMissing = true;
        }

        if (timezoneMissing && options.RequireTimezone)
        {
            issues.Add(TimezoneRequirement.UnresolvedIssue(timezoneColumn));
        }

        Consent consent = Consent.Unknown;
        if (consentIndex >= 0 && !ConsentParser.TryParse(fields[consentIndex], out consent))
        {
            notes.Add(new RowNote(
                RowNotes.ConsentUnrecognised,
                consentColumn,
                $"Consent value '{TextCleaner.Clean(fields[consentIndex])}' is not a yes or no; treated as not stated."));
        }

        string? email = Optional(fields, emailIndex);
        if (email is not null && !EmailCheck.LooksValid(email))
        {
            notes.Add(new RowNote(RowNotes.EmailInvalid, emailColumn, $"'{email}' does not look like an e-mail address; it is kept as given."));
        }

        IReadOnlyDictionary<string, string> customValues = NoCustom;
        if (custom.Length > 0)
        {
            Dictionary<string, string>? values = null;
            foreach (var (index, key) in custom)
            {
                string v = TextCleaner.Clean(fields[index]);
                if (v.Length > 0)
                {
                    values ??= new Dictionary<string, string>(custom.Length, StringComparer.Ordinal);
                    values[key] = v;
                }
            }

            customValues = values ?? NoCustom;
        }

        var contact = new ValidatedContact(
            identifier,
            phone.E164,
            phone.Extension,
            zone,
            Optional(fields, firstNameIndex),
            Optional(fields, lastNameIndex),
            email,
            Optional(fields, companyIndex),
            crmId,
            consent,
            Optional(fields, postalCodeIndex),
            country,
            customValues);

        return new RowValidationResult(
            rowNumber,
            contact,
            issues.Count == 0 ? RowValidationResult.NoIssues : [.. issues],
            notes.Count == 0 ? RowValidationResult.NoNotes : [.. notes],
            timezoneMissing,
            phone.Key,
            identifier.Length == 0 || identifierRounded ? 0 : ContactKeys.IdentifierKey(identifier));
    }

    /// <summary>
    /// MISSING_IDENTIFIER for an id a spreadsheet rounded (<see cref="SpreadsheetRounding"/>): the value is there but no longer
    /// identifies anyone, which is closer to a missing id than to the contract's other reasons (MALFORMED_ROW is about a
    /// row's fields and quoting, DUPLICATE_IDENTIFIER would blame the file for the spreadsheet's rounding).
    /// </summary>
    private static RowIssue RoundedIdentifier(string column, string what, string value, string consequence) =>
        new(
            RejectReason.MissingIdentifier,
            Severity.Error,
            column,
            $"The {what} '{value}' was rounded by a spreadsheet (scientific notation): its last digits are lost, so {consequence}. Re-export the column as text (format it as Text in the spreadsheet before saving the CSV).");

    private void AddPhoneIssues(in PhoneOutcome phone, in RowRegion rowRegion)
    {
        string region = rowRegion.Region;
        switch (phone.Status)
        {
            case PhoneStatus.Ok:
                if (phone.RegionAssumed)
                {
                    issues.Add(RegionAssumed(region, rowRegion.UnknownCountry));
                }

                break;
            case PhoneStatus.Missing:
                issues.Add(missingPhone);
                break;
            case PhoneStatus.PrecisionLost:
                issues.Add(precisionLost);
                break;
            case PhoneStatus.Unparseable:
                issues.Add(new RowIssue(RejectReason.PhoneUnparseable, Severity.Error, phoneColumn, $"This is not a phone number: {phone.Detail}."));
                break;
            case PhoneStatus.TwoNumbers:
                // Not one phone number, so PHONE_UNPARSEABLE: the contract has no reason of its own for it.
                issues.Add(new RowIssue(
                    RejectReason.PhoneUnparseable,
                    Severity.Error,
                    phoneColumn,
                    $"The cell holds two phone numbers ({phone.Detail}): put one number per row, or the second in another column."));
                break;
            default:
                string assumed = !phone.RegionAssumed ? string.Empty
                    : rowRegion.UnknownCountry is null ? $" (read as a {region} number, since it has no country code)"
                    : $" ({UnknownCountry(rowRegion.UnknownCountry)}; read as a {region} number, since it has no country code)";
                issues.Add(new RowIssue(RejectReason.PhoneInvalid, Severity.Error, phoneColumn, $"The phone number cannot be dialed: {phone.Detail}{assumed}."));
                break;
        }
    }

    /// <summary>The warning for a number read in the default region; it names a country value that was not understood, or the user would wonder why it was ignored.</summary>
    private RowIssue RegionAssumed(string region, string? unknownCountry)
    {
        var cache = unknownCountry is null ? regionAssumed : unknownCountryAssumed;
        var key = unknownCountry ?? region;
        if (!cache.TryGetValue(key, out var issue))
        {
            int cc = Util.GetCountryCodeForRegion(region);
            var why = unknownCountry is null ? "No country code in the number" : $"No country code in the number, and {UnknownCountry(unknownCountry)}";
            issue = new RowIssue(RejectReason.PhoneRegionAssumed, Severity.Warning, phoneColumn, $"{why}: read as a {region} number (+{cc.ToString(CultureInfo.InvariantCulture)}).");
            if (cache.Count < MaxCachedPerValidator)
            {
                cache[key] = issue;
            }
        }

        return issue;
    }

    private string UnknownCountry(string value) => $"the {countryColumn} value '{value}' names no country we know";

    private RowIssue Inferred(string zone)
    {
        if (!inferred.TryGetValue(zone, out var issue))
        {
            issue = new RowIssue(RejectReason.TimezoneInferred, Severity.Warning, timezoneColumn, $"No time zone given: {zone} taken from the phone number.");
            if (inferred.Count < MaxCachedPerValidator)
            {
                inferred[zone] = issue;
            }
        }

        return issue;
    }

    private readonly record struct TimezoneEntry(string? Zone, RowIssue? Issue);

    private TimezoneEntry Timezone(string value)
    {
        if (timezones.TryGetValue(value, out var entry))
        {
            return entry;
        }

        var resolution = TimezoneResolver.Resolve(value);
        if (resolution.ZoneId is null)
        {
            entry = new TimezoneEntry(null, new RowIssue(
                RejectReason.TimezoneUnknown,
                Severity.Error,
                timezoneColumn,
                $"'{value}' is not a time zone: use an IANA name such as America/New_York, a Windows name such as Eastern Standard Time, an abbreviation such as PST, or an offset such as UTC-5."));
        }
        else if (resolution.IsAlias)
        {
            string kind = resolution.Source switch
            {
                TimezoneSource.Windows => "a Windows time zone name",
                TimezoneSource.DisplayName => "a time zone display name",
                TimezoneSource.FixedOffset => "a fixed UTC offset, which ignores daylight saving",
                _ => "an abbreviation",
            };
            entry = new TimezoneEntry(resolution.ZoneId, new RowIssue(
                RejectReason.TimezoneAlias,
                Severity.Warning,
                timezoneColumn,
                $"'{value}' is {kind}: read as {resolution.ZoneId}."));
        }
        else
        {
            entry = new TimezoneEntry(resolution.ZoneId, null);
        }

        if (timezones.Count < MaxCachedPerValidator)
        {
            timezones[value] = entry;
        }

        return entry;
    }

    private RowIssue? Conflict(int callingCode, string zone)
    {
        if (conflicts.TryGetValue((callingCode, zone), out var issue))
        {
            return issue;
        }

        issue = TimezoneConflicts.Conflicts(callingCode, zone)
            ? new RowIssue(
                RejectReason.TimezoneConflict,
                Severity.Warning,
                timezoneColumn,
                $"{zone} is not a time zone of the phone number's country (+{callingCode.ToString(CultureInfo.InvariantCulture)} {TimezoneConflicts.RegionsOf(callingCode)}): check which one is right; the given time zone is kept.")
            : null;
        if (conflicts.Count < MaxCachedPerValidator)
        {
            conflicts[(callingCode, zone)] = issue;
        }

        return issue;
    }

    /// <summary>The region a row's national numbers are read in; <see cref="UnknownCountry"/> holds a country value that named none.</summary>
    private readonly record struct RowRegion(string Region, int CallingCode, string? UnknownCountry);

    private RowRegion RegionFor(string? country)
    {
        if (country is null || !options.UseRowCountryForPhones)
        {
            return new RowRegion(defaultRegion, defaultCallingCode, null);
        }

        if (!rowRegions.TryGetValue(country, out var found))
        {
            found = CountryNames.RegionOf(country) is { } region
                ? new RowRegion(region, Util.GetCountryCodeForRegion(region), null)
                : new RowRegion(defaultRegion, defaultCallingCode, country);
            if (rowRegions.Count < MaxCachedPerValidator)
            {
                rowRegions[country] = found;
            }
        }

        return found;
    }

    private static string? Optional(ReadOnlySpan<string> fields, int index)
    {
        if (index < 0)
        {
            return null;
        }

        string v = TextCleaner.Clean(fields[index]);
        return v.Length == 0 ? null : v;
    }

    private RowValidationResult Malformed(long rowNumber, int count)
    {
        var issue = new RowIssue(
            RejectReason.MalformedRow,
            Severity.Error,
            null,
            $"This row has {count.ToString(CultureInfo.InvariantCulture)} values but the header has {columnCount.ToString(CultureInfo.InvariantCulture)} columns: check for a stray delimiter or quote.");
        var contact = new ValidatedContact(string.Empty, null, null, null, null, null, null, null, null, Consent.Unknown, null, null, NoCustom);
        return new RowValidationResult(rowNumber, contact, [issue], RowValidationResult.NoNotes, false, 0, 0);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
