using System.Text;
using Callaro.Pipeline;
using Callaro.Pipeline.Reporting;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reporting;

public sealed class RejectionReportWriterTests
{
    private static string Write(IReadOnlyList<string> columns, params RejectionRecord[] records)
    {
        var sw = new StringWriter();
        using (var writer = new RejectionReportWriter(sw, columns))
        {
            foreach (var r in records)
            {
                writer.Write(r);
            }
        }

        return sw.ToString();
    }

    [Fact]
    public void The_report_has_row_number_the_original_columns_reason_codes_messages_and_normalized_phone()
    {
        string csv = Write(
            ["id", "phone", "tz"],
            new RejectionRecord(12, ["C-1", "555-0132", "Mars/Olympus"], [RejectReason.PhoneInvalid, RejectReason.TimezoneUnknown], ["bad phone", "bad zone"]));

        Assert.Equal(
            "row_number,id,phone,tz,reason_codes,messages,normalized_phone\r\n" +
            "12,C-1,555-0132,Mars/Olympus,PHONE_INVALID|TIMEZONE_UNKNOWN,bad phone | bad zone,\r\n",
            csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 415 555 0132", "'+1 415 555 0132")]
    [InlineData("-05:00", "'-05:00")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("Smith, John", "\"Smith, John\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Cells_are_neutralised_against_formulas_and_quoted_per_rfc_4180(string value, string expected)
    {
        string csv = Write(["x"], new RejectionRecord(2, [value], [RejectReason.MissingPhone], ["m"]));

        string dataLine = csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..];
        Assert.StartsWith("2," + expected + ",MISSING_PHONE,", dataLine, StringComparison.Ordinal);
    }

    [Fact]
    public void The_normalized_phone_keeps_its_leading_plus()
    {
        string csv = Write(["phone"], new RejectionRecord(3, ["+1 415 555 0132"], [RejectReason.Duplicate], ["dup"], "+14155550132"));

        Assert.EndsWith(",'+1 415 555 0132,DUPLICATE,dup,+14155550132\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_normalized_phone_that_is_not_e164_is_neutralised_like_any_cell()
    {
        string csv = Write(["phone"], new RejectionRecord(3, ["x"], [RejectReason.Duplicate], ["dup"], "+1=cmd"));

        Assert.EndsWith(",'+1=cmd\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_cells_are_neutralised_too()
    {
        string csv = Write(["=cmd", "phone"]);

        Assert.Equal("row_number,'=cmd,phone,reason_codes,messages,normalized_phone\r\n", csv);
    }

    [Fact]
    public void Short_rows_are_padded_and_extra_values_kept_in_the_last_column()
    {
        string csv = Write(
            ["a", "b"],
            new RejectionRecord(4, ["1"], [RejectReason.MalformedRow], ["short"]),
            new RejectionRecord(5, ["1", "2", "3"], [RejectReason.MalformedRow], ["long"]));

        string[] lines = csv.Split("\r\n");
        Assert.Equal("4,1,,MALFORMED_ROW,short,", lines[1]);
        Assert.Equal("5,1,\"2,3\",MALFORMED_ROW,long,", lines[2]);
    }

    [Fact]
    public void A_stream_report_is_utf8_with_a_bom_so_excel_reads_accents()
    {
        using var stream = new MemoryStream();
        using (var writer = RejectionReportWriter.Create(stream, ["name"], leaveOpen: true))
        {
            writer.Write(new RejectionRecord(2, ["Zoë"], [RejectReason.MissingPhone], ["x"]));
            Assert.Equal(1, writer.RowsWritten);
        }

        byte[] bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("Zoë", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_stream_out_as_they_are_written()
    {
        using var stream = new MemoryStream();
        await using var writer = RejectionReportWriter.Create(stream, ["id"], leaveOpen: true);

        await writer.WriteAsync(new RejectionRecord(2, ["a"], [RejectReason.MissingPhone], ["x"]));
        await writer.FlushAsync();
        long afterOne = stream.Length;
        await writer.WriteAsync(new RejectionRecord(3, ["b"], [RejectReason.MissingPhone], ["x"]));
        await writer.FlushAsync();

        Assert.True(afterOne > 3);
        Assert.True(stream.Length > afterOne);
    }

    [Fact]
    public void An_empty_report_still_has_its_header()
    {
        Assert.Equal("row_number,id,reason_codes,messages,normalized_phone\r\n", Write(["id"]));
    }

    [Fact]
    public void A_record_built_from_issues_lists_the_errors_only()
    {
        RowIssue[] issues =
        [
            new(RejectReason.PhoneRegionAssumed, Severity.Warning, "phone", "assumed"),
            new(RejectReason.PhoneInvalid, Severity.Error, "phone", "not valid"),
            new(RejectReason.TimezoneUnknown, Severity.Error, "tz", "no zone"),
        ];

        var record = RejectionRecord.FromIssues(9, ["a", "b", "c"], issues);

        Assert.Equal([RejectReason.PhoneInvalid, RejectReason.TimezoneUnknown], record.Reasons);
        Assert.Equal(["phone: not valid", "tz: no zone"], record.Messages);
    }

    [Fact]
    public void A_validated_row_round_trips_through_the_report()
    {
        string[] columns = ["id", "phone", "tz"];
        var validator = new RowValidator(columns, [new("id", ContactField.Identifier), new("phone", ContactField.Phone), new("tz", ContactField.Timezone)]);
        string[] fields = ["C-9", "+1 900 555 0100", "-05:00"];
        var result = validator.Validate(4, fields);

        string csv = Write(columns, RejectionRecord.FromIssues(4, fields, result.Issues, result.Contact.Phone));

        string line = csv.Split("\r\n")[1];
        Assert.StartsWith("4,C-9,'+1 900 555 0100,'-05:00,PHONE_INVALID,", line, StringComparison.Ordinal);

        // the fixed report uploads again: the apostrophes are dropped when read
        var again = validator.Validate(4, ["C-9", "'+1 415 555 0132", "'-05:00"]);
        Assert.Equal("+14155550132", again.Contact.Phone);
        Assert.Equal("Etc/GMT+5", again.Contact.Timezone);
    }
}
