// How libsmos reaches the root task for RootTaskClient (IRootTask's generated client): seL4_Call on the register path, scopes for the rest.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The transport of <see cref="RootTaskClient"/>: seL4_Call on the root endpoint on the register path
/// (<see cref="Endpoint.Call(MessageInfo, ref FastMessage)"/>): the first four words of the request and of the reply
/// travel in registers; words 4 and up, the receive slot and an attached capability are written into the IPC buffer
/// in an <see cref="Ipc.Write"/> scope that ends before the call, and a successful reply's words 4 and up are copied
/// out in an <see cref="Ipc.Read"/> scope opened after it. Both refusals the client makes itself are <see cref="RootError.BadLength"/>.
/// </summary>
internal struct RootTransport : IFixedTransport
{
    /// <summary>Where a capability the reply carries lands (0: the receive slot is left as it is).</summary>
    public ulong ReceiveSlot;

    /// <summary>A capability sent with the request (a memory-object handle, which the kernel unwraps into its badge; 0: none).</summary>
    public ulong Attached;

    /// <summary>After the call: the reply carried a capability into <see cref="ReceiveSlot"/>.</summary>
    public bool GotCap;

    public readonly ulong RequestTooLarge => (ulong)RootError.BadLength;

    public readonly ulong MalformedReply => (ulong)RootError.BadLength;

    public ulong Call(ulong label, ReadOnlySpan<ulong> request, Span<ulong> reply, out int replyLength)
    {
        // Words 0-3 travel in registers (the register path: no scope, nothing cached); only words 4 and up, the receive
        // slot and an attached capability go through the IPC buffer.
        var m = default(FastMessage);
        int n = request.Length;
        ToRegisters(request, ref m);
        if (n > FastWords || ReceiveSlot != 0 || Attached != 0)
        {
            using IpcWriter w = Ipc.Write();
            if (ReceiveSlot != 0)
            {
                w.SetReceiveSlot(CapSlots.SelfCNode, ReceiveSlot, 64);
            }

            if (n > FastWords)
            {
                w.MessageRegisters.Slice(FastWords, n - FastWords).CopyFrom(request.Slice(FastWords));
            }

            if (Attached != 0)
            {
                w.SetCap(0, Attached);
            }
        }

        MessageInfo info = new Endpoint(AppState.RootEndpoint).Call(new MessageInfo(label, 0, Attached != 0 ? 1 : 0, n), ref m);
        GotCap = info.ExtraCaps == 1 && info.CapsUnwrapped == 0;
        replyLength = 0;
        if (info.Label == (ulong)RootError.Ok && info.Length > 0 && reply.Length > 0)
        {
            int k = info.Length < reply.Length ? info.Length : reply.Length;
            FromRegisters(ref m, reply.Slice(0, k < FastWords ? k : FastWords));
            if (k > FastWords)
            {
                using IpcReader r = Ipc.Read();
                r.MessageRegisters.Slice(FastWords, k - FastWords).CopyTo(reply.Slice(FastWords, k - FastWords));
            }

            replyLength = k;
        }

        return info.Label;
    }

    // The message registers seL4 carries in CPU registers (x2-x5).
    private const int FastWords = 4;

    private static void ToRegisters(ReadOnlySpan<ulong> words, ref FastMessage m)
    {
        int n = words.Length;
        m.Mr0 = n > 0 ? words[0] : 0;
        m.Mr1 = n > 1 ? words[1] : 0;
        m.Mr2 = n > 2 ? words[2] : 0;
        m.Mr3 = n > 3 ? words[3] : 0;
    }

    private static void FromRegisters(ref FastMessage m, Span<ulong> words)
    {
        int n = words.Length;
        if (n > 0)
        {
            words[0] = m.Mr0;
        }

        if (n > 1)
        {
            words[1] = m.Mr1;
        }

        if (n > 2)
        {
            words[2] = m.Mr2;
        }

        if (n > 3)
        {
            words[3] = m.Mr3;
        }
    }
}
