// The root task's server loop: receive a message, copy its registers out once, dispatch, reply.
using System;
using Smos.RootTask.Processes;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>
/// The only code of the process server that touches the IPC buffer: every message's registers are copied out in
/// one read scope, <see cref="RequestDispatcher"/> decides, and the reply is written in one write scope.
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

        MessageInfo info = _endpoint.Recv(out ulong badge);
        while (true)
        {
            int length = info.Length <= IpcBufferLayout.MessageRegisters ? info.Length : IpcBufferLayout.MessageRegisters;
            ulong unwrapped = 0;
            using (var r = Ipc.Read())
            {
                r.MessageRegisters.Slice(0, length).CopyTo(new Span<ulong>(_mrs, 0, length));
                if ((info.CapsUnwrapped & 1) != 0)
                {
                    unwrapped = r.Badges[0]; // a memory-object handle attached to a request (the only capability that arrives)
                }
            }

            bool replies = _dispatcher.Handle(info, badge, new ReadOnlySpan<ulong>(_mrs, 0, length), unwrapped, out RootReply reply);
            observer?.Step();
            _dispatcher.Kernel.FlushOutput(); // wake the console server for what this request printed
            if (_dispatcher.PoweringOff)
            {
                Internal.Runtime.Platform.Halt(); // the result line is out (or in the console's ring): nobody is served again
            }

            if (!replies)
            {
                info = _endpoint.Recv(out badge);
                continue;
            }

            bool withCap = reply.CapSlot.IsSome;
            int words = reply.Length > 1 ? reply.Length : 1;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, reply.Value);
                if (words > 1)
                {
                    w.MessageRegisters.Slice(0, words).CopyFrom(_dispatcher.ReplyWords);
                }

                if (withCap)
                {
                    w.SetCap(0, reply.CapSlot.Index);
                }
            }

            info = _endpoint.ReplyRecv(new MessageInfo((ulong)reply.Error, 0, withCap ? 1 : 0, words), out badge);
        }
    }
}
