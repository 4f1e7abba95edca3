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

    /// <summary>The shell (may:shell) ended an init-list service with <c>kill</c>: the supervisor starts it again.</summary>
    KilledByShell,
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
    /// <summary>Its first CNode (CNode 0: the well-known slots and the first free ones).</summary>
    public RootSlot CNodeSlot;

    /// <summary>Its CNode directory (slot k: its CNode k), which is also its SelfCNode.</summary>
    public RootSlot DirectorySlot;

    /// <summary>CNodes added to its CSpace by CSpaceGrow (CNodes 1..this); each is an allocation of its own.</summary>
    public int AddedCNodes;

    /// <summary>The top level of its CSpace (its directory, its fault endpoint, farewell endpoints), which only the root task holds.</summary>
    public RootSlot CSpaceSlot;
    public RootSlot NotificationSlot;

    /// <summary>This process's copy of the root task's start-code frame (mapped at ProcessAbi.StartCodeVaddr), or None.</summary>
    public RootSlot StartCodeSlot;

    /// <summary>The IRQHandler of the interrupt granted to this process (the original; its copy is in CapSlots.IrqHandler), or None.</summary>
    public RootSlot IrqHandlerSlot;

    /// <summary>The interrupt granted to this process, or -1 (<see cref="InterruptGrants"/>).</summary>
    public long Irq = -1;

    /// <summary>What its init-list line's privilege words gave it (<c>may:console</c>, <c>may:shell</c>); none for a spawned process.</summary>
    public Smos.Formats.InitPrivileges Privileges;

    /// <summary>What its init line's <c>may:grant=</c> word lets it grant its children (none without one; RequestDispatcher.SpawnGranted).</summary>
    public Smos.Formats.InitGrantSet Grantable = Smos.Formats.InitGrantSet.None;

    /// <summary>Where its last Print ended in the console server's ring (the ring's head then; RequestDispatcher.Print).</summary>
    public ulong OutputEnd;

    /// <summary>Its copies of the device pages it was granted (mapped from ProcessAbi.DeviceBase), <see cref="DeviceSlotCount"/> of them.</summary>
    public RootSlot[]? DeviceSlots;

    public int DeviceSlotCount;

    /// <summary>
    /// Its read-only copies of the root task's image frames: the app's read-only ELF pages, mapped straight from the
    /// apps archive (Spawner.LoadElf), <see cref="SharedPageCount"/> of them; room for a spawn's pages is made first
    /// (<see cref="MakeSharedPageRoom"/>).
    /// </summary>
    public RootSlot[] SharedPages = new RootSlot[0];

    /// <summary>The image frame each of <see cref="SharedPages"/> is a copy of.</summary>
    public RootSlot[] SharedFrames = new RootSlot[0];

    public int SharedPageCount;

    /// <summary>Room for <paramref name="pages"/> shared pages (the spawn's validate step); false when the root task's heap cannot grow.</summary>
    public bool MakeSharedPageRoom(int pages)
    {
        if (SharedPages.Length >= pages)
        {
            return true;
        }

        try
        {
            var frames = new RootSlot[pages];
            SharedPages = new RootSlot[pages];
            SharedFrames = frames;
            return true;
        }
        catch (System.OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>The physical address and pages of its DMA grant (mapped at ProcessAbi.DmaBase; one of its allocations), or 0.</summary>
    public ulong DmaPaddr;

    public int DmaPages;

    /// <summary>Grants a fresh record holds before its list first grows.</summary>
    public const int InitialGrants = 16;

    // Its Alloc grants, sorted by address (HeapGrantCount of them): each is one or more allocations of frames
    // (ProcessRules.GrantPiece), mapped in order from its vaddr. The list grows with demand (MakeGrantRoom, in Alloc's validate step) and keeps its room.
    private HeapGrant[] _grants = new HeapGrant[InitialGrants];

    public int HeapGrantCount;

    /// <summary>Pages of all its grants (each charged to its memory and slot quotas, like every object it holds).</summary>
    public int HeapPages;

    /// <summary>The process that spawned this one, or 0 for the root task (which also adopts orphans).</summary>
    public ulong ParentPid;

    /// <summary>
    /// Whose quota this one's came from: its parent, or, once the parent has ended, the parent's own sponsor (the
    /// nearest live ancestor; 0: the root task's pool). Its quota returns there when it ends.
    /// </summary>
    public ulong Sponsor;

    /// <summary>True from Spawn until its quota went back to its sponsor (<see cref="ProcessTable.ReturnQuota"/>).</summary>
    public bool HoldsQuota;

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
    public System.ReadOnlySpan<HeapGrant> Grants => new System.ReadOnlySpan<HeapGrant>(_grants, 0, HeapGrantCount);

    /// <summary>Grants that fit before the list must grow.</summary>
    public int GrantCapacity => _grants.Length;

    /// <summary>
    /// Makes room for one more grant (Alloc's validate step), doubling the list when it is full. False, with the list as
    /// it was, when the root task's heap cannot grow.
    /// </summary>
    public bool MakeGrantRoom()
    {
        if (HeapGrantCount < _grants.Length)
        {
            return true;
        }

        try
        {
            _grants = RecordGrowth.Copy(_grants, HeapGrantCount, new HeapGrant[_grants.Length * 2]);
            return true;
        }
        catch (System.OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>Puts a grant at <paramref name="index"/> of the sorted list (from <see cref="ProcessRules.FindHeapRange"/>; room made by <see cref="MakeGrantRoom"/>).</summary>
    public void InsertGrant(int index, ulong vaddr, int pages)
    {
        RecordGrowth.ShiftUp(_grants, index, HeapGrantCount);
        _grants[index].Vaddr = vaddr;
        _grants[index].Pages = pages;
        HeapGrantCount++;
        HeapPages += pages;
    }

    /// <summary>Forgets grant <paramref name="index"/> (its pages were given back).</summary>
    public void RemoveGrant(int index)
    {
        HeapPages -= _grants[index].Pages;
        RecordGrowth.ShiftDown(_grants, index, HeapGrantCount);
        HeapGrantCount--;
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
        DirectorySlot = RootSlot.None;
        AddedCNodes = 0;
        CSpaceSlot = RootSlot.None;
        NotificationSlot = RootSlot.None;
        StartCodeSlot = RootSlot.None;
        IrqHandlerSlot = RootSlot.None;
        Irq = -1;
        Privileges = Smos.Formats.InitPrivileges.None;
        Grantable = Smos.Formats.InitGrantSet.None;
        OutputEnd = 0;
        DeviceSlotCount = 0;
        SharedPageCount = 0;
        DmaPaddr = 0;
        DmaPages = 0;
        HeapGrantCount = 0;
        HeapPages = 0;
        ParentPid = 0;
        Sponsor = 0;
        HoldsQuota = false;
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
        DirectorySlot = RootSlot.None;
        AddedCNodes = 0;
        CSpaceSlot = RootSlot.None;
        NotificationSlot = RootSlot.None;
        StartCodeSlot = RootSlot.None;
        IrqHandlerSlot = RootSlot.None;
        Irq = -1;
        Privileges = Smos.Formats.InitPrivileges.None;
        Grantable = Smos.Formats.InitGrantSet.None;
        OutputEnd = 0;
        DeviceSlotCount = 0;
        SharedPageCount = 0;
        DmaPaddr = 0;
        DmaPages = 0;
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
