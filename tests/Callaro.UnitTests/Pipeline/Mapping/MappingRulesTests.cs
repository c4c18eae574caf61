using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Mapping;

public sealed class MappingRulesTests
{
    private static readonly string[] Columns = ["id", "phone", "mobile", "tz", "colour"];

    private static PipelineException Broken(params ColumnMapping[] mapping)
    {
        var error = Assert.Throws<PipelineException>(() => MappingRules.Validate(Columns, mapping));
        Assert.Equal(PipelineErrorCodes.InvalidInput, error.Code);
        return error;
    }

    [Fact]
    public void A_mapping_with_one_identifier_and_one_phone_is_valid()
    {
        MappingRules.Validate(Columns, [
            new("id", ContactField.Identifier),
            new("phone", ContactField.Phone),
            new("mobile", ContactField.Ignore),
            new("colour", ContactField.Custom, "colour"),
        ]);
    }

    [Fact]
    public void No_phone_column_names_the_field_and_the_columns_to_choose_from()
    {
        var error = Broken(new ColumnMapping("id", ContactField.Identifier));

        Assert.StartsWith("No column is mapped to PHONE; map one of:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mobile'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_identifier_column_is_refused()
    {
        var error = Broken(new ColumnMapping("phone", ContactField.Phone));

        Assert.Contains("IDENTIFIER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_phone_columns_are_refused()
    {
        var error = Broken(new("id", ContactField.Identifier), new("phone", ContactField.Phone), new("mobile", ContactField.Phone));

        Assert.Contains("PHONE is mapped to two columns, 'phone' and 'mobile'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_other_than_custom_or_ignore_is_used_once()
    {
        var error = Broken(new("id", ContactField.Identifier), new("phone", ContactField.Phone), new("tz", ContactField.Timezone), new("colour", ContactField.Timezone));

        Assert.Contains("TIMEZONE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_not_in_the_file_is_refused()
    {
        var error = Broken(new("id", ContactField.Identifier), new("Phone Number", ContactField.Phone));

        Assert.Contains("'Phone Number' is not in the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_mapped_twice_is_refused()
    {
        var error = Broken(new("id", ContactField.Identifier), new("phone", ContactField.Phone), new("id", ContactField.CrmId));

        Assert.Contains("'id' is mapped more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_needs_a_key()
    {
        var error = Broken(new("id", ContactField.Identifier), new("phone", ContactField.Phone), new("colour", ContactField.Custom, " "));

        Assert.Contains("customKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_keys_are_unique()
    {
        var error = Broken(
            new("id", ContactField.Identifier),
            new("phone", ContactField.Phone),
            new("colour", ContactField.Custom, "x"),
            new("tz", ContactField.Custom, "X"));

        Assert.Contains("unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_key_on_another_field_is_refused()
    {
        var error = Broken(new("id", ContactField.Identifier, "oops"), new("phone", ContactField.Phone));

        Assert.Contains("only for CUSTOM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_name_that_appears_twice_cannot_be_mapped()
    {
        var error = Assert.Throws<PipelineException>(() =>
            MappingRules.Validate(["id", "phone", "phone"], [new("id", ContactField.Identifier), new("phone", ContactField.Phone)]));

        Assert.Contains("appears 2 times", error.Message, StringComparison.Ordinal);
    }
}
