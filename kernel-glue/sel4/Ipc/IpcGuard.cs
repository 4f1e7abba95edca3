// The borrow rules of the IPC buffer (RefCell-like): checks used by scopes and by every system call.
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>
/// Decides whether an IPC-buffer operation is allowed on the calling thread, and updates the borrow state.
/// Checks are inlined into callers so that a report's code address points at the caller.
/// </summary>
internal static unsafe partial class IpcGuard
{
    /// <summary>The calling thread's context (never null once the thread is set up).</summary>
    public static ThreadContext* Context
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Platform.CurrentContext();
    }

    /// <summary>
    /// The id of an ended scope, or of one that failed to open: never live, because it names slot 7, which is never
    /// used (<see cref="ThreadContext.Scopes"/>). A scope's id is (counter &lt;&lt; 3) | slot, so it is never 0 or this.
    /// </summary>
    public const ulong DeadId = ulong.MaxValue;

    private const int SlotMask = ThreadContext.ScopeSlots - 1;

    /// <summary>Stops the thread (target) or throws (host) unless no scope is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ThreadContext* EnterSystemCall(IpcOperation operation)
    {
        ThreadContext* ctx = Platform.CurrentContext();
        if (ctx == null || ctx->OpenScopes != 0 || ctx->IpcBuffer == null)
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

        return ctx->OpenScopes != 0 ? IpcViolation.CallWhileBorrowed : IpcViolation.None;
    }

    /// <summary>Takes the exclusive borrow. Returns the new scope id, or <see cref="DeadId"/> with the violation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong TryOpenWrite(ThreadContext* ctx, out IpcViolation violation)
    {
        if (ctx == null || ctx->IpcBuffer == null)
        {
            violation = IpcViolation.NoIpcBuffer;
            return DeadId;
        }

        if (ctx->OpenScopes != 0)
        {
            violation = ctx->Readers != 0 ? IpcViolation.WriteWhileReading : IpcViolation.WriteWhileWriting;
            return DeadId;
        }

        violation = IpcViolation.None;
        ulong id = NewId(ctx) << 3;
        Slots(ctx)[0] = id;
        ctx->OpenScopes = 1;
        return id;
    }

    /// <summary>Takes a shared borrow. Returns the new scope id, or <see cref="DeadId"/> with the violation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong TryOpenRead(ThreadContext* ctx, out IpcViolation violation)
    {
        if (ctx == null || ctx->IpcBuffer == null)
        {
            violation = IpcViolation.NoIpcBuffer;
            return DeadId;
        }

        if (ctx->OpenScopes != 0)
        {
            return OpenAnotherRead(ctx, out violation);
        }

        violation = IpcViolation.None;
        ulong id = (NewId(ctx) << 3) | 1;
        Slots(ctx)[1] = id;
        ctx->Readers = 1;
        ctx->OpenScopes = 1;
        return id;
    }

    /// <summary>A read scope while other scopes are open: the rarer case, kept out of line.</summary>
    private static ulong OpenAnotherRead(ThreadContext* ctx, out IpcViolation violation)
    {
        ulong* slots = Slots(ctx);
        if (slots[0] != 0)
        {
            violation = IpcViolation.ReadWhileWriting;
            return DeadId;
        }

        if (ctx->Readers >= ThreadContext.MaxReaders)
        {
            violation = IpcViolation.TooManyReaders;
            return DeadId;
        }

        int slot = 1;
        while (slots[slot] != 0)
        {
            slot++;
        }

        violation = IpcViolation.None;
        ulong id = (NewId(ctx) << 3) | (uint)slot;
        slots[slot] = id;
        ctx->Readers++;
        ctx->OpenScopes++;
        return id;
    }

    /// <summary>True while the scope <paramref name="id"/> is open on <paramref name="ctx"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLive(ThreadContext* ctx, ulong id) => id != 0 && Slots(ctx)[(int)id & SlotMask] == id;

    /// <summary>Stops (target) or throws (host) if the scope has ended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLive(ThreadContext* ctx, ulong id)
    {
        if (ctx != null && Slots(ctx)[(int)id & SlotMask] != id)
        {
            Platform.Violation(IpcViolation.UseAfterEnd, IpcOperation.ScopeAccess);
        }
    }

    /// <summary>Ends scope <paramref name="id"/>; ending an ended scope does nothing. Kept out of line (it runs in the
    /// scope's finally block, where inlining saves little).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Close(ThreadContext* ctx, ulong id)
    {
        if (ctx == null || id == 0)
        {
            return;
        }

        int slot = (int)id & SlotMask;
        ulong* slots = Slots(ctx);
        if (slots[slot] != id)
        {
            return;
        }

        slots[slot] = 0;
        ctx->OpenScopes--;
        if (slot != 0)
        {
            ctx->Readers--;
        }
    }

    /// <summary>Reports a violation that a Try... call returned (stops the thread on the target).</summary>
    public static void Report(IpcViolation violation, IpcOperation operation) => Platform.Violation(violation, operation);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NewId(ThreadContext* ctx)
    {
        ulong id = ctx->NextScopeId + 1;
        ctx->NextScopeId = id;
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong* Slots(ThreadContext* ctx) => (ulong*)&ctx->Scopes;
}
