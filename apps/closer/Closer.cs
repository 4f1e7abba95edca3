// closer: a client shares a page, fills it, rings the server and closes at once; the server must still read the page.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>closer client</c> opens "closer", shares a page, writes 0, 1, 2, ... into it, rings the server's doorbell and
/// closes the connection before the server has run. <c>closer server</c> takes events only up to the Shared one,
/// waits for the doorbell, then reads the page: it must still be mapped (the root task unmaps a closed connection's
/// page from its server only after the server has taken the Closed record), and hold what the client wrote.
/// </summary>
public static class Closer
{
    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "server"u8))
        {
            return Server();
        }

        if (Ascii.Equal(mode, "client"u8))
        {
            if (Connections.OpenWhenPublished("closer"u8, out Connection c) != RootError.Ok ||
                Connections.Share(c, out SharedBuffer page) != RootError.Ok ||
                Connections.Doorbell(c, out Doorbell bell) != RootError.Ok)
            {
                Console.WriteLine("closer client: could not open, share or get the doorbell");
                return 1;
            }

            VolatileSpan<byte> bytes = page.Bytes;
            for (int i = 0; i < SharedBuffer.Size; i++)
            {
                bytes.Set(i, (byte)i);
            }

            bell.Ring();
            RootError closed = Connections.Close(c); // the server has not run yet: its request is still pending
            Console.WriteLine(closed == RootError.Ok ? "closer client: filled the page, rang, closed" : "closer client: Close failed");
            return closed == RootError.Ok ? 0 : 1;
        }

        Console.WriteLine("usage: closer server | closer client");
        return 2;
    }

    private static int Server()
    {
        if (Connections.Publish("closer"u8, out Publication pub) != RootError.Ok)
        {
            return 1;
        }

        ulong seen = 0;
        ulong address = 0;
        while (address == 0)
        {
            seen |= Notifications.Wait();
            while (address == 0 && pub.NextEvent(out ConnectionEvent kind, out _, out _, out ulong value))
            {
                address = kind == ConnectionEvent.Shared ? value : 0;
            }
        }

        while ((seen & ConnectionAbi.DoorbellBadge) == 0)
        {
            seen |= Notifications.Wait();
        }

        // The client has closed by now; the Closed record is still in the ring, untaken, so the page is still ours.
        VolatileSpan<byte> bytes = SharedBuffer.At(address).Bytes;
        int wrong = 0;
        for (int i = 0; i < SharedBuffer.Size; i++)
        {
            wrong += bytes[i] == (byte)i ? 0 : 1;
        }

        while (pub.NextEvent(out _, out _, out _))
        {
            // taking the Closed record lets the root task unmap the page
        }

        Console.WriteLine($"closer server: read the page after the client closed: {(wrong == 0 ? "all 4096 bytes as written" : "wrong bytes")}");
        return wrong == 0 ? ServerApp.Unpublish(pub) : 1;
    }
}
