// fairness: a spawn chain (each link starts the next and exits) must not starve a process waiting at the same priority.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>fairness ticker</c> counts its turns on topic "fairness-ticks" (one Publish and one Yield per turn) until the chain
/// reports on "fairness-done"; it exits 0 when the chain saw it run (1 = pass), 1 otherwise. <c>fairness chain N</c>
/// spawns <c>fairness chain N-1</c> and exits; the last link reads the ticker's count and reports: the ticker must have
/// had at least one turn per two links, which it cannot get if each new process runs ahead of it.
/// </summary>
public static class Fairness
{
    private const long MaxTurns = 1_000_000;

    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "ticker"u8))
        {
            return Ticker();
        }

        if (Ascii.Equal(mode, "chain"u8) && Args.TryGetNumber(2, out long links) && links >= 0)
        {
            return Chain(links);
        }

        Console.WriteLine("usage: fairness ticker | fairness chain N");
        return 2;
    }

    private static int Ticker()
    {
        for (long turn = 1; turn <= MaxTurns; turn++)
        {
            Topics.Publish("fairness-ticks"u8, (ulong)turn, out _);
            Scheduler.Yield();
            if (Topics.Read("fairness-done"u8, out ulong verdict) == RootError.Ok && verdict != 0)
            {
                return verdict == 1 ? 0 : 1;
            }
        }

        Console.WriteLine("fairness ticker: the chain never reported");
        return 1;
    }

    private static int Chain(long links)
    {
        if (links > 0)
        {
            Span<byte> args = stackalloc byte[32];
            int n = ChainArgs(links - 1, args);
            // Each link gives the next everything it has free (it exits at once): a default child quota (8 processes
            // below it) would end the chain after a few links.
            if (Process.TryGetInfo(Process.Pid, out ProcessInfo? me) != RootError.Ok)
            {
                return 1;
            }

            ProcessQuota rest = me!.FreeQuota();
            rest.Children = rest.Children == 0 ? 0 : rest.Children - 1;
            RootError e = Process.Spawn("fairness"u8, args.Slice(0, n), rest, out _);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"fairness: link {links} could not spawn the next: {Process.Describe(e)}");
            }

            return e == RootError.Ok ? 0 : 1;
        }

        // The last link: the chain's length is in the first link's argument, which this one cannot see; the demo uses 100.
        Topics.Read("fairness-ticks"u8, out ulong ticks);
        bool fair = ticks >= 50;
        Console.WriteLine($"fairness: the ticker had {(long)ticks}{(fair ? " turns while 100 processes spawned one another: fair" : " turns while 100 processes spawned one another: starved")}");
        Topics.Publish("fairness-done"u8, fair ? 1UL : 2UL, out _);
        return fair ? 0 : 1;
    }

    private static int ChainArgs(long links, Span<byte> args)
    {
        "chain\0"u8.CopyTo(args);
        int n = 6;
        Span<byte> digits = stackalloc byte[20];
        int d = 0;
        do
        {
            digits[d++] = (byte)('0' + (int)(links % 10));
            links /= 10;
        }
        while (links != 0);

        while (d > 0)
        {
            args[n++] = digits[--d];
        }

        args[n++] = 0;
        return n;
    }
}
