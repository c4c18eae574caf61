using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.ContactDirectory;

/// <summary>
/// A segment's conditions as one SQL predicate over <c>org_contacts</c> (alias given), every value a parameter.
/// Text comparisons ignore case and surrounding spaces: "Acme" and "ACME " are the same company.
/// </summary>
public static class SegmentSql
{
    public static string Where(IReadOnlyList<SegmentCondition> conditions, string alias, List<NpgsqlParameter> parameters)
    {
        var parts = new List<string>(conditions.Count);
        foreach (var condition in conditions)
        {
            parts.Add(Predicate(condition, alias, parameters));
        }

        return parts.Count == 0 ? "TRUE" : "(" + string.Join(" AND ", parts) + ")";
    }

    private static string Predicate(SegmentCondition condition, string alias, List<NpgsqlParameter> parameters)
    {
        if (condition.Field == SegmentField.Consent)
        {
            var codes = condition.Values.Select(v => (short)Names.Parse<Consent>(v)).ToArray();
            return $"{alias}.consent = ANY({Add(parameters, codes)})";
        }

        if (condition.Field == SegmentField.PhonePrefix)
        {
            // One starts_with per prefix, OR-ed: far cheaper per contact than a subquery over an array.
            return "(" + string.Join(" OR ", condition.Values.Select(prefix => $"starts_with({alias}.phone, {Add(parameters, prefix)})")) + ")";
        }

        var column = condition.Field switch
        {
            SegmentField.Country => $"{alias}.country",
            SegmentField.Timezone => $"{alias}.timezone",
            SegmentField.Company => $"{alias}.company",
            SegmentField.Custom => $"({alias}.custom ->> {Add(parameters, condition.Key!)})",
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Field, null),
        };
        if (condition.Operator == SegmentOperator.Exists)
        {
            return $"coalesce(btrim({column}), '') <> ''";
        }

        var lowered = condition.Values.Select(v => v.Trim().ToLowerInvariant()).ToArray();
        return condition.Operator == SegmentOperator.Equals
            ? $"lower(btrim({column})) = {Add(parameters, lowered[0])}"
            : $"lower(btrim({column})) = ANY({Add(parameters, lowered)})";
    }

    private static string Add(List<NpgsqlParameter> parameters, object value)
    {
        var name = $"seg{parameters.Count}";
        parameters.Add(new NpgsqlParameter(name, value));
        return "@" + name;
    }
}
