// Setting up the calling thread's kernel-glue context: for the runtime only (libsmos, the root task), never for apps.
namespace Smos.Sel4;

/// <summary>
/// Thread contexts: where each thread's IPC buffer and borrow state live. Only the runtime sets them up (internal;
/// AssemblyInfo.cs names libsmos and the root task), so an app cannot replace its thread's borrow state.
/// </summary>
public static unsafe class ThreadContexts
{
    /// <summary>
    /// Makes <paramref name="context"/> the calling thread's context, with its IPC buffer at <paramref name="ipcBuffer"/>
    /// and its own TCB at <paramref name="tcbCptr"/>. The memory must stay valid while the thread runs.
    /// </summary>
    internal static void InitializeCurrent(ThreadContext* context, nuint ipcBuffer, ulong tcbCptr)
    {
        *context = default;
        context->IpcBuffer = (IpcBufferLayout*)ipcBuffer;
        context->TcbCptr = tcbCptr;
        context->Borrow = ipcBuffer == 0 ? ThreadContext.NoBuffer : ThreadContext.Free;
        IpcGuard.Platform.SetCurrentContext(context);
    }

    /// <summary>The calling thread's context.</summary>
    internal static ThreadContext* Current => IpcGuard.Platform.CurrentContext();
}
