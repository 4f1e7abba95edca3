// The borrow rules of the IPC buffer (RefCell-like): checks used by scopes and by every system call.
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>
/// Decides whether an IPC-buffer operation is allowed on the calling thread, and updates the borrow state
/// (<see cref="ThreadContext.Borrow"/>). The allowed case of each check is one load and one compare, inlined into the
/// caller; the refused case is out of line and reports, so that a report's code address points at the caller.
/// </summary>
internal static unsafe partial class IpcGuard
{
    /// <summary>The calling thread's context (null on a thread kernel-glue did not set up).</summary>
    public static ThreadContext* Context
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Platform.CurrentContext();
    }

    /// <summary>Stops the thread (target) or throws (host) unless no scope is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ThreadContext* EnterSystemCall(IpcOperation operation)
    {
        ThreadContext* ctx = Platform.CurrentContext();
        if (ctx == null || ctx->Borrow != ThreadContext.Free)
        {
            Platform.Violation(SystemCallViolation(ctx), operation);
        }

        return ctx;
    }

    /// <summary>Like <see cref="EnterSystemCall"/> but reports instead of stopping.</summary>
    public static IpcViolation TryEnterSystemCall(out ThreadContext* ctx)
    {
        ctx = Platform.CurrentContext();
        return ctx == null || ctx->Borrow != ThreadContext.Free ? SystemCallViolation(ctx) : IpcViolation.None;
    }

    /// <summary>Takes the exclusive borrow: returns null (with the violation) when it cannot be taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ThreadContext* TryOpenWrite(out IpcViolation violation)
    {
        ThreadContext* ctx = Platform.CurrentContext();
        if (ctx == null || ctx->Borrow != ThreadContext.Free)
        {
            violation = WriteViolation(ctx);
            return null;
        }

        ctx->Borrow = ThreadContext.Writing;
        violation = IpcViolation.None;
        return ctx;
    }

    /// <summary>Takes a shared borrow: returns null (with the violation) when it cannot be taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ThreadContext* TryOpenRead(out IpcViolation violation)
    {
        ThreadContext* ctx = Platform.CurrentContext();

        // One unsigned compare refuses the writer and the context without a buffer (negative) and a fifth reader.
        if (ctx == null || (uint)ctx->Borrow >= ThreadContext.MaxReaders)
        {
            violation = ReadViolation(ctx);
            return null;
        }

        ctx->Borrow = ctx->Borrow + 1;
        violation = IpcViolation.None;
        return ctx;
    }

    /// <summary>Ends the write scope on <paramref name="ctx"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CloseWrite(ThreadContext* ctx) => ctx->Borrow = ThreadContext.Free;

    /// <summary>Ends one read scope on <paramref name="ctx"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CloseRead(ThreadContext* ctx)
    {
        int borrow = ctx->Borrow;
        ctx->Borrow = borrow - 1;
    }

    /// <summary>Reports a scope used after it ended (Dispose cleared its context). Inlined, as <see cref="RefuseWrite"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UseAfterEnd()
    {
        Platform.Violation(IpcViolation.UseAfterEnd, IpcOperation.ScopeAccess);
        throw Unreachable();
    }

    /// <summary>
    /// Reports why <see cref="Ipc.Write"/> was refused (stops the thread on the target; throws on the host). Inlined, so
    /// that the report's code address is the caller's; only the choice of the rule is out of line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseWrite(ThreadContext* ctx)
    {
        Platform.Violation(WriteViolation(ctx), IpcOperation.OpenWrite);
        throw Unreachable();
    }

    /// <summary>Reports why <see cref="Ipc.Read"/> was refused (inlined, as <see cref="RefuseWrite"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseRead(ThreadContext* ctx)
    {
        Platform.Violation(ReadViolation(ctx), IpcOperation.OpenRead);
        throw Unreachable();
    }

    /// <summary>Reports a violation that a Try... call returned (stops the thread on the target).</summary>
    public static void Report(IpcViolation violation, IpcOperation operation) => Platform.Violation(violation, operation);

    // A violation stops the thread (target) or throws (host), so this is never reached; the throw tells the JIT so, and it
    // drops the checks that follow a refused open (the scope's context is then known not to be null).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static System.InvalidOperationException Unreachable() => new System.InvalidOperationException("the IPC guard's report returned");

    // The refused cases: which rule, from the state. Out of line, off the fast paths.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IpcViolation SystemCallViolation(ThreadContext* ctx) =>
        ctx == null || ctx->IpcBuffer == null || ctx->Borrow == ThreadContext.NoBuffer ? IpcViolation.NoIpcBuffer : IpcViolation.CallWhileBorrowed;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IpcViolation WriteViolation(ThreadContext* ctx) =>
        ctx == null || ctx->Borrow == ThreadContext.NoBuffer ? IpcViolation.NoIpcBuffer
        : ctx->Borrow == ThreadContext.Writing ? IpcViolation.WriteWhileWriting
        : IpcViolation.WriteWhileReading;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IpcViolation ReadViolation(ThreadContext* ctx) =>
        ctx == null || ctx->Borrow == ThreadContext.NoBuffer ? IpcViolation.NoIpcBuffer
        : ctx->Borrow == ThreadContext.Writing ? IpcViolation.ReadWhileWriting
        : IpcViolation.TooManyReaders;
}
