using System.Text.RegularExpressions;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Reporting;

namespace Callaro.Grains.ContactDirectory;

/// <summary>What a segment may say, checked before it is saved, and its normal form.</summary>
public static partial class SegmentRules
{
    public const int MaxConditions = 20;
    public const int MaxValues = 500;
    public const int MaxNameLength = 120;

    public static Fault? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new Fault(ErrorCodes.InvalidInput, "A segment needs a name.")
        : name.Trim().Length > MaxNameLength ? new Fault(ErrorCodes.InvalidInput, $"A segment name has at most {MaxNameLength} characters.")
        : null;

    /// <summary>Checks and normalises conditions: trimmed, distinct values, countries upper-case, consent names canonical.</summary>
    public static Result<IReadOnlyList<SegmentCondition>> Normalize(IReadOnlyList<SegmentCondition>? conditions)
    {
        if (conditions is null || conditions.Count == 0)
        {
            return new Fault(ErrorCodes.InvalidInput, "A segment needs at least one condition (a segment of everyone is too easy to launch by mistake).");
        }

        if (conditions.Count > MaxConditions)
        {
            return new Fault(ErrorCodes.InvalidInput, $"A segment has at most {MaxConditions} conditions; it has {conditions.Count}.");
        }

        var normalized = new List<SegmentCondition>(conditions.Count);
        for (var i = 0; i < conditions.Count; i++)
        {
            var result = NormalizeOne(conditions[i], $"conditions[{i}]");
            if (result.Fault is { } fault)
            {
                return fault;
            }

            normalized.Add(result.Value!);
        }

        return normalized;
    }

    private static Result<SegmentCondition> NormalizeOne(SegmentCondition condition, string where)
    {
        var field = Names.Of(condition.Field);
        var key = string.IsNullOrWhiteSpace(condition.Key) ? null : condition.Key.Trim();
        if (condition.Field == SegmentField.Custom && key is null)
        {
            return new Fault(ErrorCodes.InvalidInput, $"{where}: a CUSTOM condition needs the attribute's key (the customKey of the mapping).");
        }

        if (condition.Field != SegmentField.Custom && key is not null)
        {
            return new Fault(ErrorCodes.InvalidInput, $"{where}: key is only for CUSTOM conditions, not {field}.");
        }

        var values = (condition.Values ?? []).Select(v => v?.Trim() ?? string.Empty).Where(v => v.Length > 0).ToList();
        switch (condition.Operator)
        {
            case SegmentOperator.Exists when values.Count > 0:
                return new Fault(ErrorCodes.InvalidInput, $"{where}: EXISTS takes no values.");
            case SegmentOperator.Equals when values.Count != 1:
                return new Fault(ErrorCodes.InvalidInput, $"{where}: EQUALS takes exactly one value; it has {values.Count}. Use IN for several.");
            case SegmentOperator.In when values.Count == 0:
                return new Fault(ErrorCodes.InvalidInput, $"{where}: IN needs at least one value.");
            case SegmentOperator.In when values.Count > MaxValues:
                return new Fault(ErrorCodes.InvalidInput, $"{where}: IN takes at most {MaxValues} values.");
        }

        for (var v = 0; v < values.Count; v++)
        {
            switch (condition.Field)
            {
                case SegmentField.Country:
                    values[v] = values[v].ToUpperInvariant();
                    break;
                case SegmentField.Consent:
                    if (!ContractNames.TryParse<Consent>(values[v], out var consent))
                    {
                        return new Fault(ErrorCodes.InvalidInput, $"{where}: CONSENT values are GRANTED, REFUSED or UNKNOWN, not '{values[v]}'.");
                    }

                    values[v] = Names.Of(consent);
                    break;
                case SegmentField.PhonePrefix:
                    if (!PhonePrefix().IsMatch(values[v]))
                    {
                        return new Fault(ErrorCodes.InvalidInput, $"{where}: a PHONE_PREFIX is '+' and 1 to 8 digits of an E.164 number (e.g. +44, +1415), not '{values[v]}'.");
                    }

                    break;
            }
        }

        if (condition.Field is SegmentField.Consent or SegmentField.PhonePrefix && condition.Operator == SegmentOperator.Exists)
        {
            return new Fault(ErrorCodes.InvalidInput, $"{where}: every contact has a {field} (consent is UNKNOWN when not given); use EQUALS or IN.");
        }

        return new SegmentCondition(condition.Field, condition.Operator, key, values.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    [GeneratedRegex(@"^\+[0-9]{1,8}$")]
    private static partial Regex PhonePrefix();
}
