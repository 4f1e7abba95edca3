// IPC-buffer scopes: the only way to reach the IPC buffer. A write scope is exclusive, read scopes are shared.
using System;
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>
/// Exclusive access to the calling thread's IPC buffer, for composing a message. Open it with
/// <see cref="Ipc.Write"/> in a <c>using</c>; while it is open no system call can be made on this thread.
/// </summary>
public unsafe ref struct IpcWriter
{
    // The thread's context while the scope is open; null once it has ended or when it never opened (a refused TryWrite):
    // then Dispose does nothing and every accessor reports UseAfterEnd. One field, so that the JIT keeps it in a
    // register. A span taken from the scope, or a copy of it, is bounded by the scope at compile time (docs/ipc.md).
    private ThreadContext* _ctx;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal IpcWriter(ThreadContext* ctx) => _ctx = ctx;

    private readonly IpcBufferLayout* Buffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ThreadContext* ctx = _ctx;
            if (ctx == null)
            {
                IpcGuard.UseAfterEnd();
            }

            return ctx->IpcBuffer;
        }
    }

    /// <summary>Message registers 0-119 (MR0-MR3 travel in registers, the stubs move them).</summary>
    public readonly VolatileSpan<ulong> MessageRegisters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new VolatileSpan<ulong>((ulong*)Buffer + IpcBufferLayout.MsgWord, IpcBufferLayout.MessageRegisters);
    }

    /// <summary>The extra capabilities to send (cptrs), up to 3.</summary>
    public readonly VolatileSpan<ulong> ExtraCaps => new VolatileSpan<ulong>((ulong*)&Buffer->CapsOrBadges, 3);

    /// <summary>Sets message register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetMr(int index, ulong value)
    {
        if ((uint)index >= IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        VolatileAccess.Write((ulong*)Buffer + IpcBufferLayout.MsgWord + index, value);
    }

    /// <summary>Reads back message register <paramref name="index"/> of the message being written.</summary>
    public readonly ulong GetMr(int index) => MessageRegisters[index];

    /// <summary>Sets extra capability <paramref name="index"/> (0-2) to send with the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetCap(int index, ulong cptr)
    {
        if ((uint)index >= MessageInfo.MaxExtraCaps)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        VolatileAccess.Write((ulong*)&Buffer->CapsOrBadges + index, cptr);
    }

    /// <summary>Where a capability received by the next receive or call of this thread is put.</summary>
    public readonly void SetReceiveSlot(ulong cnode, ulong index, int depth)
    {
        IpcBufferLayout* b = Buffer;
        VolatileAccess.Write(&b->ReceiveCNode, cnode);
        VolatileAccess.Write(&b->ReceiveIndex, index);
        VolatileAccess.Write(&b->ReceiveDepth, (ulong)depth);
    }

    /// <summary>Packs <paramref name="bytes"/> little-endian into MRs from <paramref name="firstMr"/>; returns the MRs used.</summary>
    public readonly int CopyIn(int firstMr, scoped ReadOnlySpan<byte> bytes)
    {
        int words = (bytes.Length + 7) / 8;
        if (firstMr < 0 || firstMr + words > IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        for (int w = 0; w < words; w++)
        {
            ulong value = 0;
            for (int i = 0; i < 8 && (w * 8) + i < bytes.Length; i++)
            {
                value |= (ulong)bytes[(w * 8) + i] << (8 * i);
            }

            SetMr(firstMr + w, value);
        }

        return words;
    }

    /// <summary>Ends the scope; ending it again does nothing. Using the scope or its spans afterwards is a violation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        if (_ctx != null)
        {
            IpcGuard.CloseWrite(_ctx);
            _ctx = null;
        }
    }
}

/// <summary>Shared access to the calling thread's IPC buffer, for reading a received message.</summary>
public unsafe ref struct IpcReader
{
    // As IpcWriter: the context while open, null once ended or never opened.
    private ThreadContext* _ctx;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal IpcReader(ThreadContext* ctx) => _ctx = ctx;

    private readonly IpcBufferLayout* Buffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ThreadContext* ctx = _ctx;
            if (ctx == null)
            {
                IpcGuard.UseAfterEnd();
            }

            return ctx->IpcBuffer;
        }
    }

    /// <summary>Message registers 0-119 of the last message received or replied to this thread.</summary>
    public readonly ReadOnlyVolatileSpan<ulong> MessageRegisters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new ReadOnlyVolatileSpan<ulong>(new VolatileSpan<ulong>((ulong*)Buffer + IpcBufferLayout.MsgWord, IpcBufferLayout.MessageRegisters));
    }

    /// <summary>Badges of capabilities that were unwrapped on receive (see <see cref="MessageInfo.CapsUnwrapped"/>).</summary>
    public readonly ReadOnlyVolatileSpan<ulong> Badges =>
        new ReadOnlyVolatileSpan<ulong>(new VolatileSpan<ulong>((ulong*)&Buffer->CapsOrBadges, 3));

    /// <summary>Message register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong GetMr(int index)
    {
        if ((uint)index >= IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        return VolatileAccess.Read((ulong*)Buffer + IpcBufferLayout.MsgWord + index);
    }

    /// <summary>Unpacks <paramref name="destination"/>.Length bytes from MRs starting at <paramref name="firstMr"/>.</summary>
    public readonly void CopyOut(int firstMr, scoped Span<byte> destination)
    {
        int words = (destination.Length + 7) / 8;
        if (firstMr < 0 || firstMr + words > IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        for (int w = 0; w < words; w++)
        {
            ulong value = GetMr(firstMr + w);
            for (int i = 0; i < 8 && (w * 8) + i < destination.Length; i++)
            {
                destination[(w * 8) + i] = (byte)(value >> (8 * i));
            }
        }
    }

    /// <summary>Ends the scope; ending it again does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        if (_ctx != null)
        {
            IpcGuard.CloseRead(_ctx);
            _ctx = null;
        }
    }
}

/// <summary>Opens IPC-buffer scopes on the calling thread.</summary>
public static unsafe class Ipc
{
    /// <summary>Opens the exclusive write scope. Stops the thread if any scope is already open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IpcWriter Write()
    {
        ThreadContext* ctx = IpcGuard.Context;
        if (ctx != null && ctx->Borrow == ThreadContext.Free)
        {
            ctx->Borrow = ThreadContext.Writing;
            return new IpcWriter(ctx);
        }

        IpcGuard.RefuseWrite(ctx);
        return default;
    }

    /// <summary>Opens a shared read scope. Stops the thread if a write scope is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IpcReader Read()
    {
        ThreadContext* ctx = IpcGuard.Context;
        if (ctx != null)
        {
            // One unsigned compare refuses the writer and a context without a buffer (negative) and a fifth reader.
            int borrow = ctx->Borrow;
            if ((uint)borrow < ThreadContext.MaxReaders)
            {
                ctx->Borrow = borrow + 1;
                return new IpcReader(ctx);
            }
        }

        IpcGuard.RefuseRead(ctx);
        return default;
    }

    /// <summary>Opens the write scope, or returns why it cannot be opened.</summary>
    public static IpcViolation TryWrite(out IpcWriter writer)
    {
        writer = new IpcWriter(IpcGuard.TryOpenWrite(out IpcViolation violation));
        return violation;
    }

    /// <summary>Replies to the last caller with the message of the last write scope (seL4_Reply).</summary>
    public static void Reply(MessageInfo info)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.Reply);
        Syscalls.Reply(info.Word, ctx->IpcBuffer);
    }

    /// <summary>Opens a read scope, or returns why it cannot be opened.</summary>
    public static IpcViolation TryRead(out IpcReader reader)
    {
        reader = new IpcReader(IpcGuard.TryOpenRead(out IpcViolation violation));
        return violation;
    }
}
