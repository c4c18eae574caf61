using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

public sealed class PhoneRuleTests
{
    [Theory]
    [InlineData("(415) 555-0132")]
    [InlineData("415.555.0132")]
    [InlineData("415-555-0132")]
    [InlineData("4155550132")]
    [InlineData("1-415-555-0132")]
    [InlineData("1 (415) 555 0132")]
    [InlineData("4155550132.0")]
    public void Us_numbers_in_everyday_formats_become_E164_with_the_region_assumed(string phone)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.Equal(14155550132L, result.PhoneKey);
        Assert.Equal(Severity.Warning, result.Issue(RejectReason.PhoneRegionAssumed).Severity);
        Assert.Equal("Phone", result.Issue(RejectReason.PhoneRegionAssumed).Column);
    }

    [Theory]
    [InlineData("+1 415 555 0132")]
    [InlineData("+1 (415) 555-0132")]
    [InlineData("011 1 415 555 0132")]
    public void A_number_with_its_country_prefix_carries_no_region_warning(string phone)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.False(result.Has(RejectReason.PhoneRegionAssumed));
    }

    [Theory]
    [InlineData("415.555.0132 x12", "12")]
    [InlineData("(415) 555-0132 ext. 45", "45")]
    [InlineData("+1 415 555 0132 extension 7", "7")]
    [InlineData("4155550132;ext=5", "5")]
    public void Extensions_are_kept_apart_from_the_number(string phone, string extension)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.Equal(extension, result.Contact.PhoneExtension);
    }

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("0044 20 7946 0958")]
    [InlineData("011 44 20 7946 0958")]
    [InlineData("+44 (0)20 7946 0958")]
    public void International_numbers_are_read_from_their_prefix_whatever_the_default_region(string phone)
    {
        var result = Row.Validate(phone, timezone: "Europe/London");

        Assert.True(result.Accepted);
        Assert.Equal("+442079460958", result.Contact.Phone);
        Assert.False(result.Has(RejectReason.PhoneRegionAssumed));
    }

    [Fact]
    public void A_national_number_is_read_in_the_rows_country_when_it_names_one()
    {
        var result = Row.Validate("020 7946 0958", country: "gb");

        Assert.True(result.Accepted);
        Assert.Equal("+442079460958", result.Contact.Phone);
        Assert.Equal("GB", result.Contact.Country);
        Assert.Contains("GB", result.Issue(RejectReason.PhoneRegionAssumed).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_region_comes_from_the_options()
    {
        var result = Row.Validate("030 901820", options: new RowValidatorOptions { DefaultRegion = "de" });

        Assert.True(result.Accepted);
        Assert.Equal("+4930901820", result.Contact.Phone);
        Assert.Contains("DE", result.Issue(RejectReason.PhoneRegionAssumed).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_default_region_is_invalid_input()
    {
        var error = Assert.Throws<PipelineException>(() => Row.Validate(options: new RowValidatorOptions { DefaultRegion = "XX" }));

        Assert.Equal(PipelineErrorCodes.InvalidInput, error.Code);
    }

    [Theory]
    [InlineData("4.15E+09")]
    [InlineData("4,15E+09")]
    [InlineData("1.2345e10")]
    [InlineData("4.15555E+9")]
    [InlineData("4E9")]
    public void Scientific_notation_phone_is_rejected_as_precision_lost(string phone)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Null(result.Contact.Phone);
        var issue = Assert.Single(result.Issues, i => i.Severity == Severity.Error);
        Assert.Equal(RejectReason.PhonePrecisionLost, issue.Code);
        Assert.Contains("text", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u00A0\u200B")]
    public void A_blank_phone_is_missing(string phone)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Equal(RejectReason.MissingPhone, result.Issues.Single(i => i.Severity == Severity.Error).Code);
    }

    [Theory]
    [InlineData("n/a")]
    [InlineData("call me")]
    [InlineData("abc")]
    [InlineData("-")]
    public void Text_that_is_not_a_number_is_unparseable(string phone)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Equal(RejectReason.PhoneUnparseable, result.Issues.Single(i => i.Severity == Severity.Error).Code);
    }

    [Theory]
    [InlineData("555-0132")]
    [InlineData("(123) 456-7890")]
    [InlineData("+44 20 7946")]
    [InlineData("+999 1234 5678")]
    [InlineData("415 555 0132 415 555 0199")]
    public void A_number_that_parses_but_is_not_valid_is_phone_invalid(string phone)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        Assert.Equal(RejectReason.PhoneInvalid, result.Issues.Single(i => i.Severity == Severity.Error).Code);
    }

    [Theory]
    [InlineData("+1 900 555 0100", "premium-rate")]
    [InlineData("+44 9090 901234", "premium-rate")]
    [InlineData("+44 870 000 0000", "premium-rate")]
    [InlineData("+44 3031 231234", "universal access")]
    [InlineData("+1 500 555 0100", "personal")]
    public void Premium_shared_cost_UAN_and_personal_numbers_are_invalid_with_their_type_named(string phone, string type)
    {
        var result = Row.Validate(phone);

        Assert.False(result.Accepted);
        var issue = result.Issue(RejectReason.PhoneInvalid);
        Assert.Contains(type, issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1-800-555-0199", "+18005550199")]
    [InlineData("1-800-FLOWERS", "+18003569377")]
    public void Toll_free_numbers_are_dialable(string phone, string e164)
    {
        var result = Row.Validate(phone, timezone: "America/New_York");

        Assert.True(result.Accepted);
        Assert.Equal(e164, result.Contact.Phone);
    }

    [Fact]
    public void A_mobile_number_abroad_is_dialable()
    {
        var result = Row.Validate("+61 491 570 156");

        Assert.True(result.Accepted);
        Assert.Equal("+61491570156", result.Contact.Phone);
    }

    [Fact]
    public void A_phone_neutralised_by_our_own_report_reads_back_unchanged()
    {
        var result = Row.Validate("'+1 415 555 0132");

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
    }
}
