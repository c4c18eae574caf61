using Callaro.Pipeline;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

/// <summary>What people put in a phone cell besides one number: a second number, a label, non-ASCII digits.</summary>
public sealed class PhoneCellTests
{
    [Theory]
    [InlineData("4155552681;4155552682", "4155552681, 4155552682")]
    [InlineData("4155552681/4155552682", "4155552681, 4155552682")]
    [InlineData("4155552681 or 4155552682", "4155552681, 4155552682")]
    [InlineData("4155552681,4155552682", "4155552681, 4155552682")]
    [InlineData("415 555 2681 / 415 555 2682", "415 555 2681, 415 555 2682")]
    [InlineData("4155552681|4155552682", "4155552681, 4155552682")]
    [InlineData("(415) 555-2681 & (415) 555-2682", "(415) 555-2681, (415) 555-2682")]
    [InlineData("+44 20 7946 0958 / +44 20 7946 0959", "+44 20 7946 0958, +44 20 7946 0959")]
    [InlineData("415/555-2681 / 415/555-2682", "415/555-2681, 415/555-2682")]
    public void A_cell_with_two_phone_numbers_is_rejected_and_the_message_names_both(string phone, string both)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Null(result.Contact.Phone);
        Assert.Null(result.Contact.PhoneExtension);
        var issue = result.Issue(RejectReason.PhoneUnparseable);
        Assert.Equal("Phone", issue.Column);
        Assert.Equal($"The cell holds two phone numbers ({both}): put one number per row, or the second in another column.", issue.Message);
    }

    [Theory]
    [InlineData("(415) 555-0132 #45", "45")]
    [InlineData("415 555 0132 ext=45", "45")]
    [InlineData("+1 415 555 0132;ext=45", "45")]
    [InlineData("415 555 0132 x1234567", "1234567")]
    [InlineData("415 555 0132;ext=1234567", "1234567")]
    public void An_extension_even_of_seven_digits_stays_an_extension_when_it_is_no_number_of_its_own(string phone, string extension)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.Equal(extension, result.Contact.PhoneExtension);
    }

    [Theory]
    [InlineData("１２１２５５５０１９８")] // full-width
    [InlineData("＋１ ２１２ ５５５ ０１９８")] // full-width, with plus and ideographic spaces
    [InlineData("١٢١٢٥٥٥٠١٩٨")] // Arabic-Indic
    [InlineData("۱۲۱۲۵۵۵۰۱۹۸")] // Extended Arabic-Indic (Persian, Urdu)
    [InlineData("(２１２) ５５５-０１９８")]
    public void Full_width_and_Arabic_Indic_digits_are_read_as_digits(string phone)
    {
        var result = Row.Validate(phone, timezone: "America/New_York");

        Assert.True(result.Accepted, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal("+12125550198", result.Contact.Phone);
    }

    [Theory]
    [InlineData("415 555 2741 (cell)")]
    [InlineData("(415) 555-2741 (mobile)")]
    [InlineData("415-555-2741 (Work)")]
    [InlineData("415.555.2741 [home]")]
    [InlineData("4155552741 (office)")]
    [InlineData("415 555 2741 (Büro)")]
    [InlineData("mobile: 415 555 2741")]
    [InlineData("Cell - 415 555 2741")]
    [InlineData("(cell) 415 555 2741")]
    [InlineData("415 555 2741 - cell")]
    [InlineData("415 555 2741: home")]
    [InlineData("Tel.: (415) 555-2741 (work)")]
    public void A_label_before_or_after_the_number_is_dropped_without_a_warning(string phone)
    {
        var result = Row.Validate(phone, timezone: "America/Los_Angeles");

        Assert.True(result.Accepted, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal("+14155552741", result.Contact.Phone);
        Assert.Null(result.Contact.PhoneExtension);
        Assert.All(result.Issues, i => Assert.Equal(RejectReason.PhoneRegionAssumed, i.Code));
    }

    [Fact]
    public void A_label_is_not_read_as_vanity_letters_where_the_longer_number_would_also_be_valid()
    {
        // German numbers have variable length: "Handy" as digits made +493090182042639, a valid-looking wrong number.
        var result = Row.Validate("+49 30 901820 (Handy)", timezone: "Europe/Berlin");

        Assert.True(result.Accepted);
        Assert.Equal("+4930901820", result.Contact.Phone);
    }

    [Theory]
    [InlineData("1-800-FLOWERS", "+18003569377")]
    [InlineData("1-800-555-HOME", "+18005554663")]
    [InlineData("1 (800) 356-9377 (toll free)", "+18003569377")]
    public void Vanity_numbers_keep_their_letters_while_labels_go(string phone, string e164)
    {
        var result = Row.Validate(phone, timezone: "America/New_York");

        Assert.True(result.Accepted, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal(e164, result.Contact.Phone);
    }

    [Theory]
    [InlineData("415 555 2741 (fax)")]
    [InlineData("Fax: 415 555 2741")]
    public void A_number_labelled_fax_is_not_dialled(string phone)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Contains("fax", result.Issue(RejectReason.PhoneInvalid).Message, StringComparison.Ordinal);
    }
}
