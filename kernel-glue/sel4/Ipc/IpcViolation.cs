// The IPC-buffer rules a program can break, and the exact message for each (documented in docs/ipc.md).
using System;

namespace Smos.Sel4;

/// <summary>A broken IPC-buffer rule. <see cref="None"/> means the operation was allowed.</summary>
public enum IpcViolation
{
    None = 0,

    /// <summary>A system call or IPC operation while a scope is open.</summary>
    CallWhileBorrowed = 1,

    /// <summary>A write scope opened while another write scope is open.</summary>
    WriteWhileWriting = 2,

    /// <summary>A write scope opened while read scopes are open.</summary>
    WriteWhileReading = 3,

    /// <summary>A read scope opened while a write scope is open.</summary>
    ReadWhileWriting = 4,

    /// <summary>A scope (or a span taken from it) used after the scope ended.</summary>
    UseAfterEnd = 5,

    /// <summary>More read scopes than <see cref="ThreadContext.MaxReaders"/> open at once.</summary>
    TooManyReaders = 6,

    /// <summary>The thread has no IPC buffer (kernel-glue was not initialised for it).</summary>
    NoIpcBuffer = 7,
}

/// <summary>The operations a violation report can name.</summary>
public enum IpcOperation
{
    Call = 1,
    ReplyRecv,
    Send,
    NBSend,
    Recv,
    NBRecv,
    Reply,
    Yield,
    Signal,
    Wait,
    Poll,
    DebugCall,
    Invocation,
    OpenWrite,
    OpenRead,
    ScopeAccess,
}

/// <summary>
/// Message texts, in UTF-8 (half the size of string literals, and a report is bytes anyway). A report reads
/// "&lt;problem&gt; when &lt;operation&gt; was invoked: &lt;fix&gt;".
/// </summary>
public static class IpcMessages
{
    public static ReadOnlySpan<byte> Problem(IpcViolation violation) => violation switch
    {
        IpcViolation.CallWhileBorrowed => "IPC buffer is still borrowed by an open scope"u8,
        IpcViolation.WriteWhileWriting => "IPC buffer is already borrowed for writing by an open scope"u8,
        IpcViolation.WriteWhileReading => "IPC buffer is borrowed for reading by an open scope"u8,
        IpcViolation.ReadWhileWriting => "IPC buffer is borrowed for writing by an open scope"u8,
        IpcViolation.UseAfterEnd => "an IPC buffer scope was used after it ended"u8,
        IpcViolation.TooManyReaders => "too many IPC buffer read scopes are open (at most 4)"u8,
        IpcViolation.NoIpcBuffer => "this thread has no IPC buffer"u8,
        _ => "no violation"u8,
    };

    public static ReadOnlySpan<byte> Operation(IpcOperation operation) => operation switch
    {
        IpcOperation.Call => "seL4_Call"u8,
        IpcOperation.ReplyRecv => "seL4_ReplyRecv"u8,
        IpcOperation.Send => "seL4_Send"u8,
        IpcOperation.NBSend => "seL4_NBSend"u8,
        IpcOperation.Recv => "seL4_Recv"u8,
        IpcOperation.NBRecv => "seL4_NBRecv"u8,
        IpcOperation.Reply => "seL4_Reply"u8,
        IpcOperation.Yield => "seL4_Yield"u8,
        IpcOperation.Signal => "seL4_Signal"u8,
        IpcOperation.Wait => "seL4_Wait"u8,
        IpcOperation.Poll => "seL4_Poll"u8,
        IpcOperation.DebugCall => "a debug system call"u8,
        IpcOperation.Invocation => "a kernel invocation"u8,
        IpcOperation.OpenWrite => "Ipc.Write"u8,
        IpcOperation.OpenRead => "Ipc.Read"u8,
        IpcOperation.ScopeAccess => "a scope accessor"u8,
        _ => "an IPC operation"u8,
    };

    public static ReadOnlySpan<byte> Fix(IpcViolation violation) => violation switch
    {
        IpcViolation.CallWhileBorrowed => "finish writing the message, end the scope, then call"u8,
        IpcViolation.WriteWhileWriting => "end the first scope before opening another; write a whole message in one scope"u8,
        IpcViolation.WriteWhileReading => "end the read scopes before writing the next message"u8,
        IpcViolation.ReadWhileWriting => "end the write scope before reading"u8,
        IpcViolation.UseAfterEnd => "keep every use of a scope and its spans inside its using block"u8,
        IpcViolation.TooManyReaders => "end a read scope before opening another"u8,
        IpcViolation.NoIpcBuffer => "give the thread a context with ThreadContexts.InitializeCurrent first (the root task and libsmos do this at start)"u8,
        _ => "nothing to fix"u8,
    };
}
