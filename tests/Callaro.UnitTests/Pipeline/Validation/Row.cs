using Callaro.Pipeline;
using Callaro.Pipeline.Validation;

namespace Callaro.UnitTests.Pipeline.Validation;

/// <summary>Builds one row of a file with every field mapped and validates it.</summary>
internal static class Row
{
    public static readonly string[] Columns =
        ["Contact ID", "Phone", "Time Zone", "First Name", "Last Name", "Email", "Company", "CRM Id", "Opt In", "Zip", "Country", "Favourite Colour"];

    public static readonly ColumnMapping[] Mapping =
    [
        new("Contact ID", ContactField.Identifier),
        new("Phone", ContactField.Phone),
        new("Time Zone", ContactField.Timezone),
        new("First Name", ContactField.FirstName),
        new("Last Name", ContactField.LastName),
        new("Email", ContactField.Email),
        new("Company", ContactField.Company),
        new("CRM Id", ContactField.CrmId),
        new("Opt In", ContactField.Consent),
        new("Zip", ContactField.PostalCode),
        new("Country", ContactField.Country),
        new("Favourite Colour", ContactField.Custom, "favourite_colour"),
    ];

    public static RowValidationResult Validate(
        string phone = "(415) 555-0132",
        string timezone = "",
        string id = "C-1",
        string consent = "",
        string email = "",
        string country = "",
        string firstName = "Ada",
        string colour = "",
        string crmId = "003xx",
        RowValidatorOptions? options = null)
    {
        var validator = new RowValidator(Columns, Mapping, options);
        return validator.Validate(7, [id, phone, timezone, firstName, "Lovelace", email, "Acme", crmId, consent, "94105", country, colour]);
    }

    public static bool Has(this RowValidationResult result, RejectReason code) => result.Issues.Any(i => i.Code == code);

    public static RowIssue Issue(this RowValidationResult result, RejectReason code) => result.Issues.Single(i => i.Code == code);
}
