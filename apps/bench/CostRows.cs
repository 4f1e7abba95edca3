// The cost of one process, connection and subscription in untyped memory, root-task slots and root-task heap, from the
// root task's SystemStatus before and after 32 bench-peer processes hold them (SMOS-COST lines; docs/performance.md).
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static partial class Bench
{
    /// <summary>Processes of each measured population.</summary>
    private const int CostProcesses = 32;

    /// <summary>What the extra connections and subscriptions are measured over: 15 more per process.</summary>
    private const int CostExtra = 15;

    /// <summary>What one population took: free untyped, free root slots and live root-heap bytes before less after, and
    /// what the processes' own quotas were charged.</summary>
    private struct Cost
    {
        public long Untyped;
        public long Charged;
        public long Slots;
        public long Heap;

        public static Cost operator -(Cost a, Cost b) =>
            new() { Untyped = a.Untyped - b.Untyped, Charged = a.Charged - b.Charged, Slots = a.Slots - b.Slots, Heap = a.Heap - b.Heap };
    }

    // Three populations of 32 idle bench-peers: each with 1 subscription; with 16; with 15 connections and 1 subscription.
    // Per subscription: (16-sub population - 1-sub population) / (32 * 15); per connection likewise; per process: the
    // 1-sub population / 32 less one subscription. The whole measurement runs twice: the first time grows this app's
    // heap and the root task's tables, so the second sees only what the objects themselves take.
    private static bool CostRows()
    {
        if (Connections.Publish("bench-cost"u8, out Publication name) != RootError.Ok)
        {
            return Fail("cost rows: could not publish \"bench-cost\"") == 0;
        }

        // 16 topics, created by 4 holders (4 topics each at most), so the measured subscriptions create none.
        var holders = new List<ulong>();
        string[] topics = new string[16];
        for (int t = 0; t < topics.Length; t++)
        {
            topics[t] = "cost-t" + t.ToString();
        }

        for (int h = 0; h < 4; h++)
        {
            if (!SpawnHolder(0, topics.AsSpan(h * 4, 4), holders))
            {
                return false;
            }
        }

        if (!HoldersReady(holders, 0, 4))
        {
            return Fail("cost rows: the topic holders did not subscribe") == 0;
        }

        Cost oneSub = default, sixteenSubs = default, connections = default;
        for (int pass = 0; pass < 2; pass++)
        {
            if (!Population(0, topics.AsSpan(0, 1), out oneSub) ||
                !Population(0, topics, out sixteenSubs) ||
                !Population(CostExtra, topics.AsSpan(0, 1), out connections))
            {
                return false;
            }
        }

        Cost perSubscription = Divide(sixteenSubs - oneSub, CostProcesses * CostExtra);
        Cost perConnection = Divide(connections - oneSub, CostProcesses * CostExtra);
        Cost perProcess = Divide(oneSub, CostProcesses) - perSubscription;
        PrintCost("process", perProcess);
        PrintCost("connection", perConnection);
        PrintCost("subscription", perSubscription);
        return EndAll(holders) && Connections.Unpublish(name) == RootError.Ok;
    }

    // Spawns 32 "bench-peer hold" processes, waits until each holds what it should, measures, then ends them.
    private static bool Population(int connections, ReadOnlySpan<string> topics, out Cost cost)
    {
        cost = default;
        ulong ownBefore = OwnMemory();
        if (Process.GetSystemStatus(out SystemStatus before, collectRootHeap: true) != RootError.Ok)
        {
            return Fail("cost rows: SystemStatus failed") == 0;
        }

        var pids = new List<ulong>(CostProcesses);
        for (int i = 0; i < CostProcesses; i++)
        {
            if (!SpawnHolder(connections, topics, pids))
            {
                return false;
            }
        }

        if (!HoldersReady(pids, (ulong)connections, (ulong)topics.Length))
        {
            return Fail("cost rows: a bench-peer hold did not come to hold its objects") == 0;
        }

        long charged = 0;
        foreach (ulong pid in pids)
        {
            _ = Process.TryGetInfo(pid, out ProcessInfo? info);
            charged += (long)info!.Used.Memory;
        }

        GC.Collect();
        if (Process.GetSystemStatus(out SystemStatus after, collectRootHeap: true) != RootError.Ok)
        {
            return Fail("cost rows: SystemStatus failed") == 0;
        }

        // What this app's own heap took or gave back meanwhile (its polling allocates) is not the objects' cost.
        long own = (long)OwnMemory() - (long)ownBefore;
        cost.Untyped = (long)before.FreeUntypedBytes - (long)after.FreeUntypedBytes - own;
        cost.Slots = (long)before.FreeRootSlots - (long)after.FreeRootSlots;
        cost.Heap = (long)after.HeapUsedBytes - (long)before.HeapUsedBytes;
        cost.Charged = charged;
        return EndAll(pids);
    }

    // This app's own memory use (after a collection, so that the reads themselves find room on its heap).
    private static ulong OwnMemory()
    {
        GC.Collect();
        return Process.TryGetInfo(Process.Pid, out ProcessInfo? me) == RootError.Ok ? me!.Used.Memory : 0;
    }

    private static bool SpawnHolder(int connections, ReadOnlySpan<string> topics, List<ulong> into)
    {
        string[] args = new string[3 + topics.Length];
        args[0] = "hold";
        args[1] = connections.ToString();
        args[2] = "bench-cost";
        topics.CopyTo(args.AsSpan(3));
        RootError e = Process.Spawn("bench-peer", args, ProcessQuota.DefaultChild, out ulong pid);
        if (e != RootError.Ok)
        {
            return Fail($"cost rows: could not start bench-peer hold: {Process.Describe(e)}") == 0;
        }

        into.Add(pid);
        return true;
    }

    // Until each of `pids` holds these counts; false if one ended first.
    private static bool HoldersReady(List<ulong> pids, ulong connections, ulong subscriptions)
    {
        foreach (ulong pid in pids)
        {
            if (!Process.WaitUntil(pid, p => p.Used.Connections == connections && p.Used.Subscriptions == subscriptions))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndAll(List<ulong> pids)
    {
        foreach (ulong pid in pids)
        {
            if (Process.Kill(pid) != RootError.Ok || Process.Wait(pid, out _) != RootError.Ok)
            {
                return Fail("cost rows: could not end a bench-peer hold") == 0;
            }
        }

        return true;
    }

    private static Cost Divide(Cost c, long n) => new()
    {
        Untyped = RoundedDivide(c.Untyped, n),
        Charged = RoundedDivide(c.Charged, n),
        Slots = RoundedDivide(c.Slots, n),
        Heap = RoundedDivide(c.Heap, n),
    };

    private static long RoundedDivide(long a, long n) => a >= 0 ? (a + (n / 2)) / n : -((-a + (n / 2)) / n);

    // SMOS-COST <object> untyped=<bytes> charged=<bytes> slots=<n> heap=<bytes> (buildsys bench parses it).
    private static void PrintCost(string what, Cost c) =>
        Console.WriteLine($"SMOS-COST {what} untyped={c.Untyped} charged={c.Charged} slots={c.Slots} heap={c.Heap}");
}
