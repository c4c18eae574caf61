using System.Diagnostics;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Validation;
using Orleans.Placement;

namespace Callaro.Grains.Uploads;

/// <summary>What ops see of a chunk grain: its last run, not its rows.</summary>
[GenerateSerializer, Alias("callaro.ChunkState")]
public sealed record ChunkState
{
    [Id(0)] public int Run { get; set; }
    [Id(1)] public int Attempts { get; set; }
    [Id(2)] public long Rows { get; set; }
    [Id(3)] public long Accepted { get; set; }
    [Id(4)] public long Rejected { get; set; }
    [Id(5)] public string? Silo { get; set; }
    [Id(6)] public double Milliseconds { get; set; }
    [Id(7)] public DateTimeOffset? DoneAt { get; set; }
}

/// <summary>
/// Validates one stored chunk with the contact pipeline and writes its verdicts. Placed at random so
/// the chunks of one upload spread over every silo of the cluster.
/// </summary>
[RandomPlacement]
public sealed partial class ContactChunkGrain(
    [PersistentState("chunk", StorageNames.Default)] IPersistentState<ChunkState> state,
    UploadStore store,
    ChunkRowWriter writer,
    ILocalSiloDetails silo,
    TimeProvider clock,
    Microsoft.Extensions.Logging.ILogger<ContactChunkGrain> logger) : Grain, IContactChunkGrain
{
    public async Task<ChunkOutcome> ValidateAsync(ChunkJob job)
    {
        var watch = Stopwatch.StartNew();
        // The chunk's bytes travel with the job when the upload grain still holds them (just stored); a retry,
        // a resume or a re-validation reads them back from PostgreSQL.
        var raw = job.Data is { } data
            ? (FirstRow: job.FirstRow, Data: data)
            : await store.ReadChunkAsync(job.UploadId, job.ChunkNo)
                ?? throw new InvalidOperationException($"Chunk {job.ChunkNo} of upload {job.UploadId} is not stored.");

        var readMs = watch.Elapsed.TotalMilliseconds;
        var (accepted, rejected, rows) = Validate(job, raw.FirstRow, raw.Data);
        var validateMs = watch.Elapsed.TotalMilliseconds - readMs;
        var siloName = silo.SiloAddress.ToParsableString();
        await writer.WriteAsync(job.OrgId, job.UploadId, job.ChunkNo, job.Run, siloName, accepted, rejected, rows);
        LogChunk(logger, job.UploadId, job.ChunkNo, rows, readMs, validateMs, watch.Elapsed.TotalMilliseconds - readMs - validateMs);

        state.State.Attempts = state.State.Run == job.Run ? state.State.Attempts + 1 : 1;
        state.State.Run = job.Run;
        state.State.Rows = rows;
        state.State.Accepted = accepted.Count;
        state.State.Rejected = rejected.Count;
        state.State.Silo = siloName;
        state.State.Milliseconds = watch.Elapsed.TotalMilliseconds;
        state.State.DoneAt = clock.GetUtcNow();
        await state.WriteStateAsync();

        // The work is done; nothing is gained by keeping thousands of chunk activations alive.
        DeactivateOnIdle();
        return new ChunkOutcome(job.ChunkNo, rows, accepted.Count, rejected.Count, siloName, KeysOf(accepted));
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Debug, Message = "Upload {UploadId} chunk {ChunkNo}: {Rows} rows; read {ReadMs:F0} ms, validate {ValidateMs:F0} ms, write {WriteMs:F0} ms")]
    private static partial void LogChunk(Microsoft.Extensions.Logging.ILogger logger, string uploadId, int chunkNo, long rows, double readMs, double validateMs, double writeMs);

    /// <summary>The row rules over one chunk: pure, so it is also what tests and the CLI exercise.</summary>
    public static (List<RowValidationResult> Accepted, List<RejectedRow> Rejected, long Rows) Validate(ChunkJob job, long firstRow, byte[] data)
    {
        var reader = new ChunkReader(job.Delimiter, job.Columns.Count);
        var validator = new RowValidator(job.Columns, job.Mapping, new RowValidatorOptions { DefaultRegion = job.DefaultRegion, RequireTimezone = job.RequireTimezone });
        var accepted = new List<RowValidationResult>(10_000);
        var rejected = new List<RejectedRow>();
        long rows = 0;
        foreach (var row in reader.Read(data, firstRow))
        {
            rows++;
            var fields = row.ToArray();
            if (row.IsMalformed)
            {
                rejected.Add(new RejectedRow(row.RowNumber, RejectReason.MalformedRow, [Names.Of(RejectReason.MalformedRow)], row.Error ?? "The row is malformed.", fields, null));
                continue;
            }

            var result = validator.Validate(row.RowNumber, fields);
            if (result.Accepted)
            {
                accepted.Add(result);
            }
            else
            {
                rejected.Add(ToRejected(result, fields));
            }
        }

        return (accepted, rejected, rows);
    }

    private static ChunkKeys KeysOf(List<RowValidationResult> accepted)
    {
        var rows = new long[accepted.Count];
        var phones = new long[accepted.Count];
        var identifiers = new long[accepted.Count];
        for (var i = 0; i < accepted.Count; i++)
        {
            rows[i] = accepted[i].RowNumber;
            phones[i] = accepted[i].PhoneKey;
            identifiers[i] = accepted[i].IdentifierKey;
        }

        return new ChunkKeys(rows, phones, identifiers);
    }

    private static RejectedRow ToRejected(RowValidationResult result, string[] fields)
    {
        RejectReason? primary = null;
        var reasons = new List<string>(2);
        var messages = new List<string>(2);
        foreach (var issue in result.Issues)
        {
            if (issue.Severity == Severity.Error)
            {
                primary ??= issue.Code;
                reasons.Add(Names.Of(issue.Code));
                messages.Add(issue.Message);
            }
        }

        return new RejectedRow(result.RowNumber, primary!.Value, [.. reasons], string.Join(" ", messages), fields, result.Contact.Phone);
    }
}
