using System.Text;

namespace Callaro.Pipeline.Reading;

/// <summary>Encoding names as the contract reports them, and Windows-1252 from the code pages provider.</summary>
public static class TextEncodings
{
    public const string Utf8 = "utf-8";
    public const string Utf16Le = "utf-16le";
    public const string Utf16Be = "utf-16be";
    public const string Windows1252 = "windows-1252";

    private static readonly Encoding Cp1252 = CreateWindows1252();

    public static Encoding Windows1252Encoding => Cp1252;

    private static Encoding CreateWindows1252()
    {
        // Registering is idempotent; it makes Encoding.GetEncoding(1252) and the other code pages work process-wide.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>The .NET encoding for a name this class reports, or any other name .NET knows.</summary>
    public static Encoding Resolve(string name) => Canonical(name) switch
    {
        Utf8 => new UTF8Encoding(false),
        Utf16Le => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        Utf16Be => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        Windows1252 => Cp1252,
        var other => GetOrNull(other) ?? throw Unknown(name),
    };

    /// <summary>A user's encoding name in the form this class reports; unknown names are refused.</summary>
    public static string Canonical(string name)
    {
        var n = name.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal);
        switch (n)
        {
            case "utf-8" or "utf8" or "utf-8-bom" or "utf-8 bom":
                return Utf8;
            case "utf-16le" or "utf-16" or "utf16" or "utf16le" or "unicode" or "ucs-2":
                return Utf16Le;
            case "utf-16be" or "utf16be" or "unicodefffe":
                return Utf16Be;
            case "windows-1252" or "cp1252" or "1252" or "windows1252" or "ansi" or "x-ansi":
                return Windows1252;
        }

        _ = Cp1252; // make sure the code pages are registered before looking a name up
        var e = GetOrNull(n) ?? throw Unknown(name);
        return e.CodePage switch
        {
            65001 => Utf8,
            1200 => Utf16Le,
            1201 => Utf16Be,
            1252 => Windows1252,
            _ => e.WebName,
        };
    }

    private static Encoding? GetOrNull(string name)
    {
        _ = Cp1252;
        try
        {
            // Code pages by number too, as Windows tools name them: "cp932", "windows-1251", "1250".
            var digits = name.StartsWith("cp", StringComparison.Ordinal) ? name[2..] : name.StartsWith("windows-", StringComparison.Ordinal) ? name[8..] : name;
            return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var codePage) && codePage is > 0 and < 65536
                ? Encoding.GetEncoding(codePage)
                : Encoding.GetEncoding(name);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static PipelineException Unknown(string name) => new(PipelineErrorCodes.InvalidInput, UnknownMessage(name));

    /// <summary>What to say of an encoding name nobody knows: the usual ones, and that others work too.</summary>
    public static string UnknownMessage(string name) =>
        $"Unknown encoding \"{name}\". Use utf-8, utf-16le, utf-16be or windows-1252, or another encoding's name or code page: iso-8859-1, windows-1250, shift_jis (cp932), gb18030, big5, euc-kr, macintosh.";

    /// <summary>The byte order mark at the start of <paramref name="head"/> that belongs to <paramref name="encodingName"/>, or 0.</summary>
    public static int PreambleFor(string encodingName, ReadOnlySpan<byte> head) => encodingName switch
    {
        Utf8 when head is [0xEF, 0xBB, 0xBF, ..] => 3,
        Utf16Le when head is [0xFF, 0xFE, ..] => 2,
        Utf16Be when head is [0xFE, 0xFF, ..] => 2,
        _ => 0,
    };
}
