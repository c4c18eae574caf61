using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using TimeZoneConverter;

namespace Callaro.Pipeline.Validation;

/// <summary>Where a resolved time zone came from.</summary>
public enum TimezoneSource
{
    /// <summary>The cell was empty.</summary>
    Empty,

    /// <summary>An IANA name or link, any case, spaces accepted for underscores (<c>america/new york</c>, <c>US/Eastern</c>); canonicalised silently.</summary>
    Iana,

    /// <summary>A Windows id (<c>Eastern Standard Time</c>): TIMEZONE_ALIAS.</summary>
    Windows,

    /// <summary>A Rails / Windows display name (<c>Eastern Time (US &amp; Canada)</c>): TIMEZONE_ALIAS.</summary>
    DisplayName,

    /// <summary>An abbreviation or informal name (<c>PST</c>, <c>Eastern</c>): TIMEZONE_ALIAS.</summary>
    Abbreviation,

    /// <summary>A fixed UTC offset (<c>UTC-5</c>, <c>-05:00</c>, <c>+0530</c>): TIMEZONE_ALIAS.</summary>
    FixedOffset,

    /// <summary>Names no time zone: TIMEZONE_UNKNOWN.</summary>
    Unknown,
}

/// <summary>The outcome of reading a time zone cell. <see cref="ZoneId"/> is a canonical IANA id, or null for Empty/Unknown.</summary>
public sealed record TimezoneResolution(string Input, string? ZoneId, TimezoneSource Source)
{
    /// <summary>The value was accepted but only through an alias (TIMEZONE_ALIAS warning).</summary>
    public bool IsAlias => Source is TimezoneSource.Windows or TimezoneSource.DisplayName or TimezoneSource.Abbreviation or TimezoneSource.FixedOffset;
}

/// <summary>
/// Reads the time zone values people put in contact files and returns a canonical IANA id.
/// <para>Order: abbreviations and informal names first (so <c>EST</c> means US Eastern, not IANA's fixed
/// <c>EST</c> link to America/Panama), then IANA names and links (case-insensitive), Windows ids,
/// Rails/Windows display names (also with a leading <c>(UTC-05:00)</c>), then fixed offsets.</para>
/// <para>Ambiguous abbreviations get ONE meaning, the one a North-American/European outbound team most
/// likely means: <c>CST</c> = America/Chicago (not China), <c>IST</c> = Asia/Kolkata (not Irish or Israel),
/// <c>BST</c> = Europe/London (not Bangladesh), <c>AST</c> = America/Halifax (not Arabia),
/// <c>GST</c> = Asia/Dubai (Gulf), <c>MST</c> = America/Denver (Arizona, which keeps MST all year, is
/// <c>Arizona</c> or America/Phoenix), <c>CET</c> = Europe/Berlin, <c>EET</c> = Europe/Athens,
/// <c>WET</c> = Europe/Lisbon. Standard and daylight forms (PST/PDT) map to the same zone, which
/// follows daylight saving: the contact's local time is what matters for calling.</para>
/// <para>Fixed offsets: whole hours map to <c>Etc/GMT±N</c> with the IANA sign inversion
/// (UTC-5 = <c>Etc/GMT+5</c>), zero to <c>Etc/UTC</c>. Half- and quarter-hour offsets map to a
/// representative zone whose standard offset it is (+05:30 Asia/Kolkata, +05:45 Asia/Kathmandu,
/// +03:30 Asia/Tehran, +04:30 Asia/Kabul, +06:30 Asia/Yangon, +08:45 Australia/Eucla,
/// +09:30 Australia/Darwin, +10:30 Australia/Lord_Howe, +12:45 Pacific/Chatham, -03:30 America/St_Johns,
/// -09:30 Pacific/Marquesas); other offsets, and anything outside -12:00..+14:00, are unknown.</para>
/// Thread-safe; results are cached (the set of distinct values in a file is tiny).
/// </summary>
public static class TimezoneResolver
{
    private const int MaxCacheEntries = 4096;
    private static readonly ConcurrentDictionary<string, TimezoneResolution> Cache = new(StringComparer.Ordinal);

    public static TimezoneResolution Resolve(string? value)
    {
        string input = TextCleaner.Clean(value);
        if (input.Length == 0)
        {
            return new TimezoneResolution(input, null, TimezoneSource.Empty);
        }

        if (Cache.TryGetValue(input, out var cached))
        {
            return cached;
        }

        var resolved = ResolveUncached(input);
        if (Cache.Count < MaxCacheEntries)
        {
            Cache.TryAdd(input, resolved);
        }

        return resolved;
    }

    /// <summary>Canonical IANA id for an IANA name or link (any case), or null.</summary>
    public static string? CanonicalIana(string name) =>
        Tables.Iana.TryGetValue(name, out var canonical) ? canonical : null;

    private static TimezoneResolution ResolveUncached(string input)
    {
        string key = CollapseSpaces(input);

        if (Tables.Abbreviations.TryGetValue(key, out var abbreviated))
        {
            return new TimezoneResolution(input, abbreviated, TimezoneSource.Abbreviation);
        }

        if (Tables.Iana.TryGetValue(key, out var iana))
        {
            return new TimezoneResolution(input, iana, TimezoneSource.Iana);
        }

        if (key.Contains('/', StringComparison.Ordinal) && Tables.Iana.TryGetValue(key.Replace(' ', '_'), out iana))
        {
            return new TimezoneResolution(input, iana, TimezoneSource.Iana);
        }

        if (Tables.Windows.TryGetValue(key, out var windows))
        {
            return new TimezoneResolution(input, windows, TimezoneSource.Windows);
        }

        if (Tables.Rails.TryGetValue(key, out var rails))
        {
            return new TimezoneResolution(input, rails, TimezoneSource.DisplayName);
        }

        // Windows display names: "(UTC-05:00) Eastern Time (US & Canada)"
        if (key.Length > 1 && key[0] == '(')
        {
            int close = key.IndexOf(')', StringComparison.Ordinal);
            if (close > 0)
            {
                string rest = key[(close + 1)..].Trim();
                if (Tables.Rails.TryGetValue(rest, out rails) || Tables.Windows.TryGetValue(rest, out rails))
                {
                    return new TimezoneResolution(input, rails, TimezoneSource.DisplayName);
                }

                if (rest.Length == 0 || TryParseOffset(key.AsSpan(1, close - 1), out _))
                {
                    key = key[1..close];
                }
            }
        }

        if (TryParseOffset(key, out int minutes) && OffsetToZone(minutes) is { } zone)
        {
            return new TimezoneResolution(input, zone, TimezoneSource.FixedOffset);
        }

        return new TimezoneResolution(input, null, TimezoneSource.Unknown);
    }

    private static string CollapseSpaces(string input)
    {
        if (!input.Contains("  ", StringComparison.Ordinal))
        {
            return input;
        }

        return string.Join(' ', input.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Parses <c>UTC-5</c>, <c>UTC -05:00</c>, <c>GMT+01:00</c>, <c>-05:00</c>, <c>+0530</c>, <c>UTC+5:30</c>, <c>-5</c>
    /// into minutes east of UTC.
    /// </summary>
    internal static bool TryParseOffset(ReadOnlySpan<char> text, out int minutes)
    {
        minutes = 0;
        var s = text.Trim();
        if (s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) || s.StartsWith("GMT", StringComparison.OrdinalIgnoreCase))
        {
            s = s[3..].TrimStart();
        }
        else if (s.StartsWith("UT", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..].TrimStart();
        }

        if (s.IsEmpty)
        {
            return true; // bare "UTC" / "GMT"
        }

        int sign;
        switch (s[0])
        {
            case '+':
                sign = 1;
                break;
            case '-':
            case '\u2212': // minus sign
            case '\u2013': // en dash
                sign = -1;
                break;
            default:
                return false;
        }

        s = s[1..].TrimStart();
        int hours;
        int mins = 0;
        int colon = s.IndexOfAny(':', '.');
        if (colon >= 0)
        {
            if (colon is 0 or > 2 || s.Length - colon - 1 != 2
                || !int.TryParse(s[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                || !int.TryParse(s[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out mins))
            {
                return false;
            }
        }
        else if (s.Length is 1 or 2)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out hours))
            {
                return false;
            }
        }
        else if (s.Length is 3 or 4)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int hhmm))
            {
                return false;
            }

            hours = hhmm / 100;
            mins = hhmm % 100;
        }
        else
        {
            return false;
        }

        if (mins >= 60)
        {
            return false;
        }

        minutes = sign * ((hours * 60) + mins);
        return minutes is >= -12 * 60 and <= 14 * 60;
    }

    internal static string? OffsetToZone(int minutesEast)
    {
        if (minutesEast % 60 == 0)
        {
            int h = minutesEast / 60;
            return h switch
            {
                0 => "Etc/UTC",
                > 0 => "Etc/GMT-" + h.ToString(CultureInfo.InvariantCulture), // IANA Etc signs are inverted
                _ => "Etc/GMT+" + (-h).ToString(CultureInfo.InvariantCulture),
            };
        }

        return minutesEast switch
        {
            -(9 * 60) - 30 => "Pacific/Marquesas",
            -(3 * 60) - 30 => "America/St_Johns",
            (3 * 60) + 30 => "Asia/Tehran",
            (4 * 60) + 30 => "Asia/Kabul",
            (5 * 60) + 30 => "Asia/Kolkata",
            (5 * 60) + 45 => "Asia/Kathmandu",
            (6 * 60) + 30 => "Asia/Yangon",
            (8 * 60) + 45 => "Australia/Eucla",
            (9 * 60) + 30 => "Australia/Darwin",
            (10 * 60) + 30 => "Australia/Lord_Howe",
            (12 * 60) + 45 => "Pacific/Chatham",
            _ => null,
        };
    }

    private static class Tables
    {
        public static readonly FrozenDictionary<string, string> Iana = BuildIana();
        public static readonly FrozenDictionary<string, string> Windows = BuildWindows();
        public static readonly FrozenDictionary<string, string> Rails = BuildRails();
        public static readonly FrozenDictionary<string, string> Abbreviations = BuildAbbreviations();

        private static FrozenDictionary<string, string> BuildIana()
        {
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in TZConvert.KnownIanaTimeZoneNames)
            {
                d[name] = TZConvert.TryGetIanaCanonicalName(name, out var canonical) ? canonical : name;
            }

            return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        private static FrozenDictionary<string, string> BuildWindows()
        {
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string id in TZConvert.KnownWindowsTimeZoneIds)
            {
                if (TZConvert.TryWindowsToIana(id, out var iana))
                {
                    d[id] = CanonicalOrSelf(iana);
                }
            }

            return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        private static FrozenDictionary<string, string> BuildRails()
        {
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in TZConvert.KnownRailsTimeZoneNames)
            {
                if (TZConvert.TryRailsToIana(name, out var iana))
                {
                    d[name] = CanonicalOrSelf(iana);
                }
            }

            return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        private static string CanonicalOrSelf(string iana) =>
            TZConvert.TryGetIanaCanonicalName(iana, out var canonical) ? canonical : iana;

        private static FrozenDictionary<string, string> BuildAbbreviations()
        {
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            void Add(string zone, params string[] names)
            {
                foreach (string n in names)
                {
                    d.Add(n, zone);
                }
            }

            // North America
            Add("America/New_York", "EST", "EDT", "ET", "Eastern", "Eastern Time", "US Eastern", "EST5EDT");
            Add("America/Chicago", "CST", "CDT", "CT", "Central", "Central Time", "US Central", "CST6CDT");
            Add("America/Denver", "MST", "MDT", "MT", "Mountain", "Mountain Time", "US Mountain", "MST7MDT");
            Add("America/Phoenix", "Arizona");
            Add("America/Los_Angeles", "PST", "PDT", "PT", "Pacific", "Pacific Time", "US Pacific", "PST8PDT");
            Add("America/Anchorage", "AKST", "AKDT", "Alaska");
            Add("Pacific/Honolulu", "HST", "HDT", "HAST", "HADT", "Hawaii");
            Add("America/Halifax", "AST", "ADT", "Atlantic");
            Add("America/St_Johns", "NST", "NDT", "Newfoundland");

            // Europe, Africa
            Add("Etc/UTC", "Z");
            Add("Europe/London", "BST");
            Add("Europe/Lisbon", "WET", "WEST");
            Add("Europe/Berlin", "CET", "CEST", "MET", "MEST");
            Add("Europe/Athens", "EET", "EEST");
            Add("Europe/Moscow", "MSK");
            Add("Africa/Johannesburg", "SAST");
            Add("Africa/Lagos", "WAT");
            Add("Africa/Maputo", "CAT");
            Add("Africa/Nairobi", "EAT");

            // Asia, Oceania, South America
            Add("Asia/Dubai", "GST");
            Add("Asia/Karachi", "PKT");
            Add("Asia/Kolkata", "IST");
            Add("Asia/Kathmandu", "NPT");
            Add("Asia/Bangkok", "ICT");
            Add("Asia/Jakarta", "WIB");
            Add("Asia/Singapore", "SGT");
            Add("Asia/Hong_Kong", "HKT");
            Add("Asia/Manila", "PHT", "PHST");
            Add("Asia/Tokyo", "JST");
            Add("Asia/Seoul", "KST");
            Add("Australia/Perth", "AWST");
            Add("Australia/Adelaide", "ACST", "ACDT");
            Add("Australia/Sydney", "AEST", "AEDT");
            Add("Pacific/Auckland", "NZST", "NZDT");
            Add("America/Sao_Paulo", "BRT");
            Add("America/Argentina/Buenos_Aires", "ART");

            return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }
    }
}
