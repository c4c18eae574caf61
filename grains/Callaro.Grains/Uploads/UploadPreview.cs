using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Validation;

namespace Callaro.Grains.Uploads;

/// <summary>The preview: the first rows of the file, run through the real validator with the current mapping.</summary>
public static class UploadPreview
{
    public static List<PreviewSource> ReadHead(SniffResult sniff, byte[] head, bool headIsWholeFile, int rows) =>
        HeadRows.Read(sniff, head, headIsWholeFile, rows).ConvertAll(row => new PreviewSource(row.RowNumber, [.. row.Fields], row.Error));

    public static IReadOnlyList<PreviewRow> Build(IReadOnlyList<string> columns, IReadOnlyList<ColumnMapping> mapping, string region, IReadOnlyList<PreviewSource> rows, int first)
    {
        RowValidator? validator;
        try
        {
            validator = new RowValidator(columns, mapping, new RowValidatorOptions { DefaultRegion = region });
        }
        catch (PipelineException)
        {
            // The suggestion does not yet name an identifier and a phone: show the values without verdicts.
            validator = null;
        }

        var fields = new Dictionary<string, ColumnMapping>(StringComparer.Ordinal);
        foreach (var entry in mapping)
        {
            fields.TryAdd(entry.Column, entry);
        }

        var result = new List<PreviewRow>(first);
        foreach (var row in rows.Take(first))
        {
            if (row.Error is { } error)
            {
                result.Add(new PreviewRow(row.RowNumber, Cells(columns, row.Fields, fields, null), [new RowIssue(RejectReason.MalformedRow, Severity.Error, null, error)]));
                continue;
            }

            var verdict = validator?.Validate(row.RowNumber, row.Fields);
            result.Add(new PreviewRow(row.RowNumber, Cells(columns, row.Fields, fields, verdict), verdict?.Issues ?? []));
        }

        return result;
    }

    private static List<PreviewCell> Cells(IReadOnlyList<string> columns, List<string> values, Dictionary<string, ColumnMapping> fields, RowValidationResult? verdict)
    {
        var cells = new List<PreviewCell>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var value = i < values.Count ? values[i] : string.Empty;
            fields.TryGetValue(column, out var mapped);
            var field = mapped?.Field;
            var normalized = field is { } f && f != ContactField.Ignore && verdict is not null ? verdict.Contact.NormalizedValue(f, mapped!.CustomKey) : null;
            cells.Add(new PreviewCell(column, value, normalized, field));
        }

        return cells;
    }
}
