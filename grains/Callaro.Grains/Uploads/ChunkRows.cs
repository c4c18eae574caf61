using System.Text.Json;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.Uploads;

public sealed record RejectedRow(long RowNumber, RejectReason Reason, string[] Reasons, string Message, string[] Original, string? Phone);

/// <summary>
/// Writes one chunk's verdicts in a single transaction that first removes whatever an earlier attempt
/// of the same chunk wrote: re-running a chunk replaces its rows, never doubles them.
/// </summary>
public sealed class ChunkRowWriter(NpgsqlDataSource dataSource)
{
    private const string ContactColumns =
        "upload_id, chunk_no, row_number, org_id, identifier, phone, phone_ext, timezone, first_name, last_name, email, company, crm_id, consent, postal_code, country, custom, warning_flags";

    public async Task WriteAsync(
        string orgId, string uploadId, int chunkNo, int run, string silo,
        IReadOnlyList<RowValidationResult> accepted, IReadOnlyList<RejectedRow> rejected, long rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // One writer per chunk at a time; a run that already committed this chunk is not written twice.
        // synchronous_commit off: a commit lost to a database crash also loses its result row, so the
        // chunk is simply validated again on resume (the upload re-reads results before staging).
        await using (var lockChunk = new NpgsqlCommand(
            "SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(hashtextextended(@id || '/' || @no::text, 0))", connection, transaction))
        {
            lockChunk.Parameters.AddWithValue("id", uploadId);
            lockChunk.Parameters.AddWithValue("no", chunkNo);
            await lockChunk.ExecuteNonQueryAsync();
        }

        var earlierRun = false;
        await using (var guard = new NpgsqlCommand("SELECT run FROM upload_chunk_results WHERE upload_id = @id AND chunk_no = @no", connection, transaction))
        {
            guard.Parameters.AddWithValue("id", uploadId);
            guard.Parameters.AddWithValue("no", chunkNo);
            switch (await guard.ExecuteScalarAsync())
            {
                case int doneRun when doneRun == run:
                    await transaction.RollbackAsync();
                    return;
                case int:
                    earlierRun = true;
                    break;
            }
        }

        // Rows exist only where a committed attempt left its result row (same transaction): without one there is
        // nothing to clear, and no reason to search the block-range index for it.
        if (earlierRun)
        {
            await ClearAsync(connection, transaction, uploadId, chunkNo);
        }

        // The big write: binary COPY encoded by hand into one buffer (see BinaryCopyWriter), sent as raw bytes.
        var copy = new BinaryCopyWriter(Math.Max(4096, accepted.Count * 192));
        foreach (var row in accepted)
        {
            var c = row.Contact;
            copy.StartRow(18);
            copy.Text(uploadId);
            copy.Int32(chunkNo);
            copy.Int64(row.RowNumber);
            copy.Text(orgId);
            copy.Text(c.Identifier);
            copy.Text(c.Phone!);
            copy.Text(c.PhoneExtension);
            copy.Text(c.Timezone);
            copy.Text(c.FirstName);
            copy.Text(c.LastName);
            copy.Text(c.Email);
            copy.Text(c.Company);
            copy.Text(c.CrmId);
            copy.Int16((short)c.Consent);
            copy.Text(c.PostalCode);
            copy.Text(c.Country);
            copy.Jsonb(c.Custom.Count == 0 ? null : JsonSerializer.Serialize(c.Custom));
            copy.Int16(row.HasWarnings ? WarningFlags.Of(row.Issues) : (short)0);
        }

        await using (var raw = await connection.BeginRawBinaryCopyAsync($"COPY upload_contacts ({ContactColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            await raw.WriteAsync(copy.Complete());
        }

        if (rejected.Count > 0)
        {
            var rejections = new BinaryCopyWriter(Math.Max(4096, rejected.Count * 256));
            foreach (var row in rejected)
            {
                rejections.StartRow(9);
                rejections.Text(uploadId);
                rejections.Int32(chunkNo);
                rejections.Int64(row.RowNumber);
                rejections.Text(orgId);
                rejections.Text(Names.Of(row.Reason));
                rejections.TextArray(row.Reasons);
                rejections.Text(row.Message);
                rejections.TextArray(row.Original);
                rejections.Text(row.Phone);
            }

            await using var raw = await connection.BeginRawBinaryCopyAsync("COPY upload_rejections (upload_id, chunk_no, row_number, org_id, reason, reasons, message, original, phone) FROM STDIN (FORMAT BINARY)");
            await raw.WriteAsync(rejections.Complete());
        }

        await using (var result = new NpgsqlCommand(
            """
            INSERT INTO upload_chunk_results (upload_id, chunk_no, org_id, run, rows, accepted, rejected, silo, done_at, warned, timezone_missing, warnings)
            VALUES (@id, @no, @org, @run, @rows, @accepted, @rejected, @silo, now(), @warned, @tz, @warnings)
            """,
            connection,
            transaction))
        {
            result.Parameters.AddWithValue("id", uploadId);
            result.Parameters.AddWithValue("no", chunkNo);
            result.Parameters.AddWithValue("org", orgId);
            result.Parameters.AddWithValue("run", run);
            result.Parameters.AddWithValue("rows", (int)rows);
            result.Parameters.AddWithValue("accepted", accepted.Count);
            result.Parameters.AddWithValue("rejected", rejected.Count);
            result.Parameters.AddWithValue("silo", silo);
            var (warned, timezoneMissing, byReason) = Tally(accepted);
            result.Parameters.AddWithValue("warned", warned);
            result.Parameters.AddWithValue("tz", timezoneMissing);
            result.Parameters.Add(new NpgsqlParameter("warnings", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(byReason) });
            await result.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Accepted rows carrying a warning, without a time zone, and warnings by reason.</summary>
    private static (int Warned, int TimezoneMissing, Dictionary<string, int> ByReason) Tally(IReadOnlyList<RowValidationResult> accepted)
    {
        int warned = 0, timezoneMissing = 0;
        var byReason = new Dictionary<string, int>();
        foreach (var row in accepted)
        {
            if (row.Contact.Timezone is null)
            {
                timezoneMissing++;
            }

            if (!row.HasWarnings)
            {
                continue;
            }

            warned++;
            foreach (var issue in row.Issues)
            {
                if (issue.Severity == Severity.Warning)
                {
                    var name = Names.Of(issue.Code);
                    byReason[name] = byReason.GetValueOrDefault(name) + 1;
                }
            }
        }

        return (warned, timezoneMissing, byReason);
    }

    private static async Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uploadId, int chunkNo)
    {
        await using var clear = new NpgsqlBatch(connection, transaction);
        foreach (var table in new[] { "upload_contacts", "upload_rejections", "upload_chunk_results" })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE upload_id = @id AND chunk_no = @no");
            command.Parameters.AddWithValue("id", uploadId);
            command.Parameters.AddWithValue("no", chunkNo);
            clear.BatchCommands.Add(command);
        }

        await clear.ExecuteNonQueryAsync();
    }
}
