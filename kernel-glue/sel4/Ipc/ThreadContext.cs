// Per-thread kernel-glue state (IPC buffer, own TCB, borrow state), found through TPIDR_EL0 on the target.
using System.Runtime.InteropServices;

namespace Smos.Sel4;

/// <summary>
/// The state kernel-glue keeps for each thread. On seL4 it is reached through <c>TPIDR_EL0</c>, which the
/// kernel preserves per thread, so two threads never share borrow state. Offsets 0-47 are read by assembly
/// (<c>arch/aarch64/sel4.S</c>) or by code ILC generates: keep them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ThreadContext
{
    /// <summary>Maximum number of read scopes open at once on one thread.</summary>
    public const int MaxReaders = 4;

    /// <summary>Offset 0: this thread's IPC buffer.</summary>
    public IpcBufferLayout* IpcBuffer;

    /// <summary>Offset 8: capability to this thread's own TCB (used to stop the thread on a panic).</summary>
    public ulong TcbCptr;

    /// <summary>
    /// Offsets 16-39: the thread's ELF TLS block. On AArch64 a thread-local variable lies at TPIDR_EL0 + 16 + its offset
    /// in the program's TLS segment, and the only one ILC emits is <c>tls_InlinedThreadStatics</c> (24 bytes), whose first
    /// word points to the object that holds every <c>[ThreadStatic]</c> field of the thread (allocated on first use by
    /// the corelib's <c>ThreadStatics</c>; the collector finds it because thread contexts live in raw heap blocks, which
    /// are roots). The linker scripts assert that the TLS segment fits. Zero for a new thread.
    /// </summary>
    public fixed ulong ThreadLocalBlock[ThreadLocalWords];

    /// <summary>Words in <see cref="ThreadLocalBlock"/>.</summary>
    public const int ThreadLocalWords = 3;

    /// <summary>Offset 40: notification signalled when the thread stops on a panic (0 = none).</summary>
    public ulong StoppedNotification;

    /// <summary>
    /// Offset 48: the borrow state of the IPC buffer, one word so that every check is one load and one compare:
    /// <see cref="Free"/>, <see cref="Writing"/>, the number of open read scopes (1 to <see cref="MaxReaders"/>), or
    /// <see cref="NoBuffer"/> for a context without an IPC buffer (every open and every system call is then refused,
    /// by the same compare).
    /// </summary>
    public int Borrow;

    /// <summary><see cref="Borrow"/>: no scope is open; the only state in which a system call may run.</summary>
    public const int Free = 0;

    /// <summary><see cref="Borrow"/>: the write scope is open (negative: one sign test tells it from readers).</summary>
    public const int Writing = int.MinValue;

    /// <summary><see cref="Borrow"/>: the context has no IPC buffer (negative too, so no scope opens).</summary>
    public const int NoBuffer = int.MinValue + 1;

    /// <summary>True while any scope is open.</summary>
    public readonly bool IsBorrowed => Borrow != Free && Borrow != NoBuffer;

    /// <summary>True while the write scope is open.</summary>
    public readonly bool IsWriting => Borrow == Writing;

    /// <summary>Number of open read scopes.</summary>
    public readonly int Readers => Borrow > 0 ? Borrow : 0;
}
