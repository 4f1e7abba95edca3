// Per-thread kernel-glue state (IPC buffer, own TCB, borrow state), found through TPIDR_EL0 on the target.
using System.Runtime.CompilerServices;
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

    /// <summary>Slots in <see cref="Scopes"/>: the writer, <see cref="MaxReaders"/> readers, and never-used slots up to 8.</summary>
    public const int ScopeSlots = 8;

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

    /// <summary>Counter for scope identities: a scope's id is (counter &lt;&lt; 3) | its slot in <see cref="Scopes"/>.</summary>
    public ulong NextScopeId;

    /// <summary>Number of open scopes (the writer and the readers): any IPC operation needs 0.</summary>
    public int OpenScopes;

    /// <summary>Number of open read scopes.</summary>
    public int Readers;

    /// <summary>
    /// Ids of the open scopes by slot: [0] the writer, [1..MaxReaders] the readers, 0 when free; the slots above
    /// stay 0. A scope is live exactly when <c>Scopes[id &amp; 7] == id</c>: one load and compare per access.
    /// </summary>
    public ScopeIds Scopes;

    /// <summary>The open write scope's id, or 0.</summary>
    public readonly ulong WriterId => Scopes[0];

    /// <summary>True while any scope is open.</summary>
    public readonly bool IsBorrowed => OpenScopes != 0;
}

/// <summary>Scope ids by slot (see <see cref="ThreadContext.Scopes"/>): 8 so that any id &amp; 7 indexes it.</summary>
[InlineArray(ThreadContext.ScopeSlots)]
public struct ScopeIds
{
    private ulong _element0;
}
