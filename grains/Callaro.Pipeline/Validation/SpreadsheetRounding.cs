namespace Callaro.Pipeline.Validation;

/// <summary>
/// An identifier a spreadsheet stored as a number and wrote back rounded: <c>1.23457E+15</c>, <c>4,15555E+10</c>,
/// <c>1.23457e+15</c>. Excel keeps 15 significant digits and, in a number column, exports long numbers in this
/// form, so rows with different ids come out equal. Digits before and after a decimal point or comma, then E, an
/// optional +, and 1 to 3 exponent digits, at least as many as the digits after the point (the value is a whole number:
/// <c>1.5E-3</c> or <c>2.75E+1</c> are not ids a spreadsheet rounded). A code without the decimal point (<c>12E45</c>)
/// is left alone: Excel always writes one, and such codes exist.
/// </summary>
internal static class SpreadsheetRounding
{
    /// <summary>Runs on every identifier: most are rejected on their first or last character.</summary>
    public static bool LooksRounded(ReadOnlySpan<char> s)
    {
        if (s.Length < 5 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[^1]))
        {
            return false;
        }

        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == s.Length || s[i] is not ('.' or ','))
        {
            return false;
        }

        int fractionStart = ++i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        int fraction = i - fractionStart;
        if (fraction == 0 || i == s.Length || s[i] is not ('E' or 'e'))
        {
            return false;
        }

        i++;
        if (i < s.Length && s[i] == '+')
        {
            i++;
        }

        int exponentStart = i;
        int exponent = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            exponent = (exponent * 10) + (s[i] - '0');
            i++;
        }

        int exponentDigits = i - exponentStart;
        return i == s.Length && exponentDigits is >= 1 and <= 3 && exponent >= fraction;
    }
}
