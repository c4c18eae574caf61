using System.Collections.Frozen;
using System.Text;

namespace Callaro.Pipeline.Reporting;

/// <summary>
/// Contract (GraphQL) names of the pipeline enums: <c>RejectReason.PhoneInvalid</c> &lt;-&gt; <c>PHONE_INVALID</c>,
/// <c>ContactField.CrmId</c> &lt;-&gt; <c>CRM_ID</c>, <c>DuplicatePolicy.KeepFirst</c> &lt;-&gt; <c>KEEP_FIRST</c>.
/// The C# names mirror the schema one to one, so the contract name is the member name in SCREAMING_SNAKE_CASE.
/// </summary>
public static class ContractNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ToName.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>Parses a contract name (exact, SCREAMING_SNAKE_CASE; case-insensitive).</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        if (name is not null && Names<TEnum>.FromName.TryGetValue(name.Trim(), out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string Of(RejectReason reason) => Of<RejectReason>(reason);

    public static RejectReason ParseRejectReason(string name) =>
        TryParse<RejectReason>(name, out var reason)
            ? reason
            : throw new PipelineException(PipelineErrorCodes.InvalidInput, $"'{name}' is not a RejectReason.");

    /// <summary>"PhoneInvalid" -> "PHONE_INVALID".</summary>
    internal static string ToScreamingSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToName =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => ToScreamingSnake(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromName =
            ToName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);
    }
}
