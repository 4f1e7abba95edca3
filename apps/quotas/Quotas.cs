// quotas: each quota exhausted in a child with its precise error, quotas a parent lacks refused, a ps listing, and usage back to the start.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// The `quotas` demo (issue 15, item 3). Started by the root task with its default quota, the app spawns one child per
/// quota kind with that kind small; each child uses it up (memory and slots with Alloc, child processes with Spawn,
/// connections with ConnOpen of its parent's publication, publications with ConnPublish, subscriptions with Subscribe),
/// prints the error, gives everything back and exits 0 only if the error named its quota. The children child lists the
/// processes around it (a ps) while it holds its own. The parent then asks for quotas it does not have (more memory
/// than its own, more child processes) and for one too small to hold the app, and checks, after every child is reaped,
/// that nothing is given away and its counts are back where they started, and that each child held nothing at its end.
/// </summary>
public static class Quotas
{
    private static int _failures;

    public static int Main(string[] args)
    {
        return args.Length == 0 ? Parent() : Child(args[0]);
    }

    private static int Parent()
    {
        ProcessInfo start = Me();
        if (Connections.Publish("quota-svc", out Publication svc) != RootError.Ok)
        {
            Console.WriteLine("quotas: could not publish quota-svc");
            return 1;
        }

        var roomy = new ProcessQuota(4UL << 20, 512, 0, 4, 2, 4);
        int exhausted = 0;
        exhausted += Run("memory", With(roomy, QuotaKind.Memory, 1UL << 20));
        exhausted += Run("slots", With(roomy, QuotaKind.Slots, 120));
        exhausted += Run("children", With(With(roomy, QuotaKind.Children, 2), QuotaKind.Memory, 8UL << 20));
        exhausted += Run("connections", With(roomy, QuotaKind.Connections, 2));
        exhausted += Run("publications", With(roomy, QuotaKind.Publications, 1));
        exhausted += Run("subscriptions", With(roomy, QuotaKind.Subscriptions, 2));

        // Quotas the parent cannot give, and one too small for the app: refused, nothing taken.
        ProcessInfo me = Me();
        RootError e = Process.Spawn("quotas", ["idle"], With(roomy, QuotaKind.Memory, me.Quota.Memory + 1), out _);
        Check(e == RootError.QuotaMemory, "a child quota above our own memory was not QuotaMemory", e);
        Console.WriteLine($"quotas: a child asking for {me.Quota.Memory + 1} bytes: {Process.Describe(e)}");
        e = Process.Spawn("quotas", ["idle"], With(roomy, QuotaKind.Children, me.Free(QuotaKind.Children)), out _);
        Check(e == RootError.QuotaChildren, "a child quota of all our free child processes (and the child itself) was not QuotaChildren", e);
        Console.WriteLine($"quotas: a child asking for all {me.Free(QuotaKind.Children)} free child processes: {Process.Describe(e)}");
        e = Process.Spawn("quotas", ["idle"], With(roomy, QuotaKind.Memory, 16 << 10), out _);
        Check(e == RootError.QuotaMemory, "a 16 KiB child was not QuotaMemory", e);
        Console.WriteLine($"quotas: a child with 16 KiB of memory: {ProcessAbi.Describe(e)} (its quota cannot hold the app)");

        Connections.Unpublish(svc);
        ProcessInfo end = Me();
        bool back = true;
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            back &= end.Given.Get((QuotaKind)k) == 0;
        }

        foreach (QuotaKind kind in new[] { QuotaKind.Children, QuotaKind.Connections, QuotaKind.Publications, QuotaKind.Subscriptions })
        {
            back &= end.Used.Get(kind) == start.Used.Get(kind);
        }

        Check(back, "usage did not come back to the start", RootError.Ok);
        Console.WriteLine($"quotas: usage back to the start: given 0 of each kind; children {end.Used.Children}, connections {end.Used.Connections}, " +
            $"publications {end.Used.Publications}, subscriptions {end.Used.Subscriptions}; own memory {end.Used.Memory} bytes, slots {end.Used.Slots}");
        Console.WriteLine($"quotas: {exhausted} of 6 quotas exhausted in children with their errors; quotas we lack refused; {_failures} failures");
        return _failures == 0 && exhausted == 6 ? 0 : 1;
    }

    // Spawns a child that uses up one quota; 1 when it exited 0 (it saw its quota's error) and held nothing at its end.
    private static int Run(string mode, in ProcessQuota quota)
    {
        RootError e = Process.Spawn("quotas", [mode], quota, out ulong pid);
        if (e != RootError.Ok)
        {
            Check(false, "spawn of a child failed", e);
            return 0;
        }

        // Wait for it to end (a zombie until we wait), then check its entry: nothing used, nothing given.
        while (Process.TryGetInfo(pid, out ProcessInfo? info) == RootError.Ok && info!.State == ListedState.Running)
        {
            Notifications.Poll();
        }

        bool idle = Process.TryGetInfo(pid, out ProcessInfo? ended) == RootError.Ok && ended!.Used.Memory == 0 && ended.Used.Slots == 0 &&
            ended.Held(QuotaKind.Children) == 0 && ended.Held(QuotaKind.Connections) == 0;
        Check(idle, "an ended child still held something", RootError.Ok);
        return Process.Wait(pid, out long code) == RootError.Ok && code == 0 && idle ? 1 : 0;
    }

    private static int Child(string mode)
    {
        switch (mode)
        {
            case "idle":
                return 0;
            case "memory":
            case "slots":
                return Grants(mode, mode == "memory" ? 64 : 32, mode == "memory" ? RootError.QuotaMemory : RootError.QuotaSlots);
            case "children":
                return Children();
            case "connections":
                return Repeat(mode, "open", RootError.QuotaConnections, i => Connections.Open("quota-svc", out _));
            case "publications":
                return Repeat(mode, "publish", RootError.QuotaPublications, i => Connections.Publish("quota-pub-" + i, out _));
            default:
                return Repeat(mode, "subscribe", RootError.QuotaSubscriptions, i => Topics.Subscribe("quota-sub-" + i, out _));
        }
    }

    // Grants of `pages` until one is refused; they are given back before anything is printed (the heap may need room).
    private static int Grants(string mode, int pages, RootError expected)
    {
        Span<nuint> grants = stackalloc nuint[64];
        int n = 0;
        RootError e = RootError.Ok;
        while (n < grants.Length && (e = Memory.AllocPages(pages, out grants[n])) == RootError.Ok)
        {
            n++;
        }

        for (int i = 0; i < n; i++)
        {
            Memory.FreePages(grants[i], pages);
        }

        Console.WriteLine($"quotas {mode}: Alloc refused after {n} grants of {pages} pages: {Process.Describe(e)}");
        return e == expected && n > 0 ? 0 : 1;
    }

    private static int Children()
    {
        var leaf = new ProcessQuota(1UL << 20, 128, 0, 0, 0, 0);
        var pids = new List<ulong>();
        RootError e;
        while ((e = Process.Spawn("quotas", ["idle"], leaf, out ulong pid)) == RootError.Ok && pids.Count < 16)
        {
            pids.Add(pid);
        }

        Console.WriteLine($"quotas children: spawn {pids.Count + 1} refused: {Process.Describe(e)}");
        Console.WriteLine("quotas children: ps (pid parent state name held/quota):");
        foreach (ProcessInfo p in Process.List())
        {
            if (p.Pid == Process.Pid || p.ParentPid == Process.Pid || pids.Contains(p.Pid))
            {
                Console.WriteLine("  " + p.ToString());
            }
        }

        foreach (ulong pid in pids)
        {
            Process.Wait(pid, out _);
        }

        return e == RootError.QuotaChildren && pids.Count == 2 ? 0 : 1;
    }

    private static int Repeat(string mode, string what, RootError expected, Func<int, RootError> step)
    {
        int n = 0;
        RootError e;
        while ((e = step(n)) == RootError.Ok && n < 16)
        {
            n++;
        }

        Console.WriteLine($"quotas {mode}: {what} {n + 1} refused: {Process.Describe(e)}");
        return e == expected ? 0 : 1; // what it holds goes when it exits
    }

    private static ProcessInfo Me() =>
        Process.TryGetInfo(Process.Pid, out ProcessInfo? me) == RootError.Ok ? me! : throw new InvalidOperationException("no entry for our own pid");

    private static ProcessQuota With(in ProcessQuota q, QuotaKind kind, ulong value)
    {
        ProcessQuota c = q;
        c.Set(kind, value);
        return c;
    }

    private static void Check(bool ok, string what, RootError e)
    {
        if (!ok)
        {
            _failures++;
            Console.WriteLine($"quotas: FAIL {what} ({ProcessAbi.Describe(e)})");
        }
    }
}
