using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

public sealed class InOrderDuplicateTests
{
    public static TheoryData<DuplicatePolicy, DuplicateKey> KeepFirstLike() => new()
    {
        { DuplicatePolicy.KeepFirst, DuplicateKey.Phone },
        { DuplicatePolicy.KeepFirst, DuplicateKey.Identifier },
        { DuplicatePolicy.Block, DuplicateKey.Phone },
        { DuplicatePolicy.Block, DuplicateKey.Identifier },
    };

    [Theory]
    [MemberData(nameof(KeepFirstLike))]
    public void Judging_chunk_by_chunk_gives_what_the_whole_file_pass_gives(DuplicatePolicy policy, DuplicateKey key)
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var rows = RandomRows(random);
            var expected = DuplicateFinder.Find(rows, policy, key).Findings;

            var finder = new InOrderDuplicateFinder(policy, key);
            var found = new List<DuplicateFinding>();
            var at = 0;
            while (at < rows.Length)
            {
                var size = Math.Min(rows.Length - at, random.Next(0, 40));
                var chunk = rows.AsSpan(at, size);
                if (random.Next(8) == 0)
                {
                    // Room reserved part-way (as the upload does once it can estimate the rows) moves every key.
                    finder.Reserve(random.Next(0, 4 * rows.Length));
                }

                found.AddRange(finder.Next([.. Select(chunk, r => r.RowNumber)], [.. Select(chunk, r => r.PhoneKey)], [.. Select(chunk, r => r.IdentifierKey)]));
                at += size;
            }

            Assert.Equal(expected, found);
        }
    }

    [Fact]
    public void A_later_row_with_an_earlier_rows_phone_is_a_duplicate_of_that_row()
    {
        var finder = new InOrderDuplicateFinder(DuplicatePolicy.KeepFirst, DuplicateKey.Phone);

        Assert.Empty(finder.Next([2, 3], [100, 200], [1, 2]));
        var findings = finder.Next([7], [100], [3]);

        var finding = Assert.Single(findings);
        Assert.Equal(new DuplicateFinding(7, RejectReason.Duplicate, 2, DuplicatePolicy.KeepFirst), finding);
        Assert.True(finder.TookPart(2));
        Assert.True(finder.TookPart(7));
        Assert.False(finder.TookPart(3));
    }

    [Fact]
    public void Same_identifier_with_another_phone_is_a_duplicate_identifier()
    {
        var finder = new InOrderDuplicateFinder(DuplicatePolicy.KeepFirst, DuplicateKey.Identifier);

        var findings = finder.Next([2, 4, 6], [100, 100, 300], [9, 9, 9]);

        Assert.Equal(
            [new DuplicateFinding(4, RejectReason.Duplicate, 2, DuplicatePolicy.KeepFirst), new DuplicateFinding(6, RejectReason.DuplicateIdentifier, 2, DuplicatePolicy.KeepFirst)],
            findings);
    }

    [Fact]
    public void Rows_out_of_file_order_are_refused()
    {
        var finder = new InOrderDuplicateFinder(DuplicatePolicy.KeepFirst, DuplicateKey.Phone);
        finder.Next([5], [100], [1]);

        Assert.Throws<ArgumentException>(() => finder.Next([4], [200], [2]));
    }

    [Theory]
    [InlineData(DuplicatePolicy.KeepLast)]
    [InlineData(DuplicatePolicy.ExcludeAll)]
    public void Policies_that_need_later_rows_cannot_be_judged_in_order(DuplicatePolicy policy)
    {
        Assert.False(InOrderDuplicateFinder.Supports(policy));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InOrderDuplicateFinder(policy, DuplicateKey.Phone));
    }

    private static DedupeRow[] RandomRows(Random random)
    {
        var count = random.Next(0, 300);
        var rows = new DedupeRow[count];
        long row = 1;
        for (var i = 0; i < count; i++)
        {
            row += random.Next(1, 3);

            // Few distinct keys so that duplicates of every kind turn up; 0 stands for "no key".
            rows[i] = new DedupeRow(row, random.Next(0, 12) == 0 ? 0 : random.Next(1, 40), random.Next(0, 12) == 0 ? 0 : random.Next(1, 30));
        }

        return rows;
    }

    private static long[] Select(ReadOnlySpan<DedupeRow> rows, Func<DedupeRow, long> pick)
    {
        var values = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = pick(rows[i]);
        }

        return values;
    }
}
