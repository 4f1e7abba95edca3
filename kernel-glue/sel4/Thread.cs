// Per-thread state of kernel-glue: where this thread's IPC buffer is.
namespace Smos.Sel4;

/// <summary>The calling thread's IPC buffer. Set once at thread start (the root task takes it from BootInfo).</summary>
public static unsafe class CurrentThread
{
    private static IpcBuffer* s_ipcBuffer;

    internal static IpcBuffer* IpcBuffer => s_ipcBuffer;

    /// <summary>Declares the IPC buffer of the running thread. Call before any IPC.</summary>
    public static void SetIpcBuffer(nuint address) => s_ipcBuffer = (IpcBuffer*)address;
}
