// Per-thread kernel-glue state (IPC buffer, own TCB, borrow state), found through TPIDR_EL0 on the target.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Smos.Sel4;

/// <summary>
/// The state kernel-glue keeps for each thread. On seL4 it is reached through <c>TPIDR_EL0</c>, which the
/// kernel preserves per thread, so two threads never share borrow state. Offsets 0-31 are read by assembly
/// (<c>arch/aarch64/sel4.S</c>): keep them.
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

    /// <summary>Offset 16: notification signalled when the thread stops on a panic (0 = none).</summary>
    public ulong StoppedNotification;

    /// <summary>Offset 24: reserved for the platform layer.</summary>
    public ulong Reserved;

    /// <summary>Identity handed to the next scope opened on this thread (never 0).</summary>
    public ulong NextScopeId;

    /// <summary>The open write scope's id, or 0.</summary>
    public ulong WriterId;

    /// <summary>Number of open read scopes.</summary>
    public int Readers;

    /// <summary>Ids of the open read scopes, oldest first.</summary>
    public ReaderIds ReaderIdList;

    /// <summary>True while any scope is open.</summary>
    public readonly bool IsBorrowed => WriterId != 0 || Readers != 0;
}

[InlineArray(ThreadContext.MaxReaders)]
public struct ReaderIds
{
    private ulong _element0;
}
