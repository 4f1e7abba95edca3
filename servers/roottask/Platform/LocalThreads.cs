// Threads inside the root task's own address space: TCB, IPC buffer frame, stack and kernel-glue context.
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

internal static unsafe class LocalThreads
{
    private const nuint StackSize = 16 * 1024;

    /// <summary>
    /// Starts <paramref name="entry"/>(<paramref name="argument"/>) on a new thread at <paramref name="priority"/>.
    /// When the entry returns or panics, the thread signals <paramref name="stopped"/> (unless None) and suspends.
    /// The thread shares the heap (<see cref="HeapThreads"/>): if it allocates, it must run at the root task's priority.
    /// </summary>
    public static bool Start(RootResources res, delegate* unmanaged<ulong, void> entry, ulong argument, ulong priority, RootSlot stopped, System.ReadOnlySpan<byte> name, out RootSlot tcbSlot)
    {
        tcbSlot = res.NewObject(ObjectType.Tcb, 0, out Sel4Result r);
        ulong ipcBuffer = res.MapNewFrame(out RootSlot frameSlot, out r);
        byte* stack = Heap.TryAllocate(StackSize);
        var ctx = (ThreadContext*)Heap.TryAllocate((nuint)sizeof(ThreadContext));
        if (tcbSlot.IsNone || ipcBuffer == 0 || stack == null || ctx == null)
        {
            return false;
        }

        if (!HeapThreads.Register(tcbSlot.Index, priority))
        {
            return false;
        }

        ctx->IpcBuffer = (IpcBufferLayout*)ipcBuffer;
        ctx->TcbCptr = tcbSlot.Index;
        ctx->StoppedNotification = stopped.Index;

        var tcb = new Tcb(tcbSlot.Index);
        if (!tcb.Configure(0, CNode.InitThread, 0, InitialCaps.InitThreadVSpace, 0, ipcBuffer, frameSlot.Index).IsOk ||
            !tcb.SetPriority(new Tcb(InitialCaps.InitThreadTcb), priority).IsOk)
        {
            return false;
        }

#if !SMOS_BENCH && !SMOS_RELEASE_KERNEL
        // A debug-kernel system call: a release (benchmark) kernel would fault the caller.
        Debug.NameThread(tcbSlot.Index, name);
#endif
        UserContext regs = default;
        regs.Pc = (ulong)ThreadEntryAddress();
        regs.Sp = ((ulong)stack + StackSize) & ~15UL;
        regs.X0 = argument;
        regs.X1 = (ulong)entry;
        regs.TpidrEl0 = (ulong)ctx;
        return tcb.WriteRegisters(resume: true, regs).IsOk;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_thread_entry_address")]
    private static extern nuint ThreadEntryAddress();
}
