using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Mapping;

public sealed class MappingSuggesterTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> NoSamples = [];

    private static ContactField FieldOf(IReadOnlyList<ColumnMapping> mapping, string column) => mapping.Single(m => m.Column == column).Field;

    [Theory]
    [InlineData("Phone Number", ContactField.Phone)]
    [InlineData("phone_number", ContactField.Phone)]
    [InlineData("PhoneNumber", ContactField.Phone)]
    [InlineData("PHONE-NUMBER", ContactField.Phone)]
    [InlineData("Mobile", ContactField.Phone)]
    [InlineData("Cell", ContactField.Phone)]
    [InlineData("Tel", ContactField.Phone)]
    [InlineData("Tel.", ContactField.Phone)]
    [InlineData("Direct Dial", ContactField.Phone)]
    [InlineData("Work Phone", ContactField.Phone)]
    [InlineData("Phone #", ContactField.Phone)]
    [InlineData("Téléphone", ContactField.Phone)]
    [InlineData("Time Zone", ContactField.Timezone)]
    [InlineData("TZ", ContactField.Timezone)]
    [InlineData("timezone", ContactField.Timezone)]
    [InlineData("Contact ID", ContactField.Identifier)]
    [InlineData("External Id", ContactField.Identifier)]
    [InlineData("Record ID", ContactField.Identifier)]
    [InlineData("Lead ID", ContactField.Identifier)]
    [InlineData("Email Address", ContactField.Email)]
    [InlineData("E-mail", ContactField.Email)]
    [InlineData("Contact Email", ContactField.Email)]
    [InlineData("First Name", ContactField.FirstName)]
    [InlineData("Given name", ContactField.FirstName)]
    [InlineData("firstName", ContactField.FirstName)]
    [InlineData("Surname", ContactField.LastName)]
    [InlineData("Last_Name", ContactField.LastName)]
    [InlineData("Company", ContactField.Company)]
    [InlineData("Account Name", ContactField.Company)]
    [InlineData("Organization", ContactField.Company)]
    [InlineData("Opt In", ContactField.Consent)]
    [InlineData("Consent", ContactField.Consent)]
    [InlineData("Zip", ContactField.PostalCode)]
    [InlineData("Postal Code", ContactField.PostalCode)]
    [InlineData("Country", ContactField.Country)]
    public void Common_header_names_map_to_their_field(string header, ContactField field)
    {
        var mapping = MappingSuggester.Suggest([header], NoSamples);

        var m = Assert.Single(mapping);
        Assert.Equal(header, m.Column);
        Assert.Equal(field, m.Field);
        Assert.InRange(m.Confidence!.Value, 0.5, 1.0);
    }

    [Theory]
    [InlineData("Kunden-ID")]
    [InlineData("Kunden-Nr")]
    [InlineData("Kundennummer")]
    [InlineData("ID client")]
    [InlineData("N° client")]
    [InlineData("Nº cliente")]
    [InlineData("ID cliente")]
    [InlineData("Klantnummer")]
    [InlineData("Customer No.")]
    [InlineData("Cust #")]
    [InlineData("Cust ID")]
    public void Customer_id_headers_in_other_languages_and_short_forms_map_to_the_identifier(string header)
    {
        var mapping = MappingSuggester.Suggest([header, "Telefon", "Name"], NoSamples);

        Assert.Equal(ContactField.Identifier, FieldOf(mapping, header));
        Assert.Equal(ContactField.Phone, FieldOf(mapping, "Telefon"));
    }

    [Fact]
    public void A_typical_crm_export_maps_completely()
    {
        string[] columns = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Time Zone", "Salesforce ID", "Postal Code", "Country", "Lifecycle Stage"];

        var mapping = MappingSuggester.Suggest(columns, NoSamples);

        Assert.Equal(
            [ContactField.Identifier, ContactField.FirstName, ContactField.LastName, ContactField.Email, ContactField.Phone, ContactField.Company, ContactField.Timezone, ContactField.CrmId, ContactField.PostalCode, ContactField.Country, ContactField.Ignore],
            mapping.Select(m => m.Field).ToArray());
        Assert.Equal(0.0, mapping[^1].Confidence);
        MappingRules.Validate(columns, mapping);
    }

    [Theory]
    [InlineData("Phone Numbr")]
    [InlineData("Telephone Nmber")]
    [InlineData("phone_numer")]
    public void Misspelt_headers_are_matched_fuzzily_with_lower_confidence(string header)
    {
        var m = Assert.Single(MappingSuggester.Suggest([header], NoSamples));

        Assert.Equal(ContactField.Phone, m.Field);
        Assert.InRange(m.Confidence!.Value, 0.5, 0.95);
    }

    [Fact]
    public void With_two_phone_columns_the_best_is_phone_and_the_other_ignored()
    {
        var mapping = MappingSuggester.Suggest(["id", "Work Phone", "Phone"], NoSamples);

        Assert.Equal(ContactField.Phone, FieldOf(mapping, "Phone"));
        Assert.Equal(ContactField.Ignore, FieldOf(mapping, "Work Phone"));
    }

    [Fact]
    public void A_fax_column_is_ignored_even_though_it_holds_numbers()
    {
        string[] columns = ["id", "Fax", "Mobile"];
        IReadOnlyList<string>[] rows = [["1", "(415) 555-0100", "(415) 555-0132"], ["2", "(212) 555-0100", "(212) 555-0132"]];

        var mapping = MappingSuggester.Suggest(columns, rows);

        Assert.Equal(ContactField.Ignore, FieldOf(mapping, "Fax"));
        Assert.Equal(ContactField.Phone, FieldOf(mapping, "Mobile"));
    }

    [Fact]
    public void A_headerless_looking_column_of_phones_is_recognised_from_its_values()
    {
        string[] columns = ["Customer", "4155550132", "Column3"];
        IReadOnlyList<string>[] rows =
        [
            ["C-1", "(212) 555-0100", "America/New_York"],
            ["C-2", "+44 20 7946 0958", "Europe/London"],
            ["C-3", "415.555.0199", "PST"],
            ["C-4", "1-312-555-0142", "America/Chicago"],
        ];

        var mapping = MappingSuggester.Suggest(columns, rows);

        Assert.Equal(ContactField.Phone, mapping[1].Field);
        Assert.InRange(mapping[1].Confidence!.Value, 0.5, 0.75);
        Assert.Equal(ContactField.Timezone, mapping[2].Field);
    }

    [Fact]
    public void Values_veto_a_header_that_only_mentions_a_field()
    {
        string[] columns = ["id", "Phone Type", "Mobile"];
        IReadOnlyList<string>[] rows = [["1", "mobile", "(415) 555-0132"], ["2", "work", "(212) 555-0100"]];

        var mapping = MappingSuggester.Suggest(columns, rows);

        Assert.Equal(ContactField.Phone, FieldOf(mapping, "Mobile"));
        Assert.NotEqual(ContactField.Phone, FieldOf(mapping, "Phone Type"));
    }

    [Fact]
    public void Each_field_is_used_once()
    {
        string[] columns = ["Email", "Email Address", "E-mail", "First Name", "Given Name"];

        var mapping = MappingSuggester.Suggest(columns, NoSamples);

        Assert.Single(mapping, m => m.Field == ContactField.Email);
        Assert.Single(mapping, m => m.Field == ContactField.FirstName);
    }

    [Fact]
    public void Without_an_identifier_column_the_crm_id_is_the_identifier()
    {
        var mapping = MappingSuggester.Suggest(["HubSpot ID", "Phone"], NoSamples);

        Assert.Equal(ContactField.Identifier, mapping[0].Field);
        MappingRules.Validate(["HubSpot ID", "Phone"], mapping);
    }

    [Fact]
    public void Unknown_columns_become_custom_attributes_when_asked()
    {
        string[] columns = ["id", "phone", "Favourite Colour!", "Lifecycle Stage", "", "lifecycle_stage"];

        var mapping = MappingSuggester.Suggest(columns, NoSamples, unknownAsCustom: true);

        Assert.Equal(ContactField.Custom, mapping[2].Field);
        Assert.Equal("favourite_colour", mapping[2].CustomKey);
        Assert.Equal("lifecycle_stage", mapping[3].CustomKey);
        Assert.Equal("column_5", mapping[4].CustomKey);
        Assert.Equal("lifecycle_stage_2", mapping[5].CustomKey);
    }

    [Fact]
    public void Unknown_columns_are_ignored_by_default()
    {
        var mapping = MappingSuggester.Suggest(["id", "phone", "Favourite Colour"], NoSamples);

        Assert.Equal(ContactField.Ignore, mapping[2].Field);
        Assert.Null(mapping[2].CustomKey);
    }

    [Fact]
    public void A_column_of_email_addresses_is_recognised_from_its_values()
    {
        string[] columns = ["id", "phone", "Column3"];
        IReadOnlyList<string>[] rows = [["1", "4155550132", "ada@example.com"], ["2", "4155550133", "bob@example.org"]];

        var mapping = MappingSuggester.Suggest(columns, rows);

        Assert.Equal(ContactField.Email, mapping[2].Field);
    }

    [Fact]
    public void A_mapping_is_suggested_for_every_column_in_order()
    {
        string[] columns = ["a", "b", "c"];

        var mapping = MappingSuggester.Suggest(columns, NoSamples);

        Assert.Equal(columns, mapping.Select(m => m.Column).ToArray());
    }
}
