using Callaro.Pipeline.ContactDirectory;

// Not Callaro.UnitTests.ContactDirectory: a namespace named Directory would hide System.IO.Directory from every
// other namespace under Callaro.UnitTests (Directory.GetFiles in the Api and Check tests would stop compiling).
namespace Callaro.UnitTests.DirectoryTests;

public sealed class ContactIdListTests
{
    [Fact]
    public void Ids_separated_by_newlines_commas_semicolons_tabs_and_spaces_mixed_freely_are_all_found_in_paste_order()
    {
        var paste = ContactIdList.Parse(["c-9, c-2;c-7\tc-1 c-5\r\nc-3\nc-4\u00A0c-8\f c-6\v c-0"]);

        Assert.Equal(["c-9", "c-2", "c-7", "c-1", "c-5", "c-3", "c-4", "c-8", "c-6", "c-0"], paste.Ids);
        Assert.Equal(10, paste.Pasted);
        Assert.Equal(0, paste.Duplicates);
        Assert.Empty(paste.TooLong);
    }

    [Fact]
    public void Blank_lines_runs_of_separators_and_null_pieces_are_dropped_without_being_counted()
    {
        var paste = ContactIdList.Parse(["\n\n  a ,, ;; \t\t", null, "", "   ", "\r\n\r\nb\n\n", ",;,"]);

        Assert.Equal(["a", "b"], paste.Ids);
        Assert.Equal(2, paste.Pasted);
        Assert.Equal(0, paste.Duplicates);
    }

    [Fact]
    public void Several_pieces_are_read_as_one_paste_and_repeats_across_pieces_are_duplicates()
    {
        var paste = ContactIdList.Parse(["a\nb", "b, c", "a"]);

        Assert.Equal(["a", "b", "c"], paste.Ids);
        Assert.Equal(5, paste.Pasted);
        Assert.Equal(2, paste.Duplicates);
    }

    [Fact]
    public void Surrounding_double_and_single_quotes_are_dropped_but_inner_quotes_are_kept()
    {
        var paste = ContactIdList.Parse(["\"a1\",'b2', \" c3 \" , \"\", '', o'neil, \"x\"\"y\""]);

        Assert.Equal(["a1", "b2", "c3", "o'neil", "x\"\"y"], paste.Ids);
        Assert.Equal(5, paste.Pasted);
    }

    [Fact]
    public void A_quoted_id_and_the_same_id_unquoted_are_one_id_and_the_second_counts_as_a_duplicate()
    {
        var paste = ContactIdList.Parse(["\"003A\"\n003A\n'003A'"]);

        Assert.Equal(["003A"], paste.Ids);
        Assert.Equal(3, paste.Pasted);
        Assert.Equal(2, paste.Duplicates);
    }

    [Fact]
    public void Repeats_keep_the_first_occurrence_and_are_counted_once_per_repeat()
    {
        var paste = ContactIdList.Parse(["z y z x y z"]);

        Assert.Equal(["z", "y", "x"], paste.Ids);
        Assert.Equal(6, paste.Pasted);
        Assert.Equal(3, paste.Duplicates);
        Assert.Equal(paste.Pasted, paste.Ids.Count + paste.Duplicates);
    }

    [Fact]
    public void Ids_that_differ_only_in_case_are_different_ids_because_crm_ids_are_case_sensitive()
    {
        var paste = ContactIdList.Parse(["0035g00000AbCdE 0035g00000abcde 0035G00000ABCDE 0035g00000AbCdE"]);

        Assert.Equal(["0035g00000AbCdE", "0035g00000abcde", "0035G00000ABCDE"], paste.Ids);
        Assert.Equal(1, paste.Duplicates);
    }

    [Fact]
    public void An_id_of_exactly_the_maximum_length_is_kept_and_one_character_more_is_refused_as_too_long()
    {
        var longest = new string('k', ContactIdList.MaxIdLength);
        var tooLong = new string('t', ContactIdList.MaxIdLength + 1);

        var paste = ContactIdList.Parse([$"{longest}\n{tooLong}\nshort"]);

        Assert.Equal([longest, "short"], paste.Ids);
        var refused = Assert.Single(paste.TooLong);
        Assert.StartsWith(new string('t', 40), refused, StringComparison.Ordinal);
        Assert.EndsWith("…", refused, StringComparison.Ordinal);
        Assert.Equal(41, refused.Length);
        Assert.Equal(0, paste.Duplicates);
    }

    [Fact]
    public void A_whole_line_pasted_as_one_id_is_too_long_and_is_neither_an_id_nor_a_duplicate()
    {
        // A long line without separators (e.g. a URL-ish blob) arrives twice: refused both times, never an id.
        var blob = string.Concat(Enumerable.Repeat("abcdefghij", 30));
        var paste = ContactIdList.Parse([blob, blob]);

        Assert.Empty(paste.Ids);
        Assert.Equal(2, paste.TooLong.Count);
        Assert.Equal(0, paste.Duplicates);
    }

    [Fact]
    public void At_most_twenty_too_long_ids_are_listed()
    {
        var pieces = Enumerable.Range(0, 25).Select(i => $"{i:D3}" + new string('x', ContactIdList.MaxIdLength)).ToList();

        var paste = ContactIdList.Parse(pieces);

        Assert.Equal(20, paste.TooLong.Count);
        Assert.StartsWith("000", paste.TooLong[0], StringComparison.Ordinal);
        Assert.StartsWith("019", paste.TooLong[19], StringComparison.Ordinal);
        Assert.Empty(paste.Ids);
    }

    [Fact]
    public void An_empty_paste_has_no_ids_and_counts_nothing()
    {
        var paste = ContactIdList.Parse([]);

        Assert.Empty(paste.Ids);
        Assert.Equal(0, paste.Pasted);
        Assert.Equal(0, paste.Duplicates);
        Assert.Empty(paste.TooLong);
    }
}
