// ping: opens "pong", makes N round trips (default 100) checking each reply is its value + 1, closes, exits 0.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>A client of "pong": every reply must be label 0 with MR0 = the value sent + 1.</summary>
public static class Ping
{
    private const ulong PingLabel = 1;
    private const long MaxRounds = 1_000_000;

    public static int Main(string[] args)
    {
        long rounds = 100;
        if (Args.Count > 1 && (!Args.TryGetNumber(1, out rounds) || rounds < 0 || rounds > MaxRounds))
        {
            Console.WriteLine("ping: usage: ping [rounds] (0..1000000)");
            return 2;
        }

        // The server may not have published yet: OpenWhenPublished tries again for a while.
        RootError e = Connections.OpenWhenPublished("pong"u8, out Connection c);

        if (e != RootError.Ok)
        {
            Console.WriteLine($"ping: open failed: {ProcessAbi.Describe(e)}");
            return 1;
        }

        // Values differ per round and per process, so a stale MR0 (our own value) can never pass for a reply.
        ulong seed = (Process.Pid << 32) | 0x5eed;
        for (long i = 0; i < rounds; i++)
        {
            ulong value = seed + ((ulong)i * 1_000_003);
            // The register path: MR0 goes out and comes back in a FastMessage, never through the IPC buffer.
            var m = new FastMessage(value, 0, 0, 0);
            MessageInfo reply = c.Endpoint.Call(new MessageInfo(PingLabel, 0, 0, 1), ref m);
            ulong answer = m.Mr0;

            if (reply.Label != 0 || reply.Length != 1 || answer != value + 1)
            {
                Console.WriteLine($"ping: round {i}: sent 0x{value:x}, got label {(long)reply.Label} MR0 0x{answer:x}");
                Connections.Close(c);
                return 1;
            }
        }

        Console.WriteLine($"ping: {rounds} round trips to pong, every reply correct");
        e = Connections.Close(c);
        if (e != RootError.Ok)
        {
            Console.WriteLine($"ping: close failed: {ProcessAbi.Describe(e)}");
            return 1;
        }

        return 0;
    }
}
