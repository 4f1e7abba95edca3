// The host half of the system-call layer: the same calls as Syscalls.cs, each handed to the host kernel of this thread.
#if SMOS_HOST
using System;

namespace Smos.Sel4;

/// <summary>The system calls of <see cref="Syscalls"/>, as a host kernel sees them.</summary>
public enum HostSyscall
{
    Call,
    ReplyRecv,
    CallFast,
    ReplyRecvFast,
    RecvFast,
    Send,
    NBSend,
    Recv,
    NBRecv,
    Reply,
    Signal,
    Wait,
    Poll,
    Yield,
    DebugPutChar,
    DebugHalt,
    DebugDumpScheduler,
    DebugSnapshot,
    DebugCapIdentify,
    DebugNameThread,
}

/// <summary>
/// Plays seL4 for code built for the host (tests, simulations). <paramref name="buffer"/> is the caller's IPC buffer
/// (null for calls that pass none); for the register path it is a scratch buffer holding MR0-3, copied back after.
/// The return value is what the system call returns (a message info word, a badge, a capability tag).
/// </summary>
public unsafe interface IHostKernel
{
    ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge);
}

/// <summary>Which <see cref="IHostKernel"/> the system calls of a host build go to: this thread's, else the default.</summary>
public static class HostKernel
{
    [ThreadStatic]
    private static IHostKernel? t_current;

    /// <summary>The kernel for threads that set none.</summary>
    public static IHostKernel? Default { get; set; }

    /// <summary>This thread's kernel (null: <see cref="Default"/>).</summary>
    public static IHostKernel? Current
    {
        get => t_current;
        set => t_current = value;
    }

    internal static IHostKernel Resolve() => t_current ?? Default ??
        throw new InvalidOperationException("a system call on the host with no host kernel: set HostKernel.Current or HostKernel.Default");
}

internal static unsafe class Syscalls
{
    private static ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge) =>
        HostKernel.Resolve().Enter(call, cptr, info, buffer, badge);

    // The register path: the host kernel sees MR0-3 in a scratch buffer (as if in x2-x5); what it leaves there comes back.
    private static ulong EnterFast(HostSyscall call, ulong cptr, ulong info, FastMessage* message, ulong* badge)
    {
        IpcBufferLayout registers = default;
        registers.Msg[0] = message->Mr0;
        registers.Msg[1] = message->Mr1;
        registers.Msg[2] = message->Mr2;
        registers.Msg[3] = message->Mr3;
        ulong reply = Enter(call, cptr, info, &registers, badge);
        message->Mr0 = registers.Msg[0];
        message->Mr1 = registers.Msg[1];
        message->Mr2 = registers.Msg[2];
        message->Mr3 = registers.Msg[3];
        return reply;
    }

    public static ulong Call(ulong dest, ulong info, IpcBufferLayout* buffer, ulong* badge) => Enter(HostSyscall.Call, dest, info, buffer, badge);

    public static ulong ReplyRecv(ulong source, ulong info, IpcBufferLayout* buffer, ulong* badge) => Enter(HostSyscall.ReplyRecv, source, info, buffer, badge);

    public static ulong CallFast(ulong dest, ulong info, FastMessage* message, ulong* badge) => EnterFast(HostSyscall.CallFast, dest, info, message, badge);

    public static ulong ReplyRecvFast(ulong source, ulong info, FastMessage* message, ulong* badge) => EnterFast(HostSyscall.ReplyRecvFast, source, info, message, badge);

    public static ulong RecvFast(ulong source, FastMessage* message, ulong* badge) => EnterFast(HostSyscall.RecvFast, source, 0, message, badge);

    public static void Send(ulong dest, ulong info, IpcBufferLayout* buffer) => Enter(HostSyscall.Send, dest, info, buffer, null);

    public static void NBSend(ulong dest, ulong info, IpcBufferLayout* buffer) => Enter(HostSyscall.NBSend, dest, info, buffer, null);

    public static ulong Recv(ulong source, IpcBufferLayout* buffer, ulong* badge) => Enter(HostSyscall.Recv, source, 0, buffer, badge);

    public static ulong NBRecv(ulong source, IpcBufferLayout* buffer, ulong* badge) => Enter(HostSyscall.NBRecv, source, 0, buffer, badge);

    public static void Reply(ulong info, IpcBufferLayout* buffer) => Enter(HostSyscall.Reply, 0, info, buffer, null);

    public static void Signal(ulong dest) => Enter(HostSyscall.Signal, dest, 0, null, null);

    public static ulong Wait(ulong source) => Enter(HostSyscall.Wait, source, 0, null, null);

    public static ulong Poll(ulong source) => Enter(HostSyscall.Poll, source, 0, null, null);

    public static void Yield() => Enter(HostSyscall.Yield, 0, 0, null, null);

    public static void DebugPutChar(byte c) => Enter(HostSyscall.DebugPutChar, c, 0, null, null);

    public static void DebugHalt() => Enter(HostSyscall.DebugHalt, 0, 0, null, null);

    public static void DebugDumpScheduler() => Enter(HostSyscall.DebugDumpScheduler, 0, 0, null, null);

    public static void DebugSnapshot() => Enter(HostSyscall.DebugSnapshot, 0, 0, null, null);

    public static ulong DebugCapIdentify(ulong cptr) => Enter(HostSyscall.DebugCapIdentify, cptr, 0, null, null);

    public static void DebugNameThread(ulong tcb) => Enter(HostSyscall.DebugNameThread, tcb, 0, null, null);
}
#endif
