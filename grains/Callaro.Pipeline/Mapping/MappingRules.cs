using Callaro.Pipeline.Reporting;

namespace Callaro.Pipeline.Mapping;

/// <summary>
/// The rules a confirmed mapping must follow. Violations throw <see cref="PipelineException"/> with
/// INVALID_INPUT and a message naming the problem and what to do.
/// <list type="bullet">
/// <item>every mapped column exists in the file (exact header text) and appears once in the header;</item>
/// <item>each column is mapped at most once;</item>
/// <item>exactly one IDENTIFIER and exactly one PHONE; every other field except CUSTOM and IGNORE at most once;</item>
/// <item>CUSTOM needs a customKey (at most 64 characters, unique among the mapping, case-insensitive);
/// other fields must not carry one.</item>
/// </list>
/// Columns the mapping does not mention are ignored.
/// </summary>
public static class MappingRules
{
    public const int MaxCustomKeyLength = 64;

    public static void Validate(IReadOnlyList<string> columns, IReadOnlyList<ColumnMapping> mapping)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(mapping);

        var headerCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string c in columns)
        {
            headerCounts[c] = headerCounts.GetValueOrDefault(c) + 1;
        }

        var mappedColumns = new HashSet<string>(StringComparer.Ordinal);
        var fieldColumns = new Dictionary<ContactField, string>();
        var customKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var m in mapping)
        {
            if (m is null)
            {
                throw Invalid("The mapping contains an empty entry.");
            }

            if (!headerCounts.TryGetValue(m.Column ?? string.Empty, out int count))
            {
                throw Invalid($"Column '{m.Column}' is not in the file. The file's columns are: {List(columns)}.");
            }

            if (count > 1)
            {
                throw Invalid($"Column '{m.Column}' appears {count} times in the file's header, so it cannot be told apart: rename the duplicates and upload again.");
            }

            if (!mappedColumns.Add(m.Column!))
            {
                throw Invalid($"Column '{m.Column}' is mapped more than once: map each column to one field.");
            }

            if (!Enum.IsDefined(m.Field))
            {
                throw Invalid($"Column '{m.Column}' is mapped to an unknown field.");
            }

            if (m.Field == ContactField.Custom)
            {
                string key = m.CustomKey?.Trim() ?? string.Empty;
                if (key.Length == 0)
                {
                    throw Invalid($"Column '{m.Column}' is mapped to CUSTOM without a customKey: give the attribute a name.");
                }

                if (key.Length > MaxCustomKeyLength)
                {
                    throw Invalid($"The customKey of column '{m.Column}' is longer than {MaxCustomKeyLength} characters.");
                }

                if (customKeys.TryGetValue(key, out var other))
                {
                    throw Invalid($"Columns '{other}' and '{m.Column}' both use customKey '{key}': custom keys must be unique.");
                }

                customKeys[key] = m.Column!;
                continue;
            }

            if (!string.IsNullOrWhiteSpace(m.CustomKey))
            {
                throw Invalid($"Column '{m.Column}' has a customKey but is mapped to {Name(m.Field)}: customKey is only for CUSTOM.");
            }

            if (m.Field == ContactField.Ignore)
            {
                continue;
            }

            if (fieldColumns.TryGetValue(m.Field, out var first))
            {
                throw Invalid($"{Name(m.Field)} is mapped to two columns, '{first}' and '{m.Column}': keep one and map the other to IGNORE or CUSTOM.");
            }

            fieldColumns[m.Field] = m.Column!;
        }

        foreach (var required in (ContactField[])[ContactField.Identifier, ContactField.Phone])
        {
            if (!fieldColumns.ContainsKey(required))
            {
                var candidates = new List<string>();
                foreach (string c in columns)
                {
                    if (!fieldColumns.ContainsValue(c))
                    {
                        candidates.Add(c);
                    }
                }

                throw Invalid(candidates.Count == 0
                    ? $"No column is mapped to {Name(required)}, and every column is already used: the file needs a column to map to {Name(required)}."
                    : $"No column is mapped to {Name(required)}; map one of: {List(candidates)}.");
            }
        }
    }

    private static string Name(ContactField field) => ContractNames.Of(field);

    private static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "'" + c + "'"));

    private static PipelineException Invalid(string message) => new(PipelineErrorCodes.InvalidInput, message);
}
