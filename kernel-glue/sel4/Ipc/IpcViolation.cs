// The IPC-buffer rules a program can break, and the exact message for each (documented in docs/ipc.md).
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

/// <summary>Message texts. A report reads "&lt;problem&gt; when &lt;operation&gt; was invoked: &lt;fix&gt;".</summary>
public static class IpcMessages
{
    public static string Problem(IpcViolation violation) => violation switch
    {
        IpcViolation.CallWhileBorrowed => "IPC buffer is still borrowed by an open scope",
        IpcViolation.WriteWhileWriting => "IPC buffer is already borrowed for writing by an open scope",
        IpcViolation.WriteWhileReading => "IPC buffer is borrowed for reading by an open scope",
        IpcViolation.ReadWhileWriting => "IPC buffer is borrowed for writing by an open scope",
        IpcViolation.UseAfterEnd => "an IPC buffer scope was used after it ended",
        IpcViolation.TooManyReaders => "too many IPC buffer read scopes are open (at most 4)",
        IpcViolation.NoIpcBuffer => "this thread has no IPC buffer",
        _ => "no violation",
    };

    public static string Operation(IpcOperation operation) => operation switch
    {
        IpcOperation.Call => "seL4_Call",
        IpcOperation.ReplyRecv => "seL4_ReplyRecv",
        IpcOperation.Send => "seL4_Send",
        IpcOperation.NBSend => "seL4_NBSend",
        IpcOperation.Recv => "seL4_Recv",
        IpcOperation.NBRecv => "seL4_NBRecv",
        IpcOperation.Reply => "seL4_Reply",
        IpcOperation.Yield => "seL4_Yield",
        IpcOperation.Signal => "seL4_Signal",
        IpcOperation.Wait => "seL4_Wait",
        IpcOperation.Poll => "seL4_Poll",
        IpcOperation.DebugCall => "a debug system call",
        IpcOperation.Invocation => "a kernel invocation",
        IpcOperation.OpenWrite => "Ipc.Write",
        IpcOperation.OpenRead => "Ipc.Read",
        IpcOperation.ScopeAccess => "a scope accessor",
        _ => "an IPC operation",
    };

    public static string Fix(IpcViolation violation) => violation switch
    {
        IpcViolation.CallWhileBorrowed => "finish writing the message, end the scope, then call",
        IpcViolation.WriteWhileWriting => "end the first scope before opening another; write a whole message in one scope",
        IpcViolation.WriteWhileReading => "end the read scopes before writing the next message",
        IpcViolation.ReadWhileWriting => "end the write scope before reading",
        IpcViolation.UseAfterEnd => "keep every use of a scope and its spans inside its using block",
        IpcViolation.TooManyReaders => "end a read scope before opening another",
        IpcViolation.NoIpcBuffer => "give the thread a context with ThreadContexts.InitializeCurrent first (the root task and libsmos do this at start)",
        _ => "nothing to fix",
    };
}
