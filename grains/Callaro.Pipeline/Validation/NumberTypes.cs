using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// The type of a number, decided exactly as <c>PhoneNumberUtil.GetNumberType</c> decides it (the same region
/// order, leading-digit rules, length checks and patterns from libphonenumber's own metadata), with one compiled
/// regular expression per calling code and number length instead of libphonenumber's interpreted patterns.
/// <para>
/// Why one expression: checking a US number asked up to nine patterns in turn (general, premium rate, toll free,
/// personal, fixed line...), and the fixed cost of each regex call outweighed the matching itself; a Canadian
/// number also went through the leading-digit checks of every Caribbean region first. All of those checks now
/// run as the ordered alternatives of one expression, so the first alternative that matches is the answer,
/// exactly as the checks ran in sequence. The number is followed by marker characters and each alternative
/// consumes as many markers as its type's code, so the length of the match says which type won.
/// A property test holds it to libphonenumber's answer.
/// </para>
/// </summary>
internal static class NumberTypes
{
    private const char Marker = '#';

    /// <summary>Type codes: an alternative for type <c>Codes[i]</c> consumes <c>i + 1</c> markers.</summary>
    private static readonly PhoneNumberType[] Codes =
    [
        PhoneNumberType.UNKNOWN,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.VOIP,
        PhoneNumberType.PERSONAL_NUMBER,
        PhoneNumberType.PAGER,
        PhoneNumberType.UAN,
        PhoneNumberType.VOICEMAIL,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.MOBILE,
    ];

    /// <summary>Longest national significant number libphonenumber accepts (17) plus the markers.</summary>
    private const int BufferLength = 24 + 12;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ConcurrentDictionary<(int CallingCode, int Length), RuleSet> Rules = new();

    /// <summary>
    /// One calling code and length's expressions. Compiling them to IL takes tens of milliseconds each, which a cold
    /// process paid on its first numbers (measured with the pipeline bench, tiered compilation on: sniff + suggest +
    /// preview 412-422 ms, now 274-290 ms): they start interpreted, and the compiled ones replace them once built
    /// in the background.
    /// </summary>
    private sealed class RuleSet
    {
        private volatile Regex[] steps;

        public RuleSet(List<string> patterns)
        {
            steps = [.. patterns.Select(p => new Regex(p, Options))];
            if (patterns.Count > 0)
            {
                _ = Task.Run(() => steps = [.. patterns.Select(p => new Regex(p, Options | RegexOptions.Compiled))]);
            }
        }

        public Regex[] Steps => steps;
    }

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>
    /// Regions are joined into one expression up to about this many pattern characters. Bigger expressions compile
    /// to methods so large that the JIT stops optimising them (measured: all 25 regions of +1 in one expression
    /// made the row rules twice as slow as one call per pattern; 1,000 to 4,000 characters all measure the same).
    /// </summary>
    private const int MaxPatternChars = 2000;

    public static PhoneNumberType OfNanp(ulong nationalNumber)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        nationalNumber.TryFormat(buffer, out int length, default, CultureInfo.InvariantCulture);
        return Of(1, buffer, length);
    }

    /// <summary>The type of <c>+callingCode nationalSignificantNumber</c> (digits only, no leading zero).</summary>
    public static PhoneNumberType Of(int callingCode, ReadOnlySpan<char> nationalSignificantNumber)
    {
        if (nationalSignificantNumber.Length + Codes.Length > BufferLength)
        {
            return PhoneNumberType.UNKNOWN;
        }

        Span<char> buffer = stackalloc char[BufferLength];
        nationalSignificantNumber.CopyTo(buffer);
        return Of(callingCode, buffer, nationalSignificantNumber.Length);
    }

    public static PhoneNumberType Of(PhoneNumber number)
    {
        string nsn = Util.GetNationalSignificantNumber(number);
        if (nsn.Length + Codes.Length > BufferLength)
        {
            return PhoneNumberType.UNKNOWN;
        }

        Span<char> buffer = stackalloc char[BufferLength];
        nsn.CopyTo(buffer);
        return Of(number.CountryCode, buffer, nsn.Length);
    }

    private static PhoneNumberType Of(int callingCode, Span<char> buffer, int length)
    {
        var steps = Rules.GetOrAdd((callingCode, length), static key => new RuleSet(Build(key.CallingCode, key.Length))).Steps;
        var input = buffer[..(length + Codes.Length)];
        input[length..].Fill(Marker);
        foreach (var step in steps)
        {
            foreach (var match in step.EnumerateMatches(input))
            {
                return Codes[match.Length - length - 1];
            }
        }

        return PhoneNumberType.UNKNOWN;
    }

    /// <summary>
    /// The expressions for numbers of one length under one calling code (none when no region can type them), tried in turn.
    /// Regions are tried in libphonenumber's order. A region with leading digits (one of several sharing the
    /// code) decides alone once its leading digits match, UNKNOWN included; any other region decides only when
    /// it finds a type.
    /// </summary>
    private static List<string> Build(int callingCode, int length)
    {
        var regions = Util.GetRegionCodesForCountryCode(callingCode)
            .Select(code => code == "001" ? Util.GetMetadataForNonGeographicalRegion(callingCode) : Util.GetMetadataForRegion(code))
            .ToList();
        var parts = new List<string>();
        foreach (var metadata in regions)
        {
            string? types = metadata is null ? null : RegionTypes(metadata, length);
            bool decidesAlone = regions.Count > 1 && metadata is { HasLeadingDigits: true, LeadingDigits.Length: > 0 };
            if (decidesAlone)
            {
                parts.Add($"(?=(?:{metadata!.LeadingDigits}))(?:{(types is null ? string.Empty : types + "|")}[0-9]*{Markers(PhoneNumberType.UNKNOWN)})");
            }
            else if (types is not null)
            {
                parts.Add(types);
            }
        }

        var steps = new List<string>();
        var group = new List<string>();
        foreach (var part in parts)
        {
            if (group.Count > 0 && group.Sum(p => p.Length) + part.Length > MaxPatternChars)
            {
                steps.Add(Joined(group));
                group.Clear();
            }

            group.Add(part);
        }

        if (group.Count > 0)
        {
            steps.Add(Joined(group));
        }

        return steps;
    }

    private static string Joined(List<string> parts) => @"\A(?:" + string.Join('|', parts) + ")";

    /// <summary>
    /// One region's type checks for numbers of this length, in libphonenumber's order, as alternatives behind the
    /// region's general pattern; null when the general pattern cannot match (the region types nothing).
    /// </summary>
    private static string? RegionTypes(PhoneMetadata metadata, int length)
    {
        if (Pattern(metadata.GeneralDesc, length) is not { } general)
        {
            return null;
        }

        var alternatives = new List<string>();
        void Add(PhoneNumberDesc? desc, PhoneNumberType type)
        {
            if (Pattern(desc, length) is { } pattern)
            {
                alternatives.Add($"(?:{pattern}){Markers(type)}");
            }
        }

        Add(metadata.PremiumRate, PhoneNumberType.PREMIUM_RATE);
        Add(metadata.TollFree, PhoneNumberType.TOLL_FREE);
        Add(metadata.SharedCost, PhoneNumberType.SHARED_COST);
        Add(metadata.Voip, PhoneNumberType.VOIP);
        Add(metadata.PersonalNumber, PhoneNumberType.PERSONAL_NUMBER);
        Add(metadata.Pager, PhoneNumberType.PAGER);
        Add(metadata.Uan, PhoneNumberType.UAN);
        Add(metadata.Voicemail, PhoneNumberType.VOICEMAIL);
        string? fixedLine = Pattern(metadata.FixedLine, length);
        string? mobile = Pattern(metadata.Mobile, length);
        if (metadata.SameMobileAndFixedLinePattern)
        {
            Add(metadata.FixedLine, PhoneNumberType.FIXED_LINE_OR_MOBILE);
        }
        else
        {
            if (fixedLine is not null && mobile is not null)
            {
                alternatives.Add($"(?=(?:{mobile}){Marker})(?:{fixedLine}){Markers(PhoneNumberType.FIXED_LINE_OR_MOBILE)}");
            }

            Add(metadata.FixedLine, PhoneNumberType.FIXED_LINE);
            Add(metadata.Mobile, PhoneNumberType.MOBILE);
        }

        return alternatives.Count == 0 ? null : $"(?=(?:{general}){Marker})(?:{string.Join('|', alternatives)})";
    }

    /// <summary>A description's pattern when it can match a number of this length (libphonenumber's possible lengths).</summary>
    private static string? Pattern(PhoneNumberDesc? desc, int length) =>
        desc is { NationalNumberPattern.Length: > 0 } && (desc.PossibleLengthCount == 0 || desc.PossibleLengthList.Contains(length))
            ? desc.NationalNumberPattern
            : null;

    private static string Markers(PhoneNumberType type) => new(Marker, Array.IndexOf(Codes, type) + 1);
}
