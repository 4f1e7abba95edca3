// gone: clients of a server that dies mid-call get ServerGone back, whether the server was serving them or they were queued.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>gone server</c> publishes "gone-srv", waits until two clients have opened it, takes one call, lets the other
/// client queue its own, and faults without replying. <c>gone client N</c> calls the server and must get
/// <see cref="ConnectionAbi.ServerGone"/> back (the server's farewell answers the caller it was serving and every queued
/// one), then calls once more on the dead connection, which the kernel must refuse at once (InvalidCapability); it
/// exits 0 when both happened.
/// </summary>
public static class Gone
{
    public static unsafe int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "server"u8))
        {
            if (Connections.Publish("gone-srv"u8, out Publication pub) != RootError.Ok)
            {
                return 1;
            }

            int opened = 0;
            while (opened < 2)
            {
                Notifications.Wait();
                while (pub.NextEvent(out ConnectionEvent kind, out _, out _))
                {
                    opened += kind == ConnectionEvent.Opened ? 1 : 0;
                }
            }

            pub.Endpoint.Recv(out _); // one client's call: it now waits for a reply that never comes
            for (int i = 0; i < 20; i++)
            {
                Scheduler.Yield(); // the other client queues its call meanwhile
            }

            Console.WriteLine("gone server: took one call, faulting without a reply");
            AppConsole.Flush();
            return *(int*)0xdead0000;
        }

        if (Ascii.Equal(mode, "client"u8))
        {
            if (Connections.OpenWhenPublished("gone-srv"u8, out Connection c) != RootError.Ok)
            {
                return 1;
            }

            MessageInfo first = c.Endpoint.Call(new MessageInfo(1, 0, 0, 0));
            MessageInfo again = c.Endpoint.Call(new MessageInfo(2, 0, 0, 0));
            bool ok = first.Label == ConnectionAbi.ServerGone && again.Label == (ulong)Sel4Error.InvalidCapability;
            Console.WriteLine($"gone client {Args.GetString(2)}{(ok ? ": ServerGone when the server died, InvalidCapability at once on the dead connection" : ": a call did not return as expected")}");
            return ok ? 0 : 1;
        }

        Console.WriteLine("usage: gone server | gone client N");
        return 2;
    }
}
