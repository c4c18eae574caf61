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
    private readonly FirstRows firstByPhone;
    private readonly FirstRows firstByIdentifier;
    private readonly HashSet<long> keptRows = [];
    private readonly HashSet<long> duplicateRows = [];
    private long lastRow = long.MinValue;

    /// <param name="expectedRows">About how many rows will be judged (sizes the tables once instead of growing them).</param>
    public InOrderDuplicateFinder(DuplicatePolicy policy, DuplicateKey key, int expectedRows = 0)
    {
        firstByPhone = new FirstRows(key == DuplicateKey.Phone ? expectedRows : 0, keepPhones: false);
        firstByIdentifier = new FirstRows(expectedRows, keepPhones: key == DuplicateKey.Identifier);
        if (!Supports(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Only policies that keep a key's first row can be judged in file order.");
        }

        this.policy = policy;
        this.key = key;
    }

    /// <summary>Makes room for about <paramref name="rows"/> rows in all, so the tables do not grow (rehash) on the way.</summary>
    public void Reserve(int rows)
    {
        firstByPhone.Reserve(key == DuplicateKey.Phone ? rows : 0);
        firstByIdentifier.Reserve(rows);
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

            var samePhone = firstByPhone.FirstOrAdd(phone, row, 0);
            if (samePhone.Row != row)
            {
                return new DuplicateFinding(row, RejectReason.Duplicate, samePhone.Row, policy);
            }

            if (identifier == 0)
            {
                return null;
            }

            var sameIdentifier = firstByIdentifier.FirstOrAdd(identifier, row, phone);
            return sameIdentifier.Row == row ? null : new DuplicateFinding(row, RejectReason.DuplicateIdentifier, sameIdentifier.Row, policy);
        }

        if (identifier == 0 || phone == 0)
        {
            return null;
        }

        var first = firstByIdentifier.FirstOrAdd(identifier, row, phone);
        return first.Row == row
            ? null
            : new DuplicateFinding(row, first.Phone == phone ? RejectReason.Duplicate : RejectReason.DuplicateIdentifier, first.Row, policy);
    }

    /// <summary>
    /// The first row (and, when asked, its phone) seen per key: open addressing over parallel arrays, 12 or 20
    /// bytes a slot and no per-entry object. A key is never 0, which marks a free slot.
    /// </summary>
    private sealed class FirstRows
    {
        private const double MaxLoad = 0.75;
        private readonly bool keepPhones;
        private long[] keys;
        private uint[] rows;
        private long[] phones;
        private int count;

        public FirstRows(int expected, bool keepPhones)
        {
            var capacity = CapacityFor(expected);
            this.keepPhones = keepPhones;
            keys = new long[capacity];
            rows = new uint[capacity];
            phones = keepPhones ? new long[capacity] : [];
        }

        public void Reserve(int expected)
        {
            if (CapacityFor(expected) is var capacity && capacity > keys.Length)
            {
                Resize(capacity);
            }
        }

        /// <summary>The first row recorded for <paramref name="key"/>; records this one when there is none.</summary>
        public (long Row, long Phone) FirstOrAdd(long key, long row, long phone)
        {
            var mask = keys.Length - 1;
            var slot = (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 32) & mask;
            while (keys[slot] != 0)
            {
                if (keys[slot] == key)
                {
                    return (rows[slot], keepPhones ? phones[slot] : 0);
                }

                slot = (slot + 1) & mask;
            }

            keys[slot] = key;
            // Row numbers fit in 32 bits (4 billion lines is a file of at least 8 GB): 4 bytes a slot saved.
            rows[slot] = checked((uint)row);
            if (keepPhones)
            {
                phones[slot] = phone;
            }

            if (++count > keys.Length * MaxLoad)
            {
                Resize(keys.Length * 2);
            }

            return (row, phone);
        }

        private static int CapacityFor(int expected)
        {
            var capacity = 16;
            while (capacity * MaxLoad < expected)
            {
                capacity *= 2;
            }

            return capacity;
        }

        private void Resize(int capacity)
        {
            var (oldKeys, oldRows, oldPhones) = (keys, rows, phones);
            keys = new long[capacity];
            rows = new uint[keys.Length];
            phones = keepPhones ? new long[keys.Length] : [];
            count = 0;
            for (var i = 0; i < oldKeys.Length; i++)
            {
                if (oldKeys[i] != 0)
                {
                    FirstOrAdd(oldKeys[i], oldRows[i], keepPhones ? oldPhones[i] : 0);
                }
            }
        }
    }
}
