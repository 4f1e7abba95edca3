// Typed capabilities for memory and capability space: Untyped and CNode, each with its kernel invocations.
namespace Smos.Sel4;

/// <summary>An Untyped memory capability.</summary>
public readonly struct Untyped
{
    public readonly ulong Cptr;

    public Untyped(ulong cptr) { Cptr = cptr; }

    /// <summary>
    /// Creates <paramref name="count"/> objects of <paramref name="type"/> into slots
    /// <paramref name="offset"/>.. of the CNode at <paramref name="nodeIndex"/>/<paramref name="nodeDepth"/>
    /// under <paramref name="root"/> (depth 0 means <paramref name="root"/> itself).
    /// </summary>
    public Sel4Result Retype(ObjectType type, int sizeBits, CNode root, ulong nodeIndex, int nodeDepth, ulong offset, int count)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, root.Cptr);
            w.SetMr(0, (ulong)type);
            w.SetMr(1, (ulong)sizeBits);
            w.SetMr(2, nodeIndex);
            w.SetMr(3, (ulong)nodeDepth);
            w.SetMr(4, offset);
            w.SetMr(5, (ulong)count);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.UntypedRetype, 1, 6);
    }
}

/// <summary>A CNode capability. Slots are addressed by index and depth relative to it.</summary>
public readonly struct CNode
{
    public readonly ulong Cptr;
    public readonly int Depth;

    public CNode(ulong cptr, int depth)
    {
        Cptr = cptr;
        Depth = depth;
    }

    /// <summary>
    /// The root task's CSpace root, slot 2 (the boot CNode, whose cptrs are its slot numbers, until the root task puts a
    /// top-level CNode over it and into slot 2): slots are addressed by cptr with depth 64.
    /// </summary>
    public static CNode InitThread => new CNode(InitialCaps.InitThreadCNode, 64);

    public Sel4Result Copy(ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights) =>
        CopyOrMint(InvocationLabel.CNodeCopy, destIndex, srcRoot, srcIndex, rights, 0, 5);

    /// <summary>Copies a capability with reduced rights and a badge (endpoints and notifications).</summary>
    public Sel4Result Mint(ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights, ulong badge) =>
        CopyOrMint(InvocationLabel.CNodeMint, destIndex, srcRoot, srcIndex, rights, badge, 6);

    public Sel4Result Move(ulong destIndex, CNode srcRoot, ulong srcIndex) =>
        MoveOrMutate(InvocationLabel.CNodeMove, destIndex, srcRoot, srcIndex, 0, 4);

    public Sel4Result Mutate(ulong destIndex, CNode srcRoot, ulong srcIndex, ulong badge) =>
        MoveOrMutate(InvocationLabel.CNodeMutate, destIndex, srcRoot, srcIndex, badge, 5);

    public Sel4Result Delete(ulong index) => OnSlot(InvocationLabel.CNodeDelete, index);

    /// <summary>Deletes every capability derived from the one in <paramref name="index"/>.</summary>
    public Sel4Result Revoke(ulong index) => OnSlot(InvocationLabel.CNodeRevoke, index);

    /// <summary>Moves the current reply capability into <paramref name="index"/>.</summary>
    public Sel4Result SaveCaller(ulong index) => OnSlot(InvocationLabel.CNodeSaveCaller, index);

    public Sel4Result CancelBadgedSends(ulong index) => OnSlot(InvocationLabel.CNodeCancelBadgedSends, index);

    private Sel4Result CopyOrMint(InvocationLabel label, ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights, ulong badge, int length)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, srcRoot.Cptr);
            w.SetMr(0, destIndex);
            w.SetMr(1, (ulong)Depth);
            w.SetMr(2, srcIndex);
            w.SetMr(3, (ulong)srcRoot.Depth);
            w.SetMr(4, (ulong)rights);
            w.SetMr(5, badge);
        }

        return Invocation.Invoke(Cptr, label, 1, length);
    }

    private Sel4Result MoveOrMutate(InvocationLabel label, ulong destIndex, CNode srcRoot, ulong srcIndex, ulong badge, int length)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, srcRoot.Cptr);
            w.SetMr(0, destIndex);
            w.SetMr(1, (ulong)Depth);
            w.SetMr(2, srcIndex);
            w.SetMr(3, (ulong)srcRoot.Depth);
            w.SetMr(4, badge);
        }

        return Invocation.Invoke(Cptr, label, 1, length);
    }

    private Sel4Result OnSlot(InvocationLabel label, ulong index)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, index);
            w.SetMr(1, (ulong)Depth);
        }

        return Invocation.Invoke(Cptr, label, 0, 2);
    }
}

/// <summary>Debug system calls (present in debug kernels only).</summary>
public static unsafe class Debug
{
    /// <summary>
    /// seL4_DebugPutChar straight to the kernel (not through the runtime's PutChar hook). It does not touch the IPC
    /// buffer, so it needs no guard. A kernel built without printing has no such call: the thread faults.
    /// </summary>
    public static void PutChar(byte c) => Syscalls.DebugPutChar(c);

    /// <summary>seL4_DebugHalt: stops the whole machine on a debug kernel; a release kernel has no such call (the thread faults).</summary>
    public static void Halt()
    {
        IpcGuard.EnterSystemCall(IpcOperation.DebugCall);
        Syscalls.DebugHalt();
    }

    public static CapTag IdentifyCap(ulong cptr)
    {
        IpcGuard.EnterSystemCall(IpcOperation.DebugCall);
        return (CapTag)Syscalls.DebugCapIdentify(cptr);
    }

    public static void DumpScheduler()
    {
        IpcGuard.EnterSystemCall(IpcOperation.DebugCall);
        Syscalls.DebugDumpScheduler();
    }

    /// <summary>Names a thread in kernel messages (seL4_DebugNameThread). At most 100 ASCII bytes are used.</summary>
    public static void NameThread(ulong tcb, System.ReadOnlySpan<byte> name)
    {
        int n = name.Length < 100 ? name.Length : 100;
        using (var w = Ipc.Write())
        {
            // The kernel reads a NUL-terminated string at IPC buffer offset 8 (MR0 onwards).
            int words = w.CopyIn(0, name.Slice(0, n));
            if (n % 8 == 0)
            {
                w.SetMr(words, 0);
            }
        }

        IpcGuard.EnterSystemCall(IpcOperation.DebugCall);
        Syscalls.DebugNameThread(tcb);
    }
}
