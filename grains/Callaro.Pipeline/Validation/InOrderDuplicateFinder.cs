namespace Callaro.Pipeline.Validation;

/// <summary>
/// The duplicate rules for the policies that keep a key's first row (KEEP_FIRST, BLOCK), applied as rows
/// arrive in file order: a row's verdict depends only on the rows before it, so each chunk can be judged as
/// soon as every earlier chunk has been, and written with its verdicts instead of updated afterwards.
/// Gives exactly what <see cref="DuplicateFinder.Find"/> gives over the same rows (a property test holds it
/// to that): by phone, a row whose phone an earlier row has is DUPLICATE; of the rest, a row whose
/// identifier an earlier remaining row has is DUPLICATE_IDENTIFIER. By identifier, every later row of an
/// identifier is DUPLICATE when it has the first row's phone, else DUPLICATE_IDENTIFIER.
/// </summary>
public sealed class InOrderDuplicateFinder
{
    private readonly DuplicatePolicy policy;
    private readonly DuplicateKey key;
    private readonly Dictionary<long, long> firstByPhone = [];
    private readonly Dictionary<long, (long Row, long Phone)> firstByIdentifier = [];
    private readonly HashSet<long> keptRows = [];
    private readonly HashSet<long> duplicateRows = [];
    private long lastRow = long.MinValue;

    public InOrderDuplicateFinder(DuplicatePolicy policy, DuplicateKey key)
    {
        if (!Supports(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Only policies that keep a key's first row can be judged in file order.");
        }

        this.policy = policy;
        this.key = key;
    }

    /// <summary>Policies whose verdicts never depend on later rows.</summary>
    public static bool Supports(DuplicatePolicy policy) => policy is DuplicatePolicy.KeepFirst or DuplicatePolicy.Block;

    /// <summary>Rows judged so far that were kept while later rows duplicated them.</summary>
    public int KeptCount => keptRows.Count;

    /// <summary>Rows judged so far that are duplicates.</summary>
    public int DuplicateCount => duplicateRows.Count;

    /// <summary>
    /// Judges the next rows (ascending row numbers, all after any row judged before) and answers the
    /// duplicates among them, in row order. A key of 0 means "none" and never matches.
    /// </summary>
    public List<DuplicateFinding> Next(ReadOnlySpan<long> rowNumbers, ReadOnlySpan<long> phoneKeys, ReadOnlySpan<long> identifierKeys)
    {
        var findings = new List<DuplicateFinding>();
        for (var i = 0; i < rowNumbers.Length; i++)
        {
            var row = rowNumbers[i];
            if (row <= lastRow)
            {
                throw new ArgumentException($"Rows must arrive in file order: row {row} after row {lastRow}.", nameof(rowNumbers));
            }

            lastRow = row;
            if (Judge(row, phoneKeys[i], identifierKeys[i]) is { } finding)
            {
                findings.Add(finding);
                duplicateRows.Add(row);
                keptRows.Add(finding.KeptRowNumber);
            }
        }

        return findings;
    }

    /// <summary>Whether <paramref name="row"/> took part in a duplicate verdict: as the duplicate or as the row kept.</summary>
    public bool TookPart(long row) => duplicateRows.Contains(row) || keptRows.Contains(row);

    private DuplicateFinding? Judge(long row, long phone, long identifier)
    {
        if (key == DuplicateKey.Phone)
        {
            if (phone == 0)
            {
                return null;
            }

            if (!firstByPhone.TryAdd(phone, row))
            {
                return new DuplicateFinding(row, RejectReason.Duplicate, firstByPhone[phone], policy);
            }

            if (identifier == 0)
            {
                return null;
            }

            return firstByIdentifier.TryAdd(identifier, (row, phone))
                ? null
                : new DuplicateFinding(row, RejectReason.DuplicateIdentifier, firstByIdentifier[identifier].Row, policy);
        }

        if (identifier == 0 || phone == 0)
        {
            return null;
        }

        if (firstByIdentifier.TryAdd(identifier, (row, phone)))
        {
            return null;
        }

        var first = firstByIdentifier[identifier];
        return new DuplicateFinding(row, first.Phone == phone ? RejectReason.Duplicate : RejectReason.DuplicateIdentifier, first.Row, policy);
    }
}
