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
    private readonly ThreadContext* _ctx;
    private ulong _id;

    internal IpcWriter(ThreadContext* ctx, ulong id)
    {
        _ctx = ctx;
        _id = id;
    }

    private IpcBufferLayout* Buffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            IpcGuard.CheckLive(_ctx, _id);
            return _ctx->IpcBuffer;
        }
    }

    /// <summary>Message registers 0-119 (MR0-MR3 travel in registers, the stubs move them).</summary>
    public VolatileSpan<ulong> MessageRegisters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new VolatileSpan<ulong>((ulong*)&Buffer->Msg, IpcBufferLayout.MessageRegisters, _ctx, _id);
    }

    /// <summary>The extra capabilities to send (cptrs), up to 3.</summary>
    public VolatileSpan<ulong> ExtraCaps => new VolatileSpan<ulong>((ulong*)&Buffer->CapsOrBadges, 3, _ctx, _id);

    /// <summary>Sets message register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetMr(int index, ulong value)
    {
        if ((uint)index >= IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        VolatileAccess.Write((ulong*)&Buffer->Msg + index, value);
    }

    /// <summary>Reads back message register <paramref name="index"/> of the message being written.</summary>
    public ulong GetMr(int index) => MessageRegisters[index];

    /// <summary>Sets extra capability <paramref name="index"/> (0-2) to send with the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetCap(int index, ulong cptr)
    {
        if ((uint)index >= MessageInfo.MaxExtraCaps)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        VolatileAccess.Write((ulong*)&Buffer->CapsOrBadges + index, cptr);
    }

    /// <summary>Where a capability received by the next receive or call of this thread is put.</summary>
    public void SetReceiveSlot(ulong cnode, ulong index, int depth)
    {
        IpcBufferLayout* b = Buffer;
        VolatileAccess.Write(&b->ReceiveCNode, cnode);
        VolatileAccess.Write(&b->ReceiveIndex, index);
        VolatileAccess.Write(&b->ReceiveDepth, (ulong)depth);
    }

    /// <summary>Packs <paramref name="bytes"/> little-endian into MRs from <paramref name="firstMr"/>; returns the MRs used.</summary>
    public int CopyIn(int firstMr, scoped ReadOnlySpan<byte> bytes)
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

    /// <summary>Ends the scope. Using the scope or its spans afterwards is a violation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        IpcGuard.Close(_ctx, _id);
        _id = IpcGuard.DeadId;
    }
}

/// <summary>Shared access to the calling thread's IPC buffer, for reading a received message.</summary>
public unsafe ref struct IpcReader
{
    private readonly ThreadContext* _ctx;
    private ulong _id;

    internal IpcReader(ThreadContext* ctx, ulong id)
    {
        _ctx = ctx;
        _id = id;
    }

    private IpcBufferLayout* Buffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            IpcGuard.CheckLive(_ctx, _id);
            return _ctx->IpcBuffer;
        }
    }

    /// <summary>Message registers 0-119 of the last message received or replied to this thread.</summary>
    public ReadOnlyVolatileSpan<ulong> MessageRegisters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new ReadOnlyVolatileSpan<ulong>(new VolatileSpan<ulong>((ulong*)&Buffer->Msg, IpcBufferLayout.MessageRegisters, _ctx, _id));
    }

    /// <summary>Badges of capabilities that were unwrapped on receive (see <see cref="MessageInfo.CapsUnwrapped"/>).</summary>
    public ReadOnlyVolatileSpan<ulong> Badges =>
        new ReadOnlyVolatileSpan<ulong>(new VolatileSpan<ulong>((ulong*)&Buffer->CapsOrBadges, 3, _ctx, _id));

    /// <summary>Message register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetMr(int index)
    {
        if ((uint)index >= IpcBufferLayout.MessageRegisters)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        return VolatileAccess.Read((ulong*)&Buffer->Msg + index);
    }

    /// <summary>Unpacks <paramref name="destination"/>.Length bytes from MRs starting at <paramref name="firstMr"/>.</summary>
    public void CopyOut(int firstMr, scoped Span<byte> destination)
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

    /// <summary>Ends the scope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        IpcGuard.Close(_ctx, _id);
        _id = IpcGuard.DeadId;
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
        ulong id = IpcGuard.TryOpenWrite(ctx, out IpcViolation violation);
        if (violation != IpcViolation.None)
        {
            IpcGuard.Report(violation, IpcOperation.OpenWrite);
        }

        return new IpcWriter(ctx, id);
    }

    /// <summary>Opens a shared read scope. Stops the thread if a write scope is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IpcReader Read()
    {
        ThreadContext* ctx = IpcGuard.Context;
        ulong id = IpcGuard.TryOpenRead(ctx, out IpcViolation violation);
        if (violation != IpcViolation.None)
        {
            IpcGuard.Report(violation, IpcOperation.OpenRead);
        }

        return new IpcReader(ctx, id);
    }

    /// <summary>Opens the write scope, or returns why it cannot be opened.</summary>
    public static IpcViolation TryWrite(out IpcWriter writer)
    {
        ThreadContext* ctx = IpcGuard.Context;
        ulong id = IpcGuard.TryOpenWrite(ctx, out IpcViolation violation);
        writer = new IpcWriter(ctx, id);
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
        ThreadContext* ctx = IpcGuard.Context;
        ulong id = IpcGuard.TryOpenRead(ctx, out IpcViolation violation);
        reader = new IpcReader(ctx, id);
        return violation;
    }
}
