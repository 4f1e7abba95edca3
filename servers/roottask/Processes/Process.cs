// One process: its identity, its kernel objects (as allocations from the untyped manager) and its state.
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

internal enum ProcessState
{
    Free,
    Running,
}

/// <summary>How a process ended.</summary>
internal enum EndReason
{
    Exited,
    Killed,
    Faulted,
}

/// <summary>
/// A process record. Records are preallocated and reused (there is no GC): every field is reset by
/// <see cref="Reset"/>. All kernel objects of the process are in <see cref="Allocations"/>; freeing them
/// (revoking their untyped blocks) destroys the objects and every capability derived from them.
/// </summary>
internal sealed class Process
{
    public const int MaxAllocations = 96;
    public const int MaxNameBytes = 32;

    public readonly Allocation[] Allocations = new Allocation[MaxAllocations];

    /// <summary>Page tables, pages and reserved regions of the process's address space.</summary>
    public readonly AddressSpace Space = new AddressSpace(tableCapacity: 16, pageCapacity: 320, regionCapacity: 8);
    public readonly byte[] Name = new byte[MaxNameBytes];

    public ProcessState State;
    public ulong Pid;
    public int NameLength;
    public int AllocationCount;
    public ulong TcbSlot;
    public ulong VSpaceSlot;
    public ulong CNodeSlot;
    public ulong NotificationSlot;
    public ulong HeapNext;
    public int HeapPages;
    public int PageQuota;
    public ulong ParentPid;
    public bool AtLineStart;

    /// <summary>A process waiting for this one to end: its saved reply capability (root CNode slot), or 0.</summary>
    public ulong WaiterReplySlot;

    public System.ReadOnlySpan<byte> NameBytes => new System.ReadOnlySpan<byte>(Name, 0, NameLength);

    public void Reset()
    {
        State = ProcessState.Free;
        Pid = 0;
        NameLength = 0;
        AllocationCount = 0;
        TcbSlot = 0;
        VSpaceSlot = 0;
        CNodeSlot = 0;
        NotificationSlot = 0;
        HeapNext = 0;
        HeapPages = 0;
        PageQuota = 0;
        ParentPid = 0;
        AtLineStart = true;
        WaiterReplySlot = 0;
    }

    public bool AddAllocation(in Allocation a)
    {
        if (AllocationCount >= MaxAllocations)
        {
            return false;
        }

        Allocations[AllocationCount++] = a;
        return true;
    }
}
