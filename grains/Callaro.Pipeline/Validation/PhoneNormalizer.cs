using System.Globalization;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

internal enum PhoneStatus
{
    Ok,
    Missing,
    PrecisionLost,
    Unparseable,
    Invalid,
    NotDialable,
}

/// <summary>The phone cell read: E.164, extension apart, the 64-bit key, and why not when it failed.</summary>
internal readonly record struct PhoneOutcome(
    PhoneStatus Status,
    string? E164,
    string? Extension,
    long Key,
    PhoneNumber? Number,
    PhoneNumberType Type,
    bool RegionAssumed,
    string? Detail,
    int CallingCode = 0);

/// <summary>
/// Reads a phone cell with libphonenumber.
/// <para>Dialable types: FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE, TOLL_FREE and VOIP (an outbound
/// campaign may call businesses on toll-free lines and people on VoIP numbers). PREMIUM_RATE,
/// SHARED_COST, UAN, VOICEMAIL, PAGER and PERSONAL_NUMBER (follow-me numbers that bill the caller)
/// are PHONE_INVALID, named in the message.</para>
/// <para>Fast path: for a NANP default region, a cell holding only digits and <c>( ) - . / space</c>
/// with 10 digits (or 11 starting with 1, optionally after a leading +) is built directly
/// (same result as Parse, which then only strips the trunk prefix 1), skipping the parser. Everything
/// else goes through <c>ParseAndKeepRawInput</c>, which also pulls extensions (<c>x12</c>,
/// <c>ext. 45</c>, <c>;ext=5</c>) apart.</para>
/// <para>A leading <c>00</c> is read as the international prefix whatever the default region (libphonenumber
/// alone would read it as part of a US national number); <c>011</c> works for NANP regions through libphonenumber.</para>
/// Stateless and thread-safe.
/// </summary>
internal static class PhoneNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneOutcome Normalize(string value, string region, int regionCallingCode)
    {
        if (value.Length == 0)
        {
            return Fail(PhoneStatus.Missing, null);
        }

        if (IsScientificNotation(value))
        {
            return Fail(PhoneStatus.PrecisionLost, null);
        }

        ReadOnlySpan<char> text = StripFloatSuffix(value);

        int digits = 0;
        bool simple = true;
        bool plus = false;
        char firstDigit = '\0';
        char secondDigit = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 0)
                {
                    firstDigit = c;
                }
                else if (digits == 1)
                {
                    secondDigit = c;
                }

                digits++;
            }
            else if (c == '+' && i == 0)
            {
                plus = true;
            }
            else if (c is not (' ' or '(' or ')' or '-' or '.' or '/'))
            {
                simple = false;
            }
        }

        if (simple && regionCallingCode == 1)
        {
            bool tenDigits = !plus && digits == 10 && firstDigit >= '2';
            bool elevenDigits = digits == 11 && firstDigit == '1' && secondDigit >= '2';
            if (tenDigits || elevenDigits)
            {
                return FastNanp(text, digits, !plus);
            }
        }

        if (digits == 0)
        {
            return Fail(PhoneStatus.Unparseable, "it contains no digits");
        }

        return Slow(text, region);
    }

    private static PhoneOutcome FastNanp(ReadOnlySpan<char> text, int digits, bool regionAssumed)
    {
        long national = 0;
        bool skipTrunk = digits == 11;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (skipTrunk)
                {
                    skipTrunk = false;
                    continue;
                }

                national = (national * 10) + (c - '0');
            }
        }

        var type = NumberTypes.OfNanp((ulong)national);
        long key = 10_000_000_000L + national;
        if (!IsDialable(type, out var status))
        {
            var number = new PhoneNumber.Builder().SetCountryCode(1).SetNationalNumber((ulong)national).Build();
            return new PhoneOutcome(status, null, null, 0, number, type, regionAssumed, Describe(number, type), 1);
        }

        string e164 = string.Create(12, national, static (span, n) =>
        {
            span[0] = '+';
            span[1] = '1';
            n.TryFormat(span[2..], out _, default, CultureInfo.InvariantCulture);
        });
        // No PhoneNumber object on this path (the common one): the calling code and the key say all that follows needs.
        return new PhoneOutcome(PhoneStatus.Ok, e164, null, key, null, type, regionAssumed, null, 1);
    }

    private static PhoneOutcome Slow(ReadOnlySpan<char> text, string region)
    {
        string input = LeadingZeroZeroAsPlus(text);
        PhoneNumber number;
        try
        {
            number = Util.ParseAndKeepRawInput(input, region);
        }
        catch (NumberParseException e)
        {
            return e.ErrorType switch
            {
                ErrorType.NOT_A_NUMBER => Fail(PhoneStatus.Unparseable, "it does not look like a phone number"),
                ErrorType.INVALID_COUNTRY_CODE => Fail(PhoneStatus.Invalid, "its country code does not exist"),
                ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => Fail(PhoneStatus.Invalid, "it is too short"),
                ErrorType.TOO_LONG => Fail(PhoneStatus.Invalid, "it is too long"),
                _ => Fail(PhoneStatus.Unparseable, "it does not look like a phone number"),
            };
        }

        bool regionAssumed = number.CountryCodeSource is not (PhoneNumber.Types.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN
            or PhoneNumber.Types.CountryCodeSource.FROM_NUMBER_WITH_IDD);
        var type = NumberTypes.Of(number);
        if (!IsDialable(type, out var status))
        {
            return new PhoneOutcome(status, null, null, 0, number, type, regionAssumed, Describe(number, type), number.CountryCode);
        }

        string e164 = Util.Format(number, PhoneNumberFormat.E164);
        long key = ContactKeys.PhoneKey(e164);
        string? extension = number.HasExtension && number.Extension.Length > 0 ? number.Extension : null;
        return new PhoneOutcome(PhoneStatus.Ok, e164, extension, key, number, type, regionAssumed, null, number.CountryCode);
    }

    private static PhoneOutcome Fail(PhoneStatus status, string? detail) =>
        new(status, null, null, 0, null, PhoneNumberType.UNKNOWN, false, detail);

    private static bool IsDialable(PhoneNumberType type, out PhoneStatus status)
    {
        switch (type)
        {
            case PhoneNumberType.FIXED_LINE:
            case PhoneNumberType.MOBILE:
            case PhoneNumberType.FIXED_LINE_OR_MOBILE:
            case PhoneNumberType.TOLL_FREE:
            case PhoneNumberType.VOIP:
                status = PhoneStatus.Ok;
                return true;
            case PhoneNumberType.UNKNOWN:
                status = PhoneStatus.Invalid;
                return false;
            default:
                status = PhoneStatus.NotDialable;
                return false;
        }
    }

    /// <summary>Why a parsed number is refused, for the message.</summary>
    private static string Describe(PhoneNumber number, PhoneNumberType type)
    {
        string country = "+" + number.CountryCode.ToString(CultureInfo.InvariantCulture);
        string regionCode = Util.GetRegionCodeForCountryCode(number.CountryCode);
        if (regionCode != "ZZ" && regionCode != "001")
        {
            country += " (" + regionCode + ")";
        }

        if (type != PhoneNumberType.UNKNOWN)
        {
            return "it is a " + TypeName(type) + " number (" + country + "), which campaigns do not dial";
        }

        string why = Util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT => "too short",
            PhoneNumberUtil.ValidationResult.TOO_LONG => "too long",
            PhoneNumberUtil.ValidationResult.INVALID_LENGTH => "the wrong length",
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => "for no known country",
            _ => "not an assigned range",
        };
        return "it is not a valid number for " + country + ": " + why;
    }

    internal static string TypeName(PhoneNumberType type) => type switch
    {
        PhoneNumberType.PREMIUM_RATE => "premium-rate",
        PhoneNumberType.SHARED_COST => "shared-cost",
        PhoneNumberType.UAN => "universal access (UAN)",
        PhoneNumberType.VOICEMAIL => "voicemail access",
        PhoneNumberType.PAGER => "pager",
        PhoneNumberType.PERSONAL_NUMBER => "personal (follow-me)",
        PhoneNumberType.TOLL_FREE => "toll-free",
        PhoneNumberType.VOIP => "VoIP",
        PhoneNumberType.MOBILE => "mobile",
        PhoneNumberType.FIXED_LINE => "fixed-line",
        PhoneNumberType.FIXED_LINE_OR_MOBILE => "fixed-line or mobile",
        _ => "unknown",
    };

    /// <summary>
    /// Spreadsheet scientific notation: <c>4.15E+09</c>, <c>4,15E+09</c>, <c>1.2345e10</c>, <c>4E9</c>.
    /// The digits beyond the mantissa are gone; the value is never turned into a number.
    /// </summary>
    internal static bool IsScientificNotation(ReadOnlySpan<char> s)
    {
        int i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        int mantissa = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            mantissa++;
        }

        if (mantissa == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is '.' or ',')
        {
            i++;
            int fraction = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                fraction++;
            }

            if (fraction == 0)
            {
                return false;
            }
        }

        if (i >= s.Length || s[i] is not ('e' or 'E'))
        {
            return false;
        }

        i++;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        int exponent = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            exponent++;
        }

        return exponent > 0 && i == s.Length;
    }

    /// <summary>A number a tool exported as a float, <c>4155550132.0</c>: no digit was lost, drop the <c>.0</c>.</summary>
    private static ReadOnlySpan<char> StripFloatSuffix(string value)
    {
        int dot = value.LastIndexOf('.');
        if (dot < 7 || dot == value.Length - 1)
        {
            return value;
        }

        for (int i = dot + 1; i < value.Length; i++)
        {
            if (value[i] != '0')
            {
                return value;
            }
        }

        for (int i = 0; i < dot; i++)
        {
            if (!char.IsAsciiDigit(value[i]) && !(i == 0 && value[i] == '+'))
            {
                return value;
            }
        }

        return value.AsSpan(0, dot);
    }

    private static string LeadingZeroZeroAsPlus(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '(')
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] == '0' && text[i + 1] == '0')
        {
            return string.Concat("+", text[(i + 2)..]);
        }

        return text.ToString();
    }
}
