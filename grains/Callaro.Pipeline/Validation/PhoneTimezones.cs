using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using PhoneNumbers;
using TimeZoneConverter;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// Time zones of phone numbers, from libphonenumber's prefix -> zones data.
/// <para>Inference uses exactly libphonenumber's rule (PhoneNumberToTimeZonesMapper: longest matching
/// prefix of country code + national number for geographic numbers, the country code alone otherwise)
/// but looks the prefix up on the mapper's own table without allocating. The table is read once by
/// reflection; if a future library version hides it, we fall back to the public mapper calls (same
/// answers, a little slower).</para>
/// <para>Country zones (for TIMEZONE_CONFLICT): the union, over every region sharing the calling code,
/// of the CLDR territory zones (TimeZoneConverter) and libphonenumber's own zones for the code.</para>
/// Thread-safe.
/// </summary>
internal static class PhoneTimezones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly PrefixTable? Table = PrefixTable.TryLoad();

    /// <summary>Zone lists as canonical sets, keyed by the mapper's array instance (there are a few hundred).</summary>
    private static readonly ConcurrentDictionary<string[], ZoneSet> SetsByArray = new(ReferenceEqualityComparer.Instance);
    private static readonly ConcurrentDictionary<string, ZoneSet> SetsByJoinedList = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<int, FrozenSet<string>> CountryZones = new();

    /// <summary>A set of canonical IANA ids; <see cref="Single"/> is set when there is exactly one.</summary>
    internal sealed record ZoneSet(string[] Zones, string? Single);

    private static readonly ZoneSet EmptySet = new([], null);

    /// <summary>True when lookups use libphonenumber's table directly (false: the slower public-API fallback).</summary>
    internal static bool UsesPrefixTable => Table is not null;

    /// <summary>The zones libphonenumber gives for a valid number of the given type.</summary>
    /// <param name="number">The parsed number.</param>
    /// <param name="type">Its type, already computed by the caller (GetNumberType is the expensive part).</param>
    /// <param name="e164Digits">Country code and national number as one integer (the phone key).</param>
    public static ZoneSet ZonesForNumber(PhoneNumber number, PhoneNumberType type, long e164Digits) =>
        ZonesForNumber(number.CountryCode, number, type, e164Digits);

    /// <param name="number">The parsed number; may be null (the NANP fast path builds none) except without the prefix table.</param>
    public static ZoneSet ZonesForNumber(int cc, PhoneNumber? number, PhoneNumberType type, long e164Digits)
    {
        bool geographical = Util.IsNumberGeographical(type, cc);
        if (Table is not null)
        {
            string[]? zones = Table.Lookup(geographical ? e164Digits : cc, cc);
            return zones is null ? EmptySet : SetsByArray.GetOrAdd(zones, static z => ToSet(z));
        }

        number ??= Util.Parse("+" + e164Digits.ToString(CultureInfo.InvariantCulture), "ZZ");

        List<string> list = geographical ? Mapper.GetTimeZonesForGeographicalNumber(number) : Mapper.GetTimeZonesForNumber(number);
        string joined = string.Join('|', list);
        return SetsByJoinedList.GetOrAdd(joined, static (_, l) => ToSet([.. l]), list);
    }

    /// <summary>Every canonical zone a number with this calling code may be in.</summary>
    public static FrozenSet<string> ZonesForCallingCode(int callingCode) =>
        CountryZones.GetOrAdd(callingCode, static cc => BuildCountryZones(cc));

    private static FrozenSet<string> BuildCountryZones(int cc)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var byTerritory = TZConvert.GetIanaTimeZoneNamesByTerritory(true);
        foreach (string region in Util.GetRegionCodesForCountryCode(cc))
        {
            if (byTerritory.TryGetValue(region, out var zones))
            {
                foreach (string z in zones)
                {
                    set.Add(TimezoneResolver.CanonicalIana(z) ?? z);
                }
            }
        }

        string[]? own = Table?.Lookup(cc, cc);
        if (own is not null)
        {
            foreach (string z in own)
            {
                set.Add(TimezoneResolver.CanonicalIana(z) ?? z);
            }
        }

        set.Remove("Etc/Unknown");
        return set.ToFrozenSet(StringComparer.Ordinal);
    }

    private static ZoneSet ToSet(string[] zones)
    {
        var canonical = new List<string>(zones.Length);
        foreach (string z in zones)
        {
            if (z == "Etc/Unknown")
            {
                continue;
            }

            string c = TimezoneResolver.CanonicalIana(z) ?? z;
            if (!canonical.Contains(c))
            {
                canonical.Add(c);
            }
        }

        return canonical.Count == 0 ? EmptySet : new ZoneSet([.. canonical], canonical.Count == 1 ? canonical[0] : null);
    }

    /// <summary>libphonenumber's prefix table, with the longest prefix per calling code.</summary>
    private sealed class PrefixTable
    {
        private readonly IReadOnlyDictionary<long, string[]> map;
        private readonly Dictionary<int, long> maxPrefixByCode;

        private PrefixTable(IReadOnlyDictionary<long, string[]> map, Dictionary<int, long> maxPrefixByCode)
        {
            this.map = map;
            this.maxPrefixByCode = maxPrefixByCode;
        }

        public static PrefixTable? TryLoad()
        {
            try
            {
                var field = typeof(PhoneNumberToTimeZonesMapper).GetField("map", BindingFlags.NonPublic | BindingFlags.Instance);
                if (field?.GetValue(Mapper) is not IReadOnlyDictionary<long, string[]> map || map.Count == 0)
                {
                    return null;
                }

                var callingCodes = new HashSet<int>(Util.GetSupportedCallingCodes());
                var maxDigits = new Dictionary<int, int>();
                foreach (long key in map.Keys)
                {
                    if (key <= 0)
                    {
                        return null;
                    }

                    int digits = DigitCount(key);
                    int cc = CallingCodeOf(key, digits, callingCodes);
                    if (cc == 0)
                    {
                        return null; // a key we do not understand: do not trust the shortcut
                    }

                    maxDigits[cc] = Math.Max(maxDigits.GetValueOrDefault(cc), digits);
                }

                var limits = new Dictionary<int, long>(maxDigits.Count);
                foreach (var (cc, digits) in maxDigits)
                {
                    limits[cc] = Pow10(digits);
                }

                return new PrefixTable(map, limits);
            }
            catch (FieldAccessException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The mapper's LookUpPrefix, starting at the longest prefix that exists for the calling code.</summary>
        public string[]? Lookup(long digits, int callingCode)
        {
            if (!maxPrefixByCode.TryGetValue(callingCode, out long limit))
            {
                return null;
            }

            long prefix = digits;
            while (prefix >= limit)
            {
                prefix /= 10;
            }

            while (prefix > 0)
            {
                if (map.TryGetValue(prefix, out var zones))
                {
                    return zones;
                }

                prefix /= 10;
            }

            return null;
        }

        private static int CallingCodeOf(long key, int digits, HashSet<int> callingCodes)
        {
            // calling codes are prefix-free: the first prefix that is one is the one
            for (int len = 1; len <= 3 && len <= digits; len++)
            {
                int candidate = (int)(key / Pow10(digits - len));
                if (callingCodes.Contains(candidate))
                {
                    return candidate;
                }
            }

            return 0;
        }

        private static int DigitCount(long v)
        {
            int n = 0;
            while (v > 0)
            {
                n++;
                v /= 10;
            }

            return n;
        }

        private static long Pow10(int n)
        {
            long r = 1;
            for (int i = 0; i < n; i++)
            {
                r *= 10;
            }

            return r;
        }
    }
}
