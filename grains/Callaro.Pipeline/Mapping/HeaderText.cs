using System.Globalization;
using System.Text;
using Callaro.Pipeline.Validation;

namespace Callaro.Pipeline.Mapping;

/// <summary>Header normalisation for matching: case, spaces, underscores, punctuation, camelCase, accents.</summary>
public static class HeaderText
{
    /// <summary>
    /// "Phone_Number" / "phone-number" / "PhoneNumber" / " PHONE  NUMBER " -> "phone number";
    /// "Téléphone" -> "telephone"; "Phone #" -> "phone number"; "E-mail" -> "e mail".
    /// </summary>
    public static string Normalize(string? header)
    {
        string text = TextCleaner.Clean(header);
        if (text.Length == 0)
        {
            return string.Empty;
        }

        string decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 8);
        char previous = ' ';
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                bool boundary = (char.IsUpper(c) && char.IsLower(previous))
                    || (char.IsDigit(c) && char.IsLetter(previous))
                    || (char.IsLetter(c) && char.IsDigit(previous));
                if (boundary)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c == '#')
            {
                sb.Append(" number ");
            }
            else
            {
                sb.Append(' ');
            }

            previous = c;
        }

        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The normalised header without spaces: "phone number" -> "phonenumber".</summary>
    public static string Compact(string normalized) => normalized.Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>A key for a CUSTOM attribute: "Favourite Colour!" -> "favourite_colour"; empty -> "column_{n}".</summary>
    public static string CustomKey(string? header, int columnIndex)
    {
        string normalized = Normalize(header).Replace(' ', '_');
        if (normalized.Length == 0)
        {
            return "column_" + (columnIndex + 1).ToString(CultureInfo.InvariantCulture);
        }

        return normalized.Length <= MappingRules.MaxCustomKeyLength ? normalized : normalized[..MappingRules.MaxCustomKeyLength];
    }
}
