using System.Text;
using System.Text.Json;
using Callaro.Check;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Check;

public sealed class CheckCommandTests
{
    [Fact]
    public void A_readable_file_exits_0_and_prints_one_json_object_with_the_contract_names()
    {
        var (exit, json, stdout, stderr) = CheckCli.Run(CheckCli.Data("excel-windows-1252-accents.csv"));

        Assert.Equal(CheckCommand.Ok, exit);
        Assert.Empty(stderr);
        using (var document = JsonDocument.Parse(stdout))
        {
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }

        foreach (var name in (string[])["totalRows", "accepted", "rejected", "duplicates", "suppressed", "warnings", "byReason", "warningsByReason",
                     "encoding", "delimiter", "columns", "mapping", "elapsedMs", "rowsPerSecond"])
        {
            Assert.True(json.TryGetProperty(name, out _), $"the JSON has {name}");
        }

        CheckCli.AssertAddsUp(json);
        Assert.Equal(5, json.GetProperty("totalRows").GetInt64());
        Assert.Equal("windows-1252", json.GetProperty("encoding").GetString());
        Assert.Equal(",", json.GetProperty("delimiter").GetString());
        Assert.Equal(["Id", "First Name", "Last Name", "Phone", "Company"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var mapping = json.GetProperty("mapping").EnumerateArray().ToList();
        Assert.Equal(5, mapping.Count);
        Assert.Contains(mapping, m => m.GetProperty("column").GetString() == "Id" && m.GetProperty("field").GetString() == "IDENTIFIER");
        Assert.Contains(mapping, m => m.GetProperty("column").GetString() == "Phone" && m.GetProperty("field").GetString() == "PHONE");
        Assert.All(mapping, m =>
        {
            Assert.Equal(JsonValueKind.Null, m.GetProperty("customKey").ValueKind);
            Assert.InRange(m.GetProperty("confidence").GetDouble(), 0, 1);
        });
        Assert.Equal(0, json.GetProperty("suppressed").GetInt64());
    }

    [Theory]
    [InlineData("excel-windows-1252-accents.csv", 5)]
    [InlineData("excel-unicode-text-utf16le.txt", 4)]
    [InlineData("excel-utf8-bom.csv", 2)]
    [InlineData("mac-cr-line-endings.csv", 3)]
    [InlineData("header-only.csv", 0)]
    public void Counts_add_up_on_every_readable_test_file(string file, long rows)
    {
        var (exit, json, _, stderr) = CheckCli.Run(CheckCli.Data(file));

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(rows, json.GetProperty("totalRows").GetInt64());
    }

    [Fact]
    public void A_utf16_tab_delimited_file_reports_its_sniffed_encoding_and_delimiter_and_its_invalid_phone()
    {
        var (exit, json, _, _) = CheckCli.Run(CheckCli.Data("excel-unicode-text-utf16le.txt"));

        Assert.Equal(CheckCommand.Ok, exit);
        Assert.Equal("utf-16le", json.GetProperty("encoding").GetString());
        Assert.Equal("\t", json.GetProperty("delimiter").GetString());
        Assert.Equal(1, json.GetProperty("rejected").GetInt64());
        Assert.Equal(1, CheckCli.Reason(json, "PHONE_INVALID"));
    }

    [Theory]
    [InlineData("empty.csv")]
    [InlineData("contacts.xlsx")]
    [InlineData("contacts.xls")]
    [InlineData("image-renamed.csv")]
    [InlineData("duplicate-headers.csv")]
    [InlineData("blank-header.csv")]
    public void A_file_that_is_not_a_readable_csv_exits_2_with_UNSUPPORTED_FILE(string file)
    {
        var (exit, _, stdout, stderr) = CheckCli.Run(CheckCli.Data(file));

        Assert.Equal(CheckCommand.Unreadable, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("UNSUPPORTED_FILE: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suggested_mapping_without_an_identifier_exits_2_with_INVALID_INPUT()
    {
        using var scratch = new Scratch();
        var file = scratch.File("no-identifier.csv", "Vorname;Nachname;Telefon\r\nJürgen;Weiß;+49 30 5550101\r\nSören;Groß;+49 30 5550102\r\n");

        var (exit, _, stdout, stderr) = CheckCli.Run(file);

        Assert.Equal(CheckCommand.Unreadable, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("INVALID_INPUT: ", stderr, StringComparison.Ordinal);
        Assert.Contains("IDENTIFIER", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_german_excel_export_maps_its_Kundennummer_column_as_the_identifier()
    {
        var (exit, json, _, stderr) = CheckCli.Run(CheckCli.Data("excel-european-semicolon.csv"));

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(4, json.GetProperty("totalRows").GetInt64());
        Assert.Contains(
            json.GetProperty("mapping").EnumerateArray(),
            m => m.GetProperty("column").GetString() == "Kundennummer" && m.GetProperty("field").GetString() == "IDENTIFIER");
    }

    [Fact]
    public void A_file_without_a_phone_column_exits_2_with_INVALID_INPUT_naming_PHONE()
    {
        using var scratch = new Scratch();
        var file = scratch.File("no-phone.csv", "Contact ID,Name,Company\r\nC-1,Ada,Acme\r\nC-2,Bob,Initech\r\n");

        var (exit, _, _, stderr) = CheckCli.Run(file);

        Assert.Equal(CheckCommand.Unreadable, exit);
        Assert.StartsWith("INVALID_INPUT: ", stderr, StringComparison.Ordinal);
        Assert.Contains("PHONE", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--duplicate-policy SOMETIMES {file}")]
    [InlineData("--duplicate-key EMAIL {file}")]
    [InlineData("--threads 0 {file}")]
    [InlineData("--rows-per-chunk many {file}")]
    [InlineData("--region XX {file}")]
    [InlineData("--encoding klingon {file}")]
    [InlineData("--delimiter ab {file}")]
    [InlineData("--bogus {file}")]
    [InlineData("{file} {file}")]
    [InlineData("{file} --report")]
    [InlineData("no-such-file.csv")]
    public void Bad_arguments_exit_64_with_the_usage(string commandLine)
    {
        var file = CheckCli.Data("excel-utf8-bom.csv");
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Replace("{file}", file, StringComparison.Ordinal)).ToArray();

        var (exit, _, stdout, stderr) = CheckCli.Run(args);

        Assert.Equal(CheckCommand.Usage, exit);
        Assert.Empty(stdout);
        Assert.Contains("Usage: callaro-check FILE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0_and_prints_the_usage()
    {
        var (exit, _, stdout, _) = CheckCli.Run("--help");

        Assert.Equal(CheckCommand.Ok, exit);
        Assert.Contains("--duplicate-policy", stdout, StringComparison.Ordinal);
        Assert.Contains("--threads", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_read_in_both_spellings_and_echoed_in_the_json()
    {
        var file = CheckCli.Data("excel-windows-1252-accents.csv");

        var (exit, json, _, stderr) = CheckCli.Run(file, "--duplicate-policy=keep-last", "--duplicate-key", "identifier", "--region", "gb", "--threads", "1", "--rows-per-chunk", "2");

        Assert.True(exit == CheckCommand.Ok, stderr);
        Assert.Equal("KEEP_LAST", json.GetProperty("duplicatePolicy").GetString());
        Assert.Equal("IDENTIFIER", json.GetProperty("duplicateKey").GetString());
        Assert.Equal("GB", json.GetProperty("region").GetString());
        Assert.Equal(1, json.GetProperty("threads").GetInt32());
        Assert.Equal(3, json.GetProperty("chunks").GetInt32());
        CheckCli.AssertAddsUp(json);
    }

    [Fact]
    public void Malformed_rows_are_rejected_as_MALFORMED_ROW_and_the_rest_is_read()
    {
        using var scratch = new Scratch();
        var file = scratch.File(
            "broken.csv",
            "Contact ID,Phone,Company\r\n" +
            "C-1,(415) 555-0132,Acme\r\n" +
            "C-2,(212) 555-0147,\"Unclosed, Inc\r\n" +
            "C-3,(312) 555-0199,Initech\r\n" +
            "C-4,(617) 555-0100,\"Hooli\"x\r\n" +
            "C-5,(206) 555-0123,Globex,extra\r\n" +
            "C-6\r\n" +
            "C-7,(303) 555-0111,\"Stark, Inc\"\r\n");

        var (exit, json, _, stderr) = CheckCli.Run(file);

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(7, json.GetProperty("totalRows").GetInt64());
        Assert.Equal(4, CheckCli.Reason(json, "MALFORMED_ROW"));
        Assert.Equal(3, json.GetProperty("accepted").GetInt64());
    }

    [Fact]
    public void Require_timezone_rejects_an_accepted_row_whose_zone_cannot_be_inferred()
    {
        using var scratch = new Scratch();
        var file = scratch.File("tz.csv", "Contact ID,Phone,Time Zone\nC-1,(415) 555-0132,\nC-2,+1 800 555 0199,\nC-3,+1 800 555 0198,America/Chicago\n");

        var (_, relaxed, _, _) = CheckCli.Run(file);
        var (exit, strict, _, stderr) = CheckCli.Run(file, "--require-timezone");

        Assert.Equal(3, relaxed.GetProperty("accepted").GetInt64());
        Assert.Equal(1, relaxed.GetProperty("timezoneMissing").GetInt64());
        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(strict);
        Assert.Equal(2, strict.GetProperty("accepted").GetInt64());
        Assert.Equal(1, CheckCli.Reason(strict, "TIMEZONE_UNRESOLVED"));
        Assert.Equal(0, strict.GetProperty("timezoneMissing").GetInt64());
        Assert.True(strict.GetProperty("requireTimezone").GetBoolean());
    }

    [Fact]
    public void Encoding_and_delimiter_overrides_win_over_the_sniffer()
    {
        using var scratch = new Scratch();
        var bytes = TextEncodings.Windows1252Encoding.GetBytes("Contact ID|Phone|Company\r\nC-1|(415) 555-0132|Café Noir\r\n");
        var file = scratch.File("latin.csv", bytes);

        var (sniffedExit, sniffed, _, _) = CheckCli.Run(file);
        var (exit, forced, _, stderr) = CheckCli.Run(file, "--encoding", "utf-8", "--delimiter", "|");

        Assert.Equal(CheckCommand.Ok, sniffedExit);
        Assert.Equal("windows-1252", sniffed.GetProperty("encoding").GetString());
        Assert.Equal("|", sniffed.GetProperty("delimiter").GetString());
        Assert.Equal(0, sniffed.GetProperty("replacedSequences").GetInt64());
        Assert.True(exit == CheckCommand.Ok, stderr);
        Assert.Equal("utf-8", forced.GetProperty("encoding").GetString());
        Assert.Equal(1, forced.GetProperty("replacedSequences").GetInt64());
    }

    [Fact]
    public void The_report_lists_every_excluded_row_once_with_error_reasons_and_its_original_values()
    {
        using var scratch = new Scratch();
        var file = scratch.File(
            "report.csv",
            "Contact ID,Phone,Notes\r\n" +
            "C-1,(415) 555-0132,first\r\n" +
            "C-2,4.15E+09,=SUM(A1)\r\n" +
            ",(212) 555-0147,no id\r\n" +
            "C-4,+1 415 555 0132,\"again, with a comma\"\r\n" +
            "C-5,(312) 555-0199\r\n" +
            "C-6,(617) 555-0100,fine\r\n");
        var report = scratch.PathOf("rejections.csv");

        var (exit, json, _, stderr) = CheckCli.Run(file, "--report", report);

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(2, json.GetProperty("accepted").GetInt64());
        var rows = ReadReport(report);
        Assert.Equal(json.GetProperty("rejected").GetInt64() + json.GetProperty("duplicates").GetInt64(), rows.Count);
        Assert.Equal(rows.Count, json.GetProperty("report").GetProperty("rows").GetInt64());
        Assert.Equal(["3", "4", "5", "6"], rows.Select(r => r["row_number"]));
        Assert.Equal(["PHONE_PRECISION_LOST", "MISSING_IDENTIFIER", "DUPLICATE", "MALFORMED_ROW"], rows.Select(r => r["reason_codes"]));
        Assert.Equal("'=SUM(A1)", rows[0]["Notes"]); // neutralised against formula injection
        Assert.Equal("again, with a comma", rows[2]["Notes"]);
        Assert.Equal("+14155550132", rows[2]["normalized_phone"]);
        Assert.Contains("keeps row 2", rows[2]["messages"], StringComparison.Ordinal);
    }

    /// <summary>The report's rows as column -> value, read with the pipeline's own reader.</summary>
    internal static List<Dictionary<string, string>> ReadReport(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        var sniff = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeadSize)), bytes.Length <= FileSniffer.HeadSize);
        Assert.Equal("row_number", sniff.Columns[0]);
        Assert.Equal(["reason_codes", "messages", "normalized_phone"], sniff.Columns.TakeLast(3));
        var chunker = new RawChunker(sniff, 1_000_000);
        chunker.Append(bytes);
        chunker.Complete();
        var rows = new List<Dictionary<string, string>>();
        var reader = new ChunkReader(sniff);
        while (chunker.TryTakeChunk(out var chunk))
        {
            foreach (var row in reader.ReadAll(chunk))
            {
                Assert.Null(row.Error);
                rows.Add(sniff.Columns.Select((c, i) => (c, row.Fields[i])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal));
            }
        }

        return rows;
    }

    [Fact]
    public void Rows_whose_identifier_a_spreadsheet_rounded_are_rejected_not_counted_as_duplicates_of_each_other()
    {
        using var scratch = new Scratch();
        var file = scratch.File(
            "rounded-ids.csv",
            "Customer ID,Phone\r\n1.23457E+15,(415) 555-0132\r\n1.23457E+15,(212) 555-0147\r\n1.23457E+15,(312) 555-0199\r\n1234567890123457,(617) 555-0100\r\n");

        var (exit, json, _, stderr) = CheckCli.Run(file);

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(1, json.GetProperty("accepted").GetInt64());
        Assert.Equal(3, json.GetProperty("rejected").GetInt64());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt64());
        Assert.Equal(3, CheckCli.Reason(json, "MISSING_IDENTIFIER"));
        Assert.Equal(0, CheckCli.Reason(json, "DUPLICATE_IDENTIFIER"));
    }
}
