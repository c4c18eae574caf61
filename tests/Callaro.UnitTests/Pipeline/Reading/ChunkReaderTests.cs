using System.Text;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reading;

public sealed class ChunkReaderTests
{
    private static List<ParsedRow> Read(string utf8, int headerCount, char delimiter = ',', long firstRow = 2)
    {
        var reader = new ChunkReader(delimiter, headerCount);
        return reader.ReadAll(new RawChunk(0, firstRow, 0, Encoding.UTF8.GetBytes(utf8)));
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks()
    {
        var (_, rows) = Files.Read("quoted-newlines.csv");

        Assert.Equal([2L, 3L, 4L, 5L], rows.Select(r => r.RowNumber));
        Assert.Equal("1 Main St\r\nSpringfield", rows[0].Fields[3]);
        Assert.Equal("said \"call me\" twice", rows[0].Fields[4]);
        Assert.Equal("PO Box 7\nLine 2\nLine 3", rows[1].Fields[3]);
        Assert.Equal(string.Empty, rows[1].Fields[4]);
        Assert.Equal("Carol, Jr.", rows[2].Fields[1]);
        Assert.Equal(["", ""], rows[2].Fields.Skip(3));
        Assert.Equal("multi\r\n\r\nparagraph", rows[3].Fields[4]);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Broken_quote_mid_file_costs_only_its_own_row()
    {
        var (_, rows) = Files.Read("broken-quote-mid-file.csv");

        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), rows.Select(r => r.RowNumber));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], rows.Select(r => r.Fields[0]));

        var unclosed = rows[2];
        Assert.True(unclosed.IsMalformed);
        Assert.Contains("broken quoting", unclosed.Error, StringComparison.Ordinal);
        Assert.Equal(["3", "Carol", "+15550003", "\"Unclosed", " Inc"], unclosed.Fields);

        var textAfterQuote = rows[6];
        Assert.Contains("text follows the closing quote of field 4", textAfterQuote.Error, StringComparison.Ordinal);
        Assert.Equal("\"Hooli\"x", textAfterQuote.Fields[3]);

        Assert.Equal("Umbrella \"Corp\"", rows[5].Fields[3]);
        Assert.Equal(6, rows.Count(r => r.Error is null));
    }

    [Fact]
    public void A_stray_opening_quote_costs_its_own_row_even_when_a_later_stray_quote_makes_the_field_count_come_out_right()
    {
        // Row 3 opens a quote it never closes; row 61's closing-looking quote would end it with exactly four fields,
        // swallowing rows 4..60 into one contact that carries row 61's phone.
        var lines = new List<string> { "Contact ID,First Name,Phone Number,Time Zone", "s-001,Ann,4155550001,America/Los_Angeles", "s-002,\"Bob 12,4155550002,America/Los_Angeles" };
        lines.AddRange(Enumerable.Range(3, 57).Select(i => $"s-{i:000},Name{i},41555500{i:00},America/Los_Angeles"));
        lines.Add("s-060,Tom 6'2\",4155550060,America/Los_Angeles");
        lines.Add("s-061,Zed,4155550061,America/Los_Angeles");

        var (_, rows) = Files.ReadText(string.Join("\n", lines) + "\n", rowsPerChunk: 7);

        Assert.Equal(61, rows.Count);
        Assert.Equal(Enumerable.Range(2, 61).Select(i => (long)i), rows.Select(r => r.RowNumber));
        var broken = Assert.Single(rows, r => r.IsMalformed);
        Assert.Equal(3, broken.RowNumber);
        Assert.Contains("quote that opens field 2 is not closed on its line", broken.Error, StringComparison.Ordinal);
        Assert.Equal("s-002", broken.Fields[0]);
        Assert.Equal(["s-060", "Tom 6'2\"", "4155550060", "America/Los_Angeles"], rows.Single(r => r.Fields[0] == "s-060").Fields);
    }

    [Fact]
    public void A_multi_line_address_with_a_few_commas_stays_one_value()
    {
        var (_, rows) = Files.ReadText("Contact ID,Phone Number,Address,Time Zone,Note\nc-1,4155550001,\"12 Main St\nSpringfield, IL, 62704\",America/Chicago,ok\n");

        var row = Assert.Single(rows);
        Assert.Null(row.Error);
        Assert.Equal("12 Main St\nSpringfield, IL, 62704", row.Fields[2]);
    }

    [Fact]
    public void Field_count_mismatch_is_malformed_with_the_counts_in_its_message()
    {
        var (_, rows) = Files.Read("field-count-mismatch.csv");

        Assert.Null(rows[0].Error);
        Assert.Equal("row has 7 fields, header has 5", rows[1].Error);
        Assert.Equal(7, rows[1].Fields.Count);
        Assert.Equal("row has 2 fields, header has 5", rows[2].Error);
        Assert.Null(rows[3].Error);
    }

    [Fact]
    public void Malformed_row_gives_a_MalformedRow_issue()
    {
        var reader = new ChunkReader(',', 2);
        var bytes = Encoding.UTF8.GetBytes("a,b,c\n");
        foreach (var row in reader.Read(bytes, 2))
        {
            var issue = row.ToIssue();
            Assert.NotNull(issue);
            Assert.Equal(RejectReason.MalformedRow, issue.Code);
            Assert.Equal(Severity.Error, issue.Severity);
            Assert.Equal("row has 3 fields, header has 2", issue.Message);
        }
    }

    [Fact]
    public void Blank_lines_are_skipped_but_keep_their_row_numbers()
    {
        var (_, rows) = Files.Read("blank-rows.csv");

        Assert.Equal(["1", "2", "3"], rows.Select(r => r.Fields[0]));
        Assert.Equal([2L, 5L, 7L], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public void A_row_with_a_quoted_empty_value_is_not_blank()
    {
        var rows = Read("\"\",\n", 2);

        Assert.Single(rows);
        Assert.Equal(["", ""], rows[0].Fields);
    }

    [Fact]
    public void Values_are_given_raw_without_trimming()
    {
        var rows = Read("  Ada  ,\u00A0+1 555\u200B, \"x\"\n", 3);

        Assert.Equal(["  Ada  ", "\u00A0+1 555\u200B", " \"x\""], rows[0].Fields);
        Assert.Null(rows[0].Error);
    }

    [Fact]
    public void Quote_inside_an_unquoted_value_is_text()
    {
        var rows = Read("5'10\",Robert \"Bob\" Smith\n", 2);

        Assert.Equal(["5'10\"", "Robert \"Bob\" Smith"], rows[0].Fields);
        Assert.Null(rows[0].Error);
    }

    [Fact]
    public void Spaces_after_a_closing_quote_are_tolerated()
    {
        var rows = Read("\"Ada\"  ,\"+1555\" \r\n", 2);

        Assert.Equal(["Ada", "+1555"], rows[0].Fields);
        Assert.Null(rows[0].Error);
    }

    [Fact]
    public void Trailing_delimiter_is_an_empty_last_field()
    {
        var rows = Read("a,b,\n", 3);

        Assert.Equal(["a", "b", ""], rows[0].Fields);
    }

    [Fact]
    public void Last_row_without_a_line_break_is_read()
    {
        var rows = Read("a,b\r\nc,\"d\"", 2);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["c", "d"], rows[1].Fields);
        Assert.Equal(3, rows[1].RowNumber);
    }

    [Fact]
    public void Open_quote_that_runs_past_its_line_and_breaks_the_field_count_restarts_at_the_next_line()
    {
        // The quote in row 2 closes on row 3 and the record would have 4 fields: broken, so row 3 is read on its own.
        var rows = Read("1,\"abc,x\n2,def\",y,w\n3,ok,z\n", 3);

        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.RowNumber));
        Assert.Equal("broken quoting: the quote that opens field 2 is not closed on its line; the row was read to the end of its line", rows[0].Error);
        Assert.Equal(["1", "\"abc", "x"], rows[0].Fields);
        Assert.Equal("row has 4 fields, header has 3", rows[1].Error);
        Assert.Equal(["3", "ok", "z"], rows[2].Fields);
        Assert.Null(rows[2].Error);
    }

    [Fact]
    public void Quoted_line_break_with_the_right_field_count_is_one_row()
    {
        var rows = Read("1,\"abc\ndef\",y\n2,ok,z\n", 3);

        Assert.Equal([2L, 3L], rows.Select(r => r.RowNumber));
        Assert.Equal("abc\ndef", rows[0].Fields[1]);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Unclosed_quote_on_the_last_line_is_one_malformed_row()
    {
        var rows = Read("1,ok\n2,\"never closed\n", 2);

        Assert.Equal(2, rows.Count);
        Assert.Contains("not closed on its line", rows[1].Error, StringComparison.Ordinal);
        Assert.Equal(["2", "\"never closed"], rows[1].Fields);
    }

    [Fact]
    public void Open_quote_running_on_for_more_than_the_bound_is_cut_at_its_line()
    {
        var filler = string.Concat(Enumerable.Repeat("word word word\n", 5000)); // 75 KB of quoted-looking lines, no quote
        var rows = Read($"1,\"{filler}\",x\n2,ok,y\n", 3);

        Assert.Contains("not closed on its line", rows[0].Error, StringComparison.Ordinal);
        Assert.Equal(2, rows[0].RowNumber);
        Assert.Equal(3, rows[1].RowNumber); // the filler lines are rows of their own, each malformed
        Assert.Equal(["2", "ok", "y"], rows[^1].Fields);
    }

    [Fact]
    public void Rows_can_be_read_without_strings_through_their_UTF8_bytes()
    {
        var reader = new ChunkReader(',', 2);
        var bytes = Encoding.UTF8.GetBytes("Zoë,\"say \"\"hi\"\"\"\n");
        foreach (var row in reader.Read(bytes, 2))
        {
            Assert.True(row.TryGetUtf8(0, out var name));
            Assert.Equal("Zoë", Encoding.UTF8.GetString(name));
            Assert.False(row.TryGetUtf8(1, out _));
            Assert.Equal("say \"hi\"", row.GetString(1));
            Assert.Equal("Zoë,\"say \"\"hi\"\"\"", row.RawText);
        }
    }

    [Fact]
    public void Tab_delimited_rows_keep_spaces_and_commas()
    {
        var rows = Read("a, b\t c \t\"d\te\"\r\n", 3, '\t');

        Assert.Equal(["a, b", " c ", "d\te"], rows[0].Fields);
    }
}
