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

    /// <summary>The bytes were read back from PostgreSQL (a retry, a resume, or validation far behind receiving), not handed over.</summary>
    [Id(8)] public bool ReadBack { get; set; }
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
    private static readonly ChunkKeys NoKeys = new([], [], []);

    public async Task<ChunkOutcome> ValidateAsync(ChunkJob job)
    {
        try
        {
            return await ValidateAndWriteAsync(job);
        }
        catch (Npgsql.NpgsqlException e)
        {
            // Npgsql's exceptions have no Orleans codec: passed on as they are, the upload (and the user reading its
            // error) would see "could not find a codec" instead of what the database said.
            LogDatabaseRefused(logger, e, job.UploadId, job.ChunkNo);
            throw new InvalidOperationException($"the database refused chunk {job.ChunkNo}: {e.Message}");
        }
    }

    private async Task<ChunkOutcome> ValidateAndWriteAsync(ChunkJob job)
    {
        if (job.UploadNo <= 0)
        {
            throw new ArgumentException($"Chunk {job.ChunkNo} of upload {job.UploadId} came without the upload's number: its contacts would have no key.", nameof(job));
        }

        var watch = Stopwatch.StartNew();
        // The chunk's bytes travel with the job when the upload grain still holds them (just stored); a retry,
        // a resume or a re-validation reads them back from PostgreSQL.
        var raw = job.Data is { } data
            ? (FirstRow: job.FirstRow, Data: data)
            : await store.ReadChunkAsync(job.UploadId, job.ChunkNo)
                ?? throw new InvalidOperationException($"Chunk {job.ChunkNo} of upload {job.UploadId} is not stored.");

        var readMs = watch.Elapsed.TotalMilliseconds;
        using var verdicts = Validate(job, raw.FirstRow, raw.Data);
        var validateMs = watch.Elapsed.TotalMilliseconds - readMs;
        var keys = verdicts.Keys();
        var waitStart = watch.Elapsed.TotalMilliseconds;
        if (job.DuplicatesInOrder)
        {
            // Judged in file order by the upload grain (after every earlier chunk), then written with the rows.
            var duplicates = await GrainFactory.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(job.OrgId, job.UploadId)).DuplicatesOfAsync(job.Run, job.ChunkNo, keys);
            verdicts.MarkExcluded(Marks(duplicates));
        }

        var waitMs = watch.Elapsed.TotalMilliseconds - waitStart;
        var siloName = silo.SiloAddress.ToParsableString();
        await writer.WriteAsync(job.OrgId, job.UploadId, job.ChunkNo, job.Run, siloName, verdicts);
        LogChunk(logger, job.UploadId, job.ChunkNo, verdicts.Rows, readMs, validateMs, waitMs, watch.Elapsed.TotalMilliseconds - readMs - validateMs - waitMs);

        state.State.Attempts = state.State.Run == job.Run ? state.State.Attempts + 1 : 1;
        state.State.Run = job.Run;
        state.State.Rows = verdicts.Rows;
        state.State.Accepted = verdicts.Accepted;
        state.State.Rejected = verdicts.Rejected;
        state.State.Silo = siloName;
        state.State.Milliseconds = watch.Elapsed.TotalMilliseconds;
        state.State.DoneAt = clock.GetUtcNow();
        state.State.ReadBack = job.Data is null;
        await state.WriteStateAsync();

        // The work is done; nothing is gained by keeping thousands of chunk activations alive.
        DeactivateOnIdle();
        // Keys judged in order are already with the upload grain; otherwise it gathers them for the file-wide pass.
        return new ChunkOutcome(job.ChunkNo, verdicts.Rows, verdicts.Accepted, verdicts.Rejected, siloName, job.DuplicatesInOrder ? NoKeys : keys);
    }

    private static List<(long, string, string)> Marks(ChunkDuplicates duplicates)
    {
        var marks = new List<(long, string, string)>(duplicates.RowNumbers.Length);
        for (var i = 0; i < duplicates.RowNumbers.Length; i++)
        {
            var finding = new DuplicateFinding(duplicates.RowNumbers[i], duplicates.Reasons[i], duplicates.KeptRows[i], duplicates.Policy);
            marks.Add((finding.RowNumber, Names.Of(finding.Reason), finding.ToIssue().Message));
        }

        return marks;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Upload {UploadId} chunk {ChunkNo}: the database refused the chunk")]
    private static partial void LogDatabaseRefused(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string uploadId, int chunkNo);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Debug, Message = "Upload {UploadId} chunk {ChunkNo}: {Rows} rows; read {ReadMs:F0} ms, validate {ValidateMs:F0} ms, in-order duplicates {WaitMs:F0} ms, write {WriteMs:F0} ms")]
    private static partial void LogChunk(Microsoft.Extensions.Logging.ILogger logger, string uploadId, int chunkNo, long rows, double readMs, double validateMs, double waitMs, double writeMs);

    /// <summary>
    /// The row rules over one chunk, each verdict encoded as it is made: pure (no I/O), so it is also what the
    /// warm-up exercises. Only the columns the mapping uses are decoded; a rejected row keeps all its fields.
    /// </summary>
    public static ChunkVerdicts Validate(ChunkJob job, long firstRow, byte[] data)
    {
        var reader = new ChunkReader(job.Delimiter, job.Columns.Count);
        var validator = new RowValidator(job.Columns, job.Mapping, new RowValidatorOptions { DefaultRegion = job.DefaultRegion, RequireTimezone = job.RequireTimezone });
        var verdicts = new ChunkVerdicts(job.OrgId, job.UploadId, job.UploadNo, job.ChunkNo, data.Length);
        var fields = new string[job.Columns.Count];
        var reads = new bool[fields.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = validator.ReadsColumn(i);
        }

        string[] malformed = [Names.Of(RejectReason.MalformedRow)];
        foreach (var row in reader.Read(data, firstRow))
        {
            if (row.IsMalformed)
            {
                verdicts.Reject(row.RowNumber, RejectReason.MalformedRow, malformed, row.Error ?? "The row is malformed.", row.ToArray(), null);
                continue;
            }

            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reads[i] ? row.GetString(i) : string.Empty;
            }

            var result = validator.Validate(row.RowNumber, (ReadOnlySpan<string>)fields);
            if (result.Accepted)
            {
                verdicts.Accept(result);
            }
            else
            {
                verdicts.Reject(result, row.ToArray());
            }
        }

        return verdicts;
    }
}
