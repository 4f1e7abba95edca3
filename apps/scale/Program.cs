// scale: holds 625 processes, 10,000 connections, 1,000 publications, 1,000 topics and 10,000 subscriptions at once.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Issue 15's scale demo. The coordinator (<c>scale</c>, started with a large quota by its demo line) spawns
/// <see cref="Workers"/> small workers (<c>scale worker I</c>). It creates the 1,000 topics itself (it holds them: its
/// publications quota); the first <see cref="Creators"/> workers publish 4 names each (1,000) and subscribe to their 4
/// topics; once they all have, every worker
/// subscribes to 16 topics and opens 16 connections to the published names (10,000 of each), then blocks. The coordinator
/// checks every worker's usage in the process list and every topic with a read, prints one line with the figures
/// reached, then kills the workers and checks that its own counts are back at the start (the boot script checks every
/// untyped byte and slot).
/// </summary>
public static class Program
{
    private const int Workers = 625;
    private const int Creators = 250;
    private const int PerCreator = 4;
    private const int Names = Creators * PerCreator;
    private const int Each = 16;

    /// <summary>
    /// <c>scale hold</c> (apps/bench's flat-cost rows): once everything is held, publish "scale-ready" = 1 (2: failed)
    /// and keep it all until "scale-go" is published, then tear down as the demo does.
    /// </summary>
    private static bool s_hold;

    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "worker")
        {
            return Worker(int.Parse(args[1]));
        }

        s_hold = args.Length == 1 && args[0] == "hold";
        if (s_hold && Topics.Subscribe("scale-go", out _) != RootError.Ok)
        {
            return Fail("could not subscribe to \"scale-go\"");
        }

        return Coordinate();
    }

    private static string PublicationName(int n) => $"sc.p{n / PerCreator}.{n % PerCreator}";

    private static string TopicName(int n) => $"sc.t{n / PerCreator}.{n % PerCreator}";

    private static int Coordinate()
    {
        // The 1,000 topics are the coordinator's (held by it: its publications quota), so that its workers hold names only.
        for (int n = 0; n < Names; n++)
        {
            RootError e = Topics.Publish(TopicName(n), 0, out _);
            if (e != RootError.Ok)
            {
                return Fail($"could not create topic {TopicName(n)}: {Process.Describe(e)}");
            }
        }

        if (Process.TryGetInfo(Process.Pid, out ProcessInfo? start) != RootError.Ok)
        {
            return Fail("no process-list entry for itself");
        }

        var pids = new List<ulong>(Workers);
        var quota = new ProcessQuota(384UL << 10, 128, 0, Each, 0, Each);
        var creatorQuota = new ProcessQuota(448UL << 10, 144, 0, Each, PerCreator, Each);
        for (int i = 0; i < Workers; i++)
        {
            RootError e = Process.Spawn("scale", ["worker", i.ToString()], i < Creators ? creatorQuota : quota, out ulong pid);
            if (e != RootError.Ok)
            {
                _ = Process.KillAll(pids);
                return Fail($"spawn of worker {i}: {Process.Describe(e)}");
            }

            pids.Add(pid);
            if (i == Creators - 1)
            {
                // Every name and topic exists before anyone connects or subscribes: wait for the creators, then wake them.
                for (int c = 0; c < Creators; c++)
                {
                    if (!WaitFor(pids[c], PerCreator, PerCreator, 0))
                    {
                        _ = Process.KillAll(pids);
                        return Fail($"creator {c} did not publish and create its names");
                    }
                }

                for (int c = 0; c < Creators; c++)
                {
                    _ = Topics.Publish(TopicName(c * PerCreator), 1UL, out _);
                }
            }
        }

        for (int i = 0; i < Workers; i++)
        {
            if (!WaitFor(pids[i], i < Creators ? (ulong)PerCreator : 0, Each, Each))
            {
                _ = Process.KillAll(pids);
                return Fail($"worker {i} did not come to hold its subscriptions and connections");
            }
        }

        // Everything is held at once now: count it from the process list and the broker.
        ulong processes = 0, connections = 0, publications = 0, subscriptions = 0;
        foreach (ProcessInfo p in Process.List())
        {
            if (p.ParentPid == Process.Pid && p.State != ListedState.Zombie)
            {
                processes++;
                connections += p.Used.Connections;
                publications += p.Used.Publications;
                subscriptions += p.Used.Subscriptions;
            }
        }

        int topics = 0;
        for (int n = 0; n < Names; n++)
        {
            topics += Topics.Read(TopicName(n), out _) == RootError.Ok ? 1 : 0;
        }

        if (s_hold)
        {
            bool held = processes == Workers && connections == Workers * Each && subscriptions == Workers * Each && publications == Names && topics == Names;
            _ = Topics.Publish("scale-ready", held ? 1UL : 2UL, out _);
            ulong go = 0;
            while (go == 0)
            {
                _ = Notifications.Wait();
                _ = Topics.Read("scale-go", out go);
            }
        }

        bool killed = Process.KillAll(pids);
        bool back = Process.TryGetInfo(Process.Pid, out ProcessInfo? after) == RootError.Ok && SameCounts(start!, after!);
        bool pass = killed && back && processes == Workers && connections == Workers * Each && subscriptions == Workers * Each &&
            publications == Names && topics == Names;
        Console.WriteLine($"SMOS-SCALE processes={processes + 1} connections={connections} publications={publications} topics={topics} subscriptions={subscriptions}: {(pass ? "PASS" : "FAIL")}");
        if (!killed)
        {
            Console.WriteLine("scale: a worker ended by itself before it was killed (its line is above)");
        }

        if (!back)
        {
            Console.WriteLine("scale: the coordinator's counts did not come back to the start");
        }

        return pass ? 0 : 1;
    }

    // Polls the process list until the worker holds what it should; false if it ended (it prints why).
    // Until worker `pid` holds exactly these counts; false if it ended first.
    private static bool WaitFor(ulong pid, ulong publications, ulong subscriptions, ulong connections) =>
        Process.WaitUntil(pid, w => w.Used.Publications == publications && w.Used.Subscriptions == subscriptions && w.Used.Connections == connections);

    private static bool SameCounts(ProcessInfo a, ProcessInfo b)
    {
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            var kind = (QuotaKind)k;
            if (a.Given.Get(kind) != b.Given.Get(kind) || (kind is not QuotaKind.Memory and not QuotaKind.Slots && a.Used.Get(kind) != b.Used.Get(kind)))
            {
                return false;
            }
        }

        return true;
    }

    private static int Fail(string why)
    {
        Console.WriteLine($"SMOS-SCALE FAIL {why}");
        if (s_hold)
        {
            _ = Topics.Publish("scale-ready", 2, out _);
        }

        return 1;
    }

    // A creator publishes its 4 names and creates its 4 topics, then waits to be woken (a publish on its first topic);
    // every worker then subscribes to 16 topics (a creator: its own 4 and 12 others) and opens 16 connections, and blocks.
    private static int Worker(int index)
    {
        bool creator = index < Creators;
        if (creator)
        {
            for (int k = 0; k < PerCreator; k++)
            {
                int n = (index * PerCreator) + k;
                RootError e = Connections.Publish(PublicationName(n), out _);
                if (e == RootError.Ok)
                {
                    e = Topics.Subscribe(TopicName(n), out _);
                }

                if (e != RootError.Ok)
                {
                    Console.WriteLine($"scale worker {index}: publish or create {n}: {Process.Describe(e)}");
                    return 2;
                }
            }

            _ = Notifications.Wait();
        }

        // Topics and names from a place that depends on the index, skipping a creator's own topics.
        int taken = creator ? PerCreator : 0;
        for (int j = 0; taken < Each; j++)
        {
            int n = ((index * 37) + j) % Names;
            if (creator && n / PerCreator == index)
            {
                continue;
            }

            RootError e = Topics.Subscribe(TopicName(n), out _);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"scale worker {index}: subscribe {TopicName(n)}: {Process.Describe(e)}");
                return 3;
            }

            taken++;
        }

        for (int j = 0; j < Each; j++)
        {
            string name = PublicationName(((index * 53) + j) % Names);
            RootError e = Connections.Open(name, out _);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"scale worker {index}: open {name}: {Process.Describe(e)}");
                return 4;
            }
        }

        while (true)
        {
            _ = Notifications.Wait();
        }
    }
}
