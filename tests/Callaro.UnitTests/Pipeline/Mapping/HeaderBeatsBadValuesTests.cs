using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;

namespace Callaro.UnitTests.Pipeline.Mapping;

public sealed class HeaderBeatsBadValuesTests
{
    [Fact]
    public void A_column_named_phone_stays_the_phone_column_when_its_sample_values_are_bad()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "1", "+15550001" }, new[] { "2", "12" }, new[] { "3", "n/a" } };
        var mapping = MappingSuggester.Suggest(["id", "Phone"], rows);
        var phone = mapping.Single(m => m.Column == "Phone");
        Assert.Equal(ContactField.Phone, phone.Field);
        Assert.True(phone.Confidence < 0.95, "a doubtful column says so with a lower confidence");
    }

    [Fact]
    public void A_weak_header_match_with_values_that_do_not_fit_is_still_vetoed()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "1", "mobile", "(212) 200-0001" }, new[] { "2", "landline", "(212) 200-0002" } };
        var mapping = MappingSuggester.Suggest(["id", "Phone Type", "Number"], rows);
        Assert.NotEqual(ContactField.Phone, mapping.Single(m => m.Column == "Phone Type").Field);
    }
}
