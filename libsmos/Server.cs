// The server loop helper: receive, dispatch by label to a handler, reply; connection events from the ring.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// What a server does with each request and event. Implement it and pass it to <see cref="Server.Run"/>.
/// A handler reads the request in an <see cref="Ipc.Read"/> scope and writes the reply in an <see cref="Ipc.Write"/>
/// scope; it never makes a system call inside a scope, and it should not allocate (the loop runs forever).
/// </summary>
public abstract class RequestHandler
{
    /// <summary>Handles one request from the client identified by <paramref name="badge"/>; returns the reply tag.</summary>
    public abstract MessageInfo Handle(ulong badge, MessageInfo request);

    /// <summary>A client connected (<see cref="ConnectionEvent.Opened"/>) or went away (<see cref="ConnectionEvent.Closed"/>).</summary>
    public virtual void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
    }

    /// <summary>
    /// The client identified by <paramref name="badge"/> shared a page (<see cref="Connections.Share(in Connection, out SharedBuffer)"/>).
    /// It stays mapped until that connection closes. The root task posts this before it answers the client, so it
    /// arrives before the client's next request.
    /// </summary>
    public virtual void OnShared(ulong badge, ulong pid, SharedBuffer buffer)
    {
    }

    /// <summary>Return false to make <see cref="Server.Run"/> return after the current reply.</summary>
    public virtual bool KeepServing => true;
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
    /// <summary>Receive, dispatch, reply (seL4_ReplyRecv), until the handler says stop.</summary>
    public static void Run(in Publication publication, RequestHandler handler)
    {
        Endpoint endpoint = publication.Endpoint;
        MessageInfo info = endpoint.Recv(out ulong badge);
        while (true)
        {
            if ((badge & ConnectionAbi.EventBadge) != 0)
            {
                // The root task signalled our notification: drain the event ring.
                while (publication.NextEvent(out ConnectionEvent kind, out ulong b, out ulong pid, out ulong value))
                {
                    if (kind == ConnectionEvent.Shared)
                    {
                        handler.OnShared(b, pid, SharedBuffer.At(value));
                    }
                    else
                    {
                        handler.OnEvent(kind, b, pid);
                    }
                }

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
}
