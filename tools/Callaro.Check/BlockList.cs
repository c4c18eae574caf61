using System.Collections;

namespace Callaro.Check;

/// <summary>
/// An append-only list stored in fixed blocks: it grows without copying or doubling, so a million keys take their
/// own size and no more (a <see cref="List{T}"/> would briefly hold one and a half times that while it grows).
/// </summary>
internal sealed class BlockList<T> : IReadOnlyList<T>
    where T : struct
{
    private const int Shift = 13;
    private const int BlockSize = 1 << Shift;
    private const int Mask = BlockSize - 1;

    private readonly List<T[]> blocks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return blocks[index >> Shift][index & Mask];
        }
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        while (!items.IsEmpty)
        {
            var offset = Count & Mask;
            if (offset == 0 && (Count >> Shift) == blocks.Count)
            {
                blocks.Add(new T[BlockSize]);
            }

            var n = Math.Min(items.Length, BlockSize - offset);
            items[..n].CopyTo(blocks[Count >> Shift].AsSpan(offset));
            Count += n;
            items = items[n..];
        }
    }

    public void Clear()
    {
        blocks.Clear();
        Count = 0;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public sealed class Enumerator(BlockList<T> list) : IEnumerator<T>
    {
        private int index = -1;
        private T[]? block;

        public T Current { get; private set; }

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            var next = index + 1;
            if (next >= list.Count)
            {
                return false;
            }

            if ((next & Mask) == 0)
            {
                block = list.blocks[next >> Shift];
            }

            Current = block![next & Mask];
            index = next;
            return true;
        }

        public void Reset()
        {
            index = -1;
            block = null;
        }

        public void Dispose()
        {
        }
    }
}
