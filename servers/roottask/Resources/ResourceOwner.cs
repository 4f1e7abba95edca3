// What the root task holds on behalf of one owner (a process): its kernel objects as allocations, and its address space.
using System;

namespace Smos.RootTask.Resources;

/// <summary>
/// The resource side of a process: every kernel object made for it (as allocations from the untyped manager, freed
/// together when it ends, or one by one: a heap grant, a page table whose last page went) and the mappings of its
/// VSpace. <see cref="PageMapper"/> maps pages into it. The records grow with demand: a request's validate step calls
/// <see cref="MakeRoom"/> for what it will add, so that adding cannot fail half-way; they never shrink (a record reused
/// by another process keeps its room).
/// </summary>
internal abstract class ResourceOwner
{
    /// <summary>Allocations a fresh record holds before it first grows (a small app needs about 16).</summary>
    public const int InitialAllocations = 32;

    /// <summary>Mappings, page tables and reserved regions in this owner's VSpace.</summary>
    public readonly AddressSpace Space = new AddressSpace(tableCapacity: 8, pageCapacity: 128, regionCapacity: 4);

    private Allocation[] _allocations = new Allocation[InitialAllocations];

    // Allocation.Block (unique among live allocations: a block holds one) -> index in _allocations.
    private readonly WordHashMap _byBlock = new WordHashMap(InitialAllocations);

    /// <summary>
    /// The owner's quota. Every allocation recorded here is charged to it (memory: the block's bytes; slots: one per
    /// object) and released when it is removed or the owner's resources are reset, so its memory and slots go back to 0.
    /// </summary>
    public readonly QuotaAccount Account = new();

    /// <summary>Root slot of this owner's VSpace (top-level page table), or None before it has one.</summary>
    public RootSlot VSpaceSlot;

    public int AllocationCount { get; private set; }

    /// <summary>Allocations that fit before the list must grow.</summary>
    public int AllocationCapacity => _allocations.Length;

    /// <summary>The allocations, oldest first except where a removal moved the newest into its place.</summary>
    public ReadOnlySpan<Allocation> Allocations => new ReadOnlySpan<Allocation>(_allocations, 0, AllocationCount);

    /// <summary>
    /// Makes room for <paramref name="allocations"/> more allocations and, in <see cref="Space"/>, for
    /// <paramref name="tables"/> tables, <paramref name="pages"/> pages and <paramref name="regions"/> regions. False when
    /// the root task's heap cannot grow or a count is negative or past <see cref="AddressSpace.MaxRecords"/>: every record
    /// is then as it was (room made before the failure stays, as in the root task's other tables).
    /// </summary>
    public bool MakeRoom(int allocations, int tables, int pages, int regions)
    {
        if (allocations < 0 || allocations > AddressSpace.MaxRecords - AllocationCount)
        {
            return false;
        }

        try
        {
            if (!Space.MakeRoom(tables, pages, regions))
            {
                return false;
            }

            int capacity = RecordGrowth.Capacity(_allocations.Length, AllocationCount + allocations, AddressSpace.MaxRecords);
            if (capacity != _allocations.Length)
            {
                var grown = new Allocation[capacity];
                _byBlock.Reserve(capacity - AllocationCount);
                _allocations = RecordGrowth.Copy(_allocations, AllocationCount, grown);
            }

            return true;
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>Records allocation <paramref name="a"/>; false when there is no room (<see cref="MakeRoom"/> first) or its block is recorded already.</summary>
    public bool AddAllocation(in Allocation a)
    {
        if (AllocationCount == _allocations.Length || !_byBlock.TryAdd((ulong)a.Block, AllocationCount))
        {
            return false; // room was made with the list's, so adding a new block does not allocate
        }

        _allocations[AllocationCount++] = a;
        Account.Charge(Protocol.QuotaKind.Memory, a.SizeBytes);
        Account.Charge(Protocol.QuotaKind.Slots, (ulong)a.Count);
        return true;
    }

    /// <summary>
    /// Forgets allocation <paramref name="a"/> (the caller has freed it): found by its block in O(1), its place taken by
    /// the newest allocation. False when it is not this owner's (another block, or a stale copy of an earlier one).
    /// </summary>
    public bool RemoveAllocation(in Allocation a)
    {
        if (!_byBlock.TryGet((ulong)a.Block, out int i) || _allocations[i].Serial != a.Serial || _allocations[i].PAddr != a.PAddr)
        {
            return false;
        }

        _byBlock.Remove((ulong)a.Block);
        Account.Release(Protocol.QuotaKind.Memory, _allocations[i].SizeBytes);
        Account.Release(Protocol.QuotaKind.Slots, (ulong)_allocations[i].Count);
        int last = --AllocationCount;
        if (i != last)
        {
            _allocations[i] = _allocations[last];
            _byBlock.Set((ulong)_allocations[i].Block, i); // present already: no allocation
        }

        _allocations[last] = default;
        return true;
    }

    /// <summary>Forgets every allocation and the VSpace (the caller has freed them); the lists keep their room.</summary>
    protected void ResetResources()
    {
        for (int i = 0; i < AllocationCount; i++)
        {
            Account.Release(Protocol.QuotaKind.Memory, _allocations[i].SizeBytes);
            Account.Release(Protocol.QuotaKind.Slots, (ulong)_allocations[i].Count);
        }

        // Key by key while they are few next to the map's buckets (a process's usual dozen), else all at once.
        if (AllocationCount * 8 < _byBlock.Buckets)
        {
            for (int i = 0; i < AllocationCount; i++)
            {
                _byBlock.Remove((ulong)_allocations[i].Block);
            }
        }
        else
        {
            _byBlock.Clear();
        }

        AllocationCount = 0;
        VSpaceSlot = RootSlot.None;
    }
}
