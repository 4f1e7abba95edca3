// The borrow rules of the IPC buffer (RefCell-like): checks used by scopes and by every system call.
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>
/// Decides whether an IPC-buffer operation is allowed on the calling thread, and updates the borrow state.
/// Checks are inlined into callers so that a report's code address points at the caller.
/// </summary>
public static unsafe partial class IpcGuard
{
    /// <summary>The calling thread's context (never null once the thread is set up).</summary>
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
        if (ctx == null || ctx->IsBorrowed || ctx->IpcBuffer == null)
        {
            Platform.Violation(ctx == null || ctx->IpcBuffer == null ? IpcViolation.NoIpcBuffer : IpcViolation.CallWhileBorrowed, operation);
        }

        return ctx;
    }

    /// <summary>Like <see cref="EnterSystemCall"/> but reports instead of stopping.</summary>
    public static IpcViolation TryEnterSystemCall(out ThreadContext* ctx)
    {
        ctx = Platform.CurrentContext();
        if (ctx == null || ctx->IpcBuffer == null)
        {
            return IpcViolation.NoIpcBuffer;
        }

        return ctx->IsBorrowed ? IpcViolation.CallWhileBorrowed : IpcViolation.None;
    }

    /// <summary>Takes the exclusive borrow. Returns the new scope id, or 0 with the violation.</summary>
    public static ulong TryOpenWrite(ThreadContext* ctx, out IpcViolation violation)
    {
        if (ctx == null || ctx->IpcBuffer == null)
        {
            violation = IpcViolation.NoIpcBuffer;
            return 0;
        }

        if (ctx->WriterId != 0)
        {
            violation = IpcViolation.WriteWhileWriting;
            return 0;
        }

        if (ctx->Readers != 0)
        {
            violation = IpcViolation.WriteWhileReading;
            return 0;
        }

        violation = IpcViolation.None;
        ulong id = NewId(ctx);
        ctx->WriterId = id;
        return id;
    }

    /// <summary>Takes a shared borrow. Returns the new scope id, or 0 with the violation.</summary>
    public static ulong TryOpenRead(ThreadContext* ctx, out IpcViolation violation)
    {
        if (ctx == null || ctx->IpcBuffer == null)
        {
            violation = IpcViolation.NoIpcBuffer;
            return 0;
        }

        if (ctx->WriterId != 0)
        {
            violation = IpcViolation.ReadWhileWriting;
            return 0;
        }

        if (ctx->Readers >= ThreadContext.MaxReaders)
        {
            violation = IpcViolation.TooManyReaders;
            return 0;
        }

        violation = IpcViolation.None;
        ulong id = NewId(ctx);
        ctx->ReaderIdList[ctx->Readers] = id;
        ctx->Readers++;
        return id;
    }

    /// <summary>True while the scope <paramref name="id"/> is open on <paramref name="ctx"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLive(ThreadContext* ctx, ulong id)
    {
        if (id == 0)
        {
            return false;
        }

        if (ctx->WriterId == id)
        {
            return true;
        }

        for (int i = 0; i < ctx->Readers; i++)
        {
            if (ctx->ReaderIdList[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Stops (target) or throws (host) if the scope has ended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLive(ThreadContext* ctx, ulong id)
    {
        if (ctx != null && !IsLive(ctx, id))
        {
            Platform.Violation(IpcViolation.UseAfterEnd, IpcOperation.ScopeAccess);
        }
    }

    /// <summary>Ends scope <paramref name="id"/>; ending an ended scope does nothing.</summary>
    public static void Close(ThreadContext* ctx, ulong id)
    {
        if (ctx == null || id == 0)
        {
            return;
        }

        if (ctx->WriterId == id)
        {
            ctx->WriterId = 0;
            return;
        }

        for (int i = 0; i < ctx->Readers; i++)
        {
            if (ctx->ReaderIdList[i] == id)
            {
                for (int j = i + 1; j < ctx->Readers; j++)
                {
                    ctx->ReaderIdList[j - 1] = ctx->ReaderIdList[j];
                }

                ctx->Readers--;
                ctx->ReaderIdList[ctx->Readers] = 0;
                return;
            }
        }
    }

    /// <summary>Reports a violation that a Try... call returned (stops the thread on the target).</summary>
    public static void Report(IpcViolation violation, IpcOperation operation) => Platform.Violation(violation, operation);

    private static ulong NewId(ThreadContext* ctx)
    {
        ulong id = ctx->NextScopeId + 1;
        ctx->NextScopeId = id;
        return id;
    }
}
