using Callaro.Check;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Check;

/// <summary>
/// Each duplicate policy and key over one crafted file, counted by hand:
/// <code>
/// row  id  phone (P1 = +14155550132, P2 = +12125550147)
///  2   A   P1  (415) 555-0132
///  3   B   P2  212-555-0147
///  4   C   P1  +1 415 555 0132
///  5   D   P3  312.555.0199
///  6   A   P4  617 555 0100      same identifier as row 2, another phone
///  7   E   P1  4155550132
///  8   F   123                   PHONE_INVALID
///  9   G   P2  +12125550147
/// 10   B   P2  (212) 555-0147    same identifier and phone as row 3
/// </code>
/// </summary>
public sealed class DuplicatePolicyTests : IDisposable
{
    private const string Crafted =
        "Contact ID,Phone\r\n" +
        "A,(415) 555-0132\r\n" +
        "B,212-555-0147\r\n" +
        "C,+1 415 555 0132\r\n" +
        "D,312.555.0199\r\n" +
        "A,617 555 0100\r\n" +
        "E,4155550132\r\n" +
        "F,123\r\n" +
        "G,+12125550147\r\n" +
        "B,(212) 555-0147\r\n";

    private readonly Scratch scratch = new();
    private readonly string file;

    public DuplicatePolicyTests() => file = scratch.File("crafted.csv", Crafted);

    public void Dispose() => scratch.Dispose();

    [Theory]
    // PHONE: phone repeats first; then an identifier left with several phones is DUPLICATE_IDENTIFIER.
    [InlineData("KEEP_FIRST", "PHONE", 3, 4, 1, false)] // P1 keeps 2 (4, 7 out), P2 keeps 3 (9, 10 out); then A: 6 out
    [InlineData("BLOCK", "PHONE", 3, 4, 1, true)] // marked like KEEP_FIRST, and launch is blocked
    [InlineData("KEEP_LAST", "PHONE", 4, 4, 0, false)] // P1 keeps 7 (2, 4 out), P2 keeps 10 (3, 9 out); A is left once
    [InlineData("EXCLUDE_ALL", "PHONE", 2, 6, 0, false)] // every row of P1 and P2
    // IDENTIFIER: a repeat is DUPLICATE when its phone is the kept row's, else DUPLICATE_IDENTIFIER.
    [InlineData("KEEP_FIRST", "IDENTIFIER", 6, 1, 1, false)] // A keeps 2 (6 other phone), B keeps 3 (10 same phone)
    [InlineData("BLOCK", "IDENTIFIER", 6, 1, 1, true)]
    [InlineData("KEEP_LAST", "IDENTIFIER", 6, 1, 1, false)] // A keeps 6 (2 other phone), B keeps 10 (3 same phone)
    public void Each_policy_excludes_the_rows_counted_by_hand(string policy, string key, long accepted, long duplicate, long duplicateIdentifier, bool blocks)
    {
        var (exit, json, _, stderr) = CheckCli.Run(file, "--duplicate-policy", policy, "--duplicate-key", key);

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(9, json.GetProperty("totalRows").GetInt64());
        Assert.Equal(1, json.GetProperty("rejected").GetInt64());
        Assert.Equal(1, CheckCli.Reason(json, "PHONE_INVALID"));
        Assert.Equal(accepted, json.GetProperty("accepted").GetInt64());
        Assert.Equal(duplicate + duplicateIdentifier, json.GetProperty("duplicates").GetInt64());
        Assert.Equal(duplicate, CheckCli.Reason(json, "DUPLICATE"));
        Assert.Equal(duplicateIdentifier, CheckCli.Reason(json, "DUPLICATE_IDENTIFIER"));
        Assert.Equal(blocks, json.GetProperty("blocksLaunch").GetBoolean());
    }

    [Fact]
    public void Exclude_all_by_identifier_excludes_every_row_of_a_repeated_identifier()
    {
        // Which of DUPLICATE / DUPLICATE_IDENTIFIER each row gets when no row is kept is the finder's call
        // (the SQL pass compares with the first row's phone); the rows excluded are the same.
        var (exit, json, _, stderr) = CheckCli.Run(file, "--duplicate-policy", "EXCLUDE_ALL", "--duplicate-key", "IDENTIFIER");

        Assert.True(exit == CheckCommand.Ok, stderr);
        CheckCli.AssertAddsUp(json);
        Assert.Equal(4, json.GetProperty("accepted").GetInt64()); // A (2, 6) and B (3, 10) out
        Assert.Equal(4, json.GetProperty("duplicates").GetInt64());
    }

    [Fact]
    public void The_report_names_the_kept_row_for_every_duplicate()
    {
        var report = scratch.PathOf("keep-first.csv");

        var (exit, _, _, stderr) = CheckCli.Run(file, "--report", report);

        Assert.True(exit == CheckCommand.Ok, stderr);
        var rows = CheckCommandTests.ReadReport(report);
        Assert.Equal(["4", "6", "7", "8", "9", "10"], rows.Select(r => r["row_number"]));
        Assert.Equal(["DUPLICATE", "DUPLICATE_IDENTIFIER", "DUPLICATE", "PHONE_INVALID", "DUPLICATE", "DUPLICATE"], rows.Select(r => r["reason_codes"]));
        Assert.Contains("keeps row 2", rows[0]["messages"], StringComparison.Ordinal);
        Assert.Contains("keeps row 2", rows[1]["messages"], StringComparison.Ordinal);
        Assert.Contains("keeps row 3", rows[4]["messages"], StringComparison.Ordinal);
        Assert.Equal("'+1 415 555 0132", rows[0]["Phone"]);
        Assert.Equal("+14155550132", rows[0]["normalized_phone"]);
    }

    [Theory]
    [InlineData("KEEP_FIRST", 3)] // rows 2, 3, 5 are kept: all read as US numbers and all inferred
    [InlineData("KEEP_LAST", 4)] // rows 5, 6, 7, 10
    public void Warnings_count_only_the_rows_the_duplicate_policy_keeps(string policy, long kept)
    {
        var (_, json, _, _) = CheckCli.Run(file, "--duplicate-policy", policy);

        Assert.Equal(kept, json.GetProperty("accepted").GetInt64());
        Assert.Equal(kept, json.GetProperty("warnings").GetInt64());
        Assert.Equal(kept, CheckCli.Reason(json, "PHONE_REGION_ASSUMED", "warningsByReason"));
        Assert.Equal(kept, CheckCli.Reason(json, "TIMEZONE_INFERRED", "warningsByReason"));
    }

    [Fact]
    public void Chunk_size_and_threads_do_not_change_the_outcome()
    {
        var baseline = ContactFileCheck.Run(file, new CheckOptions { Threads = 1 });

        foreach (var (rowsPerChunk, threads) in new[] { (1, 2), (2, 2), (3, 1), (4, 4) })
        {
            var other = ContactFileCheck.Run(file, new CheckOptions { RowsPerChunk = rowsPerChunk, Threads = threads });
            Assert.Equal(baseline.Accepted, other.Accepted);
            Assert.Equal(baseline.Duplicates, other.Duplicates);
            Assert.Equal(baseline.ByReason.OrderBy(p => p.Key), other.ByReason.OrderBy(p => p.Key));
            Assert.Equal(baseline.WarningsByReason.OrderBy(p => p.Key), other.WarningsByReason.OrderBy(p => p.Key));
        }
    }
}
