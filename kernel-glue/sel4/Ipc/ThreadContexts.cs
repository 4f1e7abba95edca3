// Setting up the calling thread's kernel-glue context (the root thread; other threads get theirs at creation).
namespace Smos.Sel4;

/// <summary>Thread contexts: where each thread's IPC buffer and borrow state live.</summary>
public static unsafe class ThreadContexts
{
    /// <summary>
    /// Makes <paramref name="context"/> the calling thread's context, with its IPC buffer at <paramref name="ipcBuffer"/>
    /// and its own TCB at <paramref name="tcbCptr"/>. The memory must stay valid while the thread runs.
    /// </summary>
    public static void InitializeCurrent(ThreadContext* context, nuint ipcBuffer, ulong tcbCptr)
    {
        *context = default;
        context->IpcBuffer = (IpcBufferLayout*)ipcBuffer;
        context->TcbCptr = tcbCptr;
        IpcGuard.Platform.SetCurrentContext(context);
    }

    /// <summary>The calling thread's context.</summary>
    public static ThreadContext* Current => IpcGuard.Platform.CurrentContext();
}
