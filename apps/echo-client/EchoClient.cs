// echo-client: opens "echo", checks that several requests come back with its value and one fixed badge, closes.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static class EchoClient
{
    private const int Requests = 5;

    public static int Main(string[] args)
    {
        long id = 1;
        if (Args.Count > 1)
        {
            Args.TryGetNumber(1, out id);
        }

        // The server may not have published yet: OpenWhenPublished tries again for a while.
        RootError e = Connections.OpenWhenPublished("echo"u8, out Connection c);

        if (e != RootError.Ok)
        {
            Console.WriteLine($"echo-client: open failed: {ProcessAbi.Describe(e)}");
            return 1;
        }

        ulong firstBadge = 0;
        for (int i = 0; i < Requests; i++)
        {
            ulong value = ((ulong)id * 1000) + (ulong)i;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, value);
            }

            MessageInfo reply = c.Endpoint.Call(new MessageInfo(1, 0, 0, 1));
            ulong echoed;
            ulong badge;
            using (var r = Ipc.Read())
            {
                echoed = r.GetMr(0);
                badge = r.GetMr(1);
            }

            firstBadge = i == 0 ? badge : firstBadge;
            if (reply.Label != 0 || echoed != value || badge == 0 || badge != firstBadge)
            {
                Console.WriteLine("echo-client: a reply did not carry our value and our badge");
                return 1;
            }
        }

        Console.WriteLine($"echo-client {id}: {Requests} echoes correct, badge {(long)firstBadge}");
        return Connections.Close(c) == RootError.Ok ? 0 : 1;
    }
}
