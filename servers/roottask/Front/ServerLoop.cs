// The root task's server loop: receive a message (MR0-3 in registers), copy it out once, dispatch, reply.
using System;
using Smos.RootTask.Processes;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>
/// The only code of the process server that touches the IPC buffer. Requests and replies use the register path
/// (<see cref="FastMessage"/>): message registers 0-3 travel in CPU registers and reach no scope; words 4 and up (and a
/// capability's badge or a reply's capability) are copied in one read scope and one write scope.
/// <see cref="RequestDispatcher"/> decides on a copy of the words.
/// </summary>
internal sealed class ServerLoop
{
    private readonly RequestDispatcher _dispatcher;
    private readonly Endpoint _endpoint;
    private readonly ulong[] _mrs = new ulong[IpcBufferLayout.MessageRegisters];

    public ServerLoop(RequestDispatcher dispatcher, Endpoint endpoint)
    {
        _dispatcher = dispatcher;
        _endpoint = endpoint;
    }

    /// <summary>Serves forever. Each message is answered (or not, for Exit and faults) before the next is taken.</summary>
    public void Run(ProcessObserver? observer)
    {
        // No receive slot: capabilities attached to requests are never accepted (the kernel drops them); a capability to
        // this endpoint itself (a memory-object handle) arrives unwrapped, as its badge.
        using (var w = Ipc.Write())
        {
            w.SetReceiveSlot(0, 0, 0);
        }

        // The register path: MR0-3 of each request and reply travel in registers (no scope); words 4 and up, the badge of
        // an unwrapped capability and a reply's capability go through the IPC buffer in scopes.
        MessageInfo info = _endpoint.Recv(out ulong badge, out FastMessage m);
        while (true)
        {
            int length = info.Length <= IpcBufferLayout.MessageRegisters ? info.Length : IpcBufferLayout.MessageRegisters;
            ulong unwrapped = 0;
            ulong[] mrs = _mrs;
            mrs[0] = m.Mr0;
            mrs[1] = m.Mr1;
            mrs[2] = m.Mr2;
            mrs[3] = m.Mr3;
            if (length > FastWords || (info.CapsUnwrapped & 1) != 0)
            {
                using var r = Ipc.Read();
                if (length > FastWords)
                {
                    r.MessageRegisters.Slice(FastWords, length - FastWords).CopyTo(new Span<ulong>(mrs, FastWords, length - FastWords));
                }

                if ((info.CapsUnwrapped & 1) != 0)
                {
                    unwrapped = r.Badges[0]; // a memory-object handle attached to a request (the only capability that arrives)
                }
            }

            bool replies = _dispatcher.Handle(info, badge, new ReadOnlySpan<ulong>(mrs, 0, length), unwrapped, out RootReply reply);
            observer?.Step();
            _dispatcher.Kernel.FlushOutput(); // wake the console server for what this request printed
            if (_dispatcher.PoweringOff)
            {
                Internal.Runtime.Platform.Halt(); // the result line is out (or in the console's ring): nobody is served again
            }

            if (!replies)
            {
                info = _endpoint.Recv(out badge, out m);
                continue;
            }

            bool withCap = reply.CapSlot.IsSome;
            int words = reply.Length > 1 ? reply.Length : 1;
            m = default;
            m.Mr0 = reply.Value; // a longer reply's first word too (RootReply.Length)
            if (words > 1)
            {
                ReadOnlySpan<ulong> replyWords = _dispatcher.ReplyWords;
                m.Mr1 = replyWords[1];
                m.Mr2 = words > 2 ? replyWords[2] : 0;
                m.Mr3 = words > 3 ? replyWords[3] : 0;
            }

            if (words > FastWords || withCap)
            {
                using var w = Ipc.Write();
                if (words > FastWords)
                {
                    w.MessageRegisters.Slice(FastWords, words - FastWords).CopyFrom(_dispatcher.ReplyWords.Slice(FastWords, words - FastWords));
                }

                if (withCap)
                {
                    w.SetCap(0, reply.CapSlot.Index);
                }
            }

            info = _endpoint.ReplyRecv(new MessageInfo((ulong)reply.Error, 0, withCap ? 1 : 0, words), ref m, out badge);
        }
    }

    // The message registers seL4 carries in CPU registers (x2-x5).
    private const int FastWords = 4;
}
