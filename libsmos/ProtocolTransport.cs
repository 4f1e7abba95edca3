// What generated protocol clients and servers share beyond one message: the connection's shared page for large messages, and capabilities.
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The parts of a typed call (docs/protocols.md) that are the same for every protocol, called by generated code: a
/// message of more than <see cref="ProtocolWire.MaxWords"/> words travels through the connection's shared page (MR0 =
/// its length, MR1-3 = its first three words, the rest in the page, read and written only through volatile spans), and
/// a capability travels in the IPC buffer's extra-capability words, into a receive slot the receiver set beforehand.
/// </summary>
public static class ProtocolTransport
{
    private static ulong[]? s_clientWords;

    /// <summary>
    /// The words of a client's message too large for the IPC buffer, and of a reply that came through the shared page
    /// (<see cref="ProtocolWire.MaxSharedWords"/>): one buffer per process, reused by every call (apps have one thread).
    /// </summary>
    public static Span<ulong> ClientWords => s_clientWords ??= new ulong[ProtocolWire.MaxSharedWords];

    /// <summary>
    /// Makes <paramref name="page"/> the connection's shared page, sharing one with the server (ConnShare) the first
    /// time; <see cref="ProtocolError.NoSharedPage"/> when the root task refuses (a connection shares one page at most).
    /// </summary>
    public static ProtocolError Share(in Connection connection, ref SharedBuffer page)
    {
        if (page.IsMapped)
        {
            return ProtocolError.Ok;
        }

        return Connections.Share(connection, out page) == RootError.Ok ? ProtocolError.Ok : ProtocolError.NoSharedPage;
    }

    /// <summary>
    /// Sends the <paramref name="length"/> words of <paramref name="words"/> (more than fit in the IPC buffer) through
    /// <paramref name="page"/>: MR0 = the length, MR1-3 = the first three words, the others copied into the page first.
    /// Capabilities, if any, must already be in the IPC buffer (<paramref name="extraCaps"/>). Returns the reply label
    /// (see <see cref="TakeReply"/>); <paramref name="reply"/> is the reply's tag.
    /// </summary>
    public static ulong CallShared(in Connection connection, SharedBuffer page, ulong label, int extraCaps, ReadOnlySpan<ulong> words, int length,
        Span<ulong> replyBuffer, out ReadOnlySpan<ulong> replyWords, out MessageInfo reply)
    {
        int rest = length - ProtocolWire.SharedRegisterWords;
        page.Words.Slice(0, rest).CopyFrom(words.Slice(ProtocolWire.SharedRegisterWords, rest));
        var message = new FastMessage((ulong)length, words[0], words[1], words[2]);
        reply = connection.Endpoint.Call(new MessageInfo(label | ProtocolWire.SharedFlag, 0, extraCaps, ProtocolWire.RegisterWords), ref message);
        return TakeReply(reply, message, page, replyBuffer, out replyWords);
    }

    /// <summary>
    /// The words of a reply: MR0-3 from <paramref name="message"/> and the rest from the IPC buffer (a read scope),
    /// copied into <paramref name="buffer"/>; or, for a <see cref="ProtocolWire.SharedReply"/>, MR1-3 and the shared
    /// page copied into <see cref="ClientWords"/>. Returns the reply label (0 for a shared reply), or
    /// <see cref="ProtocolError.BadReply"/> for a shared reply that is malformed or arrives without a page.
    /// </summary>
    public static ulong TakeReply(MessageInfo reply, scoped in FastMessage message, SharedBuffer page, Span<ulong> buffer, out ReadOnlySpan<ulong> words)
    {
        if (reply.Label == ProtocolWire.SharedReply)
        {
            ulong n = message.Mr0;
            if (reply.Length != ProtocolWire.RegisterWords || !page.IsMapped || n <= ProtocolWire.MaxWords || n > ProtocolWire.MaxSharedWords)
            {
                words = default;
                return (ulong)ProtocolError.BadReply;
            }

            Span<ulong> big = ClientWords;
            big[0] = message.Mr1;
            big[1] = message.Mr2;
            big[2] = message.Mr3;
            int rest = (int)n - ProtocolWire.SharedRegisterWords;
            page.Words.Slice(0, rest).CopyTo(big.Slice(ProtocolWire.SharedRegisterWords, rest));
            words = big.Slice(0, (int)n);
            return 0;
        }

        int length = reply.Length < buffer.Length ? reply.Length : buffer.Length;
        buffer[0] = message.Mr0;
        buffer[1] = message.Mr1;
        buffer[2] = message.Mr2;
        buffer[3] = message.Mr3;
        if (length > ProtocolWire.RegisterWords)
        {
            using IpcReader r = Ipc.Read();
            r.MessageRegisters.Slice(ProtocolWire.RegisterWords, length - ProtocolWire.RegisterWords).CopyTo(buffer.Slice(ProtocolWire.RegisterWords, length - ProtocolWire.RegisterWords));
        }

        words = buffer.Slice(0, length);
        return reply.Label;
    }

    /// <summary>
    /// A server's side of a shared-page request (<see cref="ProtocolWire.SharedFlag"/>): copies its words into
    /// <paramref name="words"/> (MR1-3, then the page: a private copy, so the client cannot change them while they are
    /// checked). Returns 0, <see cref="ProtocolError.NoSharedPage"/> when this client shared no page, or
    /// <see cref="ProtocolError.WrongLength"/> for a tag or length word that is not a shared request's.
    /// </summary>
    public static ulong TakeSharedRequest(MessageInfo request, in FastMessage message, SharedBuffer page, Span<ulong> words, out int length)
    {
        length = 0;
        ulong n = message.Mr0;
        if (request.Length != ProtocolWire.RegisterWords || n <= ProtocolWire.MaxWords || n > ProtocolWire.MaxSharedWords || n > (ulong)words.Length)
        {
            return (ulong)ProtocolError.WrongLength;
        }

        if (!page.IsMapped)
        {
            return (ulong)ProtocolError.NoSharedPage;
        }

        words[0] = message.Mr1;
        words[1] = message.Mr2;
        words[2] = message.Mr3;
        int rest = (int)n - ProtocolWire.SharedRegisterWords;
        page.Words.Slice(0, rest).CopyTo(words.Slice(ProtocolWire.SharedRegisterWords, rest));
        length = (int)n;
        return 0;
    }

    /// <summary>
    /// A server's reply of <paramref name="length"/> words from <paramref name="words"/> with label <paramref name="label"/>
    /// and, when <paramref name="cap"/> is not 0, that capability: MR0-3 in <paramref name="message"/>, MR4 and up into
    /// the IPC buffer (a write scope), or, beyond <see cref="ProtocolWire.MaxWords"/>, through the client's shared page
    /// (<see cref="ProtocolWire.SharedReply"/>); <see cref="ProtocolError.TooLarge"/> when the client has no page.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in each server's HandleWords: its page and capability branches fold away when constant
    public static MessageInfo Reply(ulong label, ReadOnlySpan<ulong> words, int length, SharedBuffer page, ulong cap, ref FastMessage message)
    {
        int caps = cap != 0 ? 1 : 0;
        if (length > ProtocolWire.MaxWords)
        {
            if (!page.IsMapped)
            {
                return new MessageInfo((ulong)ProtocolError.TooLarge, 0, 0, 0);
            }

            int rest = length - ProtocolWire.SharedRegisterWords;
            page.Words.Slice(0, rest).CopyFrom(words.Slice(ProtocolWire.SharedRegisterWords, rest));
            message = new FastMessage((ulong)length, words[0], words[1], words[2]);
            if (caps != 0)
            {
                using IpcWriter w = Ipc.Write();
                w.SetCap(0, cap);
            }

            return new MessageInfo(ProtocolWire.SharedReply, 0, caps, ProtocolWire.RegisterWords);
        }

        message = new FastMessage(words[0], words[1], words[2], words[3]);
        if (length > ProtocolWire.RegisterWords || caps != 0)
        {
            using IpcWriter w = Ipc.Write();
            if (length > ProtocolWire.RegisterWords)
            {
                w.MessageRegisters.Slice(ProtocolWire.RegisterWords, length - ProtocolWire.RegisterWords).CopyFrom(words.Slice(ProtocolWire.RegisterWords, length - ProtocolWire.RegisterWords));
            }

            if (caps != 0)
            {
                w.SetCap(0, cap);
            }
        }

        return new MessageInfo(label, 0, caps, length);
    }

    /// <summary>
    /// The capabilities a request carried as a generated dispatch counts them: the kernel's extra-capability count, or
    /// 3 (more than any method takes) when one was unwrapped into a badge (it named the receiver's own endpoint).
    /// </summary>
    public static int ReceivedCaps(MessageInfo info) => info.CapsUnwrapped != 0 ? MessageInfo.MaxExtraCaps : info.ExtraCaps;

    /// <summary>
    /// Makes <paramref name="slot"/> (taking a free one first when it is 0) the slot the next capability sent to this
    /// thread lands in (the IPC buffer's receive path, a write scope). Without a free slot the receive path is cleared and
    /// capabilities sent to this thread are dropped by the kernel (their requests then fail with BadCapability).
    /// </summary>
    public static void ArmReceive(ref ulong slot)
    {
        if (slot == 0 && !CapSpace.TryAlloc(out slot))
        {
            slot = 0;
        }

        using IpcWriter w = Ipc.Write();
        w.SetReceiveSlot(slot != 0 ? CapSlots.SelfCNode : 0, slot, slot != 0 ? 64 : 0);
    }

    /// <summary>
    /// After a server handled a request that arrived with capabilities (<paramref name="request"/>): when the
    /// implementation took the one in <paramref name="slot"/> (<paramref name="handedOver"/>), the slot is its own now
    /// and a new one is armed; otherwise whatever landed in the slot is deleted and the slot armed again.
    /// </summary>
    public static void AfterCapabilities(MessageInfo request, bool handedOver, ref ulong slot)
    {
        if (handedOver)
        {
            slot = 0;
        }
        else if (request.ExtraCaps != 0 && slot != 0)
        {
            CapSpace.Delete(slot, free: false);
        }

        ArmReceive(ref slot);
    }

    /// <summary>
    /// A client's receive slot after a call whose result was to be a capability: the capability, or 0 when the reply did
    /// not carry exactly one real capability (then whatever arrived is deleted and the slot given back).
    /// </summary>
    public static ulong TakeReplyCap(MessageInfo reply, ulong label, ulong slot)
    {
        if (label == 0 && reply.ExtraCaps == 1 && reply.CapsUnwrapped == 0)
        {
            return slot;
        }

        if (reply.ExtraCaps != 0)
        {
            CapSpace.Delete(slot, free: true); // something arrived that is not the result: do not keep it
        }
        else
        {
            CapSpace.Free(slot);
        }

        return 0;
    }
}
