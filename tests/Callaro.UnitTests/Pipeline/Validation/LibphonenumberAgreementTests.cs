using Callaro.Pipeline.Validation;
using PhoneNumbers;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

/// <summary>The shortcuts taken for speed give libphonenumber's own answers.</summary>
public sealed class LibphonenumberAgreementTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private static IEnumerable<string> NanpSamples()
    {
        var rnd = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            int area = rnd.Next(100, 1000);
            int exchange = rnd.Next(100, 1000);
            int line = rnd.Next(10000);
            yield return (i % 6) switch
            {
                0 => $"({area}) {exchange}-{line:D4}",
                1 => $"{area}.{exchange}.{line:D4}",
                2 => $"1-{area}-{exchange}-{line:D4}",
                3 => $"+1 {area} {exchange} {line:D4}",
                4 => $"{area}{exchange}{line:D4}",
                _ => $"{area}/{exchange} {line:D4}",
            };
        }
    }

    [Fact]
    public void The_nanp_fast_path_reads_numbers_exactly_as_libphonenumber_parses_them()
    {
        foreach (string s in NanpSamples())
        {
            var ours = PhoneNormalizer.Normalize(s, "US", 1);
            var theirs = Util.Parse(s, "US");
            var type = Util.GetNumberType(theirs);
            bool dialable = type is PhoneNumberType.FIXED_LINE or PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE
                or PhoneNumberType.TOLL_FREE or PhoneNumberType.VOIP;

            Assert.Equal(type, ours.Type);
            Assert.Equal(dialable ? Util.Format(theirs, PhoneNumberFormat.E164) : null, ours.E164);
        }
    }

    /// <summary>
    /// Cells in international form for every calling code: example numbers of every region and type, their
    /// neighbours, random digits of every length, leading zeros, national prefixes after the code, unknown codes,
    /// written with <c>+</c>, <c>00</c> and the separators people use.
    /// </summary>
    private static IEnumerable<string> InternationalSamples()
    {
        var rnd = new Random(17);
        var codes = Util.GetSupportedCallingCodes().Concat([0, 9, 28, 42, 80, 99, 210, 259, 999]).Order().ToList();
        foreach (int code in codes)
        {
            var nationals = new List<string>();
            foreach (string region in Util.GetRegionCodesForCountryCode(code))
            {
                foreach (var kind in Enum.GetValues<PhoneNumberType>())
                {
                    var example = region == "001" ? Util.GetExampleNumberForNonGeoEntity(code) : Util.GetExampleNumberForType(region, kind);
                    if (example is not null)
                    {
                        nationals.Add(Util.GetNationalSignificantNumber(example));
                    }
                }

                if (Util.GetMetadataForRegion(region) is { NationalPrefix.Length: > 0 } metadata)
                {
                    nationals.Add(metadata.NationalPrefix + RandomDigits(rnd, rnd.Next(6, 11)));
                }
            }

            foreach (string nsn in nationals.Distinct().ToList())
            {
                nationals.Add(nsn[..Math.Max(1, nsn.Length - rnd.Next(1, 4))] + RandomDigits(rnd, rnd.Next(0, 5)));
                nationals.Add("0" + nsn);
            }

            for (int length = 1; length <= 16; length++)
            {
                nationals.Add(RandomDigits(rnd, length));
            }

            foreach (string national in nationals)
            {
                yield return Write(rnd, code, national);
            }
        }
    }

    private static string RandomDigits(Random rnd, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + rnd.Next(10))));

    private static string Write(Random rnd, int code, string national)
    {
        string[] separators = [" ", "-", ".", "/", string.Empty];
        string separator = separators[rnd.Next(separators.Length)];
        var groups = new List<string>();
        for (int i = 0; i < national.Length;)
        {
            int size = Math.Min(national.Length - i, rnd.Next(2, 5));
            groups.Add(national.Substring(i, size));
            i += size;
        }

        string grouped = string.Join(separator, groups);
        return rnd.Next(8) switch
        {
            0 => $"+{code}{national}",
            1 => $"00{code} {grouped}",
            2 => $"(00{code}) {grouped}",
            3 => $"+{code} (0) {grouped}",
            4 => $"+({code}) {grouped}",
            5 => $" +{code}-{grouped})",
            6 => $"0 0{code} {grouped}",
            _ => $"+{code} {grouped}",
        };
    }

    [Fact]
    public void The_international_fast_path_reads_cells_exactly_as_libphonenumber_parses_them()
    {
        int fast = 0;
        int dialable = 0;
        foreach (string region in new[] { "US", "GB", "DE", "IT", "AR", "BR", "MX", "RU", "IN", "JE" })
        {
            int regionCode = Util.GetCountryCodeForRegion(region);
            foreach (string cell in InternationalSamples())
            {
                var ours = PhoneNormalizer.Normalize(cell, region, regionCode);
                var theirs = PhoneNormalizer.NormalizeWithLibphonenumber(cell, region, regionCode);
                if (theirs.Status == PhoneStatus.Ok && !(regionCode == 1 && ours.CallingCode == 1))
                {
                    dialable++;
                    fast += ours.Number is null ? 1 : 0;
                }

                Assert.True(
                    ours with { Number = null } == theirs with { Number = null },
                    $"'{cell}' in {region}: libphonenumber reads {theirs with { Number = null }}, ours {ours with { Number = null }}");
            }
        }

        // The property says something only if the fast path was taken: it is, for most dialable cells.
        Assert.True(fast > dialable / 2, $"only {fast} of {dialable} dialable cells took the fast path");
    }

    [Fact]
    public void Time_zone_lookups_use_libphonenumbers_table_without_the_fallback()
    {
        Assert.True(PhoneTimezones.UsesPrefixTable);
    }

    [Fact]
    public void Time_zones_of_numbers_are_libphonenumbers_time_zones()
    {
        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        string[] international = ["+44 20 7946 0958", "+33 1 23 45 67 89", "+49 30 901820", "+61 2 9374 4000", "+61 491 570 156", "+91 98765 43210", "+55 11 91234 5678", "+7 495 123 4567", "+52 55 1234 5678", "+1 800 555 0199"];
        foreach (string s in NanpSamples().Concat(international))
        {
            var number = Util.Parse(s, "US");
            var type = Util.GetNumberType(number);
            if (type == PhoneNumberType.UNKNOWN)
            {
                continue;
            }

            var expected = mapper.GetTimeZonesForNumber(number)
                .Where(z => z != "Etc/Unknown")
                .Select(z => TimezoneResolver.CanonicalIana(z) ?? z)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToArray();
            long key = ContactKeys.PhoneKey(Util.Format(number, PhoneNumberFormat.E164));

            var ours = PhoneTimezones.ZonesForNumber(number, type, key);

            Assert.Equal(expected, ours.Zones.Order(StringComparer.Ordinal).ToArray());
        }
    }

    [Fact]
    public void The_compiled_nanp_type_rules_give_libphonenumbers_type_for_every_area_code_and_random_numbers()
    {
        var rnd = new Random(11);
        var numbers = new List<ulong>();
        for (ulong area = 100; area < 1000; area++)
        {
            // Every area code (toll-free, premium, personal, Caribbean and Pacific regions included) with a few exchanges.
            foreach (var exchange in new ulong[] { 100, 200, 555, 976, (ulong)rnd.Next(200, 1000), (ulong)rnd.Next(200, 1000) })
            {
                numbers.Add((area * 10_000_000) + (exchange * 10_000) + (ulong)rnd.Next(10_000));
            }
        }

        for (var i = 0; i < 60_000; i++)
        {
            numbers.Add((ulong)rnd.NextInt64(1_000_000_000, 10_000_000_000));
        }

        numbers.AddRange([0, 1, 999_999_999, 12_345_678_901]);
        foreach (var national in numbers)
        {
            var number = new PhoneNumber.Builder().SetCountryCode(1).SetNationalNumber(national).Build();
            Assert.True(Util.GetNumberType(number) == NumberTypes.OfNanp(national), $"+1 {national}: libphonenumber says {Util.GetNumberType(number)}, ours {NumberTypes.OfNanp(national)}");
        }
    }

    [Fact]
    public void The_compiled_type_rules_give_libphonenumbers_type_for_example_numbers_of_every_region_and_their_neighbours()
    {
        var rnd = new Random(13);
        var checkedNumbers = 0;
        foreach (var region in Util.GetSupportedRegions().Order(StringComparer.Ordinal))
        {
            foreach (var kind in Enum.GetValues<PhoneNumberType>())
            {
                if (Util.GetExampleNumberForType(region, kind) is not { } example)
                {
                    continue;
                }

                // The example itself, and neighbours with random trailing digits (other types, invalid numbers).
                var nsn = Util.GetNationalSignificantNumber(example);
                for (var i = 0; i < 6; i++)
                {
                    var digits = i == 0 ? nsn : nsn[..Math.Max(1, nsn.Length - rnd.Next(1, 5))] + string.Concat(Enumerable.Range(0, rnd.Next(0, 6)).Select(_ => (char)('0' + rnd.Next(10))));
                    PhoneNumber number;
                    try
                    {
                        number = Util.Parse("+" + example.CountryCode + digits, "ZZ");
                    }
                    catch (NumberParseException)
                    {
                        continue;
                    }

                    checkedNumbers++;
                    Assert.True(Util.GetNumberType(number) == NumberTypes.Of(number), $"{region} {kind} +{example.CountryCode} {digits}: libphonenumber says {Util.GetNumberType(number)}, ours {NumberTypes.Of(number)}");
                }
            }
        }

        Assert.True(checkedNumbers > 5_000, $"only {checkedNumbers} numbers checked");
    }
}
