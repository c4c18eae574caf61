using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

public sealed class DuplicateTests
{
    private static readonly (long, long)[] ThreeOfOnePhone = [(2, 100), (5, 200), (7, 100), (9, 100), (11, 300)];

    [Fact]
    public void Keep_first_excludes_the_later_rows_of_a_phone()
    {
        Assert.Equal([7L, 9L], DuplicateFinder.FindDuplicates(ThreeOfOnePhone, DuplicatePolicy.KeepFirst));
    }

    [Fact]
    public void Keep_last_excludes_the_earlier_rows_of_a_phone()
    {
        Assert.Equal([2L, 7L], DuplicateFinder.FindDuplicates(ThreeOfOnePhone, DuplicatePolicy.KeepLast));
    }

    [Fact]
    public void Exclude_all_excludes_every_row_of_a_repeated_phone()
    {
        Assert.Equal([2L, 7L, 9L], DuplicateFinder.FindDuplicates(ThreeOfOnePhone, DuplicatePolicy.ExcludeAll));
    }

    [Fact]
    public void Block_marks_duplicates_like_keep_first_and_blocks_launch()
    {
        var rows = ThreeOfOnePhone.Select(r => new DedupeRow(r.Item1, r.Item2, r.Item1)).ToArray();

        var outcome = DuplicateFinder.Find(rows, DuplicatePolicy.Block, DuplicateKey.Phone);

        Assert.Equal([7L, 9L], outcome.Findings.Select(f => f.RowNumber).ToArray());
        Assert.True(outcome.BlocksLaunch);
        Assert.False(DuplicateFinder.Find(rows, DuplicatePolicy.KeepFirst, DuplicateKey.Phone).BlocksLaunch);
    }

    [Fact]
    public void Rows_given_out_of_order_are_judged_in_row_order()
    {
        (long, long)[] rows = [(9, 100), (2, 100), (7, 100)];

        Assert.Equal([7L, 9L], DuplicateFinder.FindDuplicates(rows, DuplicatePolicy.KeepFirst));
        Assert.Equal([2L, 7L], DuplicateFinder.FindDuplicates(rows, DuplicatePolicy.KeepLast));
    }

    [Fact]
    public void No_duplicates_means_nothing_excluded_under_any_policy()
    {
        (long, long)[] rows = [(1, 10), (2, 20), (3, 30)];

        foreach (var policy in Enum.GetValues<DuplicatePolicy>())
        {
            Assert.Empty(DuplicateFinder.FindDuplicates(rows, policy));
        }
    }

    [Theory]
    [InlineData(DuplicatePolicy.KeepFirst, 0, 1, false)]
    [InlineData(DuplicatePolicy.KeepFirst, 0, 3, false)]
    [InlineData(DuplicatePolicy.KeepFirst, 2, 3, true)]
    [InlineData(DuplicatePolicy.KeepLast, 2, 3, false)]
    [InlineData(DuplicatePolicy.KeepLast, 0, 3, true)]
    [InlineData(DuplicatePolicy.ExcludeAll, 0, 1, false)]
    [InlineData(DuplicatePolicy.ExcludeAll, 0, 2, true)]
    [InlineData(DuplicatePolicy.Block, 1, 2, true)]
    public void The_policy_is_one_function_of_occurrence_and_group_size(DuplicatePolicy policy, long occurrence, long count, bool excluded)
    {
        Assert.Equal(excluded, DuplicateRules.IsExcluded(policy, occurrence, count));
    }

    [Fact]
    public void Same_identifier_with_a_different_phone_is_duplicate_identifier()
    {
        DedupeRow[] rows =
        [
            new(2, 14155550132, 1),
            new(3, 14155550199, 1),
            new(4, 14155550132, 1),
            new(5, 14155550100, 2),
        ];

        var outcome = DuplicateFinder.Find(rows, DuplicatePolicy.KeepFirst, DuplicateKey.Phone);

        Assert.Equal(
            [(3L, RejectReason.DuplicateIdentifier), (4L, RejectReason.Duplicate)],
            outcome.Findings.Select(f => (f.RowNumber, f.Reason)).ToArray());
        Assert.All(outcome.Findings, f => Assert.Equal(2, f.KeptRowNumber));
    }

    [Fact]
    public void Keyed_by_identifier_a_repeat_is_duplicate_when_the_phone_matches_and_duplicate_identifier_when_not()
    {
        DedupeRow[] rows =
        [
            new(2, 14155550132, 1),
            new(3, 14155550132, 1),
            new(4, 14155550199, 1),
            new(5, 14155550132, 2),
        ];

        var outcome = DuplicateFinder.Find(rows, DuplicatePolicy.KeepFirst, DuplicateKey.Identifier);

        Assert.Equal(
            [(3L, RejectReason.Duplicate), (4L, RejectReason.DuplicateIdentifier)],
            outcome.Findings.Select(f => (f.RowNumber, f.Reason)).ToArray());
    }

    [Fact]
    public void A_duplicate_issue_names_the_kept_row_and_the_policy()
    {
        var finding = new DuplicateFinding(9, RejectReason.Duplicate, 2, DuplicatePolicy.KeepFirst);

        var issue = finding.ToIssue("Phone");

        Assert.Equal(RejectReason.Duplicate, issue.Code);
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Contains("row 2", issue.Message, StringComparison.Ordinal);
        Assert.Contains("KEEP_FIRST", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_rows_feed_the_deduper_with_their_keys()
    {
        var validator = new RowValidator(["id", "phone"], [new("id", ContactField.Identifier), new("phone", ContactField.Phone)]);
        var results = new[]
        {
            validator.Validate(2, ["A", "(415) 555-0132"]),
            validator.Validate(3, ["B", "+1 415 555 0132"]),
            validator.Validate(4, ["a ", "415.555.0199"]),
        };

        var outcome = DuplicateFinder.Find(
            results.Select(r => new DedupeRow(r.RowNumber, r.PhoneKey, r.IdentifierKey)).ToArray(),
            DuplicatePolicy.KeepFirst,
            DuplicateKey.Phone);

        Assert.Equal(
            [(3L, RejectReason.Duplicate), (4L, RejectReason.DuplicateIdentifier)],
            outcome.Findings.Select(f => (f.RowNumber, f.Reason)).ToArray());
    }

    [Fact]
    public void Phone_keys_are_the_e164_digits()
    {
        Assert.Equal(14155550132L, ContactKeys.PhoneKey("+14155550132"));
        Assert.Equal(442079460958L, ContactKeys.PhoneKey("+442079460958"));
        Assert.Equal("+442079460958", ContactKeys.PhoneFromKey(442079460958L));
        Assert.Equal(0, ContactKeys.PhoneKey("4155550132"));
        Assert.Equal(0, ContactKeys.PhoneKey("+1 415"));
    }

    [Fact]
    public void Identifier_keys_are_stable_fnv1a_over_the_trimmed_case_folded_identifier()
    {
        // FNV-1a 64 of "" is the offset basis; of "a" is a published test vector.
        Assert.Equal(unchecked((long)0xcbf29ce484222325UL), ContactKeys.IdentifierKey(string.Empty));
        Assert.Equal(unchecked((long)0xaf63dc4c8601ec8cUL), ContactKeys.IdentifierKey("a"));
        Assert.Equal(ContactKeys.IdentifierKey("abc-1"), ContactKeys.IdentifierKey("  ABC-1 "));
        Assert.Equal(ContactKeys.IdentifierKey("zoë"), ContactKeys.IdentifierKey("ZOË"));
        Assert.Equal(ContactKeys.IdentifierKey("Zo\u00EB"), ContactKeys.IdentifierKey("Zoe\u0308"));
        Assert.NotEqual(ContactKeys.IdentifierKey("abc-1"), ContactKeys.IdentifierKey("abc-2"));
    }
}
