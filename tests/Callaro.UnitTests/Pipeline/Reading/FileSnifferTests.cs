using System.Globalization;
using System.Text;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reading;

public sealed class FileSnifferTests
{
    [Fact]
    public void Windows_1252_file_from_Excel_is_sniffed_as_windows_1252_with_its_accents_intact()
    {
        var (sniff, rows) = Files.Read("excel-windows-1252-accents.csv");

        Assert.Equal("windows-1252", sniff.EncodingName);
        Assert.Equal(',', sniff.Delimiter);
        Assert.Equal(LineEnding.CrLf, sniff.LineEnding);
        Assert.Equal(["Id", "First Name", "Last Name", "Phone", "Company"], sniff.Columns);
        Assert.Contains(sniff.Notes, n => n.Contains("Windows-1252", StringComparison.Ordinal));
        Assert.Equal(["José", "Müller"], rows[0].Fields.Skip(1).Take(2));
        Assert.Equal("Crème, Brûlée & Co", rows[2].Fields[4]);
        Assert.Equal("Reykjavík €uro Ltd", rows[3].Fields[4]);
        Assert.Equal("Señor Ñ", rows[4].Fields[4]);
    }

    [Fact]
    public void Unicode_text_from_Excel_is_sniffed_as_utf16le_and_tab_delimited()
    {
        var (sniff, rows) = Files.Read("excel-unicode-text-utf16le.txt");

        Assert.Equal("utf-16le", sniff.EncodingName);
        Assert.Equal(2, sniff.PreambleLength);
        Assert.Equal('\t', sniff.Delimiter);
        Assert.Equal("\t", sniff.DelimiterText);
        Assert.Equal(["Id", "Name", "Phone", "City"], sniff.Columns);
        Assert.Equal(4, rows.Count);
        Assert.Equal("Łukasz Żółć", rows[0].Fields[1]);
        Assert.Equal("東京", rows[1].Fields[3]);
        Assert.Equal("Anna \"Ann\" Ek", rows[2].Fields[1]);
        Assert.Equal("Tab\there", rows[3].Fields[1]);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void A_utf8_file_with_one_stray_windows_1252_byte_stays_utf8_and_only_that_byte_is_replaced()
    {
        var text = new StringBuilder("Contact ID,First Name,Phone Number\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"m-{i},Zoë,+1 415 555 {i:0000}\n");
        }

        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text.ToString()));
        bytes.AddRange(Encoding.Latin1.GetBytes("m-x,Renée,+1 212 555 0142\n"));
        byte[] file = [.. bytes];
        var sniff = Files.Sniff(file);
        var rows = Files.Rows(Files.Chunk(file, sniff), sniff);

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.DoesNotContain(sniff.Notes, n => n.Contains("Windows-1252", StringComparison.Ordinal));
        Assert.All(rows[..200], r => Assert.Equal("Zoë", r.Fields[1]));
        Assert.Equal("Ren\uFFFDe", rows[200].Fields[1]);
    }

    [Fact]
    public void A_small_utf8_file_with_two_accents_and_one_stray_byte_stays_utf8()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("Contact ID,Name,Phone Number\nc-1,José Müller,+1 415 555 0100\n"));
        bytes.AddRange(Encoding.Latin1.GetBytes("c-2,Renée,+1 212 555 0142\n"));
        byte[] file = [.. bytes];
        var sniff = Files.Sniff(file);
        var rows = Files.Rows(Files.Chunk(file, sniff), sniff);

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal("José Müller", rows[0].Fields[1]);
        Assert.Equal("Ren\uFFFDe", rows[1].Fields[1]);
    }

    [Fact]
    public void A_file_whose_windows_1252_accents_start_after_an_ascii_head_switches_to_windows_1252_without_losing_them()
    {
        var ascii = ContactLines(5_000, "Ann");
        var file = Encoding.Latin1.GetBytes(ascii + "c-x,José Müller,+1 212 555 0142\nc-y,Renée,+1 212 555 0143\n");
        var sniff = Files.Sniff(file);
        var chunker = new RawChunker(sniff, 1_000);

        var rows = Files.Rows(Files.Chunk(file, sniff, slices: _ => 4096, chunker: chunker), sniff);

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal("windows-1252", chunker.EncodingName);
        Assert.NotNull(chunker.SwitchedEncodingAtRow);
        Assert.Equal(0, chunker.ReplacedSequences);
        Assert.Equal(["José Müller", "Renée"], rows[^2..].Select(r => r.Fields[1]));
        Assert.All(rows[..^2], r => Assert.Equal("Ann", r.Fields[1]));
    }

    [Fact]
    public void A_utf8_file_whose_accents_start_after_an_ascii_head_stays_utf8_even_with_a_stray_byte()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(ContactLines(5_000, "Ann") + "c-x,José Müller,+1 212 555 0142\nc-y,Zoë,+1 212 555 0143\n"));
        bytes.AddRange(Encoding.Latin1.GetBytes("c-z,Renée,+1 212 555 0144\n"));
        byte[] file = [.. bytes];
        var sniff = Files.Sniff(file);
        var chunker = new RawChunker(sniff, 1_000);

        var rows = Files.Rows(Files.Chunk(file, sniff, chunker: chunker), sniff);

        Assert.Equal("utf-8", chunker.EncodingName);
        Assert.Null(chunker.SwitchedEncodingAtRow);
        Assert.Equal(1, chunker.ReplacedSequences);
        Assert.Equal(["José Müller", "Zoë", "Ren\uFFFDe"], rows[^3..].Select(r => r.Fields[1]));
    }

    [Fact]
    public void An_encoding_given_by_the_user_is_kept_even_when_later_bytes_are_not_valid_in_it()
    {
        var file = Encoding.Latin1.GetBytes(ContactLines(5_000, "Ann") + "c-x,José,+1 212 555 0142\n");
        var sniff = Files.Sniff(file, new SniffOptions(Encoding: "utf-8"));
        var chunker = new RawChunker(sniff, 1_000);

        var rows = Files.Rows(Files.Chunk(file, sniff, chunker: chunker), sniff);

        Assert.Equal("utf-8", chunker.EncodingName);
        Assert.Equal("Jos\uFFFD", rows[^1].Fields[1]);
    }

    [Theory]
    [InlineData("cp932", "shift_jis")]
    [InlineData("shift_jis", "shift_jis")]
    [InlineData("windows-1251", "windows-1251")]
    [InlineData("1250", "windows-1250")]
    [InlineData("ISO-8859-1", "iso-8859-1")]
    public void Encodings_can_be_named_by_name_or_by_code_page(string given, string canonical) =>
        Assert.Equal(canonical, TextEncodings.Canonical(given));

    [Fact]
    public void An_unknown_encoding_is_refused_with_examples_beyond_the_four_usual_ones()
    {
        var refused = Assert.Throws<PipelineException>(() => TextEncodings.Canonical("klingon"));

        Assert.Contains("shift_jis (cp932)", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"Contact ID\": \"j-1\", \"Phone\": \"4155550195\"}]", "JSON")]
    [InlineData("[\n  {\n    \"Contact ID\": \"j-1\"\n  }\n]\n", "JSON")]
    [InlineData("{\"Contact ID\": \"j-1\"}\n{\"Contact ID\": \"j-2\"}\n", "JSON")]
    [InlineData("<!DOCTYPE html>\n<html><body><table><tr><td>ID</td></tr></table></body></html>\n", "HTML")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?>\n<contacts><contact id=\"1\"/></contacts>\n", "XML")]
    [InlineData("<contacts>\n<contact id=\"1\"/>\n</contacts>\n", "XML or HTML")]
    public void Json_html_and_xml_files_are_refused_as_what_they_are(string text, string kind)
    {
        var refused = Assert.Throws<PipelineException>(() => Files.Sniff(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, refused.Code);
        Assert.Contains($"This file is {kind}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Contact ID],[Phone Number]\nc-1,+1 415 555 0100\n")]
    [InlineData("<Name>,<Phone>\nAnn,+1 415 555 0100\n")]
    public void Headers_that_merely_start_with_a_bracket_are_still_csv(string text) =>
        Assert.Equal(2, Files.Sniff(Encoding.UTF8.GetBytes(text)).Columns.Count);

    [Fact]
    public void A_file_of_nothing_but_delimiters_is_called_blank_not_a_file_without_line_breaks()
    {
        var refused = Assert.Throws<PipelineException>(() => Files.Sniff(Encoding.UTF8.GetBytes(",,,,\n,,,,\n")));

        Assert.Contains("only blank lines", refused.Message, StringComparison.Ordinal);
    }

    private static string ContactLines(int count, string name)
    {
        var text = new StringBuilder("Contact ID,First Name,Phone Number\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"c-{i},{name},+1 415 555 {i % 10_000:0000}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Semicolon_file_from_European_Excel_is_sniffed_as_semicolon()
    {
        var (sniff, rows) = Files.Read("excel-european-semicolon.csv");

        Assert.Equal(';', sniff.Delimiter);
        Assert.Equal("windows-1252", sniff.EncodingName);
        Assert.Equal(6, sniff.Columns.Count);
        Assert.Equal("Weiß", rows[0].Fields[2]);
        Assert.Equal("1.234,50", rows[0].Fields[4]);
        Assert.Equal("Termin; Montag", rows[2].Fields[5]);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Excel_sep_line_sets_the_delimiter_and_is_not_a_row()
    {
        var (sniff, rows) = Files.Read("excel-sep-hint.csv");

        Assert.True(sniff.HasSeparatorLine);
        Assert.Equal(';', sniff.Delimiter);
        Assert.Equal(["Id", "Phone"], sniff.Columns);
        Assert.Equal(1, sniff.HeaderRowNumber);
        Assert.Equal([2L, 3L], rows.Select(r => r.RowNumber));
        Assert.Equal("+15550002", rows[1].Fields[1]);
    }

    [Fact]
    public void Classic_Mac_file_with_CR_only_line_endings_is_read_row_by_row()
    {
        var (sniff, rows) = Files.Read("mac-cr-line-endings.csv");

        Assert.Equal(LineEnding.Cr, sniff.LineEnding);
        Assert.Equal(["Id", "Name", "Phone"], sniff.Columns);
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.RowNumber));
        Assert.Equal("Grace Hopper", rows[2].Fields[1]);
    }

    [Fact]
    public void Utf8_file_with_BOM_has_clean_header_names()
    {
        var (sniff, rows) = Files.Read("excel-utf8-bom.csv");

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal(3, sniff.PreambleLength);
        Assert.Equal(["Id", "First Name", "Phone", "Email"], sniff.Columns);
        Assert.Equal("1", rows[0].Fields[0]);
        Assert.Equal("Dmitrij Šostakovič", rows[1].Fields[1]);
    }

    [Fact]
    public void Pipe_delimited_file_is_sniffed_as_pipe()
    {
        var (sniff, rows) = Files.Read("pipe-delimited.csv");

        Assert.Equal('|', sniff.Delimiter);
        Assert.Equal(LineEnding.Lf, sniff.LineEnding);
        Assert.Equal("Bob, Jr", rows[1].Fields[1]);
    }

    [Fact]
    public void Delimiter_is_chosen_by_the_rows_not_by_the_header_line_alone()
    {
        // The header alone has more semicolons than commas, but only the comma splits every row alike.
        var csv = "name;nick,phone,email\nAda;A,+15550001,a@x.com\nBob,+15550002,b@x.com\nCarol,+15550003,c@x.com\nDan,+15550004,d@x.com\n";

        var sniff = Files.Sniff(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(',', sniff.Delimiter);
        Assert.Equal(["name;nick", "phone", "email"], sniff.Columns);
    }

    [Fact]
    public void Comma_inside_quotes_does_not_sway_the_delimiter()
    {
        var csv = "Id;Name;Phone\r\n1;\"Smith, John\";+15550001\r\n2;\"Doe, Jane, Dr\";+15550002\r\n";

        Assert.Equal(';', Files.Sniff(Encoding.UTF8.GetBytes(csv)).Delimiter);
    }

    [Fact]
    public void Overrides_win_over_detection()
    {
        var file = Files.Bytes("excel-european-semicolon.csv");

        var sniff = Files.Sniff(file, new SniffOptions(Encoding: "utf-8", Delimiter: ","));

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal(',', sniff.Delimiter);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("tab")]
    [InlineData("\\t")]
    public void Tab_delimiter_override_is_understood_in_its_usual_spellings(string spelling)
    {
        var sniff = Files.Sniff(Encoding.UTF8.GetBytes("a,b\tc\n1,2\t3\n"), new SniffOptions(Delimiter: spelling));

        Assert.Equal('\t', sniff.Delimiter);
        Assert.Equal(["a,b", "c"], sniff.Columns);
    }

    [Fact]
    public void Unknown_encoding_override_is_invalid_input()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff(Encoding.UTF8.GetBytes("a,b\n"), new SniffOptions(Encoding: "klingon-8")));

        Assert.Equal(PipelineErrorCodes.InvalidInput, ex.Code);
    }

    [Fact]
    public void Duplicate_header_names_are_refused_with_their_positions()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff("duplicate-headers.csv"));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains("duplicate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"Phone\" (columns 2 (B) and 4 (D))", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c-1,Zoë,+1 415 555 2671,America/Los_Angeles\nc-2,José,+1 212 555 0142,America/New_York\n", "column 3 (C) is \"+1 415 555 2671\", a phone number")]
    [InlineData("c-1;(415) 555-2671\n", "column 2 (B) is \"(415) 555-2671\", a phone number")]
    [InlineData("c-1,zoe@example.com,Zoë\n", "column 2 (B) is \"zoe@example.com\", an e-mail address")]
    public void A_file_whose_first_row_is_data_is_refused_as_having_no_header(string csv, string where)
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains("looks like data, not a header", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Contact ID,Phone 1,Phone 2,E-mail@work,2024-01-31,31.01.2024,Zip 94107\nc-1,1,2,3,4,5,6\n")]
    [InlineData("id,phone,1234567x\nc-1,2,3\n")]
    public void Header_names_with_digits_at_signs_or_dates_are_still_headers(string csv)
    {
        var sniff = Files.Sniff(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',', ';'), sniff.Columns);
    }

    [Fact]
    public void A_delimiter_ending_every_line_gives_a_named_unmapped_last_column_instead_of_a_refusal()
    {
        var (sniff, rows) = Files.ReadText("Contact ID,Phone Number,Time Zone,\nc-1,+1 415 555 0100,America/Los_Angeles,\nc-2,+1 415 555 0101,America/Los_Angeles,\n");

        Assert.Equal(["Contact ID", "Phone Number", "Time Zone", "Column 4 (D)"], sniff.Columns);
        Assert.Contains(sniff.Notes, n => n.Contains("last column has no name", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Blank_header_names_are_refused_with_their_positions()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff("blank-header.csv"));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains("columns 2 (B), 4 (D)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contacts.xlsx", "Excel workbook (.xlsx)")]
    [InlineData("contacts.xls", "Excel workbook in the old .xls format")]
    public void Excel_workbooks_are_refused_with_advice_to_export_CSV_UTF8(string name, string found)
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff(name));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains(found, ex.Message, StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_file_is_refused_as_not_text()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff("image-renamed.csv"));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff("empty.csv"));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x20 })]
    public void File_with_nothing_but_a_BOM_or_blank_lines_is_refused(byte[] file)
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff(file));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
    }

    [Fact]
    public void Header_only_file_is_allowed_but_flagged()
    {
        var (sniff, rows) = Files.Read("header-only.csv");

        Assert.True(sniff.HeaderOnly);
        Assert.Equal(0, sniff.SampledRows);
        Assert.Equal(["Id", "Name", "Phone"], sniff.Columns);
        Assert.Contains(sniff.Notes, n => n.Contains("no data rows", StringComparison.Ordinal));
        Assert.Empty(rows);
    }

    [Fact]
    public void Head_cut_inside_a_multibyte_character_and_a_line_is_sniffed_from_its_complete_lines()
    {
        var file = Encoding.UTF8.GetBytes("Id,Name,Phone\n" + string.Concat(Enumerable.Range(1, 2000).Select(i => $"{i},Zoë Ångström,+1555000{i}\n")));
        var cut = Array.IndexOf(file, (byte)0xC3, 1000) + 1; // right after the first byte of "ë"

        var sniff = FileSniffer.Sniff(file.AsSpan(0, cut), headIsWholeFile: false);

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal(',', sniff.Delimiter);
        Assert.False(sniff.HeaderOnly);
        Assert.Equal(["Id", "Name", "Phone"], sniff.Columns);
    }

    [Fact]
    public void Windows_1252_is_detected_even_when_the_first_accent_is_deep_in_the_head()
    {
        var text = "Id,Name\r\n" + string.Concat(Enumerable.Range(1, 500).Select(i => $"{i},Smith\r\n")) + "501,Müller\r\n";
        var file = Encoding.Latin1.GetBytes(text);

        var sniff = Files.Sniff(file);

        Assert.Equal("windows-1252", sniff.EncodingName);
    }

    [Fact]
    public void UTF16_without_a_BOM_is_recognised()
    {
        var file = Encoding.Unicode.GetBytes("Id,Name,Phone\r\n1,Ada,+15550001\r\n");

        var sniff = Files.Sniff(file);

        Assert.Equal("utf-16le", sniff.EncodingName);
        Assert.Equal(["Id", "Name", "Phone"], sniff.Columns);
    }

    [Fact]
    public void UTF16_big_endian_with_BOM_is_recognised()
    {
        var file = new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes("Id;Name\r\n1;Åsa\r\n")).ToArray();

        var sniff = Files.Sniff(file);
        var rows = Files.Rows(Files.Chunk(file, sniff), sniff);

        Assert.Equal("utf-16be", sniff.EncodingName);
        Assert.Equal(';', sniff.Delimiter);
        Assert.Equal("Åsa", rows[0].Fields[1]);
    }

    [Fact]
    public void Header_with_broken_quoting_is_refused_as_malformed_csv()
    {
        var ex = Assert.Throws<PipelineException>(() => Files.Sniff(Encoding.UTF8.GetBytes("Id,\"Name\"x,Phone\n1,a,b\n")));

        Assert.Equal(PipelineErrorCodes.MalformedCsv, ex.Code);
        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_lines_before_the_header_move_the_header_down()
    {
        var (sniff, rows) = Files.ReadText("\n\nId,Phone\n1,+15550001\n");

        Assert.Equal(3, sniff.HeaderRowNumber);
        Assert.Equal(4, rows[0].RowNumber);
    }

    [Fact]
    public void File_without_a_line_break_in_its_head_is_refused()
    {
        var head = Encoding.ASCII.GetBytes(new string('x', FileSniffer.HeadSize));

        var ex = Assert.Throws<PipelineException>(() => FileSniffer.Sniff(head, headIsWholeFile: false));

        Assert.Equal(PipelineErrorCodes.UnsupportedFile, ex.Code);
    }

    [Fact]
    public void Single_column_file_is_read_as_one_column()
    {
        var (sniff, rows) = Files.ReadText("Phone\n+15550001\n+15550002\n");

        Assert.Equal(["Phone"], sniff.Columns);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Quoted_header_names_are_unquoted()
    {
        var sniff = Files.Sniff(Encoding.UTF8.GetBytes("\"Id\",\"Full \"\"Name\"\"\",\"Phone\"\r\n"));

        Assert.Equal(["Id", "Full \"Name\"", "Phone"], sniff.Columns);
    }
}
