using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Validation;

namespace Callaro.Check;

/// <summary>A previewed row: its values, and the validator's verdict with the mapping (null when the mapping lacks IDENTIFIER or PHONE).</summary>
public sealed record PreviewRow(long RowNumber, IReadOnlyList<string> Values, IReadOnlyList<RowIssue> Issues, ValidatedContact? Contact);

/// <summary>
/// The head of a file (its first <see cref="FileSniffer.HeadSize"/> bytes, plus one to tell whether there is more): the
/// sniff, and the first data rows, read the way the upload grain reads them for the mapping suggestion and the preview.
/// </summary>
public sealed class FileHead
{
    private FileHead(SniffResult sniff, byte[] bytes, int length, IReadOnlyList<HeadRow> rows)
    {
        Sniff = sniff;
        Bytes = bytes;
        Length = length;
        Rows = rows;
    }

    public SniffResult Sniff { get; }

    /// <summary>The bytes read from the start of the stream: <c>Bytes[..Length]</c>; the chunker starts with them.</summary>
    public byte[] Bytes { get; }

    public int Length { get; }

    /// <summary>The head is the whole file.</summary>
    public bool IsWholeFile => Length <= FileSniffer.HeadSize;

    /// <summary>The first data rows of the head (at most the number asked for; a row the head cuts is left out).</summary>
    public IReadOnlyList<HeadRow> Rows { get; }

    /// <summary>Reads and sniffs the head of <paramref name="stream"/> and its first <paramref name="rows"/> data rows.</summary>
    /// <exception cref="PipelineException">UNSUPPORTED_FILE, MALFORMED_CSV or INVALID_INPUT (bad override).</exception>
    public static FileHead Read(Stream stream, SniffOptions? overrides = null, int rows = 50)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[FileSniffer.HeadSize + 1];
        var n = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var whole = n <= FileSniffer.HeadSize;
        var sniffed = bytes.AsSpan(0, Math.Min(n, FileSniffer.HeadSize));
        var sniff = FileSniffer.Sniff(sniffed, whole, overrides);
        return new FileHead(sniff, bytes, n, HeadRows.Read(sniff, sniffed, whole, rows));
    }

    /// <summary>The suggested mapping from the header and the well-formed sample rows.</summary>
    public IReadOnlyList<ColumnMapping> SuggestMapping(string defaultRegion = "US")
    {
        var samples = new List<IReadOnlyList<string>>(Rows.Count);
        foreach (var row in Rows)
        {
            if (row.Error is null)
            {
                samples.Add(row.Fields);
            }
        }

        return MappingSuggester.Suggest(Sniff.Columns, samples, unknownAsCustom: false, defaultRegion);
    }

    /// <summary>
    /// The first <paramref name="count"/> rows run through the real validator with <paramref name="mapping"/>, as the
    /// upload's preview shows them. Without an IDENTIFIER and a PHONE in the mapping, rows come without verdicts.
    /// </summary>
    public IReadOnlyList<PreviewRow> Preview(IReadOnlyList<ColumnMapping> mapping, int count = 20, RowValidatorOptions? options = null)
    {
        RowValidator? validator;
        try
        {
            validator = new RowValidator(Sniff.Columns, mapping, options);
        }
        catch (PipelineException)
        {
            validator = null;
        }

        var result = new List<PreviewRow>(Math.Min(count, Rows.Count));
        foreach (var row in Rows)
        {
            if (result.Count == count)
            {
                break;
            }

            if (row.Error is { } error)
            {
                result.Add(new PreviewRow(row.RowNumber, row.Fields, [new RowIssue(RejectReason.MalformedRow, Severity.Error, null, error)], null));
                continue;
            }

            var verdict = validator?.Validate(row.RowNumber, row.Fields);
            result.Add(new PreviewRow(row.RowNumber, row.Fields, verdict?.Issues ?? [], verdict?.Contact));
        }

        return result;
    }
}
