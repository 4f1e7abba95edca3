// One process: its identity, its kernel objects (as allocations from the untyped manager) and its state.
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

internal enum ProcessState
{
    /// <summary>The record is unused.</summary>
    Free,

    /// <summary>A live process: its thread and every object it owns exist.</summary>
    Running,

    /// <summary>
    /// Ended, its objects all returned, its exit status kept until its parent waits for it (or the parent ends).
    /// Only <see cref="Process.Pid"/>, the name, the parent, the group and the status are meaningful.
    /// </summary>
    Zombie,
}

/// <summary>How a process ended.</summary>
internal enum EndReason
{
    Exited,
    Killed,
    Faulted,

    /// <summary>The process panicked (its last words, RootRequest.Panic).</summary>
    Panicked,
}

/// <summary>
/// A process record. Records are made by <see cref="ProcessTable"/> when more are needed and reused: every field is
/// reset by <see cref="Reset"/>, which also gives the record and its pid back to the table. Lifecycle (docs/protocol.md, "Processes"): Free -> Running (Spawn) -> Zombie (ended, a live
/// parent has not waited yet) -> Free (reaped by Wait or by the parent's end), or Running -> Free directly when nobody
/// can wait (the parent is the root task, has ended, or was already waiting). All kernel objects of the process are in <see cref="Allocations"/>; freeing them
/// (revoking their untyped blocks) destroys the objects and every capability derived from them.
/// </summary>
internal sealed class Process : ResourceOwner
{
    /// <summary>The name buffer: the longest app name and a terminator.</summary>
    public const int MaxNameBytes = ProcessAbi.MaxAppNameBytes + 1;


    public readonly byte[] Name = new byte[MaxNameBytes];

    /// <summary>The table this record belongs to (null for a record made outside one) and its index there.</summary>
    public ProcessTable? Table;
    public int TableIndex;

    public ProcessState State;
    public ulong Pid;
    public int NameLength;
    public RootSlot TcbSlot;
    public RootSlot CNodeSlot;

    /// <summary>The top level of its CSpace (2 slots: its CNode, its fault endpoint), which only the root task holds.</summary>
    public RootSlot CSpaceSlot;
    public RootSlot NotificationSlot;

    /// <summary>This process's copy of the root task's start-code frame (mapped at ProcessAbi.StartCodeVaddr), or None.</summary>
    public RootSlot StartCodeSlot;

    /// <summary>
    /// Its Alloc grants, sorted by address (<see cref="HeapGrantCount"/> of them): each is one allocation of frames, mapped
    /// in order from its vaddr. A grant can come no more often than an allocation, hence the capacity.
    /// </summary>
    public readonly HeapGrant[] HeapGrants = new HeapGrant[MaxAllocations];

    public int HeapGrantCount;

    /// <summary>Pages of all its grants: what counts against <see cref="PageQuota"/>.</summary>
    public int HeapPages;
    public int PageQuota;
    /// <summary>The process that spawned this one, or 0 for the root task (which also adopts orphans).</summary>
    public ulong ParentPid;

    /// <summary>
    /// The pid of the process the root task started this one's ancestry with (its own pid for a process the root task
    /// started): every process started on a boot script's behalf, orphans included, shares it.
    /// </summary>
    public ulong Group;

    /// <summary>How a zombie ended, and its exit code (what Wait returns).</summary>
    public EndReason EndedAs;

    public long ExitCode;

    public bool AtLineStart;

    /// <summary>A process waiting for this one to end: its saved reply capability, or None.</summary>
    public RootSlot WaiterReplySlot;

    public System.ReadOnlySpan<byte> NameBytes => new System.ReadOnlySpan<byte>(Name, 0, NameLength);

    /// <summary>The grants, sorted by address.</summary>
    public System.ReadOnlySpan<HeapGrant> Grants => new System.ReadOnlySpan<HeapGrant>(HeapGrants, 0, HeapGrantCount);

    /// <summary>Puts a grant at <paramref name="index"/> of the sorted list (from <see cref="ProcessRules.FindHeapRange"/>).</summary>
    public void InsertGrant(int index, ulong vaddr, int pages)
    {
        for (int i = HeapGrantCount; i > index; i--)
        {
            HeapGrants[i] = HeapGrants[i - 1];
        }

        HeapGrants[index].Vaddr = vaddr;
        HeapGrants[index].Pages = pages;
        HeapGrantCount++;
        HeapPages += pages;
    }

    /// <summary>Forgets grant <paramref name="index"/> (its pages were given back).</summary>
    public void RemoveGrant(int index)
    {
        HeapPages -= HeapGrants[index].Pages;
        for (int i = index; i < HeapGrantCount - 1; i++)
        {
            HeapGrants[i] = HeapGrants[i + 1];
        }

        HeapGrantCount--;
        HeapGrants[HeapGrantCount] = default;
    }

    public void Reset()
    {
        if (Pid != 0)
        {
            Table?.Released(this); // before the pid and the group are forgotten
        }

        State = ProcessState.Free;
        Pid = 0;
        NameLength = 0;
        ResetResources();
        TcbSlot = RootSlot.None;
        CNodeSlot = RootSlot.None;
        CSpaceSlot = RootSlot.None;
        NotificationSlot = RootSlot.None;
        StartCodeSlot = RootSlot.None;
        HeapGrantCount = 0;
        HeapPages = 0;
        PageQuota = 0;
        ParentPid = 0;
        Group = 0;
        EndedAs = EndReason.Exited;
        ExitCode = 0;
        AtLineStart = true;
        WaiterReplySlot = RootSlot.None;
    }

    /// <summary>Forgets the objects, slots and memory of the process (the caller has returned them all).</summary>
    public void ForgetResources()
    {
        ResetResources();
        TcbSlot = RootSlot.None;
        CNodeSlot = RootSlot.None;
        CSpaceSlot = RootSlot.None;
        NotificationSlot = RootSlot.None;
        StartCodeSlot = RootSlot.None;
        HeapGrantCount = 0;
        HeapPages = 0;
    }

    /// <summary>Keeps only identity and exit status (the caller has returned every object).</summary>
    public void BecomeZombie(EndReason reason, long code)
    {
        State = ProcessState.Zombie;
        EndedAs = reason;
        ExitCode = code;
        WaiterReplySlot = RootSlot.None;
    }
}
