using System.Globalization;
using System.Text;

namespace Callaro.Bench;

/// <summary>What <see cref="MessyFileGenerator.Write"/> put in a file, by kind of phone cell (a row has one kind).</summary>
public sealed record GeneratedFile(
    string Path,
    int Rows,
    long Bytes,
    int Seed,
    int UsNumbers,
    int International,
    int Invalid,
    int ScientificNotation,
    int Duplicates,
    int QuotedNewlines);

/// <summary>
/// Writes a realistic, messy contact export as a CRM or a spreadsheet would: UTF-8 with BOM, CRLF, a header
/// ("Contact ID,First Name,Last Name,Phone,Email,Company,Time Zone,Postal Code,Lead Source,Notes") and about 100 bytes a row.
/// <list type="bullet">
/// <item>US numbers in many formats: (415) 555-0132, 415-555-0132, 415.555.0132, +1 415 555 0132, 1-415-..., 4155550132.0, extensions;</item>
/// <item>~8% international (+44, +49, +33, +61, +91, +52, +34, +55, with 00 and 011 prefixes too);</item>
/// <item>~4% invalid phones (empty, n/a, too short, bad area codes, text) and ~0.5% in scientific notation (4.15555E+09);</item>
/// <item>~3% duplicates: an earlier number again in another format, a third of them with the same identifier;</item>
/// <item>time zones blank (~35%), IANA, aliased (EST, Pacific Standard Time, US/Eastern, UTC-5, -05:00) and a few unknown;</item>
/// <item>accented names, quoted commas (companies, notes), doubled quotes, and ~1% notes with a line break inside quotes.</item>
/// </list>
/// Deterministic: the same rows and seed give the same bytes. Reusable by any benchmark or test.
/// </summary>
public static class MessyFileGenerator
{
    public const int DefaultSeed = 20_251_101;

    public const string Header = "Contact ID,First Name,Last Name,Phone,Email,Company,Time Zone,Postal Code,Lead Source,Notes";

    private static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara",
        "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy",
        "Anthony", "Betty", "Mark", "Sandra", "Priya", "Wei", "Carlos", "Ana", "Olivia", "Liam", "Noah", "Emma",
    ];

    private static readonly string[] AccentedFirstNames = ["José", "Zoë", "François", "Björk", "Søren", "Łukasz", "Renée", "Chloé", "Íñigo", "Małgorzata"];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
        "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Patel", "Nguyen", "Kim", "O'Brien",
    ];

    private static readonly string[] AccentedLastNames = ["Müller", "Núñez", "Bérenger", "Størmer", "Gößling", "Dvořák", "Peña", "Ångström"];

    private static readonly string[] Companies =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Wonka", "Cyberdyne", "Soylent",
        "Vandelay Industries", "Pied Piper", "Aperture", "Tyrell", "Massive Dynamic", "Prestige Worldwide", "Dunder Mifflin", "Bluth Co",
    ];

    private static readonly string[] CompanySuffixes = [", Inc.", ", LLC", ", Ltd", ", Corp.", " & Sons, Inc."];

    private static readonly string[] Domains = ["gmail.com", "yahoo.com", "outlook.com", "example.com", "corp.example", "mail.example.org"];

    private static readonly string[] LeadSources = ["Webinar", "Trade show", "Website", "Referral", "Cold list", "LinkedIn", "Partner", "Inbound call", ""];

    private static readonly string[] Notes =
    [
        "Warm lead", "Requested demo", "Left voicemail", "Call after 3pm", "Prefers email", "Renewal Q3", "Met at conference",
        "Decision maker", "Gatekeeper", "Do not call before 9",
    ];

    private static readonly string[] CommaNotes = ["Called, left VM", "Busy, try again", "Interested, send pricing", "Spoke to assistant, call back"];

    private static readonly string[] NewlineNotes = ["Spoke to assistant\r\nCall back Tuesday", "Line 1\nLine 2", "Asked for \"pricing\"\r\nSend deck"];

    // Real US / Canada (NANP) area codes and one of their time zones.
    private static readonly (int Area, string Zone)[] AreaCodes =
    [
        (201, "America/New_York"), (202, "America/New_York"), (203, "America/New_York"), (205, "America/Chicago"), (206, "America/Los_Angeles"),
        (212, "America/New_York"), (213, "America/Los_Angeles"), (214, "America/Chicago"), (215, "America/New_York"), (216, "America/New_York"),
        (303, "America/Denver"), (305, "America/New_York"), (312, "America/Chicago"), (313, "America/Detroit"), (314, "America/Chicago"),
        (404, "America/New_York"), (405, "America/Chicago"), (415, "America/Los_Angeles"), (416, "America/Toronto"), (425, "America/Los_Angeles"),
        (480, "America/Phoenix"), (503, "America/Los_Angeles"), (504, "America/Chicago"), (512, "America/Chicago"), (602, "America/Phoenix"),
        (604, "America/Vancouver"), (612, "America/Chicago"), (615, "America/Chicago"), (617, "America/New_York"), (646, "America/New_York"),
        (702, "America/Los_Angeles"), (704, "America/New_York"), (713, "America/Chicago"), (718, "America/New_York"), (720, "America/Denver"),
        (801, "America/Denver"), (808, "Pacific/Honolulu"), (813, "America/New_York"), (818, "America/Los_Angeles"), (832, "America/Chicago"),
        (907, "America/Anchorage"), (916, "America/Los_Angeles"), (917, "America/New_York"), (919, "America/New_York"), (949, "America/Los_Angeles"),
    ];

    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["America/New_York"] = ["EST", "EDT", "Eastern Standard Time", "US/Eastern", "UTC-5", "-05:00", "Eastern"],
        ["America/Detroit"] = ["EST", "Eastern Standard Time"],
        ["America/Toronto"] = ["EST", "Eastern Standard Time"],
        ["America/Chicago"] = ["CST", "CDT", "Central Standard Time", "US/Central", "UTC-6", "Central"],
        ["America/Denver"] = ["MST", "Mountain Standard Time", "US/Mountain", "UTC-7"],
        ["America/Phoenix"] = ["Arizona", "US Mountain Standard Time", "MST"],
        ["America/Los_Angeles"] = ["PST", "PDT", "Pacific Standard Time", "US/Pacific", "UTC-8", "-08:00", "Pacific"],
        ["America/Vancouver"] = ["PST", "Pacific Standard Time"],
        ["America/Anchorage"] = ["AKST", "Alaskan Standard Time", "US/Alaska"],
        ["Pacific/Honolulu"] = ["HST", "Hawaiian Standard Time", "US/Hawaii"],
    };

    private static readonly string[] UnknownZones = ["Mars/Olympus_Mons", "Eastern-ish", "GMT+25", "Zulu Time?", "TBD"];

    // International numbers: a template ('d' = a random digit) and zones that fit.
    private static readonly (string Template, string[] Zones)[] International =
    [
        ("+44 7911 dddddd", ["Europe/London", "GMT", "BST", ""]),
        ("+44 20 7ddd dddd", ["Europe/London", "GMT", ""]),
        ("0044 20 7ddd dddd", ["Europe/London", ""]),
        ("011 44 7911 dddddd", ["Europe/London", ""]),
        ("+49 30 dddddddd", ["Europe/Berlin", "CET", "W. Europe Standard Time", ""]),
        ("+49 151 dddddddd", ["Europe/Berlin", "CET", ""]),
        ("+33 6 dd dd dd dd", ["Europe/Paris", "CET", "+01:00", ""]),
        ("+33 1 dd dd dd dd", ["Europe/Paris", ""]),
        ("+61 4dd ddd ddd", ["Australia/Sydney", "AUS Eastern Standard Time", ""]),
        ("+91 9dddd ddddd", ["Asia/Kolkata", "IST", "+05:30", "Asia/Calcutta", ""]),
        ("+52 55 dddd dddd", ["America/Mexico_City", ""]),
        ("+34 6dd ddd ddd", ["Europe/Madrid", "CET", ""]),
        ("+55 11 9dddd dddd", ["America/Sao_Paulo", ""]),
    ];

    private static readonly string[] InvalidPhones =
    [
        "", "", "", "n/a", "N/A", "none", "TBD", "123", "555-1234", "000-000-0000", "(123) 456-7890", "+1 (415) 555", "1234567890123456",
        "call me", "#ERROR!", "---", "+999 1234 5678", "(011) 234-5678", "411",
    ];

    /// <summary>Writes <paramref name="rows"/> data rows to <paramref name="path"/> (created or replaced).</summary>
    public static GeneratedFile Write(string path, int rows, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var rng = new Random(seed);
        var ring = new Earlier[1 << 16];
        int ringCount = 0;
        int us = 0, international = 0, invalid = 0, scientific = 0, duplicates = 0, newlines = 0;

        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16))
        {
            w.NewLine = "\r\n";
            w.WriteLine(Header);
            var line = new StringBuilder(256);
            for (var i = 0; i < rows; i++)
            {
                line.Clear();
                var id = "CRM-" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
                string phone;
                var zone = string.Empty;
                var roll = rng.NextDouble();
                if (roll < 0.03 && ringCount > 0)
                {
                    // An earlier contact again: the same number, usually in another format.
                    var earlier = ring[rng.Next(Math.Min(ringCount, ring.Length))];
                    phone = earlier.UsDigits != 0 ? FormatUs(rng, earlier.UsDigits) : earlier.International!;
                    zone = earlier.Zone;
                    if (rng.Next(3) == 0)
                    {
                        id = earlier.Id;
                    }

                    duplicates++;
                }
                else if (roll < 0.07)
                {
                    phone = InvalidPhones[rng.Next(InvalidPhones.Length)];
                    invalid++;
                }
                else if (roll < 0.075)
                {
                    // Spreadsheet damage: 4.15555E+09.
                    var digits = UsDigits(rng, out _).ToString(CultureInfo.InvariantCulture);
                    var keep = 2 + rng.Next(5);
                    phone = digits[..1] + "." + digits[1..(1 + keep)] + (rng.Next(4) == 0 ? "e+" : "E+") + (digits.Length - 1).ToString("00", CultureInfo.InvariantCulture);
                    scientific++;
                }
                else if (roll < 0.155)
                {
                    var (template, zones) = International[rng.Next(International.Length)];
                    phone = Fill(rng, template);
                    zone = zones[rng.Next(zones.Length)];
                    ring[ringCount++ % ring.Length] = new Earlier(0, phone, id, zone);
                    international++;
                }
                else
                {
                    var digits = UsDigits(rng, out var home);
                    phone = FormatUs(rng, digits);
                    zone = UsZone(rng, home);
                    ring[ringCount++ % ring.Length] = new Earlier(digits, null, id, zone);
                    us++;
                }

                if (rng.NextDouble() < 0.003)
                {
                    id = rng.Next(2) == 0 ? string.Empty : " ";
                }

                if (zone.Length > 0 && rng.NextDouble() < 0.3)
                {
                    zone = string.Empty;
                }
                else if (rng.NextDouble() < 0.005)
                {
                    zone = UnknownZones[rng.Next(UnknownZones.Length)];
                }

                var accented = rng.NextDouble() < 0.03;
                var first = accented ? AccentedFirstNames[rng.Next(AccentedFirstNames.Length)] : FirstNames[rng.Next(FirstNames.Length)];
                var last = accented && rng.Next(2) == 0 ? AccentedLastNames[rng.Next(AccentedLastNames.Length)] : LastNames[rng.Next(LastNames.Length)];
                var company = Companies[rng.Next(Companies.Length)];
                var c = rng.NextDouble();
                if (c < 0.12)
                {
                    company += CompanySuffixes[rng.Next(CompanySuffixes.Length)];
                }
                else if (c < 0.125)
                {
                    company = "The \"Best\" " + company;
                }

                var e = rng.NextDouble();
                var email = e < 0.1 ? string.Empty
                    : e < 0.12 ? (rng.Next(2) == 0 ? first.ToLowerInvariant() + "@" : "n/a")
                    : Ascii(first) + "." + Ascii(last) + "@" + Domains[rng.Next(Domains.Length)];

                var n = rng.NextDouble();
                string notes;
                if (n < 0.01)
                {
                    notes = NewlineNotes[rng.Next(NewlineNotes.Length)];
                    newlines++;
                }
                else if (n < 0.05)
                {
                    notes = CommaNotes[rng.Next(CommaNotes.Length)];
                }
                else if (n < 0.30)
                {
                    notes = Notes[rng.Next(Notes.Length)];
                }
                else
                {
                    notes = string.Empty;
                }

                Cell(line, id).Append(',');
                Cell(line, first).Append(',');
                Cell(line, last).Append(',');
                Cell(line, phone).Append(',');
                Cell(line, email).Append(',');
                Cell(line, company).Append(',');
                Cell(line, zone).Append(',');
                Cell(line, Postal(rng)).Append(',');
                Cell(line, LeadSources[rng.Next(LeadSources.Length)]).Append(',');
                Cell(line, notes);
                w.WriteLine(line);
            }
        }

        return new GeneratedFile(path, rows, new FileInfo(path).Length, seed, us, international, invalid, scientific, duplicates, newlines);
    }

    /// <summary>
    /// The path of a generated file of <paramref name="rows"/> rows in <paramref name="directory"/> (default: the temp
    /// folder's callaro-bench), written only when it is not there yet (the content is fixed by rows and seed).
    /// </summary>
    public static (string Path, GeneratedFile? Written) Ensure(int rows, int seed = DefaultSeed, string? directory = null, bool regenerate = false)
    {
        directory ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callaro-bench");
        var path = System.IO.Path.Combine(directory, $"messy-{rows}-seed{seed}.csv");
        if (!regenerate && File.Exists(path) && new FileInfo(path).Length > 0)
        {
            return (path, null);
        }

        var temp = path + ".tmp";
        var written = Write(temp, rows, seed);
        File.Move(temp, path, overwrite: true);
        return (path, written with { Path = path });
    }

    private static long UsDigits(Random rng, out string zone)
    {
        var (area, home) = AreaCodes[rng.Next(AreaCodes.Length)];
        int exchange;
        do
        {
            exchange = rng.Next(200, 1000);
        }
        while (exchange % 100 == 11);

        zone = home;
        return (area * 10_000_000L) + (exchange * 10_000L) + rng.Next(10_000);
    }

    private static string FormatUs(Random rng, long digits)
    {
        var a = (digits / 10_000_000).ToString(CultureInfo.InvariantCulture);
        var e = (digits / 10_000 % 1000).ToString("000", CultureInfo.InvariantCulture);
        var l = (digits % 10_000).ToString("0000", CultureInfo.InvariantCulture);
        return rng.Next(100) switch
        {
            < 22 => $"({a}) {e}-{l}",
            < 40 => $"{a}-{e}-{l}",
            < 48 => $"{a}.{e}.{l}",
            < 62 => $"{a}{e}{l}",
            < 72 => $"+1 {a} {e} {l}",
            < 77 => $"+1 ({a}) {e}-{l}",
            < 82 => $"1-{a}-{e}-{l}",
            < 88 => $"+1{a}{e}{l}",
            < 92 => $"{a} {e} {l}",
            < 95 => $"({a}){e}-{l}",
            < 97 => $"{a}{e}{l}.0",
            < 98 => $" ({a}) {e}-{l} ",
            _ => $"{a}-{e}-{l} x{rng.Next(10, 999)}",
        };
    }

    private static string UsZone(Random rng, string home) => rng.Next(100) switch
    {
        < 35 => string.Empty,
        < 75 => home,
        < 96 => Aliases[home][rng.Next(Aliases[home].Length)],
        _ => "America/New_York", // a zone that may not be the number's
    };

    private static string Postal(Random rng) => rng.Next(100) switch
    {
        < 10 => string.Empty,
        < 15 => rng.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture) + "-" + rng.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
        < 18 => rng.Next(100, 9_999).ToString(CultureInfo.InvariantCulture), // a ZIP that lost its leading zeros in a spreadsheet
        _ => rng.Next(1_000, 99_999).ToString("00000", CultureInfo.InvariantCulture),
    };

    private static string Fill(Random rng, string template)
    {
        return string.Create(template.Length, (template, rng), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var ch = state.template[i];
                span[i] = ch == 'd' ? (char)('0' + state.rng.Next(10)) : ch;
            }
        });
    }

    private static string Ascii(string name)
    {
        var lower = name.ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal);
        var normalized = lower.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (ch < 128)
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    private static StringBuilder Cell(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(value);
        }

        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private readonly record struct Earlier(long UsDigits, string? International, string Id, string Zone);
}
