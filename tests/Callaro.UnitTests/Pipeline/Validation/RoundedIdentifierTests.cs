using Callaro.Pipeline;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

/// <summary>Identifiers a spreadsheet rounded into scientific notation no longer identify anyone.</summary>
public sealed class RoundedIdentifierTests
{
    [Theory]
    [InlineData("1.23457E+15")]
    [InlineData("4,15555E+10")]
    [InlineData("1.23457e+15")]
    [InlineData("9.87654321E+11")]
    [InlineData("1.2E15")]
    public void An_identifier_a_spreadsheet_rounded_is_rejected_with_advice_to_export_it_as_text(string id)
    {
        var result = Row.Validate(id: id);

        Assert.False(result.Accepted);
        var issue = Assert.Single(result.Issues, i => i.Severity == Severity.Error);
        Assert.Equal(RejectReason.MissingIdentifier, issue.Code);
        Assert.Equal("Contact ID", issue.Column);
        Assert.Contains($"'{id}' was rounded by a spreadsheet", issue.Message, StringComparison.Ordinal);
        Assert.Contains("Re-export the column as text", issue.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.IdentifierKey);
    }

    [Fact]
    public void A_crm_id_a_spreadsheet_rounded_is_rejected_too()
    {
        var result = Row.Validate(crmId: "1.23457E+17");

        Assert.False(result.Accepted);
        var issue = result.Issue(RejectReason.MissingIdentifier);
        Assert.Equal("CRM Id", issue.Column);
        Assert.Contains("The CRM id '1.23457E+17' was rounded by a spreadsheet", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("CRM-1000000")]
    [InlineData("12E45")]
    [InlineData("1.5")]
    [InlineData("2.75E+1")]
    [InlineData("A1.2E+15")]
    [InlineData("1.2E+15-B")]
    public void Identifiers_that_only_look_numeric_are_kept(string id)
    {
        var result = Row.Validate(id: id, crmId: id);

        Assert.True(result.Accepted);
        Assert.Equal(id, result.Contact.Identifier);
        Assert.NotEqual(0, result.IdentifierKey);
    }
}
