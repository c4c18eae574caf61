using Microsoft.Extensions.Logging;

namespace Callaro.Grains.Uploads;

/// <summary>The upload grain's log messages (source-generated).</summary>
public sealed partial class ContactUploadGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: adding its contacts to the org directory failed; retrying")]
    private static partial void LogDirectorySyncFailed(ILogger logger, Exception exception, string uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: chunk {ChunkNo} failed (attempt {Attempt})")]
    private static partial void LogChunkFailed(ILogger logger, Exception? exception, string uploadId, int chunkNo, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: {Rows} rows staged; file-wide rules {RulesMs} ms, counts {CountMs} ms")]
    private static partial void LogStaged(ILogger logger, string uploadId, long rows, long rulesMs, long countMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: rows excluded by the suppression list or another campaign took part in duplicate verdicts; judging duplicates over the whole file again")]
    private static partial void LogDuplicatesRedone(ILogger logger, string uploadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId}: validation stopped")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string uploadId);
}
