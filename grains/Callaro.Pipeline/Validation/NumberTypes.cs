using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// The type of a number, decided exactly as <c>PhoneNumberUtil.GetNumberType</c> decides it (the same region
/// order, leading-digit rules, length checks and patterns from libphonenumber's own metadata), but with compiled
/// regular expressions, and for shared calling codes (+1) each region's checks run once instead of twice.
/// libphonenumber interprets its patterns: on the NANP fast path that was half of the row rules' cost (1.2 s per
/// million rows). A property test holds it to libphonenumber's answer.
/// </summary>
internal static class NumberTypes
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ConcurrentDictionary<int, Region[]> ByCallingCode = new();

    public static PhoneNumberType OfNanp(ulong nationalNumber) => Of(1, nationalNumber.ToString(CultureInfo.InvariantCulture));

    public static PhoneNumberType Of(PhoneNumber number) => Of(number.CountryCode, Util.GetNationalSignificantNumber(number));

    private static PhoneNumberType Of(int callingCode, string nsn)
    {
        var regions = ByCallingCode.GetOrAdd(callingCode, Load);
        if (regions.Length == 1)
        {
            return regions[0].TypeOf(nsn);
        }

        foreach (var region in regions)
        {
            if (region.LeadingDigits is { } leading)
            {
                if (leading.IsMatch(nsn))
                {
                    return region.TypeOf(nsn);
                }
            }
            else if (region.TypeOf(nsn) is var type && type != PhoneNumberType.UNKNOWN)
            {
                return type;
            }
        }

        return PhoneNumberType.UNKNOWN;
    }

    private static Region[] Load(int callingCode) =>
    [
        .. Util.GetRegionCodesForCountryCode(callingCode)
            .Select(code => code == "001" ? Util.GetMetadataForNonGeographicalRegion(callingCode) : Util.GetMetadataForRegion(code))
            .Select(metadata => new Region(metadata)),
    ];

    private sealed class Desc(PhoneNumberDesc? desc)
    {
        private readonly HashSet<int> lengths = desc is null ? [] : [.. desc.PossibleLengthList];
        private readonly Regex? pattern = desc is { NationalNumberPattern.Length: > 0 }
            ? new Regex(@"\A(?:" + desc.NationalNumberPattern + @")\z", RegexOptions.Compiled | RegexOptions.CultureInvariant)
            : null;

        public bool Matches(string nsn) =>
            (lengths.Count == 0 || lengths.Contains(nsn.Length)) && pattern is not null && pattern.IsMatch(nsn);
    }

    /// <summary>One region's type rules; a region without metadata (an unknown calling code) types nothing.</summary>
    private sealed class Region(PhoneMetadata? metadata)
    {
        private readonly Desc general = new(metadata?.GeneralDesc);
        private readonly Desc premiumRate = new(metadata?.PremiumRate);
        private readonly Desc tollFree = new(metadata?.TollFree);
        private readonly Desc sharedCost = new(metadata?.SharedCost);
        private readonly Desc voip = new(metadata?.Voip);
        private readonly Desc personalNumber = new(metadata?.PersonalNumber);
        private readonly Desc pager = new(metadata?.Pager);
        private readonly Desc uan = new(metadata?.Uan);
        private readonly Desc voicemail = new(metadata?.Voicemail);
        private readonly Desc fixedLine = new(metadata?.FixedLine);
        private readonly Desc mobile = new(metadata?.Mobile);
        private readonly bool sameMobileAndFixedLine = metadata?.SameMobileAndFixedLinePattern ?? false;

        public Regex? LeadingDigits { get; } = metadata is { HasLeadingDigits: true, LeadingDigits.Length: > 0 }
            ? new Regex(@"\A(?:" + metadata.LeadingDigits + ")", RegexOptions.Compiled | RegexOptions.CultureInvariant)
            : null;

        public PhoneNumberType TypeOf(string nsn)
        {
            if (metadata is null || !general.Matches(nsn))
            {
                return PhoneNumberType.UNKNOWN;
            }

            if (premiumRate.Matches(nsn))
            {
                return PhoneNumberType.PREMIUM_RATE;
            }

            if (tollFree.Matches(nsn))
            {
                return PhoneNumberType.TOLL_FREE;
            }

            if (sharedCost.Matches(nsn))
            {
                return PhoneNumberType.SHARED_COST;
            }

            if (voip.Matches(nsn))
            {
                return PhoneNumberType.VOIP;
            }

            if (personalNumber.Matches(nsn))
            {
                return PhoneNumberType.PERSONAL_NUMBER;
            }

            if (pager.Matches(nsn))
            {
                return PhoneNumberType.PAGER;
            }

            if (uan.Matches(nsn))
            {
                return PhoneNumberType.UAN;
            }

            if (voicemail.Matches(nsn))
            {
                return PhoneNumberType.VOICEMAIL;
            }

            if (fixedLine.Matches(nsn))
            {
                return sameMobileAndFixedLine || mobile.Matches(nsn) ? PhoneNumberType.FIXED_LINE_OR_MOBILE : PhoneNumberType.FIXED_LINE;
            }

            return !sameMobileAndFixedLine && mobile.Matches(nsn) ? PhoneNumberType.MOBILE : PhoneNumberType.UNKNOWN;
        }
    }
}
