using Callaro.Pipeline;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

/// <summary>The COUNTRY column decides where a national number is read, by code or by name.</summary>
public sealed class CountryTests
{
    [Theory]
    [InlineData("020 7946 0958", "United Kingdom", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "Great Britain", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "England", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "UK", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "U.K.", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "GBR", "+442079460958", "GB")]
    [InlineData("020 7946 0958", "the united kingdom", "+442079460958", "GB")]
    [InlineData("030 901820", "Germany", "+4930901820", "DE")]
    [InlineData("030 901820", "Deutschland", "+4930901820", "DE")]
    [InlineData("030 901820", "DEUTSCHLAND", "+4930901820", "DE")]
    [InlineData("01 42 68 53 00", "France", "+33142685300", "FR")]
    [InlineData("044 668 18 00", "Schweiz", "+41446681800", "CH")]
    [InlineData("044 668 18 00", "Suisse", "+41446681800", "CH")]
    [InlineData("912 345 678", "España", "+34912345678", "ES")]
    [InlineData("912 345 678", "espana", "+34912345678", "ES")]
    [InlineData("06 12345678", "Nederland", "+31612345678", "NL")]
    [InlineData("06 12345678", "Netherlands", "+31612345678", "NL")]
    [InlineData("(415) 555-0132", "United States", "+14155550132", "US")]
    [InlineData("(415) 555-0132", "USA", "+14155550132", "US")]
    [InlineData("(415) 555-0132", "U.S.", "+14155550132", "US")]
    [InlineData("(415) 555-0132", "U.S.A.", "+14155550132", "US")]
    public void A_national_number_is_read_in_the_country_the_row_names(string phone, string country, string e164, string region)
    {
        var result = Row.Validate(phone, country: country);

        Assert.True(result.Accepted, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal(e164, result.Contact.Phone);
        Assert.Contains($"read as a {region} number", result.Issue(RejectReason.PhoneRegionAssumed).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_country_value_that_names_no_country_is_named_in_the_rejection()
    {
        var result = Row.Validate("020 7946 0958", country: "Narnia");

        Assert.False(result.Accepted);
        var issue = result.Issue(RejectReason.PhoneInvalid);
        Assert.Contains("the Country value 'Narnia' names no country we know; read as a US number", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_country_value_that_names_no_country_is_named_in_the_region_warning()
    {
        var result = Row.Validate("(415) 555-0132", country: "Narnia");

        Assert.True(result.Accepted);
        Assert.Equal(
            "No country code in the number, and the Country value 'Narnia' names no country we know: read as a US number (+1).",
            result.Issue(RejectReason.PhoneRegionAssumed).Message);
    }

    [Fact]
    public void A_number_with_its_own_country_code_needs_no_country_value()
    {
        var result = Row.Validate("+44 20 7946 0958", timezone: "Europe/London", country: "Narnia");

        Assert.True(result.Accepted);
        Assert.Empty(result.Issues);
    }
}
