// The server loop helper: receive, dispatch by label to a handler, reply; connection events from the ring.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// What a server does with each request and event. Implement it and pass it to <see cref="Server.Run(in Publication, RequestHandler)"/>.
/// A handler reads the request in an <see cref="Ipc.Read"/> scope and writes the reply in an <see cref="Ipc.Write"/>
/// scope; it never makes a system call inside a scope, and it should not allocate (the loop runs forever).
/// </summary>
public abstract class RequestHandler
{
    /// <summary>A handler that serves until <see cref="KeepServing"/> says stop (by default: for as long as the app runs).</summary>
    protected RequestHandler()
    {
    }

    /// <summary>
    /// A handler that serves <paramref name="clients"/> clients: <see cref="KeepServing"/> becomes false once that many
    /// connections have closed (0: no limit). <see cref="ServerApp.TryGetClientCount"/> reads the count from argument 1.
    /// </summary>
    /// <example><code>sealed class Handler : RequestHandler { public Handler(long clients) : base(clients) { } /* Handle */ }</code></example>
    protected RequestHandler(long clients)
    {
        ClientLimit = clients;
    }

    /// <summary>Connections to serve before the loop returns, 0 for no limit (<see cref="RequestHandler(long)"/>).</summary>
    public long ClientLimit { get; }

    /// <summary>Connections closed so far: the server loop counts each <see cref="ConnectionEvent.Closed"/> before <see cref="OnEvent"/>.</summary>
    public long ClientsClosed { get; internal set; }

    /// <summary>Handles one request from the client identified by <paramref name="badge"/>; returns the reply tag.</summary>
    public abstract MessageInfo Handle(ulong badge, MessageInfo request);

    /// <summary>
    /// Called once by <see cref="Server.Run(in Publication, RequestHandler)"/> before it waits for the first request: a
    /// generated server that takes capabilities sets its receive slot here. An override must call base.OnStart.
    /// </summary>
    public virtual void OnStart()
    {
    }

    /// <summary>A client connected (<see cref="ConnectionEvent.Opened"/>) or went away (<see cref="ConnectionEvent.Closed"/>).</summary>
    public virtual void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
    }

    /// <summary>
    /// The client identified by <paramref name="badge"/> shared a page (<see cref="Connections.Share(in Connection, out SharedBuffer)"/>).
    /// It stays mapped in this server after that connection closes, until the server has taken the
    /// <see cref="ConnectionEvent.Closed"/> record from its ring (<see cref="Publication.NextEvent(out ConnectionEvent, out ulong, out ulong)"/>;
    /// the server loop does it before <see cref="OnEvent"/>): from then on the root task may unmap it, so stop using the
    /// buffer when that event comes. The root task posts this before it answers the client, so it arrives before the
    /// client's next request.
    /// </summary>
    public virtual void OnShared(ulong badge, ulong pid, SharedBuffer buffer)
    {
    }

    /// <summary>A client rang this server's doorbell (<see cref="Doorbell"/>): <paramref name="bits"/> is the notification word.</summary>
    public virtual void OnDoorbell(ulong bits)
    {
    }

    /// <summary>
    /// An interrupt this process was granted fired (<see cref="CapSlots.IrqHandler"/>; only a process started with an
    /// init-list line's <c>irq:N</c> has one): <paramref name="bits"/> is the notification word, with
    /// <see cref="ConnectionAbi.InterruptBadge"/> set. The interrupt stays masked until the handler acknowledges it
    /// (<c>new IrqHandler(CapSlots.IrqHandler).Ack()</c>) after quietening the device.
    /// </summary>
    public virtual void OnInterrupt(ulong bits)
    {
    }

    /// <summary>
    /// Return false to make <see cref="Server.Run(in Publication, RequestHandler)"/> return after the current reply. By
    /// default true until <see cref="ClientLimit"/> connections have closed (always true without a limit).
    /// </summary>
    public virtual bool KeepServing
    {
        // Inlined into the server loops (ILC devirtualises it when no handler overrides it): asked after every request.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => ClientLimit == 0 || ClientsClosed < ClientLimit;
    }
}

/// <summary>
/// A request handler on the register path: each request's first four words arrive in a <see cref="FastMessage"/> (CPU
/// registers, never the IPC buffer) and the reply's first four words go back in it, so a request of up to four words
/// needs no IPC-buffer scope. Words 4 and up, if a request has them, are in the IPC buffer (read scope) as usual.
/// </summary>
/// <example><code>
/// sealed class Adder : FastRequestHandler {
///     public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage m) {
///         m.Mr0 = m.Mr0 + m.Mr1;
///         return new MessageInfo(0, 0, 0, 1);
///     }
/// }
/// </code></example>
public abstract class FastRequestHandler : RequestHandler
{
    /// <summary>A handler without a client limit (see <see cref="RequestHandler()"/>).</summary>
    protected FastRequestHandler()
    {
    }

    /// <summary>A handler that serves <paramref name="clients"/> clients (see <see cref="RequestHandler(long)"/>).</summary>
    protected FastRequestHandler(long clients)
        : base(clients)
    {
    }

    /// <summary>Handles one request: <paramref name="message"/> holds its MR0-3; put the reply's MR0-3 there.</summary>
    public abstract MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage message);

    /// <summary>
    /// For a server loop on the IPC-buffer path (<see cref="Server.Run(in Publication, RequestHandler)"/>): moves MR0-3
    /// between the buffer and a <see cref="FastMessage"/> around the register-path handler.
    /// </summary>
    public sealed override MessageInfo Handle(ulong badge, MessageInfo request)
    {
        FastMessage m;
        using (var r = Ipc.Read())
        {
            m = new FastMessage(r.GetMr(0), r.GetMr(1), r.GetMr(2), r.GetMr(3));
        }

        MessageInfo reply = Handle(badge, request, ref m);
        WriteToBuffer(m);
        return reply;
    }

    internal static void WriteToBuffer(in FastMessage m)
    {
        using var w = Ipc.Write();
        w.SetMr(0, m.Mr0);
        w.SetMr(1, m.Mr1);
        w.SetMr(2, m.Mr2);
        w.SetMr(3, m.Mr3);
    }
}

/// <summary>Runs a publication's server loop.</summary>
/// <example><code>
/// sealed class Echo : RequestHandler {
///     public override MessageInfo Handle(ulong badge, MessageInfo request) { /* read, write reply */ return new MessageInfo(0, 0, 0, 1); }
/// }
/// Server.Run(pub, new Echo());
/// </code></example>
public static class Server
{
    /// <summary>
    /// The register-path loop: every request's MR0-3 travel in CPU registers to and from the handler's
    /// <see cref="FastMessage"/>; no IPC-buffer scope is opened for them. Otherwise as <see cref="Run(in Publication, RequestHandler)"/>.
    /// </summary>
    public static void Run(in Publication publication, FastRequestHandler handler)
    {
        Endpoint endpoint = publication.Endpoint;
        handler.OnStart();
        MessageInfo info = endpoint.Recv(out ulong badge, out FastMessage m);
        while (true)
        {
            if ((badge & NotificationBits) != 0)
            {
                // Our notification, not a request: events in the ring, a doorbell or an interrupt.
                DrainEvents(publication, handler, badge);
                if (!handler.KeepServing)
                {
                    return;
                }

                info = endpoint.Recv(out badge, out m);
                continue;
            }

            MessageInfo reply = handler.Handle(badge, info, ref m);
            if (!handler.KeepServing)
            {
                FastRequestHandler.WriteToBuffer(m);
                Ipc.Reply(reply);
                return;
            }

            info = endpoint.ReplyRecv(reply, ref m, out badge);
        }
    }

    /// <summary>Receive, dispatch, reply (seL4_ReplyRecv), until the handler says stop.</summary>
    public static void Run(in Publication publication, RequestHandler handler)
    {
        Endpoint endpoint = publication.Endpoint;
        handler.OnStart();
        MessageInfo info = endpoint.Recv(out ulong badge);
        while (true)
        {
            if ((badge & NotificationBits) != 0)
            {
                // Our notification, not a request: events in the ring, a doorbell or an interrupt.
                DrainEvents(publication, handler, badge);

                if (!handler.KeepServing)
                {
                    return;
                }

                info = endpoint.Recv(out badge);
                continue;
            }

            MessageInfo reply = handler.Handle(badge, info);
            if (!handler.KeepServing)
            {
                Ipc.Reply(reply);
                return;
            }

            info = endpoint.ReplyRecv(reply, out badge);
        }
    }

    // The bits of a server's notification word that Recv returns instead of a client's badge (connection ids stay below 2^60).
    private const ulong NotificationBits = ConnectionAbi.EventBadge | ConnectionAbi.DoorbellBadge | ConnectionAbi.InterruptBadge;

    // Our notification was signalled: an interrupt, a doorbell, events in the ring.
    private static void DrainEvents(in Publication publication, RequestHandler handler, ulong bits)
    {
        if ((bits & ConnectionAbi.InterruptBadge) != 0)
        {
            handler.OnInterrupt(bits);
        }

        if ((bits & ConnectionAbi.DoorbellBadge) != 0)
        {
            handler.OnDoorbell(bits);
        }

        while (publication.NextEvent(out ConnectionEvent kind, out ulong b, out ulong pid, out ulong value))
        {
            if (kind == ConnectionEvent.Shared)
            {
                handler.OnShared(b, pid, SharedBuffer.At(value));
            }
            else
            {
                if (kind == ConnectionEvent.Closed)
                {
                    handler.ClientsClosed++;
                }

                handler.OnEvent(kind, b, pid);
            }
        }
    }
}
