// tables: 48 children hold 192 publications, 240 connections, 192 topics and 240 subscriptions at once (more root slots than the boot CNode has), then tear them down.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The `tables` demo. The parent publishes "tb.hub" and creates "tb.stop", then starts <see cref="Children"/> copies of
/// itself (`tables child K`). Each child, within every per-process limit, publishes 4 names, creates 4 topics, subscribes
/// to them and to "tb.stop", opens 8 connections to its names, and opens "tb.hub" last: that Opened event tells the
/// parent it is ready. With all ready the root task holds 49 processes, 193 publications, 240 connections, 193 topics
/// and 240 subscriptions (its old fixed tables held 8, 16, 64, 16 and 64). The parent publishes to each of the 192 topics
/// (each must reach exactly its one subscriber), opens a connection to 15 of the names, then publishes "tb.stop": each
/// child checks its 4 topic bits arrived, closes, unsubscribes and unpublishes everything by request, and exits 0.
/// Each process, publication and connection takes root slots: together more than the boot CNode's 4,096 (the boot
/// script prints the peak, demo-slots=), which the root task's CSpace holds by growing a CNode at a time. 48 children
/// and the parent stay within one process tree's 64.
/// </summary>
public static class Tables
{
    private const int Children = 48;
    private const int PerChild = 4; // publications and topics of each child
    private const int OpensPerChild = 4;

    // Each child: 768 KiB of memory, 256 slots, no processes of its own, its 5 connections, 8 publications (its 4 names
    // and the 4 topics it holds), 5 subscriptions. 48 of them take 384 publications: the demo line gives the parent 400.
    private static readonly ProcessQuota ChildQuota = new(768UL << 10, 256, 0, OpensPerChild + 1, 2 * PerChild, PerChild + 1);

    public static int Main(string[] args)
    {
        if (Args.Count > 2 && Ascii.Equal(Args.Get(1), "child"u8) && Args.TryGetNumber(2, out long k))
        {
            return Child((int)k);
        }

        return Parent();
    }

    private static int Parent()
    {
        int failures = 0;
        if (Topics.Publish("tb.stop", 0, out _) != RootError.Ok || Connections.Publish("tb.hub", out Publication hub) != RootError.Ok)
        {
            Console.WriteLine("tables: FAIL could not create tb.stop or publish tb.hub");
            return 1;
        }

        var pids = new ulong[Children];
        for (int k = 0; k < Children; k++)
        {
            // 48 default child quotas (4 MiB, 8 processes below each) would be more than our own: each child gets what it
            // needs (docs/protocol.md, "Quotas").
            RootError e = Process.Spawn("tables", ["child", k.ToString()], ChildQuota, out pids[k]);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"tables: FAIL spawn of child {k}: {ProcessAbi.Describe(e)}");
                return 1;
            }
        }

        // Each child opens tb.hub when everything else is in place (or has failed: it says so and exits). Polled with
        // a bound, so that a child that could not even open tb.hub makes the demo fail instead of hang.
        int ready = 0;
        for (int turns = 0; ready < Children && turns < 200_000; turns++)
        {
            Scheduler.Yield();
            while (hub.NextEvent(out ConnectionEvent kind, out _, out _))
            {
                ready += kind == ConnectionEvent.Opened ? 1 : 0;
            }
        }

        if (ready < Children)
        {
            Console.WriteLine($"tables: FAIL only {ready} children opened tb.hub");
            failures++;
        }

        // Every topic reaches exactly its subscriber, and keeps its value.
        for (int k = 0; k < Children; k++)
        {
            for (int j = 0; j < PerChild; j++)
            {
                string topic = $"tb.t{k}.{j}";
                ulong value = (ulong)(1000 + (k * PerChild) + j);
                if (Topics.Publish(topic, value, out ulong signalled) != RootError.Ok || signalled != 1 ||
                    Topics.Read(topic, out ulong read) != RootError.Ok || read != value)
                {
                    Console.WriteLine($"tables: FAIL publish to {topic} signalled {(long)signalled}");
                    failures++;
                }
            }
        }

        // Names among the 100 published open and close.
        for (int k = 0; k < 15; k++)
        {
            if (Connections.Open($"tb.p{k}.{k % PerChild}", out Connection c) != RootError.Ok || Connections.Close(c) != RootError.Ok)
            {
                Console.WriteLine($"tables: FAIL open of tb.p{k}.{k % PerChild}");
                failures++;
            }
        }

        if (Topics.Publish("tb.stop", 1, out ulong stopped) != RootError.Ok || stopped != Children)
        {
            Console.WriteLine($"tables: FAIL tb.stop signalled {(long)stopped} children");
            failures++;
        }

        for (int k = 0; k < Children; k++)
        {
            if (Process.Wait(pids[k], out long code) != RootError.Ok || code != 0)
            {
                Console.WriteLine($"tables: FAIL child {k} ended with {code}");
                failures++;
            }
        }

        if (Connections.Unpublish(hub) != RootError.Ok)
        {
            failures++;
        }

        Console.WriteLine($"tables: {Children} children held {Children * PerChild} publications, {Children * (OpensPerChild + 1)} connections, " +
            $"{Children * PerChild} topics and {Children * (PerChild + 1)} subscriptions at once; every publish reached its subscriber; " +
            $"all torn down; {failures} failures");
        return failures == 0 ? 0 : 1;
    }

    // The child allocates nothing (its names are built on the stack), so its heap never grows: every process costs the
    // root task capability slots (frames, page tables, objects), about a hundred each.
    private static int Child(int k)
    {
        Span<Publication> pubs = stackalloc Publication[PerChild];
        Span<Connection> conns = stackalloc Connection[OpensPerChild];
        Span<byte> name = stackalloc byte[ConnectionAbi.MaxNameBytes];
        ulong mine = 0;
        RootError e = RootError.Ok;
        ReadOnlySpan<byte> stage = "publish"u8;
        for (int j = 0; j < PerChild && e == RootError.Ok; j++)
        {
            e = Connections.Publish(name.Slice(0, Name(name, "tb.p"u8, k, j)), out pubs[j]);
        }

        // A topic is created by its first publish (or adopted, if an earlier run left it without a holder).
        stage = e == RootError.Ok ? "topics"u8 : stage;
        for (int j = 0; j < PerChild && e == RootError.Ok; j++)
        {
            ReadOnlySpan<byte> topic = name.Slice(0, Name(name, "tb.t"u8, k, j));
            e = Topics.Publish(topic, 0, out _);
            if (e == RootError.Ok)
            {
                e = Topics.Subscribe(topic, out ulong bit);
                mine |= bit;
            }
        }

        stage = e == RootError.Ok ? "subscribe to tb.stop"u8 : stage;
        ulong stop = 0;
        e = e == RootError.Ok ? Topics.Subscribe("tb.stop"u8, out stop) : e;
        stage = e == RootError.Ok ? "open"u8 : stage;
        for (int i = 0; i < OpensPerChild && e == RootError.Ok; i++)
        {
            e = Connections.Open(name.Slice(0, Name(name, "tb.p"u8, k, i % PerChild)), out conns[i]);
        }

        if (e != RootError.Ok)
        {
            Say(k, "FAIL setting up: "u8, stage, e);
        }

        // Ready (or failed: the parent must not wait for ever): the parent counts this connection's Opened event.
        RootError hubbed = Connections.OpenWhenPublished("tb.hub"u8, out Connection hub);
        ulong seen = 0;
        while (stop != 0 && (seen & stop) == 0)
        {
            seen |= Notifications.Wait();
        }

        bool reached = (seen & mine) == mine && mine != 0;
        if (e == RootError.Ok && !reached)
        {
            Say(k, "FAIL a publish to one of its topics did not set its bit"u8, default, RootError.Ok);
        }

        // Everything back by request (the root task would also take it back at exit).
        int undone = 0;
        for (int i = 0; i < OpensPerChild; i++)
        {
            undone += Connections.Close(conns[i]) == RootError.Ok ? 1 : 0;
        }

        undone += hubbed == RootError.Ok && Connections.Close(hub) == RootError.Ok ? 1 : 0;
        for (int j = 0; j < PerChild; j++)
        {
            undone += Topics.Unsubscribe(name.Slice(0, Name(name, "tb.t"u8, k, j))) == RootError.Ok ? 1 : 0;
            undone += Connections.Unpublish(pubs[j]) == RootError.Ok ? 1 : 0;
        }

        undone += Topics.Unsubscribe("tb.stop"u8) == RootError.Ok ? 1 : 0;
        bool ok = e == RootError.Ok && hubbed == RootError.Ok && reached && undone == OpensPerChild + 2 + (2 * PerChild);
        if (e == RootError.Ok && reached && !ok)
        {
            Say(k, "FAIL a teardown request was refused"u8, default, RootError.Ok);
        }

        return ok ? 0 : 1;
    }

    // "<prefix><k>.<j>" into name; returns its length.
    private static int Name(Span<byte> name, ReadOnlySpan<byte> prefix, int k, int j)
    {
        prefix.CopyTo(name);
        int n = prefix.Length;
        if (k >= 10)
        {
            name[n++] = (byte)('0' + (k / 10 % 10));
        }

        name[n++] = (byte)('0' + (k % 10));
        name[n++] = (byte)'.';
        name[n++] = (byte)('0' + j);
        return n;
    }

    private static void Say(int k, ReadOnlySpan<byte> what, ReadOnlySpan<byte> stage, RootError e)
    {
        Console.Write("tables child ");
        Console.Write(k);
        Console.Write(": ");
        Console.Write(System.Text.Encoding.UTF8.GetString(what));
        if (!stage.IsEmpty)
        {
            Console.Write(System.Text.Encoding.UTF8.GetString(stage));
            Console.Write(": ");
            Console.Write(ProcessAbi.Describe(e));
        }

        Console.WriteLine();
    }
}
