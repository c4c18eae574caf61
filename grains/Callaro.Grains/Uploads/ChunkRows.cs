using Callaro.Contracts;
using System.Text.Json;
using Callaro.Grains.Storage;
using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.Uploads;

/// <summary>
/// One chunk's verdicts, encoded as they are made: accepted contacts and rejections go straight into their
/// binary COPY buffers, duplicate keys into arrays, warnings into counters. No per-row object outlives its
/// row, so the garbage collector never copies a chunk's worth of results (it did, at ~1 KB per row).
/// Dispose once written: the COPY buffers are pooled.
/// </summary>
public sealed class ChunkVerdicts : IDisposable
{
    private const short ContactFields = 19;
    private const int TwoNulls = 8;
    private const short RejectionFields = 9;
    private static readonly int ReasonCount = Enum.GetValues<RejectReason>().Length;

    private readonly string orgId;
    private readonly string uploadId;
    private readonly long uploadNo;
    private readonly int chunkNo;
    private readonly List<long> rowNumbers;
    private readonly List<int> verdictAt;
    private readonly List<long> phoneKeys;
    private readonly List<long> identifierKeys;
    private readonly int[] warningsByReason = new int[ReasonCount];
    private readonly List<string> reasons = new(2);
    private readonly List<string> messages = new(2);
    private readonly BinaryCopyWriter contacts;
    private readonly List<(int At, int From, int To)> marks = [];
    private BinaryCopyWriter? markedFields;
    private BinaryCopyWriter? rejections;

    /// <param name="rawBytes">
    /// The chunk's size in the file: a contact encodes to about twice its line, so the COPY buffer is rented once
    /// at the right size instead of doubling (each doubling copied it and kept one more pooled array alive).
    /// </param>
    public ChunkVerdicts(string orgId, string uploadId, long uploadNo, int chunkNo, int rawBytes = 1 << 20)
    {
        this.orgId = orgId;
        this.uploadId = uploadId;
        this.uploadNo = uploadNo;
        this.chunkNo = chunkNo;
        var expectedRows = Math.Max(16, rawBytes / 64);
        contacts = new BinaryCopyWriter(Math.Max(4096, (rawBytes * 2) + (64 * 1024)));
        rowNumbers = new List<long>(expectedRows);
        verdictAt = new List<int>(expectedRows);
        phoneKeys = new List<long>(expectedRows);
        identifierKeys = new List<long>(expectedRows);
    }

    public long Rows { get; private set; }

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>Accepted rows that carry a warning.</summary>
    public int Warned { get; private set; }

    /// <summary>Accepted rows without a time zone.</summary>
    public int TimezoneMissing { get; private set; }

    /// <summary>
    /// The contacts' binary COPY payload (for upload_contacts), in pieces: the rows as encoded, with the
    /// excluded / excluded_message fields of marked rows spliced in (<see cref="MarkExcluded"/>).
    /// </summary>
    public IEnumerable<ReadOnlyMemory<byte>> ContactsCopy()
    {
        var all = contacts.Complete();
        var from = 0;
        foreach (var (at, markFrom, markTo) in marks)
        {
            yield return all[from..at];
            yield return markedFields!.WrittenMemory[markFrom..markTo];
            from = at + TwoNulls;
        }

        yield return all[from..];
    }

    /// <summary>The rejections' binary COPY payload; null when every row was accepted.</summary>
    public ReadOnlyMemory<byte>? RejectionsCopy() => rejections?.Complete();

    public void Accept(RowValidationResult row)
    {
        Rows++;
        Accepted++;
        var c = row.Contact;
        contacts.StartRow(ContactFields);
        contacts.Int64(uploadNo);
        contacts.Int32(chunkNo);
        contacts.Int64(row.RowNumber);
        contacts.Text(c.Identifier);
        contacts.Text(c.Phone!);
        contacts.Text(c.PhoneExtension);
        contacts.Text(c.Timezone);
        contacts.Text(c.FirstName);
        contacts.Text(c.LastName);
        contacts.Text(c.Email);
        contacts.Text(c.Company);
        contacts.Text(c.CrmId);
        contacts.Int16((short)c.Consent);
        contacts.Text(c.PostalCode);
        contacts.Text(c.Country);
        contacts.Jsonb(c.Custom.Count == 0 ? null : JsonSerializer.Serialize(c.Custom));
        contacts.Int16(row.HasWarnings ? WarningFlags.Of(row.Issues) : (short)0);

        // excluded, excluded_message: none yet (MarkExcluded fills them in for rows judged later).
        verdictAt.Add(contacts.Written);
        contacts.Null();
        contacts.Null();

        rowNumbers.Add(row.RowNumber);
        phoneKeys.Add(row.PhoneKey);
        identifierKeys.Add(row.IdentifierKey);
        if (c.Timezone is null)
        {
            TimezoneMissing++;
        }

        if (row.HasWarnings)
        {
            Warned++;
            for (var i = 0; i < row.Issues.Count; i++)
            {
                var issue = row.Issues[i];
                if (issue.Severity == Severity.Warning)
                {
                    warningsByReason[(int)issue.Code]++;
                }
            }
        }
    }

    /// <summary>A row the rules refused: its error reasons (the first is the primary one), their messages, the original fields.</summary>
    public void Reject(RowValidationResult result, string[] original)
    {
        reasons.Clear();
        messages.Clear();
        RejectReason? primary = null;
        foreach (var issue in result.Issues)
        {
            if (issue.Severity == Severity.Error)
            {
                primary ??= issue.Code;
                reasons.Add(Names.Of(issue.Code));
                messages.Add(issue.Message);
            }
        }

        Reject(result.RowNumber, primary!.Value, reasons, string.Join(" ", messages), original, result.Contact.Phone);
    }

    public void Reject(long rowNumber, RejectReason reason, IReadOnlyList<string> reasonNames, string message, string[] original, string? phone)
    {
        Rows++;
        Rejected++;
        rejections ??= new BinaryCopyWriter(64 * 1024);
        rejections.StartRow(RejectionFields);
        rejections.Text(uploadId);
        rejections.Int32(chunkNo);
        rejections.Int64(rowNumber);
        rejections.Text(orgId);
        rejections.Text(Names.Of(reason));
        rejections.TextArray(reasonNames);
        rejections.Text(message);
        rejections.TextArray(original);
        rejections.Text(phone);
    }

    /// <summary>
    /// Gives accepted rows an exclusion (reason name, message) before they are written: the encoded rows are
    /// copied once into a new buffer with the two trailing fields filled in for these rows. Rows in row order.
    /// </summary>
    public void MarkExcluded(IReadOnlyList<(long RowNumber, string Reason, string Message)> marks)
    {
        if (marks.Count == 0)
        {
            return;
        }

        // The two NULLs written for each marked row are replaced when the payload is sent, not moved now: the
        // rows stay where they are, and the new fields go to a small buffer of their own.
        if (this.marks.Count > 0)
        {
            throw new InvalidOperationException($"Chunk {chunkNo} was already marked.");
        }

        markedFields = new BinaryCopyWriter(marks.Count * 160, header: false);
        foreach (var (rowNumber, reason, message) in marks)
        {
            var ordinal = rowNumbers.BinarySearch(rowNumber);
            if (ordinal < 0)
            {
                throw new ArgumentException($"Row {rowNumber} is not an accepted row of chunk {chunkNo}.", nameof(marks));
            }

            var from = markedFields.Written;
            markedFields.Text(reason);
            markedFields.Text(message);
            this.marks.Add((verdictAt[ordinal], from, markedFields.Written));
        }

        this.marks.Sort();
    }

    /// <summary>The accepted rows' duplicate keys, for the file-wide pass.</summary>
    public ChunkKeys Keys() => new([.. rowNumbers], [.. phoneKeys], [.. identifierKeys]);

    /// <summary>Warnings on accepted rows, by reason name.</summary>
    public Dictionary<string, int> WarningsByReason()
    {
        var byReason = new Dictionary<string, int>();
        for (var i = 0; i < warningsByReason.Length; i++)
        {
            if (warningsByReason[i] > 0)
            {
                byReason[Names.Of((RejectReason)i)] = warningsByReason[i];
            }
        }

        return byReason;
    }

    public void Dispose()
    {
        contacts.Dispose();
        markedFields?.Dispose();
        rejections?.Dispose();
    }
}

/// <summary>
/// Writes one chunk's verdicts in a single transaction that first removes whatever an earlier attempt
/// of the same chunk wrote: re-running a chunk replaces its rows, never doubles them.
/// </summary>
public sealed class ChunkRowWriter(NpgsqlDataSource dataSource)
{
    private const string ContactColumns =
        "upload_no, chunk_no, row_number, identifier, phone, phone_ext, timezone, first_name, last_name, email, company, crm_id, consent, postal_code, country, custom, warning_flags, excluded, excluded_message";

    public async Task WriteAsync(
        string orgId, string uploadId, int chunkNo, int run, string silo, ChunkVerdicts verdicts)
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

        // The big write: binary COPY encoded by hand as the rows were validated (see ChunkVerdicts), sent as raw bytes.
        await using (var raw = await connection.BeginRawBinaryCopyAsync($"COPY upload_contacts ({ContactColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var piece in verdicts.ContactsCopy())
            {
                await raw.WriteAsync(piece);
            }
        }

        if (verdicts.RejectionsCopy() is { } rejections)
        {
            await using var raw = await connection.BeginRawBinaryCopyAsync("COPY upload_rejections (upload_id, chunk_no, row_number, org_id, reason, reasons, message, original, phone) FROM STDIN (FORMAT BINARY)");
            await raw.WriteAsync(rejections);
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
            result.Parameters.AddWithValue("rows", (int)verdicts.Rows);
            result.Parameters.AddWithValue("accepted", verdicts.Accepted);
            result.Parameters.AddWithValue("rejected", verdicts.Rejected);
            result.Parameters.AddWithValue("silo", silo);
            result.Parameters.AddWithValue("warned", verdicts.Warned);
            result.Parameters.AddWithValue("tz", verdicts.TimezoneMissing);
            result.Parameters.Add(new NpgsqlParameter("warnings", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(verdicts.WarningsByReason()) });
            await result.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Deletes what validation runs wrote for the upload: all of it, or only chunk <paramref name="chunkNo"/>'s.</summary>
    internal static async Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string uploadId, int? chunkNo)
    {
        await using var clear = new NpgsqlBatch(connection, transaction);
        foreach (var table in new[] { "upload_contacts", "upload_rejections", "upload_chunk_results" })
        {
            var upload = table == "upload_contacts" ? UploadNumbers.ContactsOf("@id") : "upload_id = @id";
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE {upload}{(chunkNo is null ? string.Empty : " AND chunk_no = @no")}");
            command.Parameters.AddWithValue("id", uploadId);
            if (chunkNo is { } no)
            {
                command.Parameters.AddWithValue("no", no);
            }

            clear.BatchCommands.Add(command);
        }

        await clear.ExecuteNonQueryAsync();
    }
}
