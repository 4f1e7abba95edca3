// The root task's capability slots: one bitmap per CNode of its two-level CSpace, lowest free slot first, single slots and runs.
using System.Runtime.CompilerServices;

namespace Smos.RootTask.Resources;

/// <summary>
/// Manages the slots of the root task's CSpace as <see cref="Nodes"/> CNodes of 2^<see cref="NodeBits"/> slots each:
/// node 0 is the boot CNode, of which only [First, End) is managed (the kernel's empty-slot range), and nodes 1.. are
/// second-level CNodes added with <see cref="AddNode"/> (all their slots managed). A slot's cptr is
/// (node &lt;&lt; NodeBits) | index, so the boot CNode's cptrs 0..2^NodeBits-1 keep their meaning (docs/architecture.md,
/// "The root task's CSpace"). Allocation is lowest-first (deterministic): the lowest node with a free slot, then its
/// lowest free slot, in constant time (a bit per node that has a free slot, a summary word per node of its bitmap words
/// that have one). A run (<see cref="TryAllocRange"/>, for multi-object retypes) never crosses a node: the kernel retypes
/// into one CNode. Freeing a slot that is already free, or not managed, is refused with false and changes nothing.
/// Only <see cref="PrepareNode"/> (and <see cref="AddNode"/> when the node was not prepared) allocate on the heap.
/// </summary>
public sealed class SlotAllocator
{
    /// <summary>Largest node: its bitmap has at most 64 words, so one summary word covers it.</summary>
    public const int MaxNodeBits = 12;

    private readonly ulong _first;
    private readonly ulong _end;
    private readonly int _nodeBits;
    private readonly int _words;
    private ulong[]?[] _used;   // per node: a set bit is a used (or unmanaged) slot
    private ulong[] _summary;   // per node: bit w set when word w has a free slot
    private int[] _nodeFree;
    private ulong[] _open;      // bit n set when node n has a free slot
    private int _openHint;      // lowest word of _open that may be non-zero
    private int _nodes;
    private int _maxNodes = 1;
    private int _free;
    private int _capacity;

    /// <summary>Manages [first, end) of one CNode just large enough to hold it (no growth); an end below first is an empty range.</summary>
    public SlotAllocator(ulong first, ulong end)
        : this(first, end, NodeBitsFor(end))
    {
    }

    /// <summary>
    /// Manages [first, end) of the boot CNode of 2^<paramref name="nodeBits"/> slots (1..12; end is clamped to its
    /// size). It cannot grow until <see cref="EnableGrowth"/>.
    /// </summary>
    public SlotAllocator(ulong first, ulong end, int nodeBits)
    {
        if (nodeBits < 1 || nodeBits > MaxNodeBits)
        {
            throw new System.ArgumentOutOfRangeException(nameof(nodeBits));
        }

        ulong size = 1UL << nodeBits;
        end = end > size ? size : end;
        first = first > end ? end : first;
        _first = first;
        _end = end;
        _nodeBits = nodeBits;
        _words = (int)((size + 63) / 64);
        _used = new ulong[]?[1];
        _summary = new ulong[1];
        _nodeFree = new int[1];
        _open = new ulong[1];
        ulong[] bits = NewNodeBits();
        for (ulong i = first; i < end; i++)
        {
            bits[(int)(i >> 6)] &= ~(1UL << (int)(i & 63));
        }

        _used[0] = bits;
        Install(0, (int)(end - first));
    }

    /// <summary>The boot CNode's first managed slot.</summary>
    public ulong First => _first;

    /// <summary>The boot CNode's end of the managed range (exclusive).</summary>
    public ulong End => _end;

    /// <summary>log2 of the slots of one node (the boot CNode's size bits).</summary>
    public int NodeBits => _nodeBits;

    /// <summary>CNodes managed: the boot CNode and the second-level CNodes added.</summary>
    public int Nodes => _nodes;

    /// <summary>The most nodes there may be (1 until growth is enabled; then the top-level CNode's slot count).</summary>
    public int MaxNodes => _maxNodes;

    /// <summary>True while another node may be added.</summary>
    public bool CanGrow => _nodes < _maxNodes;

    /// <summary>The node index (top-level slot) the next <see cref="AddNode"/> fills.</summary>
    public ulong NextNode => (ulong)_nodes;

    /// <summary>True when the next node's bookkeeping exists, so <see cref="AddNode"/> allocates nothing.</summary>
    public bool NextNodePrepared
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => CanGrow && _nodes < _used.Length && _used[_nodes] is not null;
    }

    /// <summary>Managed slots in every node.</summary>
    public int Capacity => _capacity;

    public int FreeCount => _free;

    /// <summary>The cptr of slot <paramref name="index"/> of node <paramref name="node"/>.</summary>
    public static RootSlot SlotOf(ulong node, ulong index, int nodeBits) => new((node << nodeBits) | index);

    /// <summary>The node holding <paramref name="slot"/> (its top-level index).</summary>
    public ulong NodeOf(RootSlot slot) => slot.Index >> _nodeBits;

    /// <summary>
    /// Lets the allocator grow to 2^<paramref name="topBits"/> nodes (the top-level CNode's slots), at most as many as keep
    /// every cptr below 2^32 (the untyped manager stores slots in 32 bits).
    /// </summary>
    public void EnableGrowth(int topBits)
    {
        int most = 32 - _nodeBits;
        _maxNodes = topBits <= 0 ? 1 : 1 << (topBits > most ? most : topBits);
    }

    /// <summary>
    /// Allocates the next node's bookkeeping (about 530 bytes, plus doubling the per-node arrays now and then) so that
    /// <see cref="AddNode"/> does not allocate; false when no node can be added. Throws OutOfMemoryException, changing
    /// nothing, when the heap cannot grow.
    /// </summary>
    public bool PrepareNode()
    {
        if (!CanGrow)
        {
            return false;
        }

        if (_nodes >= _used.Length)
        {
            // Every allocation first, then the copies: an allocation that grows the heap may take slots meanwhile.
            int length = _used.Length * 2 < _maxNodes ? _used.Length * 2 : _maxNodes;
            var used = new ulong[]?[length];
            var summary = new ulong[length];
            var nodeFree = new int[length];
            var open = new ulong[(length + 63) / 64];
            System.Array.Copy(_used, used, _nodes);
            System.Array.Copy(_summary, summary, _nodes);
            System.Array.Copy(_nodeFree, nodeFree, _nodes);
            System.Array.Copy(_open, open, _open.Length);
            _used = used;
            _summary = summary;
            _nodeFree = nodeFree;
            _open = open;
        }

        _used[_nodes] ??= NewNodeBits();
        return true;
    }

    /// <summary>
    /// Adds node <see cref="NextNode"/> with every slot free: the caller has put a CNode of 2^NodeBits slots in that slot
    /// of the top-level CNode. False (and no change) when no node can be added.
    /// </summary>
    public bool AddNode()
    {
        if (!PrepareNode())
        {
            return false;
        }

        ulong[] bits = _used[_nodes]!;
        int size = 1 << _nodeBits;
        for (int w = 0; w < _words; w++)
        {
            bits[w] = size >= 64 ? 0 : ~0UL << size;
        }

        Install(_nodes, size);
        return true;
    }

    /// <summary>True when <paramref name="slot"/> is managed and free.</summary>
    public bool IsFree(RootSlot slot) => Locate(slot.Index, out int n, out int bit) && (_used[n]![bit >> 6] & (1UL << (bit & 63))) == 0;

    /// <summary>Takes the lowest free slot.</summary>
    public bool TryAlloc(out RootSlot slot)
    {
        int n = LowestOpenNode();
        if (n < 0)
        {
            slot = RootSlot.None;
            return false;
        }

        int w = LowestSetBit(_summary[n]);
        int bit = (w * 64) + LowestSetBit(~_used[n]![w]);
        MarkUsed(n, bit);
        Took(n, 1);
        slot = SlotOf((ulong)n, (ulong)bit, _nodeBits);
        return true;
    }

    /// <summary>Takes the lowest run of <paramref name="count"/> consecutive free slots within one node (for multi-object retypes).</summary>
    public bool TryAllocRange(int count, out RootSlot first)
    {
        first = RootSlot.None;
        if (count <= 0 || count > _free || count > 1 << _nodeBits)
        {
            return false;
        }

        if (count == 1)
        {
            return TryAlloc(out first);
        }

        for (int n = 0; n < _nodes; n++)
        {
            if (_nodeFree[n] >= count && FindRun(n, count, out int start))
            {
                for (int bit = start; bit < start + count; bit++)
                {
                    MarkUsed(n, bit);
                }

                Took(n, count);
                first = SlotOf((ulong)n, (ulong)start, _nodeBits);
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes a specific slot if it is free.</summary>
    public bool TryTake(RootSlot slot)
    {
        if (!IsFree(slot))
        {
            return false;
        }

        Locate(slot.Index, out int n, out int bit);
        MarkUsed(n, bit);
        Took(n, 1);
        return true;
    }

    /// <summary>Returns <paramref name="slot"/>; false (and no change) when it is not managed or already free.</summary>
    public bool Free(RootSlot slot)
    {
        if (!Locate(slot.Index, out int n, out int bit) || IsFree(slot))
        {
            return false;
        }

        MarkFree(n, bit);
        Gave(n, 1);
        return true;
    }

    /// <summary>Returns [first, first + count); all or nothing: false when any of them is not managed, is free, or the run crosses a node.</summary>
    public bool FreeRange(RootSlot firstSlot, int count)
    {
        ulong first = firstSlot.Index;
        if (count <= 0 || (ulong)count > (1UL << _nodeBits) || first > ~0UL - (ulong)count ||
            first >> _nodeBits != (first + (ulong)count - 1) >> _nodeBits)
        {
            return false;
        }

        for (ulong i = 0; i < (ulong)count; i++)
        {
            if (!Locate(first + i, out _, out _) || IsFree(new RootSlot(first + i)))
            {
                return false;
            }
        }

        Locate(first, out int n, out int start);
        for (int bit = start; bit < start + count; bit++)
        {
            MarkFree(n, bit);
        }

        Gave(n, count);
        return true;
    }

    private static int NodeBitsFor(ulong end)
    {
        int bits = 1;
        while (bits < MaxNodeBits && (1UL << bits) < end)
        {
            bits++;
        }

        return bits;
    }

    // A node's bitmap with every slot used (slots past a node smaller than 64 stay used for ever).
    private ulong[] NewNodeBits()
    {
        var bits = new ulong[_words];
        for (int w = 0; w < _words; w++)
        {
            bits[w] = ~0UL;
        }

        return bits;
    }

    private void Install(int n, int freeSlots)
    {
        ulong[] bits = _used[n]!;
        ulong summary = 0;
        for (int w = 0; w < _words; w++)
        {
            summary |= bits[w] != ~0UL ? 1UL << w : 0;
        }

        _summary[n] = summary;
        _nodeFree[n] = 0;
        _nodes = n + 1;
        _capacity += freeSlots;
        Gave(n, freeSlots);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Locate(ulong cptr, out int node, out int bit)
    {
        ulong n = cptr >> _nodeBits;
        node = (int)(n < (ulong)_nodes ? n : 0);
        bit = (int)(cptr & ((1UL << _nodeBits) - 1));
        return n < (ulong)_nodes && (n != 0 || (cptr >= _first && cptr < _end));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LowestOpenNode()
    {
        for (int w = _openHint; w < _open.Length; w++)
        {
            if (_open[w] != 0)
            {
                _openHint = w;
                return (w * 64) + LowestSetBit(_open[w]);
            }
        }

        _openHint = _open.Length;
        return -1;
    }

    // The lowest start of count free slots in a row in node n.
    private bool FindRun(int n, int count, out int start)
    {
        ulong[] bits = _used[n]!;
        int size = 1 << _nodeBits;
        int run = 0;
        start = 0;
        int bit = 0;
        while (bit < size)
        {
            ulong word = bits[bit >> 6];
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

            if (++run == count)
            {
                return true;
            }

            bit++;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkUsed(int n, int bit)
    {
        ulong[] bits = _used[n]!;
        int w = bit >> 6;
        bits[w] |= 1UL << (bit & 63);
        if (bits[w] == ~0UL)
        {
            _summary[n] &= ~(1UL << w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkFree(int n, int bit)
    {
        int w = bit >> 6;
        _used[n]![w] &= ~(1UL << (bit & 63));
        _summary[n] |= 1UL << w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Took(int n, int count)
    {
        _free -= count;
        _nodeFree[n] -= count;
        if (_nodeFree[n] == 0)
        {
            _open[n >> 6] &= ~(1UL << (n & 63));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gave(int n, int count)
    {
        _free += count;
        _nodeFree[n] += count;
        if (_nodeFree[n] > 0)
        {
            _open[n >> 6] |= 1UL << (n & 63);
            _openHint = (n >> 6) < _openHint ? n >> 6 : _openHint;
        }
    }

    /// <summary>Index of the lowest set bit of a non-zero word (a de Bruijn multiply: the runtime has no bit intrinsics).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LowestSetBit(ulong word) => DeBruijn[(int)(((word & (0UL - word)) * 0x03F79D71B4CB0A89UL) >> 58)];

    private static System.ReadOnlySpan<byte> DeBruijn =>
    [
        0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
        62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
        46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
    ];
}
