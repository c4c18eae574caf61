using Callaro.Pipeline.Validation;
using PhoneNumbers;

namespace Callaro.Pipeline;

/// <summary>One phone value read with exactly the row rules, for callers outside a file (suppression lists).</summary>
public static class PhoneValues
{
    public static bool TryNormalize(string? value, string defaultRegion, out string e164, out string problem)
    {
        var region = string.IsNullOrWhiteSpace(defaultRegion) ? "US" : defaultRegion.Trim().ToUpperInvariant();
        var cleaned = TextCleaner.Clean(value ?? string.Empty);
        var outcome = PhoneNormalizer.Normalize(cleaned, region, PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(region));
        if (outcome.Status == PhoneStatus.Ok && outcome.E164 is { } normalized)
        {
            e164 = normalized;
            problem = string.Empty;
            return true;
        }

        e164 = string.Empty;
        problem = outcome.Status switch
        {
            PhoneStatus.Missing => "empty",
            PhoneStatus.PrecisionLost => "spreadsheet scientific notation: digits were lost",
            PhoneStatus.NotDialable => outcome.Detail ?? "not a dialable number",
            PhoneStatus.TwoNumbers => "two phone numbers in one value (" + outcome.Detail + ")",
            _ => outcome.Detail ?? "not a valid phone number",
        };
        return false;
    }
}
