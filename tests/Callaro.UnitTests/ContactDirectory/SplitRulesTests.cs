using Callaro.Contracts;
using Callaro.Grains.ContactDirectory;
using Callaro.Pipeline;

namespace Callaro.UnitTests.ContactDirectory;

public sealed class SplitRulesTests
{
    private static readonly ColumnMapping[] EveryField =
        [.. Enum.GetValues<ContactField>().Where(f => f is not ContactField.Ignore and not ContactField.Custom).Select(f => new ColumnMapping(f.ToString(), f))];

    public static TheoryData<ContactField> Fields() => [.. Enum.GetValues<ContactField>().Where(f => f is not ContactField.Ignore and not ContactField.Custom)];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_field_the_rules_allow_to_split_by_has_its_column_in_the_store(ContactField field)
    {
        var column = SplitRules.Resolve(new SplitBy(null, field), EveryField);
        if (column.IsSuccess)
        {
            Assert.False(string.IsNullOrWhiteSpace(column.Value!.Sql));
        }
        else
        {
            Assert.Contains("every contact has its own value", column.Fault!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_custom_column_splits_by_its_key_bound_as_a_parameter()
    {
        var column = SplitRules.Resolve(new SplitBy("Region", null), [new ColumnMapping("Region", ContactField.Custom, "region")]).Value!;
        Assert.Equal("region", column.CustomKey);
        Assert.Contains("@custom_key", column.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ContactField.Phone)]
    [InlineData(ContactField.Identifier)]
    public void A_field_every_contact_has_its_own_value_of_is_refused(ContactField field) =>
        Assert.Equal(ErrorCodes.InvalidInput, SplitRules.Resolve(new SplitBy(null, field), EveryField).Fault!.Code);
}
