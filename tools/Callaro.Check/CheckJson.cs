using System.Text.Encodings.Web;
using System.Text.Json;
using Callaro.Pipeline;
using Callaro.Pipeline.Reporting;

namespace Callaro.Check;

/// <summary>The result as one JSON object, with the contract's names (UploadCounts fields, RejectReason and ContactField values).</summary>
public static class CheckJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(CheckResult result, string? file = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, result, file);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Stream output, CheckResult result, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(output, WriterOptions);
        w.WriteStartObject();
        if (file is not null)
        {
            w.WriteString("file", file);
        }

        w.WriteNumber("totalRows", result.TotalRows);
        w.WriteNumber("accepted", result.Accepted);
        w.WriteNumber("rejected", result.Rejected);
        w.WriteNumber("duplicates", result.Duplicates);
        w.WriteNumber("suppressed", result.Suppressed);
        w.WriteNumber("warnings", result.Warnings);
        Counts(w, "byReason", result.ByReason);
        Counts(w, "warningsByReason", result.WarningsByReason);
        w.WriteNumber("timezoneMissing", result.TimezoneMissing);
        w.WriteBoolean("blocksLaunch", result.BlocksLaunch);
        w.WriteString("encoding", result.Encoding);
        w.WriteString("delimiter", result.Delimiter);
        w.WriteStartArray("columns");
        foreach (var column in result.Columns)
        {
            w.WriteStringValue(column);
        }

        w.WriteEndArray();
        w.WriteStartArray("mapping");
        foreach (var m in result.Mapping)
        {
            w.WriteStartObject();
            w.WriteString("column", m.Column);
            w.WriteString("field", ContractNames.Of(m.Field));
            if (m.CustomKey is null)
            {
                w.WriteNull("customKey");
            }
            else
            {
                w.WriteString("customKey", m.CustomKey);
            }

            if (m.Confidence is { } confidence)
            {
                w.WriteNumber("confidence", Math.Round(confidence, 3));
            }
            else
            {
                w.WriteNull("confidence");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
        w.WriteString("region", result.Options.Region.Trim().ToUpperInvariant());
        w.WriteString("duplicatePolicy", ContractNames.Of(result.Options.DuplicatePolicy));
        w.WriteString("duplicateKey", ContractNames.Of(result.Options.DuplicateKey));
        w.WriteBoolean("requireTimezone", result.Options.RequireTimezone);
        w.WriteNumber("sizeBytes", result.Bytes);
        w.WriteNumber("chunks", result.Chunks);
        w.WriteNumber("rowsPerChunk", result.Options.RowsPerChunk);
        w.WriteNumber("threads", result.Options.Threads <= 0 ? Environment.ProcessorCount : result.Options.Threads);
        w.WriteNumber("replacedSequences", result.ReplacedSequences);
        if (result.Options.ReportPath is { } report)
        {
            w.WriteStartObject("report");
            w.WriteString("path", report);
            w.WriteNumber("rows", result.ReportRows);
            w.WriteEndObject();
        }

        w.WriteNumber("elapsedMs", Math.Round(result.ElapsedMs, 1));
        w.WriteNumber("rowsPerSecond", Math.Round(result.RowsPerSecond));
        w.WriteEndObject();
        w.Flush();
    }

    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyDictionary<RejectReason, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (reason, count) in counts.OrderBy(p => p.Key))
        {
            w.WriteNumber(ContractNames.Of(reason), count);
        }

        w.WriteEndObject();
    }
}
