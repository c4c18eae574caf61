using Callaro.Contracts;
using Callaro.Grains.ContactDirectory;

namespace Callaro.UnitTests.DirectoryTests;

public sealed class SegmentRulesTests
{
    private static SegmentCondition C(SegmentField field, SegmentOperator op, params string[] values) => new(field, op, null, values);

    private static Fault Refused(params SegmentCondition[] conditions)
    {
        var result = SegmentRules.Normalize(conditions);
        Assert.False(result.IsSuccess, "Expected the conditions to be refused.");
        Assert.Equal(ErrorCodes.InvalidInput, result.Fault!.Code);
        return result.Fault;
    }

    private static IReadOnlyList<SegmentCondition> Accepted(params SegmentCondition[] conditions)
    {
        var result = SegmentRules.Normalize(conditions);
        Assert.True(result.IsSuccess, result.Fault?.Message);
        return result.Value!;
    }

    [Fact]
    public void A_segment_without_conditions_is_refused_because_a_segment_of_everyone_is_too_easy_to_launch()
    {
        Assert.Contains("at least one condition", Refused().Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidInput, SegmentRules.Normalize(null).Fault!.Code);
    }

    [Fact]
    public void More_than_the_maximum_number_of_conditions_is_refused()
    {
        var many = Enumerable.Range(0, SegmentRules.MaxConditions + 1).Select(_ => C(SegmentField.Country, SegmentOperator.Exists)).ToArray();
        Assert.Contains($"{SegmentRules.MaxConditions + 1}", Refused(many).Message, StringComparison.Ordinal);
        Assert.Equal(SegmentRules.MaxConditions, Accepted(many[..SegmentRules.MaxConditions]).Count);
    }

    [Fact]
    public void Equals_with_two_values_is_refused_and_points_to_in()
    {
        var fault = Refused(C(SegmentField.Company, SegmentOperator.Equals, "Acme", "Beta"));
        Assert.Contains("EQUALS takes exactly one value", fault.Message, StringComparison.Ordinal);
        Assert.Contains("IN", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_with_no_value_or_only_blank_values_is_refused()
    {
        Refused(C(SegmentField.Company, SegmentOperator.Equals));
        Refused(C(SegmentField.Company, SegmentOperator.Equals, " ", ""));
        Refused(new SegmentCondition(SegmentField.Company, SegmentOperator.Equals, null, null!));
    }

    [Fact]
    public void Equals_with_one_real_value_and_blanks_keeps_the_real_value()
    {
        var condition = Assert.Single(Accepted(C(SegmentField.Company, SegmentOperator.Equals, "  ", " Acme ", "")));
        Assert.Equal(["Acme"], condition.Values);
    }

    [Fact]
    public void In_without_values_and_in_with_more_than_the_maximum_values_are_refused()
    {
        Assert.Contains("IN needs at least one value", Refused(C(SegmentField.Country, SegmentOperator.In)).Message, StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, SegmentRules.MaxValues + 1).Select(i => $"v{i}").ToArray();
        Refused(C(SegmentField.Company, SegmentOperator.In, tooMany));
        Assert.Equal(SegmentRules.MaxValues, Accepted(C(SegmentField.Company, SegmentOperator.In, tooMany[..SegmentRules.MaxValues]))[0].Values.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_custom_condition_without_a_key_is_refused(string? key)
    {
        var fault = Refused(new SegmentCondition(SegmentField.Custom, SegmentOperator.Equals, key, ["West"]));
        Assert.Contains("CUSTOM condition needs the attribute's key", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_on_a_condition_that_is_not_custom_is_refused()
    {
        var fault = Refused(new SegmentCondition(SegmentField.Company, SegmentOperator.Equals, "region", ["West"]));
        Assert.Contains("key is only for CUSTOM", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("yes")]
    [InlineData("1")]
    public void A_consent_value_other_than_granted_refused_or_unknown_is_refused(string value)
    {
        var fault = Refused(C(SegmentField.Consent, SegmentOperator.Equals, value));
        Assert.Contains("GRANTED, REFUSED or UNKNOWN", fault.Message, StringComparison.Ordinal);
        Assert.Contains(value, fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("44")]
    [InlineData("+")]
    [InlineData("+4a")]
    [InlineData("+123456789")]
    [InlineData("+1 415")]
    [InlineData("0044")]
    public void A_phone_prefix_that_is_not_a_plus_and_one_to_eight_digits_is_refused(string prefix)
    {
        var fault = Refused(C(SegmentField.PhonePrefix, SegmentOperator.In, "+1", prefix));
        Assert.Contains("PHONE_PREFIX", fault.Message, StringComparison.Ordinal);
        Assert.Contains(prefix, fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Phone_prefixes_of_one_to_eight_digits_are_accepted_and_trimmed()
    {
        var condition = Assert.Single(Accepted(C(SegmentField.PhonePrefix, SegmentOperator.In, "+1", " +44 ", "+12345678")));
        Assert.Equal(["+1", "+44", "+12345678"], condition.Values);
    }

    [Theory]
    [InlineData(SegmentField.Consent)]
    [InlineData(SegmentField.PhonePrefix)]
    public void Exists_on_consent_or_phone_prefix_is_refused_because_every_contact_has_one(SegmentField field)
    {
        var fault = Refused(C(field, SegmentOperator.Exists));
        Assert.Contains("use EQUALS or IN", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exists_with_values_is_refused()
    {
        Assert.Contains("EXISTS takes no values", Refused(C(SegmentField.Country, SegmentOperator.Exists, "US")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SegmentField.Country)]
    [InlineData(SegmentField.Timezone)]
    [InlineData(SegmentField.Company)]
    public void Exists_without_values_is_accepted_on_text_fields(SegmentField field)
    {
        var condition = Assert.Single(Accepted(C(field, SegmentOperator.Exists)));
        Assert.Empty(condition.Values);
    }

    [Fact]
    public void A_refusal_names_the_condition_it_is_about()
    {
        var fault = Refused(C(SegmentField.Country, SegmentOperator.Exists), C(SegmentField.Consent, SegmentOperator.Equals, "perhaps"));
        Assert.StartsWith("conditions[1]:", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Countries_are_upper_cased_and_values_trimmed_and_distinct_ignoring_case_in_first_spelling()
    {
        var normalized = Accepted(
            C(SegmentField.Country, SegmentOperator.In, " us ", "gb", "US", "Gb"),
            C(SegmentField.Company, SegmentOperator.In, " Acme ", "ACME", "Beta Ltd", "acme"),
            C(SegmentField.Timezone, SegmentOperator.Equals, " Europe/London "));

        Assert.Equal(["US", "GB"], normalized[0].Values);
        Assert.Equal(["Acme", "Beta Ltd"], normalized[1].Values);
        Assert.Equal(["Europe/London"], normalized[2].Values);
    }

    [Fact]
    public void Consent_values_are_written_in_their_canonical_contract_name()
    {
        var condition = Assert.Single(Accepted(C(SegmentField.Consent, SegmentOperator.In, "granted", " Refused ", "UNKNOWN", "GRANTED")));
        Assert.Equal(["GRANTED", "REFUSED", "UNKNOWN"], condition.Values);
    }

    [Fact]
    public void A_custom_key_is_trimmed_and_keys_are_dropped_when_blank_on_other_fields()
    {
        var normalized = Accepted(
            new SegmentCondition(SegmentField.Custom, SegmentOperator.Exists, " region ", []),
            new SegmentCondition(SegmentField.Company, SegmentOperator.Exists, "  ", []));

        Assert.Equal("region", normalized[0].Key);
        Assert.Null(normalized[1].Key);
        Assert.Equal(SegmentField.Custom, normalized[0].Field);
        Assert.Equal(SegmentOperator.Exists, normalized[0].Operator);
    }

    [Fact]
    public void Normalising_twice_changes_nothing()
    {
        var once = Accepted(
            C(SegmentField.Country, SegmentOperator.In, " us ", "gb"),
            C(SegmentField.Consent, SegmentOperator.Equals, "granted"),
            new SegmentCondition(SegmentField.Custom, SegmentOperator.In, " tier ", ["Gold", "gold", " Silver"]));
        var twice = Accepted([.. once]);

        Assert.Equal(once.Count, twice.Count);
        for (var i = 0; i < once.Count; i++)
        {
            Assert.Equal(once[i].Field, twice[i].Field);
            Assert.Equal(once[i].Operator, twice[i].Operator);
            Assert.Equal(once[i].Key, twice[i].Key);
            Assert.Equal(once[i].Values, twice[i].Values);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_segment_needs_a_name(string? name) => Assert.Equal(ErrorCodes.InvalidInput, SegmentRules.CheckName(name)!.Code);

    [Fact]
    public void A_segment_name_longer_than_the_maximum_after_trimming_is_refused()
    {
        Assert.NotNull(SegmentRules.CheckName(new string('n', SegmentRules.MaxNameLength + 1)));
        Assert.Null(SegmentRules.CheckName($"  {new string('n', SegmentRules.MaxNameLength)}  "));
    }
}
