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

    /// <summary>Forgets allocation <paramref name="a"/> (the caller has freed it); false when it is not this owner's.</summary>
    public bool RemoveAllocation(in Allocation a)
    {
        for (int i = 0; i < AllocationCount; i++)
        {
            if (Allocations[i].Block == a.Block && Allocations[i].Serial == a.Serial && Allocations[i].PAddr == a.PAddr)
            {
                for (int j = i; j < AllocationCount - 1; j++)
                {
                    Allocations[j] = Allocations[j + 1];
                }

                AllocationCount--;
                Allocations[AllocationCount] = default;
                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets every allocation and the VSpace (the caller has freed them).</summary>
    protected void ResetResources()
    {
        AllocationCount = 0;
        VSpaceSlot = RootSlot.None;
    }
}
