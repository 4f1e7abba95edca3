// What the root task holds on behalf of one owner (a process): its kernel objects as allocations, and its address space.
namespace Smos.RootTask.Resources;

/// <summary>
/// The resource side of a process: every kernel object made for it (as allocations from the untyped manager, freed
/// together when it ends) and the mappings of its VSpace. <see cref="PageMapper"/> maps pages into it.
/// </summary>
internal abstract class ResourceOwner
{
    public const int MaxAllocations = 96;

    public readonly Allocation[] Allocations = new Allocation[MaxAllocations];

    /// <summary>Mappings and page tables in this owner's VSpace (no GC: fixed capacities).</summary>
    public readonly AddressSpace Space = new AddressSpace(tableCapacity: 16, pageCapacity: 320, regionCapacity: 8);

    public int AllocationCount;

    /// <summary>Root slot of this owner's VSpace (top-level page table), or None before it has one.</summary>
    public RootSlot VSpaceSlot;

    public bool AddAllocation(in Allocation a)
    {
        if (AllocationCount >= MaxAllocations)
        {
            return false;
        }

        Allocations[AllocationCount++] = a;
        return true;
    }

    /// <summary>Forgets every allocation and the VSpace (the caller has freed them).</summary>
    protected void ResetResources()
    {
        AllocationCount = 0;
        VSpaceSlot = RootSlot.None;
    }
}
