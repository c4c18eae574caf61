using Callaro.Pipeline;

namespace Callaro.Grains.Storage;

/// <summary>The warnings an accepted contact carries, as bits of <c>upload_contacts.warning_flags</c>.</summary>
public static class WarningFlags
{
    public static readonly RejectReason[] Reasons =
    [
        RejectReason.PhoneRegionAssumed,
        RejectReason.TimezoneInferred,
        RejectReason.TimezoneAlias,
        RejectReason.TimezoneConflict,
    ];

    public static short Of(IReadOnlyList<RowIssue> issues)
    {
        var flags = 0;
        for (var i = 0; i < issues.Count; i++)
        {
            var issue = issues[i];
            if (issue.Severity == Severity.Warning)
            {
                var bit = Array.IndexOf(Reasons, issue.Code);
                if (bit >= 0)
                {
                    flags |= 1 << bit;
                }
            }
        }

        return (short)flags;
    }

    /// <summary>SQL that counts, per warning reason, the rows matching <paramref name="where"/>: one column per reason.</summary>
    public static string CountSql(string where) =>
        "SELECT " + string.Join(", ", Reasons.Select((_, bit) => $"count(*) FILTER (WHERE warning_flags & {1 << bit} <> 0)")) + $" FROM upload_contacts WHERE {where}";
}
