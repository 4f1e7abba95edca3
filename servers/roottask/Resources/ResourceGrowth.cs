// Grows the root task's CSpace (a second-level CNode at a time) and the untyped manager's block records before they run out.
using System.Runtime.CompilerServices;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Called where an allocation of slots starts (<see cref="UntypedManager"/>, <see cref="RootSlots"/>), before anything is
/// chosen: when fewer than <see cref="SlotLowWater"/> slots would be left, and merging the untyped manager's free blocks
/// (<see cref="UntypedManager.Coalesce"/>) does not give back enough, it adds a CNode of 2^NodeBits slots (retyped from
/// untyped memory, its capability copied into the next slot of the top-level CNode); when fewer than
/// <see cref="RecordLowWater"/> block records are unused after the same merge it doubles them. Growth never nests (what it allocates itself
/// comes from the room left), and inside the heap's own growth (<see cref="EnterHeapGrowth"/>) nothing that would
/// allocate on the heap happens: a node whose bookkeeping was prepared beforehand is still added. The low-water marks
/// are larger than what one allocation, with its splits, or one growth of the heap takes, so an allocation finds its
/// slots and records; what a failed growth leaves is the room there was (then NotEnoughMemory, as before growth).
/// Nodes are never returned: their slots are reused.
/// </summary>
public sealed class ResourceGrowth
{
    /// <summary>
    /// Slots that must stay free after an allocation without a new node. Inside a growth of the heap the node prepared
    /// beforehand adds 2^NodeBits more when they run low; with it they hold the largest growth
    /// (<see cref="Smos.RootTask.Platform.RootHeap.MaxChunkPages"/> frames: <see cref="SlotsForHeapGrowth"/>). The
    /// records' own growth, during which no node can be added, first adds nodes for its heap growth.
    /// </summary>
    public const int SlotLowWater = 2048;

    /// <summary>
    /// Slots a growth of the heap by <paramref name="bytes"/> in <paramref name="allocations"/> objects may take: a slot
    /// for each frame and up to two for the splits of its block (after a merge, frames come from large blocks split in
    /// two again and again), for the objects' pages (one more each for rounding) and for the free part a growth leaves
    /// (less than <see cref="HeapChunkPages"/>; twice that, for an object that did not fit the part left before).
    /// </summary>
    public static int SlotsForHeapGrowth(long bytes, int allocations) =>
        (int)(3 * ((bytes / 4096) + allocations + (2 * HeapChunkPages)));

    /// <summary>The most pages one growth of the heap adds beyond what its object needs (<see cref="Smos.RootTask.Platform.RootHeap.QuarterLimitPages"/>).</summary>
    public const int HeapChunkPages = 128;

    /// <summary>Unused block records that must stay after an allocation without more records (as for slots).</summary>
    public const int RecordLowWater = 4096;

    private readonly KernelObjects _kernel;
    private readonly SlotAllocator _slots;
    private readonly UntypedManager _untyped;
    private int _busy;
    private int _heapGrowth;

    public ResourceGrowth(KernelObjects kernel, SlotAllocator slots, UntypedManager untyped)
    {
        _kernel = kernel;
        _slots = slots;
        _untyped = untyped;
    }

    /// <summary>Second-level CNodes added.</summary>
    public int NodesAdded { get; private set; }

    /// <summary>Untyped bytes the added CNodes hold (kept for ever).</summary>
    public ulong NodeBytes { get; private set; }

    /// <summary>Times the block records grew.</summary>
    public int RecordGrowths { get; private set; }

    /// <summary>Free slots when the block records last grew (its heap growth takes slots: <see cref="SlotsForHeapGrowth"/>).</summary>
    public int SlotsFreeAtRecordGrowth { get; private set; }

    /// <summary>Why the last growth failed (NoError when none has).</summary>
    public Sel4Error LastError { get; private set; }

    /// <summary>The heap is growing (its frames come from the untyped manager): nothing here may allocate on the heap until <see cref="ExitHeapGrowth"/>.</summary>
    public void EnterHeapGrowth() => _heapGrowth++;

    public void ExitHeapGrowth() => _heapGrowth--;

    /// <summary>Before an allocation of <paramref name="slots"/> consecutive slots: grows what is low (see the type's summary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prepare(int slots)
    {
        // The usual case, nothing low and the next node's bookkeeping ready: a few comparisons, inlined.
        if (_busy == 0 && (_slots.FreeCount - slots < SlotLowWater || _untyped.BlocksAvailable < RecordLowWater ||
            (!_slots.NextNodePrepared && _slots.CanGrow)))
        {
            Grow(slots);
        }
    }

    private void Grow(int slots)
    {
        _busy++;
        bool heapFree = _heapGrowth == 0;
        // Free blocks not merged yet hold slots and records (the untyped manager merges lazily): merging may be enough.
        if (_slots.FreeCount - slots < SlotLowWater || _untyped.BlocksAvailable < RecordLowWater)
        {
            _untyped.Coalesce();
        }

        // Slots first, for the records' growth too: it grows the heap, whose frames take slots while nothing can add a
        // node (growth does not nest). Short of them, it failed part-way and kept failing, each time with fewer slots.
        bool recordsLow = heapFree && _untyped.BlocksAvailable < RecordLowWater;
        int wanted = slots + SlotLowWater + (recordsLow ? SlotsForHeapGrowth(BlockTable.BytesPerRecord * (long)_untyped.BlockCapacity * 2, BlockTable.Arrays) : 0);
        while (_slots.FreeCount < wanted && _slots.CanGrow && (heapFree || _slots.NextNodePrepared) && Add())
        {
        }

        if (recordsLow && _slots.FreeCount >= wanted)
        {
            SlotsFreeAtRecordGrowth = _slots.FreeCount;
            GrowRecords();
        }

        if (heapFree)
        {
            PrepareNextNode();
        }

        _busy--;
    }

    /// <summary>No run of the slots an allocation needs is free: adds a node now; false when none could be added.</summary>
    public bool AddNode()
    {
        if (_busy > 0 || !_slots.CanGrow || (_heapGrowth > 0 && !_slots.NextNodePrepared))
        {
            return false;
        }

        _busy++;
        bool added = Add();
        _busy--;
        return added;
    }

    // One more node: its bookkeeping, its CNode from untyped memory, its capability in the top level, then the slots.
    private bool Add()
    {
        if (!PrepareNextNode())
        {
            return false;
        }

        Sel4Error e = _untyped.Allocate(ObjectType.CNode, _slots.NodeBits, out Allocation node);
        if (e == Sel4Error.NoError)
        {
            e = _kernel.InstallNode(node.FirstSlot, _slots.NextNode);
            if (e != Sel4Error.NoError)
            {
                _untyped.Free(node);
            }
        }

        if (e != Sel4Error.NoError)
        {
            LastError = e;
            return false;
        }

        _slots.AddNode();
        NodesAdded++;
        NodeBytes += 1UL << node.SizeBits;
        return true;
    }

    private bool PrepareNextNode()
    {
        if (_slots.NextNodePrepared)
        {
            return true;
        }

        if (_heapGrowth > 0)
        {
            return false;
        }

        try
        {
            return _slots.PrepareNode();
        }
        catch (System.OutOfMemoryException)
        {
            LastError = Sel4Error.NotEnoughMemory;
            return false;
        }
    }

    private void GrowRecords()
    {
        try
        {
            _untyped.GrowBlocks(_untyped.BlockCapacity * 2);
            RecordGrowths++;
        }
        catch (System.OutOfMemoryException)
        {
            LastError = Sel4Error.NotEnoughMemory;
        }
    }
}
