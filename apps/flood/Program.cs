// flood: one app tries to take every connection, publication or subscription with a tree of workers; its quota holds it.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Issue 15's containment floods. <c>flood connections|publications|subscriptions</c> spawns workers, each given as much
/// of the kind as the flood gives one worker (16 connections, 4 publications, 8 subscriptions to the flooder's 8 topics),
/// until a spawn is refused; the refusal must be the flooded kind's quota error, at exactly the number of
/// workers the flooder's free quota pays for. A last worker gets what is left (possibly 0) and must be refused by its
/// quota at its next request. While every worker holds its share (checked with the process list), the other demos keep
/// running; then the flooder kills its workers and checks that its usage is back where it started.
/// <c>flood worker KIND INDEX</c> is a worker: it takes its share and blocks.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "worker")
        {
            return Worker(Kind(args[1]), int.Parse(args[2]));
        }

        if (args.Length != 1 || !IsKind(args[0]))
        {
            Console.WriteLine("usage: flood connections|publications|subscriptions");
            return 2;
        }

        return Flood(args[0], Kind(args[0]));
    }

    private static bool IsKind(string name) => name is "connections" or "publications" or "subscriptions";

    private static QuotaKind Kind(string name) => name switch
    {
        "connections" => QuotaKind.Connections,
        "publications" => QuotaKind.Publications,
        _ => QuotaKind.Subscriptions,
    };

    /// <summary>Topics the flooder makes for the subscription flood: it subscribes to the first half and holds the rest.</summary>
    private const int FloodTopics = 8;

    // What the flood gives one worker of the kind (there is no per-process maximum but the 16 subscription bits).
    private static ulong Share(QuotaKind kind) => kind switch
    {
        QuotaKind.Connections => 16,
        QuotaKind.Publications => 4,
        _ => FloodTopics,
    };

    private static int Flood(string name, QuotaKind kind)
    {
        // What the workers connect to or subscribe to (the flooder's own, counted before its free quota is read).
        if (kind == QuotaKind.Connections && Connections.Publish("flood.target", out _) != RootError.Ok)
        {
            return Fail(name, "could not publish flood.target");
        }

        if (kind == QuotaKind.Subscriptions)
        {
            // Topics for the workers to subscribe to (held by the flooder: its publications quota), half of them subscribed.
            for (int k = 0; k < FloodTopics; k++)
            {
                RootError e = k < FloodTopics / 2 ? Topics.Subscribe($"flood.t{k}", out _) : Topics.Publish($"flood.t{k}", 0, out _);
                if (e != RootError.Ok)
                {
                    return Fail(name, "could not make its topics");
                }
            }
        }

        if (Process.TryGetInfo(Process.Pid, out ProcessInfo? start) != RootError.Ok)
        {
            return Fail(name, "no process-list entry for itself");
        }

        ulong free = start!.Free(kind);
        ulong share = Share(kind);
        ulong expected = free / share;
        var workers = new List<ulong>();
        RootError refused;
        while (true)
        {
            refused = Spawn(kind, workers.Count, share, out ulong pid);
            if (refused != RootError.Ok)
            {
                break;
            }

            workers.Add(pid);
        }

        string refusal = Process.Describe(refused);
        if (refused != ProcessQuota.Error(kind) || (ulong)workers.Count != expected)
        {
            _ = Process.KillAll(workers);
            return Fail(name, $"{workers.Count} workers (expected {expected}), then the spawn was refused: {refusal}");
        }

        // The last worker gets what is left of the kind: its next request past that must be refused by its quota.
        ulong left = free - (expected * share);
        RootError lastSpawn = Spawn(kind, workers.Count, left, out ulong last);
        if (lastSpawn != RootError.Ok)
        {
            _ = Process.KillAll(workers);
            return Fail(name, $"a worker with the {left} left was refused: {Process.Describe(lastSpawn)}");
        }

        for (int i = 0; i < workers.Count; i++)
        {
            if (!Process.WaitUntil(workers[i], w => w.Used.Get(kind) == share))
            {
                _ = Process.KillAll(workers);
                _ = Process.Wait(last, out _);
                return Fail(name, $"worker {i} did not come to hold {share} {name}");
            }
        }

        // Every worker holds its share now: the flooder's tree holds all of its quota of the kind.
        ulong used = 0;
        foreach (ulong pid in workers)
        {
            if (Process.TryGetInfo(pid, out ProcessInfo? w) == RootError.Ok)
            {
                used += w!.Used.Get(kind);
            }
        }

        RootError lastWait = Process.Wait(last, out long lastCode);
        bool killedAll = Process.KillAll(workers);
        if (lastWait != RootError.Ok || lastCode != 0)
        {
            return Fail(name, $"the last worker (given the {left} left) ended with {lastCode}, not refused by its quota");
        }

        if (!killedAll)
        {
            return Fail(name, "a worker ended by itself before it was killed (see its line above)");
        }

        if (Process.TryGetInfo(Process.Pid, out ProcessInfo? after) != RootError.Ok || !SameUsage(start, after!))
        {
            return Fail(name, "its usage did not come back to the start after its workers ended");
        }

        Console.WriteLine($"flood {name}: {workers.Count} workers held {used} {name} at once, all its quota had free ({free} of " +
            $"{start.Quota.Get(kind)}); the next spawn was refused: {refusal}; a last worker given the {left} left was refused " +
            $"by its quota at its next request; all back: held by its quota");
        return 0;
    }

    private static RootError Spawn(QuotaKind kind, int index, ulong amount, out ulong pid)
    {
        var quota = new ProcessQuota(640UL << 10, 96, 0, 0, 0, 0);
        quota.Set(kind, amount);
        string kindName = kind == QuotaKind.Connections ? "connections" : kind == QuotaKind.Publications ? "publications" : "subscriptions";
        return Process.Spawn("flood", ["worker", kindName, index.ToString()], quota, out pid);
    }

    // Every count it holds or gave is back, and it gives no memory or slots any more (its own memory and slots may have
    // grown with its heap).
    private static bool SameUsage(ProcessInfo a, ProcessInfo b)
    {
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            var kind = (QuotaKind)k;
            bool counted = kind is not QuotaKind.Memory and not QuotaKind.Slots;
            if (a.Given.Get(kind) != b.Given.Get(kind) || (counted && a.Used.Get(kind) != b.Used.Get(kind)))
            {
                Console.WriteLine($"flood: {ProcessQuota.Name(kind)}: used {a.Used.Get(kind)} -> {b.Used.Get(kind)}, given {a.Given.Get(kind)} -> {b.Given.Get(kind)}");
                return false;
            }
        }

        return true;
    }

    private static int Fail(string name, string why)
    {
        Console.WriteLine($"flood {name}: FAIL {why}");
        return 1;
    }

    // A worker takes its share and holds it until it is killed. The last worker (given less than a share) takes what it
    // was given, checks that one more is refused with its quota's error, and exits: 0 when it was, 4 when not.
    private static int Worker(QuotaKind kind, int index)
    {
        if (Process.TryGetInfo(Process.Pid, out ProcessInfo? me) != RootError.Ok)
        {
            return 3;
        }

        ulong quota = me!.Quota.Get(kind);
        for (int n = 0; n < (int)quota; n++)
        {
            RootError e = Take(kind, index, n);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"flood worker {index}: request {n + 1} of a quota of {quota} refused: {Process.Describe(e)}");
                return 4;
            }
        }

        if (quota < Share(kind))
        {
            RootError e = Take(kind, index, (int)quota);
            if (e != ProcessQuota.Error(kind))
            {
                Console.WriteLine($"flood worker {index}: past its quota of {quota} the request gave: {Process.Describe(e)}");
                return 4;
            }

            return 0;
        }

        while (true)
        {
            Notifications.Wait();
        }
    }

    private static RootError Take(QuotaKind kind, int index, int n)
    {
        switch (kind)
        {
            case QuotaKind.Connections:
                return Connections.Open("flood.target", out _);
            case QuotaKind.Publications:
                return Connections.Publish($"flood.p{index}.{n}", out _);
            default:
                return Topics.Subscribe($"flood.t{n}", out _); // the flooder's topics: a worker creates none
        }
    }
}
