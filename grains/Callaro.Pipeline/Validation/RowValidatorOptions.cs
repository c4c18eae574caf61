namespace Callaro.Pipeline.Validation;

/// <summary>How rows are read.</summary>
public sealed record RowValidatorOptions
{
    /// <summary>ISO 3166 alpha-2 region for numbers given without a country prefix.</summary>
    public string DefaultRegion { get; init; } = "US";

    /// <summary>
    /// The schedule is CONTACT_LOCAL: a missing, not inferable time zone is TIMEZONE_UNRESOLVED (an error).
    /// When false the row carries <see cref="RowValidationResult.TimezoneMissing"/> and the caller decides later.
    /// </summary>
    public bool RequireTimezone { get; init; }

    /// <summary>
    /// When a COUNTRY cell names a country (ISO alpha-2 or alpha-3 code, English or native name, or a short form such as
    /// UK or U.S.A.; see <see cref="CountryNames"/>), numbers without a country prefix on that row are read in that country
    /// instead of <see cref="DefaultRegion"/> (still PHONE_REGION_ASSUMED). A value that names no country is said so in the
    /// row's phone messages, and <see cref="DefaultRegion"/> is used.
    /// </summary>
    public bool UseRowCountryForPhones { get; init; } = true;
}
