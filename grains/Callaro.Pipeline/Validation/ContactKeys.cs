using System.Text;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// Compact 64-bit keys for duplicate detection, the same in every process, chunk, database and CLI.
/// <list type="bullet">
/// <item>PHONE: the E.164 digits as a number (<c>+14155550132</c> -> 14155550132). E.164 has at most
/// 15 digits, so it always fits and is exact: equal keys are equal numbers.</item>
/// <item>IDENTIFIER: FNV-1a 64 over the UTF-8 bytes of the trimmed identifier, case-folded with
/// <see cref="string.ToLowerInvariant"/> and Unicode-normalised to NFC. FNV-1a was chosen over
/// XxHash64 so the Pipeline needs no extra package and any tool can recompute it in a few lines
/// (offset basis 14695981039346656037, prime 1099511628211). A 64-bit hash can collide (about 1 in
/// 10^10 for a million identifiers); a file-wide pass that must be exact compares the identifiers
/// themselves when keys match.</item>
/// </list>
/// </summary>
public static class ContactKeys
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The digits of an E.164 number as a long; 0 when the text is not E.164 (+ and 2..15 digits).</summary>
    public static long PhoneKey(ReadOnlySpan<char> e164)
    {
        if (e164.Length < 3 || e164.Length > 16 || e164[0] != '+' || e164[1] == '0')
        {
            return 0;
        }

        long key = 0;
        for (int i = 1; i < e164.Length; i++)
        {
            char c = e164[i];
            if (!char.IsAsciiDigit(c))
            {
                return 0;
            }

            key = (key * 10) + (c - '0');
        }

        return key;
    }

    /// <summary>E.164 text back from a phone key.</summary>
    public static string PhoneFromKey(long key) => "+" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stable 64-bit hash of a trimmed, case-folded identifier (see the type remarks).</summary>
    public static long IdentifierKey(string identifier)
    {
        var trimmed = identifier.AsSpan().Trim();
        ulong hash = FnvOffsetBasis;
        bool ascii = true;
        foreach (char c in trimmed)
        {
            if (c > '\u007F')
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            foreach (char c in trimmed)
            {
                char lower = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
                hash = (hash ^ lower) * FnvPrime;
            }

            return unchecked((long)hash);
        }

        string folded = trimmed.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        byte[] bytes = Encoding.UTF8.GetBytes(folded);
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return unchecked((long)hash);
    }
}
