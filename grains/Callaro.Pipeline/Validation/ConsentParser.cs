using System.Collections.Frozen;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// Consent as files state it. Granted: yes, y, true, 1, x, ✓, opt-in / opt in / opted in / optin,
/// subscribed, granted, consented, agreed, accepted. Refused: no, n, false, 0, opt-out / opted out /
/// optout, unsubscribed, denied, refused, declined, revoked, withdrawn. Case, spaces, hyphens and
/// underscores do not matter. Empty or anything else: Unknown.
/// </summary>
public static class ConsentParser
{
    private static readonly FrozenDictionary<string, Consent> Words = Build();

    public static Consent Parse(string? value) => TryParse(value, out var consent) ? consent : Consent.Unknown;

    /// <summary>False when the value is non-empty but not recognised (the caller may want to say so).</summary>
    public static bool TryParse(string? value, out Consent consent)
    {
        consent = Consent.Unknown;
        string v = TextCleaner.Clean(value);
        if (v.Length == 0)
        {
            return true;
        }

        if (Words.TryGetValue(v, out consent))
        {
            return true;
        }

        string key = Normalize(v);
        if (Words.TryGetValue(key, out consent))
        {
            return true;
        }

        consent = Consent.Unknown;
        return false;
    }

    private static string Normalize(string v)
    {
        Span<char> buffer = v.Length <= 64 ? stackalloc char[v.Length] : new char[v.Length];
        int n = 0;
        foreach (char c in v)
        {
            if (c is ' ' or '-' or '_' or '.' or '!')
            {
                continue;
            }

            buffer[n++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..n]);
    }

    private static FrozenDictionary<string, Consent> Build()
    {
        var d = new Dictionary<string, Consent>(StringComparer.OrdinalIgnoreCase);
        foreach (string w in (string[])["yes", "y", "true", "t", "1", "x", "✓", "✔", "optin", "optedin", "subscribed", "granted", "consented", "agreed", "accepted", "ja", "oui", "si", "sí"])
        {
            d[w] = Consent.Granted;
        }

        foreach (string w in (string[])["no", "n", "false", "f", "0", "optout", "optedout", "unsubscribed", "denied", "refused", "declined", "revoked", "withdrawn", "nein", "non"])
        {
            d[w] = Consent.Refused;
        }

        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
