using System.Globalization;
using Callaro.Pipeline.Reporting;

namespace Callaro.Pipeline.Validation;

/// <summary>
/// The duplicate policy as one small function, so a chunk, the file-wide pass in PostgreSQL and a CLI agree.
/// For the rows sharing a key, in file order (row number), <c>occurrence</c> is a row's 0-based position
/// and <c>count</c> the size of the group:
/// <list type="bullet">
/// <item>KEEP_FIRST: excluded when occurrence &gt; 0 (the first row is kept);</item>
/// <item>KEEP_LAST: excluded when occurrence &lt; count - 1 (later rows are corrections);</item>
/// <item>EXCLUDE_ALL: excluded when count &gt; 1 (every row of a repeated key);</item>
/// <item>BLOCK: marked like KEEP_FIRST so the report lists them, and any duplicate blocks launch
/// (<see cref="BlocksLaunch"/>): dedupe upstream and upload again.</item>
/// </list>
/// In SQL: <c>ROW_NUMBER() OVER (PARTITION BY key ORDER BY row_number) - 1</c> and
/// <c>COUNT(*) OVER (PARTITION BY key)</c> give occurrence and count.
/// A file-wide pass must see the keys of every accepted row (including rows a chunk already marked),
/// or EXCLUDE_ALL and KEEP_LAST would miss groups that span chunks.
/// </summary>
public static class DuplicateRules
{
    public static bool IsExcluded(DuplicatePolicy policy, long occurrence, long count) => policy switch
    {
        DuplicatePolicy.KeepFirst or DuplicatePolicy.Block => occurrence > 0,
        DuplicatePolicy.KeepLast => occurrence < count - 1,
        DuplicatePolicy.ExcludeAll => count > 1,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>The 0-based occurrence that survives, or -1 when none does (EXCLUDE_ALL).</summary>
    public static long KeptOccurrence(DuplicatePolicy policy, long count) => policy switch
    {
        DuplicatePolicy.KeepFirst or DuplicatePolicy.Block => 0,
        DuplicatePolicy.KeepLast => count - 1,
        DuplicatePolicy.ExcludeAll => count > 1 ? -1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>Under BLOCK, any duplicate blocks launch.</summary>
    public static bool BlocksLaunch(DuplicatePolicy policy, long duplicateRows) => policy == DuplicatePolicy.Block && duplicateRows > 0;
}

/// <summary>An accepted row's keys (<see cref="RowValidationResult.PhoneKey"/>, <see cref="RowValidationResult.IdentifierKey"/>).</summary>
public readonly record struct DedupeRow(long RowNumber, long PhoneKey, long IdentifierKey);

/// <summary>A row excluded as DUPLICATE or DUPLICATE_IDENTIFIER; <see cref="KeptRowNumber"/> is the row kept in its place (0 when none).</summary>
public readonly record struct DuplicateFinding(long RowNumber, RejectReason Reason, long KeptRowNumber, DuplicatePolicy Policy)
{
    /// <summary>The issue to store with the row.</summary>
    public RowIssue ToIssue(string? column = null)
    {
        string policy = ContractNames.Of(Policy);
        string kept = KeptRowNumber > 0 ? "row " + KeptRowNumber.ToString(CultureInfo.InvariantCulture) : "no row";
        string message = Reason == RejectReason.DuplicateIdentifier
            ? $"Another row has the same identifier with a different phone number; {policy} keeps {kept}."
            : $"Another row has the same phone number; {policy} keeps {kept}.";
        return new RowIssue(Reason, Severity.Error, column, message);
    }
}

/// <summary>The duplicates of a set of rows and whether they block launch (BLOCK).</summary>
public sealed record DuplicateOutcome(IReadOnlyList<DuplicateFinding> Findings, bool BlocksLaunch);

/// <summary>
/// Finds duplicates among accepted rows (one chunk, or any list) with <see cref="DuplicateRules"/>.
/// <para>Key PHONE: rows repeating a phone are DUPLICATE per the policy; then, among the rows left, rows
/// sharing an identifier (necessarily with different phones) are DUPLICATE_IDENTIFIER per the same policy.</para>
/// <para>Key IDENTIFIER: rows repeating an identifier are excluded per the policy: DUPLICATE when their phone
/// is the kept row's (or, under EXCLUDE_ALL, the group has one phone), else DUPLICATE_IDENTIFIER.</para>
/// Rows with a zero key (no valid phone / empty identifier) are left alone. O(n log n).
/// </summary>
public static class DuplicateFinder
{
    /// <summary>The simple form: rows (row number, key) -> row numbers excluded as duplicates, ascending.</summary>
    public static IReadOnlyList<long> FindDuplicates(IReadOnlyList<(long RowNumber, long Key)> rows, DuplicatePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var entries = new List<Entry>(rows.Count);
        foreach (var (rowNumber, key) in rows)
        {
            if (key != 0)
            {
                entries.Add(new Entry(key, rowNumber, 0));
            }
        }

        var excluded = new List<long>();
        foreach (var (group, _) in Groups(entries))
        {
            for (int i = 0; i < group.Count; i++)
            {
                if (DuplicateRules.IsExcluded(policy, i, group.Count))
                {
                    excluded.Add(group[i].RowNumber);
                }
            }
        }

        excluded.Sort();
        return excluded;
    }

    public static DuplicateOutcome Find(IReadOnlyList<DedupeRow> rows, DuplicatePolicy policy, DuplicateKey key)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var findings = new List<DuplicateFinding>();
        var excluded = new HashSet<long>();
        if (key == DuplicateKey.Phone)
        {
            var byPhone = new List<Entry>(rows.Count);
            foreach (var r in rows)
            {
                if (r.PhoneKey != 0)
                {
                    byPhone.Add(new Entry(r.PhoneKey, r.RowNumber, r.IdentifierKey));
                }
            }

            foreach (var (group, kept) in Groups(byPhone, policy))
            {
                for (int i = 0; i < group.Count; i++)
                {
                    if (DuplicateRules.IsExcluded(policy, i, group.Count))
                    {
                        findings.Add(new DuplicateFinding(group[i].RowNumber, RejectReason.Duplicate, kept, policy));
                        excluded.Add(group[i].RowNumber);
                    }
                }
            }

            var byIdentifier = new List<Entry>(rows.Count);
            foreach (var r in rows)
            {
                if (r.PhoneKey != 0 && r.IdentifierKey != 0 && !excluded.Contains(r.RowNumber))
                {
                    byIdentifier.Add(new Entry(r.IdentifierKey, r.RowNumber, r.PhoneKey));
                }
            }

            foreach (var (group, kept) in Groups(byIdentifier, policy))
            {
                for (int i = 0; i < group.Count; i++)
                {
                    if (DuplicateRules.IsExcluded(policy, i, group.Count))
                    {
                        findings.Add(new DuplicateFinding(group[i].RowNumber, RejectReason.DuplicateIdentifier, kept, policy));
                    }
                }
            }
        }
        else
        {
            var byIdentifier = new List<Entry>(rows.Count);
            foreach (var r in rows)
            {
                if (r.IdentifierKey != 0 && r.PhoneKey != 0)
                {
                    byIdentifier.Add(new Entry(r.IdentifierKey, r.RowNumber, r.PhoneKey));
                }
            }

            foreach (var (group, kept) in Groups(byIdentifier, policy))
            {
                long keptOccurrence = DuplicateRules.KeptOccurrence(policy, group.Count);
                bool onePhone = true;
                for (int i = 1; i < group.Count; i++)
                {
                    onePhone &= group[i].Other == group[0].Other;
                }

                for (int i = 0; i < group.Count; i++)
                {
                    if (!DuplicateRules.IsExcluded(policy, i, group.Count))
                    {
                        continue;
                    }

                    bool samePhone = keptOccurrence >= 0 ? group[i].Other == group[(int)keptOccurrence].Other : onePhone;
                    findings.Add(new DuplicateFinding(
                        group[i].RowNumber,
                        samePhone ? RejectReason.Duplicate : RejectReason.DuplicateIdentifier,
                        kept,
                        policy));
                }
            }
        }

        findings.Sort(static (a, b) => a.RowNumber.CompareTo(b.RowNumber));
        return new DuplicateOutcome(findings, DuplicateRules.BlocksLaunch(policy, findings.Count));
    }

    private readonly record struct Entry(long Key, long RowNumber, long Other);

    /// <summary>Groups of two or more entries sharing a key, each in row order, with the kept row number (0 if none).</summary>
    private static IEnumerable<(List<Entry> Group, long Kept)> Groups(List<Entry> entries, DuplicatePolicy policy = DuplicatePolicy.KeepFirst)
    {
        entries.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.RowNumber.CompareTo(b.RowNumber));
        var group = new List<Entry>();
        int start = 0;
        while (start < entries.Count)
        {
            int end = start + 1;
            while (end < entries.Count && entries[end].Key == entries[start].Key)
            {
                end++;
            }

            if (end - start > 1)
            {
                group.Clear();
                for (int i = start; i < end; i++)
                {
                    group.Add(entries[i]);
                }

                long keptOccurrence = DuplicateRules.KeptOccurrence(policy, group.Count);
                yield return (group, keptOccurrence >= 0 ? group[(int)keptOccurrence].RowNumber : 0);
            }

            start = end;
        }
    }
}
