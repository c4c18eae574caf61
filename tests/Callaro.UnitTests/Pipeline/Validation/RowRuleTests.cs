using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

public sealed class RowRuleTests
{
    [Fact]
    public void A_clean_row_is_accepted_with_every_field_normalised()
    {
        var result = Row.Validate("+1 (415) 555-0132", timezone: "America/Los_Angeles", consent: "Yes", email: "ada@example.com", colour: "teal");

        Assert.True(result.Accepted);
        Assert.Equal(7, result.RowNumber);
        Assert.Empty(result.Issues);
        Assert.Empty(result.Notes);
        var c = result.Contact;
        Assert.Equal("C-1", c.Identifier);
        Assert.Equal("+14155550132", c.Phone);
        Assert.Null(c.PhoneExtension);
        Assert.Equal("America/Los_Angeles", c.Timezone);
        Assert.Equal("Ada", c.FirstName);
        Assert.Equal("Lovelace", c.LastName);
        Assert.Equal("ada@example.com", c.Email);
        Assert.Equal("Acme", c.Company);
        Assert.Equal("003xx", c.CrmId);
        Assert.Equal(Consent.Granted, c.Consent);
        Assert.Equal("94105", c.PostalCode);
        Assert.Equal("teal", c.Custom["favourite_colour"]);
        Assert.Equal(ContactKeys.IdentifierKey("c-1"), result.IdentifierKey);
    }

    [Fact]
    public void Each_mapped_field_has_a_normalised_value_for_the_preview()
    {
        var result = Row.Validate("415.555.0132 x12", timezone: "pst", consent: "Opted In", colour: "teal");

        var c = result.Contact;
        Assert.Equal("+14155550132;ext=12", c.NormalizedValue(ContactField.Phone));
        Assert.Equal("America/Los_Angeles", c.NormalizedValue(ContactField.Timezone));
        Assert.Equal("GRANTED", c.NormalizedValue(ContactField.Consent));
        Assert.Equal("teal", c.NormalizedValue(ContactField.Custom, "favourite_colour"));
        Assert.Null(c.NormalizedValue(ContactField.Email));
        Assert.Null(c.NormalizedValue(ContactField.Ignore));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\uFEFF\u200B")]
    public void A_row_without_identifier_is_rejected_as_missing_identifier(string id)
    {
        var result = Row.Validate(id: id);

        Assert.False(result.Accepted);
        var issue = result.Issue(RejectReason.MissingIdentifier);
        Assert.Equal("Contact ID", issue.Column);
        Assert.Equal(0, result.IdentifierKey);
    }

    [Fact]
    public void A_row_with_several_errors_reports_each_of_them()
    {
        var result = Row.Validate("4.15E+09", timezone: "Mars/Olympus", id: "");

        Assert.Equal(
            [RejectReason.MissingIdentifier, RejectReason.PhonePrecisionLost, RejectReason.TimezoneUnknown],
            result.Issues.Select(i => i.Code).ToArray());
    }

    [Fact]
    public void Invisible_characters_and_no_break_spaces_are_cleaned_from_every_cell()
    {
        var result = Row.Validate(
            phone: "\uFEFF(415)\u00A0555-0132\u200B",
            timezone: "\u200EAmerica/Los_Angeles\u200F",
            id: "\u00A0C-1\u2060",
            firstName: "Ada\u00AD",
            email: "ada@example.com\u200D");

        Assert.True(result.Accepted);
        Assert.Equal("C-1", result.Contact.Identifier);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.Equal("America/Los_Angeles", result.Contact.Timezone);
        Assert.Equal("Ada", result.Contact.FirstName);
        Assert.Empty(result.Notes);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("  padded  ", "padded")]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("line\r\nbreak", "line  break")]
    [InlineData("'=SUM(A1)", "=SUM(A1)")]
    [InlineData("'-05:00", "-05:00")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("Zoë", "Zoë")]
    public void Text_cleaner_keeps_what_people_typed_and_drops_what_they_could_not_see(string raw, string expected)
    {
        Assert.Equal(expected, TextCleaner.Clean(raw));
    }

    [Fact]
    public void Text_cleaner_returns_clean_strings_without_copying()
    {
        const string value = "C-12345";
        Assert.Same(value, TextCleaner.Clean(value));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("Y")]
    [InlineData("TRUE")]
    [InlineData("1")]
    [InlineData("x")]
    [InlineData("Opt-In")]
    [InlineData("opted in")]
    [InlineData("OPTED_IN")]
    [InlineData("Subscribed")]
    [InlineData("granted")]
    public void Affirmative_consent_values_are_granted(string value)
    {
        var result = Row.Validate(consent: value);

        Assert.Equal(Consent.Granted, result.Contact.Consent);
        Assert.Empty(result.Notes);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("N")]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("opt-out")]
    [InlineData("Opted Out")]
    [InlineData("unsubscribed")]
    [InlineData("DENIED")]
    public void Refusing_consent_values_are_refused(string value)
    {
        Assert.Equal(Consent.Refused, Row.Validate(consent: value).Contact.Consent);
    }

    [Fact]
    public void Empty_consent_is_unknown_and_an_unrecognised_value_is_unknown_with_a_note()
    {
        var empty = Row.Validate(consent: "");
        var maybe = Row.Validate(consent: "maybe");

        Assert.Equal(Consent.Unknown, empty.Contact.Consent);
        Assert.Empty(empty.Notes);
        Assert.Equal(Consent.Unknown, maybe.Contact.Consent);
        Assert.True(maybe.Accepted);
        var note = Assert.Single(maybe.Notes);
        Assert.Equal(RowNotes.ConsentUnrecognised, note.Code);
        Assert.Equal("Opt In", note.Column);
    }

    [Theory]
    [InlineData("ada.example.com")]
    [InlineData("ada@example")]
    [InlineData("ada @example.com")]
    [InlineData("ada@example.com; bob@example.com")]
    [InlineData("ada@@example.com")]
    [InlineData("ada@example.com.")]
    public void A_malformed_email_is_a_note_that_does_not_reject_the_row(string email)
    {
        var result = Row.Validate(email: email);

        Assert.True(result.Accepted);
        Assert.Equal(email, result.Contact.Email);
        var note = Assert.Single(result.Notes);
        Assert.Equal(RowNotes.EmailInvalid, note.Code);
        Assert.Equal("Email", note.Column);
        Assert.DoesNotContain(result.Issues, i => i.Severity == Severity.Error);
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+calls@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    public void A_wellformed_email_has_no_note(string email)
    {
        Assert.Empty(Row.Validate(email: email).Notes);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_malformed()
    {
        var validator = new RowValidator(Row.Columns, Row.Mapping);

        var result = validator.Validate(3, ["C-1", "4155550132"]);

        Assert.False(result.Accepted);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(RejectReason.MalformedRow, issue.Code);
        Assert.Contains("2 values", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_can_be_passed_as_spans_and_unmapped_columns_are_ignored()
    {
        string[] columns = ["id", "phone", "notes"];
        var validator = new RowValidator(columns, [new("id", ContactField.Identifier), new("phone", ContactField.Phone)]);
        string[] fields = ["A", "415 555 0132", "=HYPERLINK(\"x\")"];

        var result = validator.Validate(2, fields.AsSpan());

        Assert.True(result.Accepted);
        Assert.Equal("+14155550132", result.Contact.Phone);
        Assert.Empty(result.Contact.Custom);
        Assert.True(result.TimezoneMissing is false);
    }

    [Fact]
    public void Without_a_timezone_column_the_zone_is_still_inferred_from_the_phone()
    {
        string[] columns = ["id", "phone"];
        var validator = new RowValidator(columns, [new("id", ContactField.Identifier), new("phone", ContactField.Phone)]);

        var inferred = validator.Validate(2, ["A", "+44 20 7946 0958"]);
        var missing = validator.Validate(3, ["B", "+1 907 555 0100"]);

        Assert.Equal("Europe/London", inferred.Contact.Timezone);
        Assert.Null(inferred.Issue(RejectReason.TimezoneInferred).Column);
        Assert.True(missing.TimezoneMissing);
    }

    [Fact]
    public void The_validator_refuses_a_mapping_that_breaks_the_rules()
    {
        var error = Assert.Throws<PipelineException>(() => new RowValidator(["id", "phone"], [new("id", ContactField.Identifier)]));

        Assert.Equal(PipelineErrorCodes.InvalidInput, error.Code);
    }
}
