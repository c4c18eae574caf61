using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// Reads a COUNTRY cell as an ISO 3166 alpha-2 region libphonenumber knows: the code itself (<c>GB</c>), the alpha-3 code
/// (<c>GBR</c>), the English name (<c>United Kingdom</c>), a native name (<c>Deutschland</c>, <c>España</c>) or a common short
/// form (<c>UK</c>, <c>U.S.A.</c>, <c>Great Britain</c>, <c>England</c>, <c>Holland</c>).
/// <para>Names come from .NET's <see cref="RegionInfo"/> over every specific culture (ICU's CLDR data), read once into a frozen
/// table. Matching ignores case, accents, dots, hyphens, repeated spaces and a leading "the". A name two regions share
/// (a native name in two languages) is dropped rather than guessed. Under invariant globalization only codes and the short
/// forms are known.</para>
/// Thread-safe.
/// </summary>
internal static class CountryNames
{
    /// <summary>The region <paramref name="value"/> names, upper case; null when it names none libphonenumber knows.</summary>
    public static string? RegionOf(string value)
    {
        string key = Key(value);
        return key.Length > 0 && ByKey.TryGetValue(key, out var region) ? region : null;
    }

    /// <summary>
    /// Short forms and old or informal names CLDR does not give (England, Scotland, Wales and Northern Ireland share
    /// the UK's numbering plan, so they read as GB), and the names seen most, so they work even without ICU data.
    /// </summary>
    private static readonly (string Name, string Region)[] ShortForms =
    [
        ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"), ("Britain", "GB"), ("England", "GB"), ("Scotland", "GB"),
        ("Wales", "GB"), ("Northern Ireland", "GB"), ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("US of A", "US"), ("United States of America", "US"), ("America", "US"),
        ("Holland", "NL"), ("Czech Republic", "CZ"), ("South Korea", "KR"), ("Korea", "KR"), ("Republic of Korea", "KR"),
        ("Russia", "RU"), ("UAE", "AE"), ("Emirates", "AE"), ("Ivory Coast", "CI"), ("Vatican", "VA"), ("Macedonia", "MK"),
        ("Burma", "MM"), ("Swaziland", "SZ"), ("Turkey", "TR"), ("Hong Kong", "HK"), ("Macau", "MO"), ("Macao", "MO"),
        ("United Kingdom", "GB"), ("United States", "US"), ("Germany", "DE"), ("France", "FR"), ("Canada", "CA"),
        ("Deutschland", "DE"), ("Espana", "ES"), ("Osterreich", "AT"), ("Schweiz", "CH"), ("Suisse", "CH"), ("Svizzera", "CH"),
    ];

    // After ShortForms: static fields are initialised in the order they are written.
    private static readonly FrozenDictionary<string, string> ByKey = Build();

    private static FrozenDictionary<string, string> Build()
    {
        var supported = new HashSet<string>(PhoneNumberUtil.GetInstance().GetSupportedRegions(), StringComparer.Ordinal);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);

        // Codes and English names first: a native name may not take a key one of them already holds.
        var regions = new List<RegionInfo>();
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue; // cultures of no country (en-001 "world", es-419 "Latin America")
            }

            if (supported.Contains(region.TwoLetterISORegionName))
            {
                regions.Add(region);
            }
        }

        foreach (string code in supported)
        {
            table[Key(code)] = code;
        }

        foreach (var region in regions)
        {
            Add(table, ambiguous, region.ThreeLetterISORegionName, region.TwoLetterISORegionName);
            Add(table, ambiguous, region.EnglishName, region.TwoLetterISORegionName);
        }

        // A native name never takes a key a code or an English name holds.
        var primary = new HashSet<string>(table.Keys, StringComparer.Ordinal);
        foreach (var region in regions)
        {
            if (!primary.Contains(Key(region.NativeName)))
            {
                Add(table, ambiguous, region.NativeName, region.TwoLetterISORegionName);
            }
        }

        foreach (string key in ambiguous)
        {
            table.Remove(key);
        }

        foreach (var (name, region) in ShortForms)
        {
            table[Key(name)] = region;
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, string> table, HashSet<string> ambiguous, string name, string region)
    {
        string key = Key(name);
        if (key.Length == 0)
        {
            return;
        }

        if (table.TryGetValue(key, out var existing) && existing != region)
        {
            ambiguous.Add(key);
            return;
        }

        table[key] = region;
    }

    /// <summary>"  The Ünited-Kingdom. " -> "united kingdom": no accents, lower case, letters and single spaces, no leading "the".</summary>
    private static string Key(string value)
    {
        var sb = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (c is ' ' or '-' or '_' or ',' or '/' or '&')
            {
                space = true;
            }

            // Dots (U.S.A.), apostrophes and combining accents are dropped without a space.
        }

        string key = sb.ToString();
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }
}
