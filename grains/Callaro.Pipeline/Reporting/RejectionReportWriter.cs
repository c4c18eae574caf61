using System.Globalization;
using System.Text;

namespace Callaro.Pipeline.Reporting;

/// <summary>One rejected row for the report: its number, its original values, why, and the phone as read.</summary>
public sealed record RejectionRecord(
    long RowNumber,
    IReadOnlyList<string> Values,
    IReadOnlyList<RejectReason> Reasons,
    IReadOnlyList<string> Messages,
    string? NormalizedPhone = null)
{
    /// <summary>Builds a record from a row's issues: the ERROR issues are the reasons; their messages follow.</summary>
    public static RejectionRecord FromIssues(long rowNumber, IReadOnlyList<string> values, IEnumerable<RowIssue> issues, string? normalizedPhone = null)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var reasons = new List<RejectReason>();
        var messages = new List<string>();
        foreach (var issue in issues)
        {
            if (issue.Severity == Severity.Error && !reasons.Contains(issue.Code))
            {
                reasons.Add(issue.Code);
                messages.Add(issue.Column is null ? issue.Message : issue.Column + ": " + issue.Message);
            }
        }

        return new RejectionRecord(rowNumber, values, reasons, messages, normalizedPhone);
    }
}

/// <summary>
/// Streams the rejection report CSV: <c>row_number</c>, the file's original columns, <c>reason_codes</c>
/// (contract names joined by <c>|</c>, e.g. <c>PHONE_INVALID|TIMEZONE_UNKNOWN</c>), <c>messages</c>
/// (joined by <c> | </c>) and <c>normalized_phone</c> (E.164 when the phone was read).
/// UTF-8 with BOM (Excel then reads accents right), CRLF line ends, comma delimiter, RFC 4180 quoting;
/// every cell is neutralised against formula injection (<see cref="CsvCells"/>) except an E.164
/// normalized_phone, which keeps its readable leading <c>+</c>.
/// A row with fewer values than columns is padded with empty cells; values beyond the header are joined
/// into the last column so nothing is lost. One row is buffered at a time; the header is written with
/// the first row (or on <see cref="Flush"/>/dispose for an empty report).
/// </summary>
public sealed class RejectionReportWriter : IDisposable, IAsyncDisposable
{
    /// <summary>UTF-8 that writes a BOM.</summary>
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public const string RowNumberColumn = "row_number";
    public const string ReasonCodesColumn = "reason_codes";
    public const string MessagesColumn = "messages";
    public const string NormalizedPhoneColumn = "normalized_phone";

    private const char Delimiter = ',';
    private const string NewLine = "\r\n";

    private readonly TextWriter writer;
    private readonly bool leaveOpen;
    private readonly string[] columns;
    private readonly StringBuilder line = new(256);
    private bool headerWritten;
    private bool disposed;

    public RejectionReportWriter(TextWriter writer, IReadOnlyList<string> columns, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(columns);
        this.writer = writer;
        this.leaveOpen = leaveOpen;
        this.columns = [.. columns];
    }

    /// <summary>A writer over a stream, UTF-8 with BOM.</summary>
    public static RejectionReportWriter Create(Stream stream, IReadOnlyList<string> columns, bool leaveOpen = false) =>
        new(new StreamWriter(stream, Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: leaveOpen), columns, leaveOpen: false);

    public long RowsWritten { get; private set; }

    public void Write(RejectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(disposed, this);
        BuildRow(record);
        writer.Write(line);
        line.Clear();
        RowsWritten++;
    }

    public async Task WriteAsync(RejectionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(disposed, this);
        BuildRow(record);
        await writer.WriteAsync(line, cancellationToken);
        line.Clear();
        RowsWritten++;
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!headerWritten)
        {
            EnsureHeader();
            writer.Write(line);
            line.Clear();
        }

        writer.Flush();
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!headerWritten)
        {
            EnsureHeader();
            await writer.WriteAsync(line, cancellationToken);
            line.Clear();
        }

        await writer.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        Flush();
        disposed = true;
        if (!leaveOpen)
        {
            writer.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        await FlushAsync();
        disposed = true;
        if (!leaveOpen)
        {
            await writer.DisposeAsync();
        }
    }

    /// <summary>Puts the header (once) and the row into <see cref="line"/>.</summary>
    private void BuildRow(RejectionRecord record)
    {
        line.Clear();
        EnsureHeader();

        line.Append(record.RowNumber.ToString(CultureInfo.InvariantCulture));
        var values = record.Values ?? [];
        for (int i = 0; i < columns.Length; i++)
        {
            line.Append(Delimiter);
            string value = i < values.Count ? values[i] ?? string.Empty : string.Empty;
            if (i == columns.Length - 1 && values.Count > columns.Length)
            {
                var extra = new StringBuilder(value);
                for (int j = columns.Length; j < values.Count; j++)
                {
                    extra.Append(Delimiter).Append(values[j]);
                }

                value = extra.ToString();
            }

            CsvCells.Append(line, value, Delimiter);
        }

        line.Append(Delimiter);
        var codes = new StringBuilder();
        foreach (var reason in record.Reasons ?? [])
        {
            if (codes.Length > 0)
            {
                codes.Append('|');
            }

            codes.Append(ContractNames.Of(reason));
        }

        CsvCells.Append(line, codes.ToString(), Delimiter);
        line.Append(Delimiter);
        CsvCells.Append(line, string.Join(" | ", record.Messages ?? []), Delimiter);
        line.Append(Delimiter);
        string phone = record.NormalizedPhone ?? string.Empty;
        CsvCells.Append(line, phone, Delimiter, neutralise: !CsvCells.IsE164(phone));
        line.Append(NewLine);
    }

    private void EnsureHeader()
    {
        if (headerWritten)
        {
            return;
        }

        headerWritten = true;
        CsvCells.Append(line, RowNumberColumn, Delimiter);
        foreach (string c in columns)
        {
            line.Append(Delimiter);
            CsvCells.Append(line, c, Delimiter);
        }

        line.Append(Delimiter).Append(ReasonCodesColumn)
            .Append(Delimiter).Append(MessagesColumn)
            .Append(Delimiter).Append(NormalizedPhoneColumn)
            .Append(NewLine);
    }
}
