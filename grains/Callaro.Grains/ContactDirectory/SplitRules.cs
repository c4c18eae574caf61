using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;

namespace Callaro.Grains.ContactDirectory;

/// <summary>What a campaign can be split by: a mapped column of its upload, or a contact field.</summary>
public static class SplitRules
{
    public const int MaxParts = 50;

    public static Result<SplitColumn> Resolve(SplitBy by, IReadOnlyList<ColumnMapping>? mapping)
    {
        if (mapping is null)
        {
            return new Fault(ErrorCodes.InvalidTransition, "The upload has no confirmed mapping yet: confirm it and let validation finish before splitting.");
        }

        if (!string.IsNullOrWhiteSpace(by.Column))
        {
            var column = by.Column.Trim();
            var mapped = mapping.FirstOrDefault(m => string.Equals(m.Column, column, StringComparison.OrdinalIgnoreCase));
            if (mapped is null || mapped.Field == ContactField.Ignore)
            {
                var usable = mapping.Where(m => m.Field != ContactField.Ignore).Select(m => m.Column);
                return new Fault(
                    ErrorCodes.InvalidInput,
                    mapped is null
                        ? $"The file has no column '{column}'. Mapped columns: {string.Join(", ", usable)}."
                        : $"Column '{column}' is mapped to IGNORE, so its values were not kept: map it (e.g. CUSTOM) and confirm the mapping again.");
            }

            if (by.Field is { } field && field != mapped.Field)
            {
                return new Fault(ErrorCodes.InvalidInput, $"Column '{mapped.Column}' is mapped to {Names.Of(mapped.Field)}, not {Names.Of(field)}: pass one of column or field.");
            }

            return mapped.Field == ContactField.Custom
                ? new SplitColumn(ContactField.Custom, $"column {mapped.Column}", mapped.CustomKey ?? mapped.Column)
                : OfField(mapped.Field, $"column {mapped.Column}");
        }

        return by.Field switch
        {
            null => new Fault(ErrorCodes.InvalidInput, "Say what to split by: a column of the file, or a contact field."),
            ContactField.Custom => new Fault(ErrorCodes.InvalidInput, "To split by a custom attribute, pass its column."),
            { } field when mapping.All(m => m.Field != field) =>
                new Fault(ErrorCodes.InvalidInput, $"No column of the file is mapped to {Names.Of(field)}."),
            { } field => OfField(field, Names.Of(field)),
        };
    }

    private static Result<SplitColumn> OfField(ContactField field, string description) => field switch
    {
        ContactField.Timezone or ContactField.Country or ContactField.Company or ContactField.PostalCode or ContactField.FirstName
            or ContactField.LastName or ContactField.Email or ContactField.CrmId or ContactField.Consent => new SplitColumn(field, description, null),
        _ => new Fault(ErrorCodes.InvalidInput, $"Cannot split by {Names.Of(field)}: every contact has its own value. Split by a column such as region, team, country or time zone."),
    };
}
