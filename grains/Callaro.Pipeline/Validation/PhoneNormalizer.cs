using System.Globalization;
using System.Text.RegularExpressions;
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

    /// <summary>The cell holds two numbers (<c>4155552681;4155552682</c>); <see cref="PhoneOutcome.Detail"/> names both.</summary>
    TwoNumbers,
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
/// (same result as Parse, which then only strips the trunk prefix 1), skipping the parser. So is such a cell
/// in international form (<c>+44 20 7946 0958</c>, <c>0044…</c>) whenever the parser would only split off the
/// calling code. Everything else goes through <c>ParseAndKeepRawInput</c>, which also pulls extensions (<c>x12</c>,
/// <c>ext. 45</c>, <c>;ext=5</c>) apart.</para>
/// <para>A leading <c>00</c> is read as the international prefix whatever the default region (libphonenumber
/// alone would read it as part of a US national number); <c>011</c> works for NANP regions through libphonenumber.</para>
/// <para>Off the fast paths: Unicode decimal digits (full-width, Arabic-Indic) count as digits, as libphonenumber reads them;
/// a label such as <c>(cell)</c> or <c>mobile:</c> is dropped (<see cref="PhoneLabels"/>; a <c>fax</c> label is PHONE_INVALID);
/// <c>ext=45</c> after a space is read as <c>;ext=45</c>; and a cell holding two numbers is <see cref="PhoneStatus.TwoNumbers"/>.</para>
/// Stateless and thread-safe.
/// </summary>
internal static class PhoneNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneOutcome Normalize(string value, string region, int regionCallingCode) =>
        Read(value, region, regionCallingCode, fastPaths: true, CellPart.Whole);

    /// <summary>The same reading with every cell through libphonenumber's parser: what the fast paths are held to by property tests.</summary>
    internal static PhoneOutcome NormalizeWithLibphonenumber(string value, string region, int regionCallingCode) =>
        Read(value, region, regionCallingCode, fastPaths: false, CellPart.Whole);

    /// <summary>What of the cell is being read, which says what is still to be looked for (and bounds the recursion).</summary>
    private enum CellPart
    {
        /// <summary>The cell as given: a label may be dropped, a second number found.</summary>
        Whole,

        /// <summary>One side of a split cell: a label may be dropped.</summary>
        Side,

        /// <summary>The number left after its label was dropped.</summary>
        Unlabelled,
    }

    private static PhoneOutcome Read(string value, string region, int regionCallingCode, bool fastPaths, CellPart part)
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
        bool letters = false;
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
                if (char.IsAsciiLetter(c))
                {
                    letters = true;
                }
                else if (c > '\u007F')
                {
                    // Full-width (１２１…), Arabic-Indic (١٢١…) and other Unicode decimal digits: libphonenumber reads them
                    // as digits, so they count here too (off the fast paths, which build from ASCII digits only).
                    if (char.IsDigit(c))
                    {
                        digits++;
                    }
                    else if (char.IsLetter(c))
                    {
                        letters = true;
                    }
                }
            }
        }

        if (fastPaths && simple && regionCallingCode == 1)
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

        if (fastPaths && simple && text.Length <= MaxFastInputLength)
        {
            int internationalPrefixDigits = plus ? 0 : DoubleZeroAt(text) >= 0 ? 2 : -1;
            if (internationalPrefixDigits >= 0 && FastInternational(text, internationalPrefixDigits) is { } international)
            {
                return international.Status == PhoneStatus.Ok || part != CellPart.Whole
                    ? international
                    : SecondNumber(international, text, region, regionCallingCode, fastPaths);
            }
        }

        return ReadWithParser(text, region, regionCallingCode, fastPaths, part, letters);
    }

    /// <summary>The cells no fast path takes (a few percent): labels dropped, the parser, then a second number looked for.</summary>
    private static PhoneOutcome ReadWithParser(ReadOnlySpan<char> text, string region, int regionCallingCode, bool fastPaths, CellPart part, bool letters)
    {
        PhoneOutcome outcome;
        if (letters && part != CellPart.Unlabelled && PhoneLabels.Drop(text) is { } labelled)
        {
            // "415 555 2741 (cell)": libphonenumber would read the label's letters as vanity digits ("too long").
            if (labelled.IsFax)
            {
                return Fail(PhoneStatus.Invalid, "it is labelled as a fax number ('" + labelled.Label + "'), and campaigns do not dial fax machines");
            }

            text = labelled.Number;
            outcome = Read(labelled.Number, region, regionCallingCode, fastPaths, CellPart.Unlabelled);
        }
        else
        {
            outcome = Slow(text, region, letters);
        }

        return part == CellPart.Whole ? SecondNumber(outcome, text, region, regionCallingCode, fastPaths) : outcome;
    }

    /// <summary>
    /// A cell with two numbers, <c>4155552681;4155552682</c> (also <c>/</c>, <c>,</c>, <c>|</c>, <c>&amp;</c>, <c> or </c>): libphonenumber
    /// reads the part after <c>;</c> as an extension (a dialer would send it as DTMF) and the others as one number that is too
    /// long or not a number. The cell is split at a separator when each side holds 7 or more digits and reads as a valid
    /// number on its own. A real extension is left alone: it is short (<c>x123</c>, <c>ext. 45</c>), and an extension of 7 or
    /// more digits stays one unless it is itself a valid number in the row's region.
    /// Only outcomes that already failed, or carry a long extension, are looked at: nothing is added on the common path.
    /// </summary>
    private static PhoneOutcome SecondNumber(in PhoneOutcome outcome, ReadOnlySpan<char> text, string region, int regionCallingCode, bool fastPaths)
    {
        bool longExtension = outcome.Status == PhoneStatus.Ok && outcome.Extension is { Length: >= MinSecondNumberDigits };
        if (!longExtension && outcome.Status is not (PhoneStatus.Invalid or PhoneStatus.Unparseable))
        {
            return outcome;
        }

        for (int at = NextSeparator(text, 0); at >= 0; at = NextSeparator(text, at + 1))
        {
            int width = text[at] is ' ' ? OrWord.Length : 1;
            var first = text[..at].Trim();
            var second = text[(at + width)..].Trim();
            if (CountDigits(first) >= MinSecondNumberDigits && CountDigits(second) >= MinSecondNumberDigits
                && IsNumberOnItsOwn(first, region, regionCallingCode, fastPaths)
                && IsNumberOnItsOwn(second, region, regionCallingCode, fastPaths))
            {
                return Fail(PhoneStatus.TwoNumbers, string.Concat(first, ", ", second));
            }
        }

        if (longExtension && IsNumberOnItsOwn(outcome.Extension, region, regionCallingCode, fastPaths))
        {
            // "4155552681 x 4155552682": no separator to split at, but the extension is a number of its own.
            return Fail(PhoneStatus.TwoNumbers, string.Concat(outcome.E164, ", ", outcome.Extension));
        }

        return outcome;
    }

    /// <summary>Fewer digits than this is an extension or a fragment, not a second number.</summary>
    private const int MinSecondNumberDigits = 7;

    private const string OrWord = " or ";

    private static readonly System.Buffers.SearchValues<char> NumberSeparators = System.Buffers.SearchValues.Create(";,/|&\\ ");

    /// <summary>The next separator at or after <paramref name="from"/>: a separator character, or the word " or " (a space alone is none).</summary>
    private static int NextSeparator(ReadOnlySpan<char> text, int from)
    {
        while (from < text.Length)
        {
            int found = text[from..].IndexOfAny(NumberSeparators);
            if (found < 0)
            {
                return -1;
            }

            int at = from + found;
            if (text[at] != ' ' || text[at..].StartsWith(OrWord, StringComparison.OrdinalIgnoreCase))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool IsNumberOnItsOwn(ReadOnlySpan<char> side, string region, int regionCallingCode, bool fastPaths) =>
        Read(side.ToString(), region, regionCallingCode, fastPaths, CellPart.Side).Status is PhoneStatus.Ok or PhoneStatus.NotDialable;

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (char c in text)
        {
            if (char.IsDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// <c>+44 20 7946 0958</c> or <c>0044 20 7946 0958</c>: the number as libphonenumber's parser reads it, without
    /// running the parser. Null whenever the parser could do anything but take the digits after the calling code
    /// as they are (an unknown or missing code, a national prefix it might strip such as <c>+44 (0) 20…</c>, a
    /// leading zero, too few or too many digits), so the caller falls back to the parser.
    /// </summary>
    private static PhoneOutcome? FastInternational(ReadOnlySpan<char> text, int internationalPrefixDigits)
    {
        Span<char> digits = stackalloc char[MaxE164Digits];
        int count = 0;
        int skipped = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            if (skipped < internationalPrefixDigits)
            {
                skipped++;
                continue;
            }

            if (count == digits.Length)
            {
                return null;
            }

            digits[count++] = c;
        }

        digits = digits[..count];
        if (count <= 2 || digits[0] == '0')
        {
            return null;
        }

        // The parser takes the shortest prefix (1 to 3 digits) that is a known calling code.
        int callingCode = 0;
        CallingCodeRules? rules = null;
        int codeLength = 0;
        while (codeLength < 3 && codeLength < count && rules is null)
        {
            callingCode = (callingCode * 10) + (digits[codeLength++] - '0');
            rules = CallingCodeRules.For(callingCode);
        }

        if (rules is null)
        {
            return null;
        }

        var national = digits[codeLength..];
        if (national.Length < 2 || national[0] == '0' || rules.MayStripNationalPrefix(national))
        {
            return null;
        }

        var type = NumberTypes.Of(callingCode, national);
        if (!IsDialable(type, out var status))
        {
            var number = new PhoneNumber.Builder()
                .SetCountryCode(callingCode)
                .SetNationalNumber(ulong.Parse(national, NumberStyles.None, CultureInfo.InvariantCulture))
                .Build();
            return new PhoneOutcome(status, null, null, 0, number, type, false, Describe(number, type), callingCode);
        }

        string e164 = string.Concat("+", digits);
        long key = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return new PhoneOutcome(PhoneStatus.Ok, e164, null, key, null, type, false, null, callingCode);
    }

    /// <summary>Longer cells go to the parser, which refuses inputs over 250 characters.</summary>
    private const int MaxFastInputLength = 64;

    /// <summary>E.164 allows 15 digits; longer numbers are never valid, and the parser explains why.</summary>
    private const int MaxE164Digits = 15;

    /// <summary>Where a leading <c>00</c> starts (after spaces or an opening bracket): the international prefix; else -1.</summary>
    private static int DoubleZeroAt(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '(')
        {
            i++;
        }

        return i + 1 < text.Length && text[i] == '0' && text[i + 1] == '0' ? i : -1;
    }

    /// <summary>What the parser needs of a calling code's home region: whether a national prefix could be stripped.</summary>
    private sealed class CallingCodeRules
    {
        private static readonly bool[] Known = BuildKnown();
        private static readonly CallingCodeRules?[] ByCode = new CallingCodeRules?[1000];

        private readonly string? literalPrefix;
        private readonly Regex? prefixPattern;

        private CallingCodeRules(PhoneMetadata? metadata)
        {
            string prefix = metadata?.NationalPrefixForParsing ?? string.Empty;
            if (prefix.Length == 0)
            {
                return;
            }

            // As libphonenumber does: a literal prefix is compared as text, any other is a pattern matched at the start.
            if (Regex.Escape(prefix) == prefix)
            {
                literalPrefix = prefix;
            }
            else
            {
                prefixPattern = new Regex(@"\A(?:" + prefix + ")", RegexOptions.CultureInvariant);
            }
        }

        public static CallingCodeRules? For(int callingCode)
        {
            if (!Known[callingCode])
            {
                return null;
            }

            // A race builds the same rules twice at worst.
            return ByCode[callingCode] ??= Build(callingCode);
        }

        /// <summary>Whether the national number starts with something the parser may take for a national prefix.</summary>
        public bool MayStripNationalPrefix(ReadOnlySpan<char> national) =>
            (literalPrefix is not null && national.StartsWith(literalPrefix, StringComparison.Ordinal))
            || (prefixPattern is not null && prefixPattern.IsMatch(national));

        private static CallingCodeRules Build(int callingCode)
        {
            string region = Util.GetRegionCodeForCountryCode(callingCode);
            var metadata = region == "001" ? Util.GetMetadataForNonGeographicalRegion(callingCode) : Util.GetMetadataForRegion(region);
            return new CallingCodeRules(metadata);
        }

        private static bool[] BuildKnown()
        {
            var known = new bool[1000];
            foreach (int code in Util.GetSupportedCallingCodes())
            {
                if (code is > 0 and < 1000)
                {
                    known[code] = true;
                }
            }

            return known;
        }
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

    private static PhoneOutcome Slow(ReadOnlySpan<char> text, string region, bool letters)
    {
        string input = LeadingZeroZeroAsPlus(text);
        if (letters)
        {
            input = PhoneLabels.SpacedRfc3966Extension(input);
        }

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

    private static string LeadingZeroZeroAsPlus(ReadOnlySpan<char> text) =>
        DoubleZeroAt(text) is >= 0 and var at ? string.Concat("+", text[(at + 2)..]) : text.ToString();
}
