using System.Buffers;
using System.Diagnostics;
using Callaro.Pipeline;
using Callaro.Pipeline.Mapping;
using Callaro.Pipeline.Reading;
using Callaro.Pipeline.Reporting;
using Callaro.Pipeline.Validation;

namespace Callaro.Check;

/// <summary>
/// Runs the contact pipeline offline over a whole file, as an upload would, without a server:
/// sniff the head, suggest the mapping from its first rows, cut the file into row-aligned chunks while it is read
/// (constant memory), validate the chunks in parallel (each thread has its own <see cref="RowValidator"/>), then apply
/// the duplicate policy file-wide (<see cref="DuplicateFinder"/>) over the keys of every accepted row.
/// <para>A chunk hands back only what the counts and the duplicate pass need: per reason counts and, per accepted
/// row, (row number, phone key, identifier key) plus a byte of warning flags. With a report, a second pass re-reads
/// the file and writes every excluded row (rejected and duplicates) in row order with <see cref="RejectionReportWriter"/>.</para>
/// Suppression, consent and other campaigns need the server: <see cref="CheckResult.Suppressed"/> is always 0.
/// </summary>
public static class ContactFileCheck
{
    private const int ReadSize = 256 * 1024;
    private const byte TimezoneMissingFlag = 0x80;
    private const int MaxWarningBits = 7;
    private static readonly int ReasonCount = Enum.GetValues<RejectReason>().Length;

    /// <summary>Checks the file at <paramref name="path"/>.</summary>
    /// <exception cref="PipelineException">The file cannot be read as a contact list, or the suggested mapping lacks IDENTIFIER or PHONE.</exception>
    public static CheckResult Run(string path, CheckOptions? options = null)
    {
        using var stream = OpenRead(path);
        return Run(stream, options, () => OpenRead(path));
    }

    /// <summary>
    /// Checks the file in <paramref name="stream"/>, read from its current position. A report needs the file twice:
    /// <paramref name="reopen"/> gives it again from its start (a seekable stream is rewound when it is null).
    /// </summary>
    public static CheckResult Run(Stream stream, CheckOptions? options = null, Func<Stream>? reopen = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CheckOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowsPerChunk, 1);
        var watch = Stopwatch.StartNew();
        var threads = options.Threads <= 0 ? Environment.ProcessorCount : options.Threads;
        var start = stream.CanSeek ? stream.Position : 0;

        var head = FileHead.Read(stream, new SniffOptions(options.Encoding, options.Delimiter), options.SampleRows);
        var sniff = head.Sniff;
        var mapping = options.Mapping ?? head.SuggestMapping(options.Region);
        MappingRules.Validate(sniff.Columns, mapping);
        var validatorOptions = new RowValidatorOptions { DefaultRegion = options.Region, RequireTimezone = options.RequireTimezone };
        _ = new RowValidator(sniff.Columns, mapping, validatorOptions); // refuses a bad region before any work

        using var report = options.ReportPath is null ? null : new FileStream(options.ReportPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1);

        // Pass 1: count, and keep the keys of accepted rows for the file-wide duplicate pass.
        var totals = new Totals(ReasonCount);
        var chunker = new RawChunker(sniff, new ChunkerOptions(options.RowsPerChunk));
        OrderedParallel.Run(
            ReadChunks(stream, head.Bytes.AsMemory(0, head.Length), chunker),
            threads,
            () => new CountingWorker(sniff, mapping, validatorOptions),
            static (worker, chunk) => worker.Count(chunk),
            totals.Add);

        // File-wide duplicate policy over every accepted row.
        var outcome = DuplicateFinder.Find(totals.AcceptedRows, options.DuplicatePolicy, options.DuplicateKey);
        var byReason = new Dictionary<RejectReason, long>();
        long rejected = 0;
        for (var r = 0; r < ReasonCount; r++)
        {
            if (totals.Errors[r] > 0)
            {
                byReason[(RejectReason)r] = totals.Errors[r];
                rejected += totals.Errors[r];
            }
        }

        var acceptedRows = totals.AcceptedRows;
        var flags = totals.Flags;
        var warningRows = (long[])totals.WarningRows.Clone();
        var warnings = totals.Warnings;
        var timezoneMissing = totals.TimezoneMissing;
        foreach (var finding in outcome.Findings)
        {
            byReason[finding.Reason] = byReason.GetValueOrDefault(finding.Reason) + 1;
            var i = IndexOfRow(acceptedRows, finding.RowNumber);
            var f = flags[i];
            if ((f & TimezoneMissingFlag) != 0)
            {
                timezoneMissing--;
            }

            var w = f & ~TimezoneMissingFlag;
            if (w != 0)
            {
                warnings--;
                for (var bit = 0; bit < MaxWarningBits; bit++)
                {
                    if ((w & (1 << bit)) != 0)
                    {
                        warningRows[(int)RejectReason.PhoneRegionAssumed + bit]--;
                    }
                }
            }
        }

        var warningsByReason = new Dictionary<RejectReason, long>();
        for (var r = 0; r < ReasonCount; r++)
        {
            if (warningRows[r] > 0)
            {
                warningsByReason[(RejectReason)r] = warningRows[r];
            }
        }

        var duplicates = (long)outcome.Findings.Count;
        var accepted = totals.AcceptedRows.Count - duplicates;
        var bytes = chunker.BytesIn;
        var chunks = chunker.ChunkCount;
        var replaced = chunker.ReplacedSequences;
        var findings = outcome.Findings;
        totals.Release();

        // Pass 2 (only with a report): every excluded row in row order, with its original values.
        long reportRows = 0;
        if (report is not null)
        {
            reportRows = WriteReport(report, stream, start, reopen, sniff, mapping, validatorOptions, findings, options, threads);
        }

        return new CheckResult
        {
            TotalRows = totals.Rows,
            Accepted = accepted,
            Rejected = rejected,
            Duplicates = duplicates,
            Suppressed = 0,
            Warnings = warnings,
            TimezoneMissing = timezoneMissing,
            ByReason = byReason,
            WarningsByReason = warningsByReason,
            BlocksLaunch = outcome.BlocksLaunch,
            Encoding = sniff.EncodingName,
            Delimiter = sniff.DelimiterText,
            Columns = sniff.Columns,
            Mapping = mapping,
            Notes = sniff.Notes,
            Options = options,
            Bytes = bytes,
            Chunks = chunks,
            ReplacedSequences = replaced,
            ReportRows = reportRows,
            ElapsedMs = watch.Elapsed.TotalMilliseconds,
        };
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static IEnumerable<RawChunk> ReadChunks(Stream stream, ReadOnlyMemory<byte> head, RawChunker chunker) =>
        CsvStreamReader.ReadChunks(stream, head, chunker, ReadSize);

    private static int IndexOfRow(BlockList<DedupeRow> rows, long rowNumber)
    {
        int lo = 0, hi = rows.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var value = rows[mid].RowNumber;
            if (value == rowNumber)
            {
                return mid;
            }

            if (value < rowNumber)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        throw new InvalidOperationException($"Row {rowNumber} is not among the accepted rows.");
    }

    private static long WriteReport(
        Stream output,
        Stream stream,
        long start,
        Func<Stream>? reopen,
        SniffResult sniff,
        IReadOnlyList<ColumnMapping> mapping,
        RowValidatorOptions validatorOptions,
        IReadOnlyList<DuplicateFinding> findings,
        CheckOptions options,
        int threads)
    {
        var duplicates = new Dictionary<long, DuplicateFinding>(findings.Count);
        foreach (var finding in findings)
        {
            duplicates[finding.RowNumber] = finding;
        }

        Stream again;
        var owned = reopen is not null;
        if (reopen is not null)
        {
            again = reopen();
        }
        else if (stream.CanSeek)
        {
            stream.Position = start;
            again = stream;
        }
        else
        {
            throw new InvalidOperationException("A report needs to read the file twice: give a seekable stream or a way to reopen it.");
        }

        try
        {
            using var writer = RejectionReportWriter.Create(output, sniff.Columns, leaveOpen: true);
            var phoneColumn = mapping.First(m => m.Field == ContactField.Phone).Column;
            var identifierColumn = mapping.First(m => m.Field == ContactField.Identifier).Column;
            OrderedParallel.Run(
                ReadChunks(again, ReadOnlyMemory<byte>.Empty, new RawChunker(sniff, new ChunkerOptions(options.RowsPerChunk))),
                threads,
                () => new ReportingWorker(sniff, mapping, validatorOptions, duplicates, phoneColumn, identifierColumn),
                static (worker, chunk) => worker.Rejections(chunk),
                records =>
                {
                    foreach (var record in records)
                    {
                        writer.Write(record);
                    }
                });
            writer.Flush();
            return writer.RowsWritten;
        }
        finally
        {
            if (owned)
            {
                again.Dispose();
            }
        }
    }

    /// <summary>What one chunk hands back: counts, and the keys and flags of its accepted rows (pooled arrays).</summary>
    private sealed class Tally(int reasons, int capacity)
    {
        public long Rows { get; set; }

        public long[] Errors { get; } = new long[reasons];

        public long[] WarningRows { get; } = new long[reasons];

        public long Warnings { get; set; }

        public long TimezoneMissing { get; set; }

        public DedupeRow[] Accepted { get; } = ArrayPool<DedupeRow>.Shared.Rent(Math.Max(capacity, 1));

        public byte[] Flags { get; } = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));

        public int AcceptedCount { get; set; }
    }

    /// <summary>The file's totals, fed chunk by chunk in file order (so accepted rows stay sorted by row number).</summary>
    private sealed class Totals(int reasons)
    {
        public long Rows { get; private set; }

        public long[] Errors { get; } = new long[reasons];

        public long[] WarningRows { get; } = new long[reasons];

        public long Warnings { get; private set; }

        public long TimezoneMissing { get; private set; }

        public BlockList<DedupeRow> AcceptedRows { get; } = new();

        public BlockList<byte> Flags { get; } = new();

        public void Add(Tally tally)
        {
            Rows += tally.Rows;
            for (var i = 0; i < Errors.Length; i++)
            {
                Errors[i] += tally.Errors[i];
                WarningRows[i] += tally.WarningRows[i];
            }

            Warnings += tally.Warnings;
            TimezoneMissing += tally.TimezoneMissing;
            AcceptedRows.AddRange(tally.Accepted.AsSpan(0, tally.AcceptedCount));
            Flags.AddRange(tally.Flags.AsSpan(0, tally.AcceptedCount));
            ArrayPool<DedupeRow>.Shared.Return(tally.Accepted);
            ArrayPool<byte>.Shared.Return(tally.Flags);
        }

        public void Release()
        {
            AcceptedRows.Clear();
            Flags.Clear();
        }
    }

    /// <summary>One thread's validator, with a reused row of strings holding only the mapped columns.</summary>
    private abstract class Worker
    {
        private readonly int[] mapped;

        protected Worker(SniffResult sniff, IReadOnlyList<ColumnMapping> mapping, RowValidatorOptions options)
        {
            Reader = new ChunkReader(sniff);
            Validator = new RowValidator(sniff.Columns, mapping, options);
            Fields = new string[sniff.Columns.Count];
            Array.Fill(Fields, string.Empty);
            var indexes = new List<int>();
            foreach (var m in mapping)
            {
                if (m.Field != ContactField.Ignore)
                {
                    var index = -1;
                    for (var i = 0; i < sniff.Columns.Count; i++)
                    {
                        if (string.Equals(sniff.Columns[i], m.Column, StringComparison.Ordinal))
                        {
                            index = i;
                            break;
                        }
                    }

                    indexes.Add(index);
                }
            }

            mapped = [.. indexes];
        }

        protected ChunkReader Reader { get; }

        protected RowValidator Validator { get; }

        protected string[] Fields { get; }

        /// <summary>Reads the mapped columns of a well-formed row into <see cref="Fields"/> (the others stay empty: the validator ignores them).</summary>
        protected void ReadMapped(in CsvRow row)
        {
            foreach (var i in mapped)
            {
                Fields[i] = row.GetString(i);
            }
        }
    }

    private sealed class CountingWorker(SniffResult sniff, IReadOnlyList<ColumnMapping> mapping, RowValidatorOptions options)
        : Worker(sniff, mapping, options)
    {
        public Tally Count(RawChunk chunk)
        {
            var tally = new Tally(ReasonCount, chunk.RowCount);
            var accepted = tally.Accepted;
            var flags = tally.Flags;
            var n = 0;
            long rows = 0;
            foreach (var row in Reader.Read(chunk))
            {
                rows++;
                if (row.IsMalformed)
                {
                    tally.Errors[(int)RejectReason.MalformedRow]++;
                    continue;
                }

                ReadMapped(row);
                var result = Validator.Validate(row.RowNumber, Fields);
                RejectReason? primary = null;
                var f = result.TimezoneMissing ? TimezoneMissingFlag : (byte)0;
                foreach (var issue in result.Issues)
                {
                    if (issue.Severity == Severity.Error)
                    {
                        primary = issue.Code;
                        break;
                    }

                    var bit = (int)issue.Code - (int)RejectReason.PhoneRegionAssumed;
                    if ((uint)bit >= MaxWarningBits)
                    {
                        throw new InvalidOperationException($"Warning {issue.Code} has no flag bit.");
                    }

                    f |= (byte)(1 << bit);
                }

                if (primary is { } reason)
                {
                    tally.Errors[(int)reason]++;
                    continue;
                }

                if ((f & ~TimezoneMissingFlag) != 0)
                {
                    tally.Warnings++;
                    for (var bit = 0; bit < MaxWarningBits; bit++)
                    {
                        if ((f & (1 << bit)) != 0)
                        {
                            tally.WarningRows[(int)RejectReason.PhoneRegionAssumed + bit]++;
                        }
                    }
                }

                if ((f & TimezoneMissingFlag) != 0)
                {
                    tally.TimezoneMissing++;
                }

                accepted[n] = new DedupeRow(row.RowNumber, result.PhoneKey, result.IdentifierKey);
                flags[n] = f;
                n++;
            }

            tally.Rows = rows;
            tally.AcceptedCount = n;
            return tally;
        }
    }

    private sealed class ReportingWorker(
        SniffResult sniff,
        IReadOnlyList<ColumnMapping> mapping,
        RowValidatorOptions options,
        Dictionary<long, DuplicateFinding> duplicates,
        string phoneColumn,
        string identifierColumn)
        : Worker(sniff, mapping, options)
    {
        public List<RejectionRecord> Rejections(RawChunk chunk)
        {
            var records = new List<RejectionRecord>();
            foreach (var row in Reader.Read(chunk))
            {
                if (row.ToIssue() is { } malformed)
                {
                    records.Add(RejectionRecord.FromIssues(row.RowNumber, row.ToArray(), [malformed]));
                    continue;
                }

                var values = row.ToArray();
                var result = Validator.Validate(row.RowNumber, values);
                if (!result.Accepted)
                {
                    records.Add(RejectionRecord.FromIssues(row.RowNumber, values, result.Issues, result.Contact.Phone));
                }
                else if (duplicates.TryGetValue(row.RowNumber, out var finding))
                {
                    var column = finding.Reason == RejectReason.DuplicateIdentifier ? identifierColumn : phoneColumn;
                    records.Add(RejectionRecord.FromIssues(row.RowNumber, values, [finding.ToIssue(column)], result.Contact.Phone));
                }
            }

            return records;
        }
    }
}
