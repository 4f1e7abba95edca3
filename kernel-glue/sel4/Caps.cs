// Typed capabilities: each wraps a capability pointer and offers exactly the invocations of its object type.
namespace Smos.Sel4;

/// <summary>An Untyped memory capability.</summary>
public readonly struct Untyped
{
    public readonly ulong Cptr;

    public Untyped(ulong cptr) { Cptr = cptr; }

    /// <summary>Creates <paramref name="count"/> objects into consecutive slots of <paramref name="root"/> from <paramref name="offset"/>.</summary>
    public Sel4Result Retype(ObjectType type, int sizeBits, CNode root, ulong nodeIndex, int nodeDepth, ulong offset, int count)
    {
        var inv = Invocation.Begin();
        inv.Cap(root.Cptr);
        inv.Arg((ulong)type);
        inv.Arg((ulong)sizeBits);
        inv.Arg(nodeIndex);
        inv.Arg((ulong)nodeDepth);
        inv.Arg(offset);
        inv.Arg((ulong)count);
        return inv.Call(Cptr, InvocationLabel.UntypedRetype);
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

    /// <summary>The root task's CNode: a cptr is the slot number, depth 64.</summary>
    public static CNode InitThread => new CNode(InitialCaps.InitThreadCNode, 64);

    public Sel4Result Mint(ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights, ulong badge)
    {
        var inv = Invocation.Begin();
        inv.Cap(srcRoot.Cptr);
        inv.Arg(destIndex);
        inv.Arg((ulong)Depth);
        inv.Arg(srcIndex);
        inv.Arg((ulong)srcRoot.Depth);
        inv.Arg((ulong)rights);
        inv.Arg(badge);
        return inv.Call(Cptr, InvocationLabel.CNodeMint);
    }

    public Sel4Result Copy(ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights)
    {
        var inv = Invocation.Begin();
        inv.Cap(srcRoot.Cptr);
        inv.Arg(destIndex);
        inv.Arg((ulong)Depth);
        inv.Arg(srcIndex);
        inv.Arg((ulong)srcRoot.Depth);
        inv.Arg((ulong)rights);
        return inv.Call(Cptr, InvocationLabel.CNodeCopy);
    }

    public Sel4Result Delete(ulong index)
    {
        var inv = Invocation.Begin();
        inv.Arg(index);
        inv.Arg((ulong)Depth);
        return inv.Call(Cptr, InvocationLabel.CNodeDelete);
    }

    public Sel4Result Revoke(ulong index)
    {
        var inv = Invocation.Begin();
        inv.Arg(index);
        inv.Arg((ulong)Depth);
        return inv.Call(Cptr, InvocationLabel.CNodeRevoke);
    }
}

/// <summary>A notification capability: a word of signal bits (the badge of the capability signalled).</summary>
public readonly struct Notification
{
    public readonly ulong Cptr;

    public Notification(ulong cptr) { Cptr = cptr; }

    public void Signal() => Syscalls.Signal(Cptr);

    /// <summary>Blocks until signalled; returns the accumulated badge bits.</summary>
    public ulong Wait() => Syscalls.Wait(Cptr);

    /// <summary>Returns the accumulated badge bits without blocking (0 if none).</summary>
    public ulong Poll() => Syscalls.Poll(Cptr);
}

/// <summary>An endpoint capability.</summary>
public readonly struct Endpoint
{
    public readonly ulong Cptr;

    public Endpoint(ulong cptr) { Cptr = cptr; }
}

/// <summary>Debug system calls (present in debug kernels only).</summary>
public static class Debug
{
    public static CapTag IdentifyCap(ulong cptr) => (CapTag)Syscalls.DebugCapIdentify(cptr);

    public static void DumpScheduler() => Syscalls.DebugDumpScheduler();

    public static void Halt() => Syscalls.DebugHalt();
}
