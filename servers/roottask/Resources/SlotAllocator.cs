// A bitmap allocator for the free slots of the root task's CNode: single slots and contiguous runs.
namespace Smos.RootTask.Resources;

/// <summary>
/// Manages slots [First, End) of the root CNode. A set bit is a used slot. Allocation is lowest-first
/// (deterministic). Freeing a slot that is already free, or outside the range, is refused with false and
/// changes nothing. The bitmap is allocated once by the constructor.
/// </summary>
public sealed class SlotAllocator
{
    private readonly ulong[] _used;
    private readonly ulong _first;
    private readonly ulong _end;
    private int _free;

    /// <summary>Lowest bitmap word that may hold a free bit.</summary>
    private int _hint;

    /// <summary>Manages [first, end); an end below first is treated as an empty range.</summary>
    public SlotAllocator(ulong first, ulong end)
    {
        if (end < first)
        {
            end = first;
        }

        _first = first;
        _end = end;
        int capacity = (int)(end - first);
        _used = new ulong[(capacity + 63) / 64];
        _free = capacity;

        // Bits past the end of the range in the last word are permanently used.
        int tail = capacity % 64;
        if (tail != 0)
        {
            _used[_used.Length - 1] = ~0UL << tail;
        }
    }

    public ulong First => _first;

    public ulong End => _end;

    public int Capacity => (int)(_end - _first);

    public int FreeCount => _free;

    /// <summary>True when <paramref name="slot"/> lies in the managed range and is free.</summary>
    public bool IsFree(RootSlot slot) => IsFree(slot.Index);

    private bool IsFree(ulong index)
    {
        if (index < _first || index >= _end)
        {
            return false;
        }

        int bit = (int)(index - _first);
        return (_used[bit >> 6] & (1UL << (bit & 63))) == 0;
    }

    /// <summary>Takes the lowest free slot.</summary>
    public bool TryAlloc(out RootSlot slot)
    {
        for (int w = _hint; w < _used.Length; w++)
        {
            ulong word = _used[w];
            if (word != ~0UL)
            {
                int bit = LowestSetBit(~word);
                _used[w] = word | (1UL << bit);
                _free--;
                _hint = w;
                slot = new RootSlot(_first + (ulong)((w * 64) + bit));
                return true;
            }
        }

        _hint = _used.Length;
        slot = RootSlot.None;
        return false;
    }

    /// <summary>Takes the lowest run of <paramref name="count"/> consecutive free slots (for multi-object retypes).</summary>
    public bool TryAllocRange(int count, out RootSlot first)
    {
        first = RootSlot.None;
        if (count <= 0 || count > _free)
        {
            return false;
        }

        if (count == 1)
        {
            return TryAlloc(out first);
        }

        int capacity = Capacity;
        int run = 0;
        int start = 0;
        int bit = _hint * 64;
        while (bit < capacity)
        {
            ulong word = _used[bit >> 6];
            if (run == 0 && (bit & 63) == 0 && word == ~0UL)
            {
                bit += 64;
                continue;
            }

            if ((word & (1UL << (bit & 63))) != 0)
            {
                run = 0;
                bit++;
                continue;
            }

            if (run == 0)
            {
                start = bit;
            }

            run++;
            bit++;
            if (run == count)
            {
                MarkRange(start, count, used: true);
                _free -= count;
                first = new RootSlot(_first + (ulong)start);
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes a specific slot if it is free.</summary>
    public bool TryTake(RootSlot slot)
    {
        if (!IsFree(slot.Index))
        {
            return false;
        }

        int bit = (int)(slot.Index - _first);
        _used[bit >> 6] |= 1UL << (bit & 63);
        _free--;
        return true;
    }

    /// <summary>Returns <paramref name="slot"/>; false (and no change) when it is outside the range or already free.</summary>
    public bool Free(RootSlot slot)
    {
        if (slot.Index < _first || slot.Index >= _end || IsFree(slot.Index))
        {
            return false;
        }

        int bit = (int)(slot.Index - _first);
        _used[bit >> 6] &= ~(1UL << (bit & 63));
        _free++;
        if ((bit >> 6) < _hint)
        {
            _hint = bit >> 6;
        }

        return true;
    }

    /// <summary>Returns [first, first + count); all or nothing: false when any of them is outside the range or free.</summary>
    public bool FreeRange(RootSlot firstSlot, int count)
    {
        ulong first = firstSlot.Index;
        if (count <= 0 || first < _first || first >= _end || (ulong)count > _end - first)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (IsFree(first + (ulong)i))
            {
                return false;
            }
        }

        int start = (int)(first - _first);
        MarkRange(start, count, used: false);
        _free += count;
        if ((start >> 6) < _hint)
        {
            _hint = start >> 6;
        }

        return true;
    }

    private void MarkRange(int start, int count, bool used)
    {
        for (int bit = start; bit < start + count; bit++)
        {
            ulong mask = 1UL << (bit & 63);
            if (used)
            {
                _used[bit >> 6] |= mask;
            }
            else
            {
                _used[bit >> 6] &= ~mask;
            }
        }
    }

    /// <summary>Index of the lowest set bit of a non-zero word.</summary>
    private static int LowestSetBit(ulong word)
    {
        int bit = 0;
        if ((word & 0xFFFFFFFFUL) == 0) { word >>= 32; bit += 32; }
        if ((word & 0xFFFFUL) == 0) { word >>= 16; bit += 16; }
        if ((word & 0xFFUL) == 0) { word >>= 8; bit += 8; }
        if ((word & 0xFUL) == 0) { word >>= 4; bit += 4; }
        if ((word & 0x3UL) == 0) { word >>= 2; bit += 2; }
        if ((word & 0x1UL) == 0) { bit += 1; }
        return bit;
    }
}
