// Typed capability for threads (TCB) with the invocations the root task needs to create and control threads.
namespace Smos.Sel4;

/// <summary>AArch64 seL4_UserContext: the register set of TCB_ReadRegisters/WriteRegisters (36 words).</summary>
public struct UserContext
{
    public const int Words = 36;

    public ulong Pc, Sp, Spsr, X0, X1, X2, X3, X4, X5, X6, X7, X8, X16, X17, X18, X29, X30;
    public ulong X9, X10, X11, X12, X13, X14, X15, X19, X20, X21, X22, X23, X24, X25, X26, X27, X28;
    public ulong TpidrEl0, TpidrroEl0;
}

/// <summary>A thread control block capability.</summary>
public readonly unsafe struct Tcb
{
    public readonly ulong Cptr;

    public Tcb(ulong cptr) { Cptr = cptr; }

    /// <summary>Sets the fault endpoint, address spaces and IPC buffer in one invocation.</summary>
    public Sel4Result Configure(ulong faultEndpoint, CNode cspaceRoot, ulong cspaceRootData, ulong vspaceRoot, ulong vspaceRootData, ulong ipcBufferVaddr, ulong ipcBufferFrame)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, cspaceRoot.Cptr);
            w.SetCap(1, vspaceRoot);
            w.SetCap(2, ipcBufferFrame);
            w.SetMr(0, faultEndpoint);
            w.SetMr(1, cspaceRootData);
            w.SetMr(2, vspaceRootData);
            w.SetMr(3, ipcBufferVaddr);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbConfigure, 3, 4);
    }

    public Sel4Result SetSpace(ulong faultEndpoint, CNode cspaceRoot, ulong cspaceRootData, ulong vspaceRoot, ulong vspaceRootData)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, cspaceRoot.Cptr);
            w.SetCap(1, vspaceRoot);
            w.SetMr(0, faultEndpoint);
            w.SetMr(1, cspaceRootData);
            w.SetMr(2, vspaceRootData);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbSetSpace, 2, 3);
    }

    public Sel4Result SetIpcBuffer(ulong vaddr, ulong frame)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, frame);
            w.SetMr(0, vaddr);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbSetIpcBuffer, 1, 1);
    }

    /// <summary>Writes the register set (and resumes the thread if <paramref name="resume"/>).</summary>
    public Sel4Result WriteRegisters(bool resume, in UserContext context)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, resume ? 1UL : 0UL);
            w.SetMr(1, UserContext.Words);
            fixed (UserContext* c = &context)
            {
                ulong* words = (ulong*)c;
                for (int i = 0; i < UserContext.Words; i++)
                {
                    w.SetMr(2 + i, words[i]);
                }
            }
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbWriteRegisters, 0, 2 + UserContext.Words);
    }

    /// <summary>Reads the register set (suspending the thread first if <paramref name="suspend"/>).</summary>
    public Sel4Result ReadRegisters(bool suspend, out UserContext context)
    {
        context = default;
        using (var w = Ipc.Write())
        {
            w.SetMr(0, suspend ? 1UL : 0UL);
            w.SetMr(1, UserContext.Words);
        }

        Sel4Result r = Invocation.Invoke(Cptr, InvocationLabel.TcbReadRegisters, 0, 2);
        if (r.IsOk)
        {
            using var reader = Ipc.Read();
            fixed (UserContext* c = &context)
            {
                ulong* words = (ulong*)c;
                for (int i = 0; i < UserContext.Words; i++)
                {
                    words[i] = reader.GetMr(i);
                }
            }
        }

        return r;
    }

    public Sel4Result Resume() => NoArgs(InvocationLabel.TcbResume);

    public Sel4Result Suspend() => NoArgs(InvocationLabel.TcbSuspend);

    public Sel4Result UnbindNotification() => NoArgs(InvocationLabel.TcbUnbindNotification);

    /// <summary>Sets the priority; <paramref name="authority"/> is a TCB whose MCP allows it.</summary>
    public Sel4Result SetPriority(Tcb authority, ulong priority) => WithAuthority(InvocationLabel.TcbSetPriority, authority, priority, 0, 1);

    public Sel4Result SetMCPriority(Tcb authority, ulong mcp) => WithAuthority(InvocationLabel.TcbSetMCPriority, authority, mcp, 0, 1);

    public Sel4Result SetSchedParams(Tcb authority, ulong mcp, ulong priority) => WithAuthority(InvocationLabel.TcbSetSchedParams, authority, mcp, priority, 2);

    /// <summary>Binds a notification so that a Recv on an endpoint also returns its signals.</summary>
    public Sel4Result BindNotification(Notification notification)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, notification.Cptr);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbBindNotification, 1, 0);
    }

    /// <summary>Sets the thread's TPIDR_EL0 (its thread-local storage base).</summary>
    public Sel4Result SetTlsBase(ulong tlsBase)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, tlsBase);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.TcbSetTlsBase, 0, 1);
    }

    private Sel4Result NoArgs(InvocationLabel label) => Invocation.Invoke(Cptr, label, 0, 0);

    private Sel4Result WithAuthority(InvocationLabel label, Tcb authority, ulong a, ulong b, int length)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, authority.Cptr);
            w.SetMr(0, a);
            w.SetMr(1, b);
        }

        return Invocation.Invoke(Cptr, label, 1, length);
    }
}
