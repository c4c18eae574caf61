using System.Collections.Concurrent;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// TIMEZONE_CONFLICT: does a given zone fit the phone's country (calling code)?
/// <para>Named zones: it must be one of the country's zones (all regions sharing the calling code, so a
/// Toronto zone fits a +1 number). Etc/ zones (UTC, fixed offsets): it fits when some zone of the country has
/// that UTC offset in January or July; so UTC on a US number is a conflict (it would call at night),
/// UTC on a UK number is not. When the system lacks time zone data the check stays silent.</para>
/// Thread-safe; answers cached per (calling code, zone).
/// </summary>
public static class TimezoneConflicts
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ConcurrentDictionary<(int, string), bool> Cache = new();
    private static readonly ConcurrentDictionary<int, string> RegionNames = new();

    /// <summary>True when <paramref name="zone"/> (canonical IANA) cannot belong to a number with this calling code.</summary>
    public static bool Conflicts(int callingCode, string zone) =>
        Cache.GetOrAdd((callingCode, zone), static key => Compute(key.Item1, key.Item2));

    /// <summary>"US, CA, ..." for messages.</summary>
    public static string RegionsOf(int callingCode) =>
        RegionNames.GetOrAdd(callingCode, static cc =>
        {
            var regions = Util.GetRegionCodesForCountryCode(cc);
            return regions.Count <= 4 ? string.Join(", ", regions) : string.Join(", ", regions.Take(3)) + ", ...";
        });

    private static bool Compute(int callingCode, string zone)
    {
        var zones = PhoneTimezones.ZonesForCallingCode(callingCode);
        if (zones.Count == 0 || zones.Contains(zone))
        {
            return false;
        }

        if (!zone.StartsWith("Etc/", StringComparison.Ordinal))
        {
            return true;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var given))
        {
            return false;
        }

        int year = DateTime.UtcNow.Year;
        var january = new DateTime(year, 1, 15, 12, 0, 0, DateTimeKind.Utc);
        var july = new DateTime(year, 7, 15, 12, 0, 0, DateTimeKind.Utc);
        var offset = given.GetUtcOffset(january);
        bool anyKnown = false;
        foreach (string z in zones)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(z, out var info))
            {
                continue;
            }

            anyKnown = true;
            if (info.GetUtcOffset(january) == offset || info.GetUtcOffset(july) == offset)
            {
                return false;
            }
        }

        return anyKnown;
    }
}
