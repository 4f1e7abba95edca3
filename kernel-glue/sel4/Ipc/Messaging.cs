// IPC operations on endpoints and notifications: every one checks that no IPC-buffer scope is open first.
using System.Runtime.CompilerServices;

namespace Smos.Sel4;

/// <summary>An endpoint capability: synchronous IPC.</summary>
public readonly unsafe struct Endpoint
{
    public readonly ulong Cptr;

    public Endpoint(ulong cptr) { Cptr = cptr; }

    /// <summary>Sends the message composed in the last write scope and waits for the reply (seL4_Call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo Call(MessageInfo info)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.Call);
        return new MessageInfo(Syscalls.Call(Cptr, info.Word, ctx->IpcBuffer, null));
    }

    /// <summary>As <see cref="Call"/>, but returns the violation instead of stopping the thread.</summary>
    public IpcViolation TryCall(MessageInfo info, out MessageInfo reply)
    {
        IpcViolation v = IpcGuard.TryEnterSystemCall(out ThreadContext* ctx);
        reply = v == IpcViolation.None ? new MessageInfo(Syscalls.Call(Cptr, info.Word, ctx->IpcBuffer, null)) : default;
        return v;
    }

    /// <summary>Sends without waiting for a reply; blocks until a receiver takes it (seL4_Send).</summary>
    public void Send(MessageInfo info)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.Send);
        Syscalls.Send(Cptr, info.Word, ctx->IpcBuffer);
    }

    /// <summary>Sends only if a receiver is waiting; otherwise drops the message (seL4_NBSend).</summary>
    public void NBSend(MessageInfo info)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.NBSend);
        Syscalls.NBSend(Cptr, info.Word, ctx->IpcBuffer);
    }

    /// <summary>Waits for a message; <paramref name="badge"/> identifies the sender's capability (seL4_Recv).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo Recv(out ulong badge)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.Recv);
        ulong b;
        var info = new MessageInfo(Syscalls.Recv(Cptr, ctx->IpcBuffer, &b));
        badge = b;
        return info;
    }

    /// <summary>Receives a message if one is waiting (seL4_NBRecv); a zero info and badge mean none was.</summary>
    public MessageInfo NBRecv(out ulong badge)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.NBRecv);
        ulong b;
        var info = new MessageInfo(Syscalls.NBRecv(Cptr, ctx->IpcBuffer, &b));
        badge = b;
        return info;
    }

    /// <summary>Replies to the last caller and waits for the next message (seL4_ReplyRecv).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo ReplyRecv(MessageInfo reply, out ulong badge)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.ReplyRecv);
        ulong b;
        var info = new MessageInfo(Syscalls.ReplyRecv(Cptr, reply.Word, ctx->IpcBuffer, &b));
        badge = b;
        return info;
    }

    /// <summary>
    /// seL4_Call on the register path: MR0-3 of the request come from <paramref name="message"/>, which then holds the
    /// reply's MR0-3. The IPC buffer is not touched (words 4 and up, if any, are in it as usual).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo Call(MessageInfo info, ref FastMessage message)
    {
        IpcGuard.EnterSystemCall(IpcOperation.Call);
        fixed (FastMessage* m = &message)
        {
            return new MessageInfo(Syscalls.CallFast(Cptr, info.Word, m, null));
        }
    }

    /// <summary>seL4_ReplyRecv on the register path: replies with MR0-3 from <paramref name="message"/>, which then holds the next request's MR0-3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo ReplyRecv(MessageInfo reply, ref FastMessage message, out ulong badge)
    {
        IpcGuard.EnterSystemCall(IpcOperation.ReplyRecv);
        ulong b;
        MessageInfo info;
        fixed (FastMessage* m = &message)
        {
            info = new MessageInfo(Syscalls.ReplyRecvFast(Cptr, reply.Word, m, &b));
        }

        badge = b;
        return info;
    }

    /// <summary>seL4_Recv on the register path: the message's MR0-3 arrive in <paramref name="message"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageInfo Recv(out ulong badge, out FastMessage message)
    {
        IpcGuard.EnterSystemCall(IpcOperation.Recv);
        ulong b;
        FastMessage received = default;
        MessageInfo info = new MessageInfo(Syscalls.RecvFast(Cptr, &received, &b));
        badge = b;
        message = received;
        return info;
    }
}

/// <summary>A notification capability: a word of signal bits (the badges of the capabilities signalled).</summary>
public readonly unsafe struct Notification
{
    public readonly ulong Cptr;

    public Notification(ulong cptr) { Cptr = cptr; }

    /// <summary>
    /// Sets the capability's badge bits in the notification (seL4_Signal). It is made with NBSend, so it never blocks,
    /// even on a capability that is really an endpoint (one received from a peer that passed it off as a notification).
    /// </summary>
    public void Signal()
    {
        IpcGuard.EnterSystemCall(IpcOperation.Signal);
        Syscalls.Signal(Cptr);
    }

    /// <summary>Blocks until signalled; returns the accumulated badge bits.</summary>
    public ulong Wait()
    {
        IpcGuard.EnterSystemCall(IpcOperation.Wait);
        return Syscalls.Wait(Cptr);
    }

    /// <summary>Returns the accumulated badge bits without blocking (0 if none).</summary>
    public ulong Poll()
    {
        IpcGuard.EnterSystemCall(IpcOperation.Poll);
        return Syscalls.Poll(Cptr);
    }
}

/// <summary>The scheduler system call.</summary>
public static unsafe class Scheduler
{
    /// <summary>Gives up the rest of the time slice (seL4_Yield).</summary>
    public static void Yield()
    {
        IpcGuard.EnterSystemCall(IpcOperation.Yield);
        Syscalls.Yield();
    }
}
