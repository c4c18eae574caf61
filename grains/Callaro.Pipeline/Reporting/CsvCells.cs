using System.Text;

namespace Callaro.Pipeline.Reporting;

/// <summary>
/// Writes CSV cells for files people open in spreadsheets: RFC 4180 quoting (a cell holding the
/// delimiter, a quote, CR or LF is quoted, quotes doubled) and formula-injection neutralisation (a cell
/// starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, TAB or CR gets a leading apostrophe, so Excel,
/// LibreOffice and Google Sheets show it as text). The validator drops that apostrophe again
/// (TextCleaner), so a fixed report can be uploaded as it is.
/// Hand-written rather than CsvHelper's <c>CsvInjection.Escape</c>, which quotes every cell it escapes
/// (<c>"'+1 415 555 0132"</c>, not <c>'+1 415 555 0132</c>) and cannot spare the E.164 normalized_phone: the bytes
/// of the report are pinned by its tests and served as they are by <c>/uploads/{id}/rejections.csv</c>.
/// </summary>
public static class CsvCells
{
    public static bool NeedsNeutralising(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>E.164 (<c>+</c> and 2..15 digits): safe to leave with its leading plus.</summary>
    public static bool IsE164(ReadOnlySpan<char> value)
    {
        if (value.Length < 3 || value.Length > 16 || value[0] != '+')
        {
            return false;
        }

        foreach (char c in value[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends one cell, neutralised (unless <paramref name="neutralise"/> is false) and quoted as needed.</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<char> value, char delimiter = ',', bool neutralise = true)
    {
        bool apostrophe = neutralise && NeedsNeutralising(value);
        bool quote = value.IndexOfAny(delimiter, '"', '\r') >= 0 || value.Contains('\n');
        if (!quote)
        {
            if (apostrophe)
            {
                sb.Append('\'');
            }

            sb.Append(value);
            return;
        }

        sb.Append('"');
        if (apostrophe)
        {
            sb.Append('\'');
        }

        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                sb.Append(value[start..(i + 1)]).Append('"');
                start = i + 1;
            }
        }

        sb.Append(value[start..]).Append('"');
    }
}
