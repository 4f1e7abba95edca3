// bulk-client: opens "bulk", shares a page, passes blocks through it (checking the server's sum and in-place change),
// then rings the server's doorbell and waits for it to ring back.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>Rounds of 4000-byte blocks through a page shared with bulk-server (ConnShare); exits 0 when all are right.</summary>
public static class BulkClient
{
    private const int BlockBytes = 4000;
    private const int Rounds = 5;

    public static int Main(string[] args)
    {
        RootError e = Connections.OpenWhenPublished("bulk"u8, out Connection c);
        if (e == RootError.Ok)
        {
            e = Connections.Share(c, out SharedBuffer page);
            if (e == RootError.Ok)
            {
                bool ok = Exchange(c, page) && RingAndWait(c);
                if (Connections.Close(c) != RootError.Ok || !ok)
                {
                    return 1;
                }

                Console.WriteLine($"bulk-client: {Rounds} blocks of {BlockBytes} bytes through the shared page, sums and in-place changes correct; doorbell answered");
                return 0;
            }
        }

        Console.WriteLine($"bulk-client: {ProcessAbi.Describe(e)}");
        return 1;
    }

    private static bool Exchange(in Connection c, SharedBuffer page)
    {
        VolatileSpan<byte> bytes = page.Bytes;
        for (int round = 0; round < Rounds; round++)
        {
            ulong expected = 0;
            for (int i = 0; i < BlockBytes; i++)
            {
                byte b = Pattern(round, i);
                bytes.Set(i, b);
                expected += b;
            }

            using (var w = Ipc.Write())
            {
                w.SetMr(0, BlockBytes);
            }

            MessageInfo reply = c.Endpoint.Call(new MessageInfo(1, 0, 0, 1));
            ulong sum;
            using (var r = Ipc.Read())
            {
                sum = r.GetMr(0);
            }

            if (reply.Label != 0 || sum != expected)
            {
                Console.WriteLine($"bulk-client: round {round}: label {(long)reply.Label}, sum {(long)sum}, expected {(long)expected}");
                return false;
            }

            // The server changed every byte in place through its own mapping of the same page.
            for (int i = 0; i < BlockBytes; i++)
            {
                if (bytes[i] != (byte)(Pattern(round, i) + 1))
                {
                    Console.WriteLine($"bulk-client: byte {i} was not changed by the server");
                    return false;
                }
            }
        }

        return true;
    }

    // Rings the server's doorbell (ConnNotify) and waits until it rings ours back: no request to anyone in between.
    private static bool RingAndWait(in Connection c)
    {
        RootError e = Connections.Doorbell(c, out Doorbell bell);
        if (e != RootError.Ok)
        {
            Console.WriteLine($"bulk-client: doorbell: {ProcessAbi.Describe(e)}");
            return false;
        }

        bell.Ring();
        ulong bits = Notifications.Wait();
        if ((bits & ConnectionAbi.DoorbellBadge) == 0)
        {
            Console.WriteLine($"bulk-client: woken without the doorbell bit: 0x{bits:x}");
            return false;
        }

        return true;
    }

    private static byte Pattern(int round, int i) => (byte)((i * 7) + (round * 13));
}
