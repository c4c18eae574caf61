namespace Callaro.Pipeline.Validation;

/// <summary>
/// Cleans one cell: trims, turns no-break and other exotic spaces into a plain space, drops invisible
/// characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks), turns control
/// characters into spaces, and removes the leading apostrophe that our own CSV reports add against
/// formula injection (<c>'=...</c>, <c>'+...</c>), so a fixed report can be uploaded again.
/// Returns the same string instance when nothing needs to change (the common case: no allocation).
/// </summary>
public static class TextCleaner
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (IsClean(value))
        {
            return value;
        }

        return CleanSlow(value);
    }

    private static bool IsClean(string value)
    {
        char first = value[0];
        if (first == ' ' || first == '\'' || value[^1] == ' ')
        {
            return false;
        }

        // Vectorised: runs on every mapped cell of every row.
        return !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
    }

    private static string CleanSlow(string value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        int n = 0;
        bool changed = false;
        foreach (char c in value)
        {
            switch (Classify(c))
            {
                case CharKind.Keep:
                    buffer[n++] = c;
                    break;
                case CharKind.Space:
                    changed |= c != ' ';
                    buffer[n++] = ' ';
                    break;
                default:
                    changed = true;
                    break;
            }
        }

        ReadOnlySpan<char> result = buffer[..n].Trim();
        if (result.Length >= 2 && result[0] == '\'' && IsFormulaLead(result[1]))
        {
            result = result[1..].TrimStart();
        }

        return !changed && result.Length == value.Length ? value : new string(result);
    }

    /// <summary>The characters a spreadsheet may read as the start of a formula.</summary>
    public static bool IsFormulaLead(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private enum CharKind
    {
        Keep,
        Space,
        Drop,
    }

    private static CharKind Classify(char c)
    {
        if (c < ' ')
        {
            return CharKind.Space; // tab, CR, LF and other controls inside a cell
        }

        if (c <= '~')
        {
            return CharKind.Keep;
        }

        return c switch
        {
            '\u007F' => CharKind.Drop,
            >= '\u0080' and <= '\u009F' => CharKind.Drop, // C1 controls
            '\u00A0' or '\u2007' or '\u202F' or '\u3000' or '\u1680' => CharKind.Space, // no-break, figure, ideographic spaces
            >= '\u2000' and <= '\u200A' => CharKind.Space, // en/em/thin/hair spaces
            '\u2028' or '\u2029' or '\u0085' => CharKind.Space, // line/paragraph separators
            '\u00AD' => CharKind.Drop, // soft hyphen
            >= '\u200B' and <= '\u200F' => CharKind.Drop, // zero-width space, ZWNJ, ZWJ, LRM, RLM
            >= '\u202A' and <= '\u202E' => CharKind.Drop, // bidi embeddings/overrides
            >= '\u2060' and <= '\u2064' => CharKind.Drop, // word joiner, invisible operators
            >= '\u2066' and <= '\u2069' => CharKind.Drop, // bidi isolates
            '\uFEFF' or '\u180E' or '\u034F' => CharKind.Drop, // BOM / zero-width no-break space, Mongolian vowel separator, CGJ
            _ => CharKind.Keep,
        };
    }
}
