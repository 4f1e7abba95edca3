// Storage of the buddy blocks: arrays of block records that grow, and per-size free lists sorted by address.
namespace Smos.RootTask.Resources;

/// <summary>
/// Block records in parallel arrays (38 bytes per record), allocated by the constructor and made larger only by
/// <see cref="Grow"/> (never inside an operation of the untyped manager: the heap's own growth takes blocks). Unused
/// records are chained through <see cref="Next"/>. Free RAM blocks are on one doubly linked list per size, sorted by
/// physical address, so the head of a list is the lowest-addressed free block of that size.
/// Device blocks are never on a free list.
/// </summary>
internal sealed class BlockTable
{
    public const int None = -1;
    public const int SizeClasses = 64;

    public ulong[] PAddr;
    private uint[] _slot;
    public byte[] Bits;
    public BlockState[] State;
    public bool[] Device;
    public int[] Parent;
    public int[] ChildLow;
    public int[] ChildHigh;
    public int[] Next;
    public int[] Prev;
    public uint[] Serial;

    private readonly int[] _freeHead;
    private int _unusedHead;
    private int _live;

    public BlockTable(int capacity)
    {
        if (capacity < 0)
        {
            capacity = 0;
        }

        PAddr = new ulong[capacity];
        _slot = new uint[capacity];
        Bits = new byte[capacity];
        State = new BlockState[capacity];
        Device = new bool[capacity];
        Parent = new int[capacity];
        ChildLow = new int[capacity];
        ChildHigh = new int[capacity];
        Next = new int[capacity];
        Prev = new int[capacity];
        Serial = new uint[capacity];
        _freeHead = new int[SizeClasses];
        for (int i = 0; i < SizeClasses; i++)
        {
            _freeHead[i] = None;
        }

        // Unused records chained lowest index first.
        for (int i = 0; i < capacity; i++)
        {
            Next[i] = i + 1 < capacity ? i + 1 : None;
        }

        _unusedHead = capacity > 0 ? 0 : None;
    }

    public int Capacity => PAddr.Length;

    /// <summary>Bytes of one record across the arrays <see cref="Grow"/> allocates (8 + 4 + 1 + 1 + 1 + 4 x 6).</summary>
    public const int BytesPerRecord = 39;

    /// <summary>The arrays <see cref="Grow"/> allocates, each its own object on the heap.</summary>
    public const int Arrays = 11;

    /// <summary>
    /// Makes room for <paramref name="capacity"/> records (no change when there is already room); the new ones are unused.
    /// Throws OutOfMemoryException, changing nothing, when the heap cannot grow.
    /// </summary>
    public void Grow(int capacity)
    {
        int old = Capacity;
        if (capacity <= old)
        {
            return;
        }

        // Every allocation first, then the copies: an allocation that grows the heap takes blocks from these records meanwhile.
        var paddr = new ulong[capacity];
        var slot = new uint[capacity];
        var bits = new byte[capacity];
        var state = new BlockState[capacity];
        var device = new bool[capacity];
        var parent = new int[capacity];
        var childLow = new int[capacity];
        var childHigh = new int[capacity];
        var next = new int[capacity];
        var prev = new int[capacity];
        var serial = new uint[capacity];
        System.Array.Copy(PAddr, paddr, old);
        System.Array.Copy(_slot, slot, old);
        System.Array.Copy(Bits, bits, old);
        System.Array.Copy(State, state, old);
        System.Array.Copy(Device, device, old);
        System.Array.Copy(Parent, parent, old);
        System.Array.Copy(ChildLow, childLow, old);
        System.Array.Copy(ChildHigh, childHigh, old);
        System.Array.Copy(Next, next, old);
        System.Array.Copy(Prev, prev, old);
        System.Array.Copy(Serial, serial, old);
        for (int i = old; i < capacity; i++)
        {
            next[i] = i + 1 < capacity ? i + 1 : _unusedHead;
        }

        PAddr = paddr;
        _slot = slot;
        Bits = bits;
        State = state;
        Device = device;
        Parent = parent;
        ChildLow = childLow;
        ChildHigh = childHigh;
        Next = next;
        Prev = prev;
        Serial = serial;
        _unusedHead = old;
    }

    /// <summary>The root slot of block <paramref name="r"/>'s untyped capability (stored in 32 bits; AddUntyped refuses larger).</summary>
    public RootSlot SlotOf(int r) => new(_slot[r]);

    public int Live => _live;

    public int Available => Capacity - _live;

    /// <summary>Takes an unused record and fills it as a Free block (not yet on a free list); None when full.</summary>
    public int Take(ulong paddr, int bits, RootSlot slot, bool device, int parent)
    {
        int r = _unusedHead;
        if (r == None)
        {
            return None;
        }

        _unusedHead = Next[r];
        _live++;
        PAddr[r] = paddr;
        Bits[r] = (byte)bits;
        _slot[r] = (uint)slot.Index;
        Device[r] = device;
        Parent[r] = parent;
        State[r] = BlockState.Free;
        ChildLow[r] = None;
        ChildHigh[r] = None;
        Next[r] = None;
        Prev[r] = None;
        return r;
    }

    /// <summary>Returns a record (already off any free list) to the unused chain.</summary>
    public void Release(int r)
    {
        State[r] = BlockState.Unused;
        Parent[r] = None;
        ChildLow[r] = None;
        ChildHigh[r] = None;
        Prev[r] = None;
        Next[r] = _unusedHead;
        _unusedHead = r;
        _live--;
    }

    public ulong SizeBytes(int r) => 1UL << Bits[r];

    public bool Contains(int r, ulong paddr) => paddr >= PAddr[r] && paddr - PAddr[r] < SizeBytes(r);

    /// <summary>Lowest-addressed free RAM block of exactly 2^bits bytes, or None.</summary>
    public int FreeHead(int bits) => bits >= 0 && bits < SizeClasses ? _freeHead[bits] : None;

    /// <summary>The lowest-addressed free RAM block among the smallest size &gt;= 2^bits, or None.</summary>
    public int SmallestFree(int bits)
    {
        for (int b = bits < 0 ? 0 : bits; b < SizeClasses; b++)
        {
            if (_freeHead[b] != None)
            {
                return _freeHead[b];
            }
        }

        return None;
    }

    /// <summary>Puts a Free RAM block on the free list of its size, keeping the list sorted by address.</summary>
    public void InsertFree(int r)
    {
        if (Device[r])
        {
            return;
        }

        int bits = Bits[r];
        int prev = None;
        int cur = _freeHead[bits];
        while (cur != None && PAddr[cur] < PAddr[r])
        {
            prev = cur;
            cur = Next[cur];
        }

        Prev[r] = prev;
        Next[r] = cur;
        if (cur != None)
        {
            Prev[cur] = r;
        }

        if (prev != None)
        {
            Next[prev] = r;
        }
        else
        {
            _freeHead[bits] = r;
        }
    }

    /// <summary>Takes a Free RAM block off its free list (no effect for device blocks).</summary>
    public void RemoveFree(int r)
    {
        if (Device[r])
        {
            return;
        }

        int prev = Prev[r];
        int next = Next[r];
        if (prev != None)
        {
            Next[prev] = next;
        }
        else
        {
            _freeHead[Bits[r]] = next;
        }

        if (next != None)
        {
            Prev[next] = prev;
        }

        Prev[r] = None;
        Next[r] = None;
    }
}
