using System.Buffers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// A cheap syntax check for e-mail addresses (no regex): one <c>@</c>, a non-empty local part without
/// spaces, a dotted domain of letters, digits and hyphens whose last label has at least two characters.
/// It catches the usual spreadsheet damage (missing @, spaces, trailing dot, two addresses in one cell);
/// it is not RFC 5322. Failing it only adds a note: e-mail never decides whether a contact is dialable.
/// </summary>
public static class EmailCheck
{
    /// <summary>Controls, space and the separators a pasted list or a display name leaves behind.</summary>
    private static readonly SearchValues<char> NotInLocalPart = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 33).Select(c => (char)c)) + ",;<>()[]\"\\");

    public static bool LooksValid(ReadOnlySpan<char> email)
    {
        int at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Length > 254)
        {
            return false;
        }

        if (email[..at].ContainsAny(NotInLocalPart))
        {
            return false;
        }

        var domain = email[(at + 1)..];
        int labels = 0;
        int labelLength = 0;
        foreach (char c in domain)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labels++;
                labelLength = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '-' || c > '\u007F')
            {
                labelLength++;
            }
            else
            {
                return false;
            }
        }

        return labels >= 1 && labelLength >= 2;
    }
}
