// Raw seL4 system calls on the target: one C# binding per stub in arch/aarch64/sel4.S (the host half is Syscalls.Host.cs). Callers pass the IPC buffer.
#if SMOS_TARGET
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>
/// The system-call layer. Message registers 0-3 are moved between the IPC buffer and x2-x5 by the stubs,
/// so message contents always live in the IPC buffer. Higher layers decide when the buffer may be touched.
/// </summary>
internal static unsafe class Syscalls
{
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_call")]
    public static extern ulong Call(ulong dest, ulong info, IpcBufferLayout* buffer, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_reply_recv")]
    public static extern ulong ReplyRecv(ulong source, ulong info, IpcBufferLayout* buffer, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_call_fast")]
    public static extern ulong CallFast(ulong dest, ulong info, FastMessage* message, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_reply_recv_fast")]
    public static extern ulong ReplyRecvFast(ulong source, ulong info, FastMessage* message, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_recv_fast")]
    public static extern ulong RecvFast(ulong source, FastMessage* message, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_send")]
    public static extern void Send(ulong dest, ulong info, IpcBufferLayout* buffer);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_nbsend")]
    public static extern void NBSend(ulong dest, ulong info, IpcBufferLayout* buffer);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_recv")]
    public static extern ulong Recv(ulong source, IpcBufferLayout* buffer, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_nbrecv")]
    public static extern ulong NBRecv(ulong source, IpcBufferLayout* buffer, ulong* badge);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_reply")]
    public static extern void Reply(ulong info, IpcBufferLayout* buffer);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_signal")]
    public static extern void Signal(ulong dest);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_wait")]
    public static extern ulong Wait(ulong source);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_poll")]
    public static extern ulong Poll(ulong source);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_yield")]
    public static extern void Yield();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_putchar")]
    public static extern void DebugPutChar(byte c);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_halt")]
    public static extern void DebugHalt();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_dump_scheduler")]
    public static extern void DebugDumpScheduler();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_snapshot")]
    public static extern void DebugSnapshot();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_cap_identify")]
    public static extern ulong DebugCapIdentify(ulong cptr);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_sys_debug_name_thread")]
    public static extern void DebugNameThread(ulong tcb);
}
#endif
