// One process: its identity, its kernel objects (as allocations from the untyped manager) and its state.
using Smos.Protocol;
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
internal sealed class Process : ResourceOwner
{
    /// <summary>The name buffer: the longest app name and a terminator.</summary>
    public const int MaxNameBytes = ProcessAbi.MaxAppNameBytes + 1;


    public readonly byte[] Name = new byte[MaxNameBytes];

    public ProcessState State;
    public ulong Pid;
    public int NameLength;
    public RootSlot TcbSlot;
    public RootSlot CNodeSlot;
    public RootSlot NotificationSlot;
    public ulong HeapNext;
    public int HeapPages;
    public int PageQuota;
    public ulong ParentPid;
    public bool AtLineStart;

    /// <summary>A process waiting for this one to end: its saved reply capability, or None.</summary>
    public RootSlot WaiterReplySlot;

    public System.ReadOnlySpan<byte> NameBytes => new System.ReadOnlySpan<byte>(Name, 0, NameLength);

    public void Reset()
    {
        State = ProcessState.Free;
        Pid = 0;
        NameLength = 0;
        ResetResources();
        TcbSlot = RootSlot.None;
        CNodeSlot = RootSlot.None;
        NotificationSlot = RootSlot.None;
        HeapNext = 0;
        HeapPages = 0;
        PageQuota = 0;
        ParentPid = 0;
        AtLineStart = true;
        WaiterReplySlot = RootSlot.None;
    }
}
