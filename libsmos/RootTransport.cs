// How libsmos reaches the root task for RootTaskClient (IRootTask's generated client): scopes around seL4_Call on the root endpoint.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The transport of <see cref="RootTaskClient"/>: the request's words are copied into the IPC buffer in an
/// <see cref="Ipc.Write"/> scope (with the receive slot and the capability attached, when set) that ends before
/// <see cref="Endpoint.Call(MessageInfo)"/> on the root endpoint; a successful reply's words are copied out in an
/// <see cref="Ipc.Read"/> scope opened after it. Both refusals the client makes itself are <see cref="RootError.BadLength"/>.
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
        if (request.Length > 0 || ReceiveSlot != 0 || Attached != 0)
        {
            using IpcWriter w = Ipc.Write();
            if (ReceiveSlot != 0)
            {
                w.SetReceiveSlot(CapSlots.SelfCNode, ReceiveSlot, 64);
            }

            w.MessageRegisters.Slice(0, request.Length).CopyFrom(request);
            if (Attached != 0)
            {
                w.SetCap(0, Attached);
            }
        }

        MessageInfo info = new Endpoint(AppState.RootEndpoint).Call(new MessageInfo(label, 0, Attached != 0 ? 1 : 0, request.Length));
        GotCap = info.ExtraCaps == 1 && info.CapsUnwrapped == 0;
        replyLength = 0;
        if (info.Label == (ulong)RootError.Ok && info.Length > 0 && reply.Length > 0)
        {
            int n = info.Length < reply.Length ? info.Length : reply.Length;
            using IpcReader r = Ipc.Read();
            r.MessageRegisters.Slice(0, n).CopyTo(reply.Slice(0, n));
            replyLength = n;
        }

        return info.Label;
    }
}
