using System.Globalization;
using System.Text;
using Callaro.Check;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Reporting;
using Callaro.Pipeline.Validation;
using Callaro.UnitTests.Pipeline.Check;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Properties;

/// <summary>
/// Properties of the offline check over random messy files (seeded, so a failure names a reproducible iteration):
/// rows in = accepted + rejected + duplicates (+ suppressed); every excluded row is in the report once, with error
/// reasons only; chunk sizes and threads never change the counts; and the counts equal a plain sequential model
/// (whole file in one piece, one validator, <see cref="DuplicateFinder"/>).
/// </summary>
public sealed class CheckPropertyTests
{
    private const int Iterations = 200;
    private const int Seed = 4_2024;

    private static readonly string[] Columns = ["Contact ID", "Phone", "Time Zone", "Email", "Notes"];

    private static readonly ColumnMapping[] Mapping =
    [
        new("Contact ID", ContactField.Identifier),
        new("Phone", ContactField.Phone),
        new("Time Zone", ContactField.Timezone),
        new("Email", ContactField.Email),
        new("Notes", ContactField.Ignore),
    ];

    private static readonly string[] Identifiers = ["C-1", "C-2", "c-2", " C-3 ", "C-4", "C-5", "Ünïcode-6", "C-7", "", "  "];

    private static readonly string[] Phones =
    [
        "(415) 555-0132", "+1 415 555 0132", "4155550132", "415.555.0132", "(212) 555-0147", "+12125550147", "312-555-0199", "617 555 0100",
        "+1 800 555 0199", "+44 20 7946 0958", "+44 7911 123456", "0044 7911 123456", "+49 30 12345678", "4155550132.0", "+91 98765 43210",
        "123", "555-1234", "(123) 456-7890", "n/a", "", "4.15E+09", "4,15E+09", "+999 123", "call me", "=1+1", "415-555-0132 x12",
    ];

    private static readonly string[] Zones =
    [
        "", "", "", "America/New_York", "EST", "Pacific Standard Time", "UTC-5", "-05:00", "US/Central", "Europe/London", "GMT", "Mars/Base", "CET", "+05:30",
    ];

    private static readonly string[] Emails = ["", "ada@example.com", "bob@", "n/a", "x@y.z"];

    private static readonly string[] Notes = ["", "plain", "with, comma", "with \"quotes\"", "two\r\nlines", "lf\nonly", "   "];

    private static readonly string[] Delimiters = [",", ";", "|", "\t"];

    private static readonly string[] LineEnds = ["\r\n", "\n", "\r\n", "\r"];

    [Fact]
    public void Random_files_keep_the_invariant_report_every_excluded_row_and_count_the_same_in_any_chunking()
    {
        using var scratch = new Scratch();
        var mismatches = new List<string>();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var rng = new Random(Seed + iteration);
            var delimiter = Delimiters[rng.Next(Delimiters.Length)];
            var (text, rowsWritten) = RandomFile(rng, delimiter);
            var path = scratch.File($"random-{iteration}.csv", text);
            var policy = (DuplicatePolicy)rng.Next(4);
            var key = (DuplicateKey)rng.Next(2);
            var requireTimezone = rng.Next(3) == 0;
            var report = scratch.PathOf($"report-{iteration}.csv");
            var options = new CheckOptions
            {
                Mapping = Mapping,
                Delimiter = delimiter,
                DuplicatePolicy = policy,
                DuplicateKey = key,
                RequireTimezone = requireTimezone,
                Threads = 1,
                ReportPath = report,
            };
            var context = $"iteration {iteration} (seed {Seed + iteration}, {policy}/{key}, delimiter {Escape(delimiter)}, requireTimezone {requireTimezone})";

            var baseline = ContactFileCheck.Run(path, options);

            // Rows in = accepted + rejected + duplicates + suppressed, and the reasons add up.
            Assert.True(baseline.TotalRows == rowsWritten, $"{context}: {baseline.TotalRows} rows read, {rowsWritten} written");
            Assert.True(
                baseline.TotalRows == baseline.Accepted + baseline.Rejected + baseline.Duplicates + baseline.Suppressed,
                $"{context}: {Describe(baseline)}");
            Assert.True(baseline.ByReason.Values.Sum() == baseline.Rejected + baseline.Duplicates + baseline.Suppressed, $"{context}: {Describe(baseline)}");
            Assert.True(baseline.ByReason.Keys.All(IsError), $"{context}: byReason holds only errors");
            Assert.True(baseline.WarningsByReason.Keys.All(r => !IsError(r)), $"{context}: warningsByReason holds only warnings");
            Assert.True(baseline.Warnings <= baseline.Accepted, context);

            // Every excluded row is reported once, in row order, with at least one reason, all of them errors.
            var reported = CheckCommandTests.ReadReport(report);
            Assert.True(reported.Count == baseline.Rejected + baseline.Duplicates, $"{context}: {reported.Count} reported, {Describe(baseline)}");
            long previous = 0;
            foreach (var row in reported)
            {
                var number = long.Parse(row["row_number"], CultureInfo.InvariantCulture);
                Assert.True(number > previous, $"{context}: report row {number} after {previous}");
                previous = number;
                var codes = row["reason_codes"].Split('|', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(codes.Length > 0, $"{context}: row {number} has no reason");
                Assert.True(codes.All(c => IsError(ContractNames.ParseRejectReason(c))), $"{context}: row {number} has {row["reason_codes"]}");
            }

            // Chunking and threads change nothing.
            foreach (var (rowsPerChunk, threads) in new[] { (1, 2), (2, 1), (7, 2), (3, 3) })
            {
                var other = ContactFileCheck.Run(path, options with { RowsPerChunk = rowsPerChunk, Threads = threads, ReportPath = null });
                if (Describe(other) != Describe(baseline))
                {
                    mismatches.Add($"{context}, {rowsPerChunk} rows per chunk, {threads} threads: {Describe(other)} vs {Describe(baseline)}");
                }
            }

            // The same counts as the plain sequential model.
            var model = Model(path, options);
            if (model != Describe(baseline))
            {
                mismatches.Add($"{context}: model {model} vs check {Describe(baseline)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(10)));
    }

    private static bool IsError(RejectReason reason) => reason < RejectReason.PhoneRegionAssumed;

    private static string Escape(string delimiter) => delimiter == "\t" ? "tab" : delimiter;

    private static string Describe(CheckResult r) =>
        $"total {r.TotalRows} accepted {r.Accepted} rejected {r.Rejected} duplicates {r.Duplicates} warnings {r.Warnings} tzMissing {r.TimezoneMissing} " +
        $"[{string.Join(" ", r.ByReason.OrderBy(p => p.Key).Select(p => $"{ContractNames.Of(p.Key)}={p.Value}"))}] " +
        $"[{string.Join(" ", r.WarningsByReason.OrderBy(p => p.Key).Select(p => $"{ContractNames.Of(p.Key)}={p.Value}"))}]";

    /// <summary>The whole file as one piece, read and validated row by row, then the duplicate finder.</summary>
    private static string Model(string path, CheckOptions options)
    {
        var bytes = File.ReadAllBytes(path);
        var sniff = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeadSize)), bytes.Length <= FileSniffer.HeadSize, new SniffOptions(null, options.Delimiter));
        var chunker = new RawChunker(sniff, int.MaxValue);
        chunker.Append(bytes);
        chunker.Complete();
        var validator = new RowValidator(sniff.Columns, options.Mapping!, new RowValidatorOptions { RequireTimezone = options.RequireTimezone });
        var reader = new ChunkReader(sniff);
        var byReason = new SortedDictionary<RejectReason, long>();
        var warnings = new Dictionary<long, RowValidationResult>();
        var accepted = new List<DedupeRow>();
        long total = 0, rejected = 0;
        while (chunker.TryTakeChunk(out var chunk))
        {
            foreach (var row in reader.ReadAll(chunk))
            {
                total++;
                var result = row.Error is null ? validator.Validate(row.RowNumber, row.Fields) : null;
                var primary = result is null ? RejectReason.MalformedRow : result.Issues.FirstOrDefault(i => i.Severity == Severity.Error)?.Code;
                if (primary is { } reason)
                {
                    Assert.False(result?.Accepted ?? false);
                    byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
                    rejected++;
                }
                else
                {
                    Assert.True(result!.Accepted);
                    accepted.Add(new DedupeRow(row.RowNumber, result.PhoneKey, result.IdentifierKey));
                    warnings[row.RowNumber] = result;
                }
            }
        }

        var findings = DuplicateFinder.Find(accepted, options.DuplicatePolicy, options.DuplicateKey).Findings;
        foreach (var f in findings)
        {
            byReason[f.Reason] = byReason.GetValueOrDefault(f.Reason) + 1;
            warnings.Remove(f.RowNumber);
        }

        var warningsByReason = new SortedDictionary<RejectReason, long>();
        foreach (var result in warnings.Values)
        {
            foreach (var code in result.Issues.Where(i => i.Severity == Severity.Warning).Select(i => i.Code).Distinct())
            {
                warningsByReason[code] = warningsByReason.GetValueOrDefault(code) + 1;
            }
        }

        var model = new CheckResult
        {
            TotalRows = total,
            Accepted = accepted.Count - findings.Count,
            Rejected = rejected,
            Duplicates = findings.Count,
            Warnings = warnings.Values.Count(r => r.HasWarnings),
            TimezoneMissing = warnings.Values.Count(r => r.TimezoneMissing),
            ByReason = byReason,
            WarningsByReason = warningsByReason,
            BlocksLaunch = false,
            Encoding = sniff.EncodingName,
            Delimiter = sniff.DelimiterText,
            Columns = sniff.Columns,
            Mapping = options.Mapping!,
            Notes = sniff.Notes,
            Options = options,
            Bytes = bytes.Length,
            Chunks = 1,
            ReplacedSequences = 0,
            ElapsedMs = 0,
        };
        return Describe(model);
    }

    /// <summary>A messy file: random values, quoting, blank lines, broken quotes, wrong field counts; returns its text and data rows.</summary>
    private static (string Text, int Rows) RandomFile(Random rng, string delimiter)
    {
        var eol = LineEnds[rng.Next(LineEnds.Length)];
        var sb = new StringBuilder();
        sb.Append(string.Join(delimiter, Columns.Select(c => Cell(c, delimiter)))).Append(eol);
        var rows = rng.Next(0, 120);
        var written = 0;
        for (var i = 0; i < rows; i++)
        {
            var kind = rng.Next(100);
            if (kind < 3)
            {
                // A blank line: not a row.
                sb.Append(rng.Next(2) == 0 ? string.Empty : new string(delimiter[0], Columns.Length - 1)).Append(eol);
                continue;
            }

            var values = new List<string>
            {
                Identifiers[rng.Next(Identifiers.Length)],
                Phones[rng.Next(Phones.Length)],
                Zones[rng.Next(Zones.Length)],
                Emails[rng.Next(Emails.Length)],
                Notes[rng.Next(Notes.Length)],
            };
            if (values.All(string.IsNullOrWhiteSpace))
            {
                values[0] = "C-9";
            }

            if (kind < 11)
            {
                // A broken record, or a quoted line break in a row of the wrong width, is the row's first physical line
                // (the reader restarts on the next one): keep line breaks out of those rows so they stay one row each.
                values[^1] = values[^1].Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
            }

            if (kind < 6)
            {
                values.Add("extra"); // one field too many
            }
            else if (kind < 8)
            {
                values.RemoveAt(values.Count - 1); // one field too few
            }

            var line = string.Join(delimiter, values.Select(v => Cell(v, delimiter)));
            if (kind is >= 8 and < 10)
            {
                line += delimiter + "\"broken" + delimiter + "quote"; // a quote never closed on its line
            }
            else if (kind is >= 10 and < 11)
            {
                line = "\"C-8\"x" + delimiter + line[(line.IndexOf(delimiter, StringComparison.Ordinal) + 1)..]; // text after a closing quote
            }

            sb.Append(line).Append(eol);
            written++;
        }

        if (rng.Next(4) == 0 && sb.Length > 0)
        {
            sb.Length -= eol.Length; // no line break after the last row
        }

        return (sb.ToString(), written);
    }

    private static string Cell(string value, string delimiter) =>
        value.Contains(delimiter, StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
