namespace Callaro.Pipeline.Validation;

/// <summary>
/// Words around a number in a phone cell that are not part of it: <c>415 555 2741 (cell)</c>, <c>Mobile: +44 7911 123456</c>,
/// <c>cell - 415 555 2741</c>. libphonenumber reads letters after the digits as vanity letters (<c>1-800-FLOWERS</c>), so a
/// label would become digits and the number "too long". Only cells with letters come here (the caller checks).
/// <para>A label is letters (any script), spaces, <c>. ' / &amp;</c>, with no digit. It is dropped when it is in brackets at
/// either end, or at the start before <c>:</c> or a dash, or at the end after <c>:</c> or a dash with a space beside it.
/// A dash glued to both sides (<c>1-800-FLOWERS</c>, <c>1-800-555-HOME</c>) is left alone, so vanity numbers keep working.</para>
/// </summary>
internal static class PhoneLabels
{
    /// <summary>The number without its label(s); <see cref="IsFax"/> when a label says fax (not to be dialled).</summary>
    public sealed record Labelled(string Number, string Label, bool IsFax);

    public static Labelled? Drop(ReadOnlySpan<char> text)
    {
        var rest = text.Trim();
        var leading = DropLeading(ref rest);
        var trailing = DropTrailing(ref rest);
        if (leading.IsEmpty && trailing.IsEmpty)
        {
            return null;
        }

        if (!ContainsDigit(rest))
        {
            return null;
        }

        string label = leading.IsEmpty ? trailing.ToString()
            : trailing.IsEmpty ? leading.ToString()
            : string.Concat(leading, ", ", trailing);
        return new Labelled(rest.ToString(), label, label.Contains("fax", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// <c>4155552741 ext=45</c>: the RFC 3966 extension without its <c>;</c>, which libphonenumber does not read as one
    /// (NOT_A_NUMBER). Written as <c>4155552741;ext=45</c>, it does.
    /// </summary>
    public static string SpacedRfc3966Extension(string input)
    {
        int at = input.IndexOf("ext=", StringComparison.OrdinalIgnoreCase);
        if (at <= 0 || input[at - 1] == ';')
        {
            return input;
        }

        return string.Concat(input.AsSpan(0, at).TrimEnd(" ,"), ";ext=", input.AsSpan(at + 4).TrimStart());
    }

    /// <summary><c>(cell) 415…</c>, <c>mobile: 415…</c>, <c>cell - 415…</c>: the label, taken off <paramref name="rest"/>; else empty.</summary>
    private static ReadOnlySpan<char> DropLeading(ref ReadOnlySpan<char> rest)
    {
        if (rest.Length == 0)
        {
            return default;
        }

        if (rest[0] is '(' or '[')
        {
            int close = rest.IndexOfAny(')', ']');
            if (close > 0 && IsLabel(rest[1..close]))
            {
                var bracketed = rest[1..close].Trim();
                rest = rest[(close + 1)..].TrimStart();
                return bracketed;
            }

            return default;
        }

        int end = 0;
        while (end < rest.Length && IsLabelChar(rest[end]))
        {
            end++;
        }

        if (end < rest.Length && rest[end] is ':' or '-' or '\u2013' or '\u2014' && IsLabel(rest[..end]))
        {
            var label = rest[..end].Trim();
            rest = rest[(end + 1)..].TrimStart();
            return label;
        }

        return default;
    }

    /// <summary><c>…2741 (cell)</c>, <c>…2741: cell</c>, <c>…2741 - cell</c>: the label, taken off <paramref name="rest"/>; else empty.</summary>
    private static ReadOnlySpan<char> DropTrailing(ref ReadOnlySpan<char> rest)
    {
        if (rest.Length == 0)
        {
            return default;
        }

        if (rest[^1] is ')' or ']')
        {
            int open = rest.LastIndexOfAny('(', '[');
            if (open >= 0 && IsLabel(rest[(open + 1)..^1]))
            {
                var bracketed = rest[(open + 1)..^1].Trim();
                rest = rest[..open].TrimEnd();
                return bracketed;
            }

            return default;
        }

        int start = rest.Length;
        while (start > 0 && IsLabelChar(rest[start - 1]))
        {
            start--;
        }

        if (start == 0 || start == rest.Length || !IsLabel(rest[start..]))
        {
            return default;
        }

        int mark = start - 1;
        bool dash = rest[mark] is '-' or '\u2013' or '\u2014';
        bool spacedDash = dash && (rest[start] == ' ' || (mark > 0 && rest[mark - 1] == ' '));
        if (rest[mark] == ':' || spacedDash)
        {
            var label = rest[start..].Trim();
            rest = rest[..mark].TrimEnd();
            return label;
        }

        return default;
    }

    private static bool IsLabel(ReadOnlySpan<char> text)
    {
        bool letter = false;
        foreach (char c in text)
        {
            if (!IsLabelChar(c))
            {
                return false;
            }

            letter |= char.IsLetter(c);
        }

        return letter;
    }

    private static bool IsLabelChar(char c) => char.IsLetter(c) || c is ' ' or '.' or '\'' or '/' or '&';

    private static bool ContainsDigit(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
