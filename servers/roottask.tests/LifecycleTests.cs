// The process lifecycle under hostile use: zombies keep exit codes, only parents wait, subtrees end together, pids are never reused.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class LifecycleTests
{
    private static ulong Spawn(ServerWorld w, Process parent, string name = "server")
    {
        Outcome o = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords(name, ""));
        Assert.Equal(RootError.Ok, o.Error);
        return o.Value;
    }

    private static void Exit(ServerWorld w, ulong pid, long code) =>
        Assert.False(w.Call(w.Find(pid)!, RootRequest.Exit, unchecked((ulong)code)).Replied);

    [Fact]
    public void AChildThatEndsBeforeItsParentWaitsKeepsItsExitCode()
    {
        // Issue 13: "A child that ends before its parent calls Wait loses its exit code".
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        var before = w.Snapshot();
        ulong child = Spawn(w, parent);
        Exit(w, child, 42);
        Assert.Null(w.Find(child)); // not live
        Assert.Equal(before, w.Snapshot()); // every object returned already; only the record is kept
        Assert.Equal(ProcessState.Zombie, w.Server.Table.FindWithZombies(child)!.State);
        Assert.Equal(new Outcome(true, RootError.Ok, 42, 0), w.Call(parent, RootRequest.Wait, child));
        Assert.Null(w.Server.Table.FindWithZombies(child)); // reaped
        Assert.Equal(new Outcome(true, RootError.NoSuchProcess, 0, 0), w.Call(parent, RootRequest.Wait, child));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OnlyTheParentMayWait()
    {
        // Issue 13: "Any process may Wait on any other and so steal a parent's Wait".
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        Process thief = w.Start("hello");
        ulong child = Spawn(w, parent);
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(thief, RootRequest.Wait, child));
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(thief, RootRequest.Wait, parent.Pid)); // the root task's child
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(parent, RootRequest.Wait, child));
        Exit(w, child, 5);
        Assert.Equal(new SentReply(parent.Pid, 5), Assert.Single(w.Kernel.Replies));
        Assert.Null(w.Server.Table.FindWithZombies(child)); // the waiting parent got the code: nothing kept
    }

    [Fact]
    public void AKilledWaiterReleasesItsClaim()
    {
        // Issue 13: "a waiter that is killed leaves its claim behind, and the root task later invokes a null reply capability".
        var w = new ServerWorld();
        Process top = w.Start("hello");
        var before = w.Snapshot();
        ulong waiter = Spawn(w, top);
        ulong child = Spawn(w, w.Find(waiter)!);
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(w.Find(waiter)!, RootRequest.Wait, child));

        // The waiter ends alone (a Kill would end its subtree, the child included): it faults.
        Assert.False(w.Send(Badges.Fault(waiter), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, 0xdead0000, 0, 0 }).Replied);
        Process orphan = w.Find(child)!;
        Assert.Equal(0UL, orphan.ParentPid); // adopted by the root task
        Assert.True(orphan.WaiterReplySlot.IsNone); // the claim went with the waiter
        Exit(w, child, 3);
        Assert.Empty(w.Kernel.Replies); // nobody to answer, and no reply on a deleted capability
        Assert.Null(w.Server.Table.FindWithZombies(child)); // an orphan is reaped by the root task at once

        // The waiter itself is a zombie of top until top waits; then everything is back.
        Assert.Equal(new Outcome(true, RootError.Ok, unchecked((ulong)ExitCodes.Faulted), 0), w.Call(top, RootRequest.Wait, waiter));
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AParentMayKillAnyDescendantAndKillEndsTheWholeSubtree()
    {
        var w = new ServerWorld();
        Process a = w.Start("hello");
        Process stranger = w.Start("hello");
        var before = w.Snapshot();
        ulong b = Spawn(w, a);
        ulong c = Spawn(w, w.Find(b)!);
        ulong d = Spawn(w, w.Find(c)!);
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(stranger, RootRequest.Kill, d));
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(w.Find(c)!, RootRequest.Kill, b)); // not upwards

        // The grandparent kills the grandchild c: c and its child d end, b stays.
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.Kill, c));
        Assert.Null(w.Find(c));
        Assert.Null(w.Find(d));
        Assert.NotNull(w.Find(b));
        Assert.Null(w.Server.Table.FindWithZombies(d)); // d's parent ended too: nobody can wait for it

        // Killing b ends it; a reaps it.
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.Kill, b));
        Assert.Equal(new Outcome(true, RootError.Ok, unchecked((ulong)ExitCodes.Killed), 0), w.Call(a, RootRequest.Wait, b));
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OrphansAreAdoptedAndTheirGroupEndsWithTheDemo()
    {
        // Issue 13: "its links are orphans that nobody may kill, and orphans outlive the demo that started them".
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process demo = w.Start("hello");
        ulong group = demo.Group;
        Assert.Equal(demo.Pid, group);
        ulong link1 = Spawn(w, demo);
        ulong link2 = Spawn(w, w.Find(link1)!);
        Exit(w, demo.Pid, 0);
        Exit(w, link1, 0);
        Process orphan = w.Find(link2)!;
        Assert.Equal(0UL, orphan.ParentPid);
        Assert.Equal(group, orphan.Group);
        Assert.Null(w.Server.Table.FindWithZombies(link1)); // its parent had ended: reaped at once

        // What the self-test's boot script does at the end of a demo.
        w.Dispatcher.EndGroup(group, EndReason.Killed, ExitCodes.Killed);
        Assert.Null(w.Server.Table.FindWithZombies(link2));
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void PidsAreNeverGivenOutTwice()
    {
        // Issue 13: "Pids are 16 bits and wrap without checking: after 65,535 spawns a new process got a live process's pid".
        var table = new ProcessTable(3);
        Process longLived = table.Take()!;
        Assert.Equal(1UL, longLived.Pid);
        longLived.State = ProcessState.Running;
        var seen = new HashSet<ulong> { longLived.Pid };
        ulong last = longLived.Pid;
        for (int i = 0; i < 70_000; i++)
        {
            Process p = table.Take()!;
            Assert.True(p.Pid > last, $"pid {p.Pid} after {last}");
            Assert.True(seen.Add(p.Pid));
            last = p.Pid;
            p.State = ProcessState.Running;
            Assert.Same(p, table.Find(p.Pid));
            p.Reset(); // ended and reaped
        }

        Assert.True(last > 0xFFFF);
        Assert.Same(longLived, table.Find(1));

        // Skipping ahead (the self-test's demos) never goes back.
        table.SkipPidsTo(5);
        Assert.True(table.Take()!.Pid > last);
        table.SkipPidsTo(1UL << 40);
        Assert.Equal(1UL << 40, table.Take()!.Pid);
    }

    [Fact]
    public void BadgesCarryPidsPastSixteenBits()
    {
        ulong pid = (1UL << 40) + 5;
        Assert.Equal(pid, Badges.Request(pid) & Badges.PidMask);
        Assert.Equal(pid, Badges.Fault(pid) & Badges.PidMask);
        Assert.NotEqual(0UL, Badges.Fault(pid) & Badges.FaultFlag);
        Assert.Equal(0UL, Badges.Request(ProcessTable.MaxPid) & Badges.FaultFlag);
    }

    [Fact]
    public void ADeadParentsZombiesAreReaped()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process parent = w.Start("hello");
        ulong child = Spawn(w, parent);
        Exit(w, child, 1);
        Assert.NotNull(w.Server.Table.FindWithZombies(child));
        Exit(w, parent.Pid, 0);
        Assert.Null(w.Server.Table.FindWithZombies(child));
        Assert.Equal(before, w.Snapshot());
        for (int i = 0; i < w.Server.Table.Capacity; i++)
        {
            Assert.Equal(ProcessState.Free, w.Server.Table.At(i).State);
        }
    }

    [Fact]
    public void AChildNeverRunsAboveItsParentAndStartsInTheStartCode()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        Process child = w.Find(Spawn(w, parent))!;
        SimObject parentTcb = w.Kernel.CapAt(parent.TcbSlot)!.Object;
        SimObject childTcb = w.Kernel.CapAt(child.TcbSlot)!.Object;
        Assert.True(childTcb.Priority <= parentTcb.Priority);

        // Every thread starts in the start code (which yields before entering the app), never at the app's entry.
        Assert.Equal(ProcessAbi.StartCodeVaddr, childTcb.Pc);
        Assert.Equal(ProcessAbi.StartCodeVaddr, parentTcb.Pc);
    }

    [Fact]
    public void APanicIsReportedWithItsTextAndEndsTheProcessWithThePanickedCode()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        var before = w.Snapshot();
        ulong child = Spawn(w, parent);
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodePanic(0x400100, 0, [], "index out of range"u8, mrs);
        Assert.False(w.Call(w.Find(child)!, RootRequest.Panic, mrs[..length]).Replied);
        Assert.Contains($"FAULT pid={child} name=server kind=panic (index out of range) pc=0x400100 addr=0x0", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Null(w.Find(child));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(new Outcome(true, RootError.Ok, unchecked((ulong)ExitCodes.Panicked), 0), w.Call(parent, RootRequest.Wait, child));

        // Malformed last words are answered like any bad request, and the process lives on.
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(parent, RootRequest.Panic, 0x400100));
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(parent, RootRequest.Panic, 0x400100, 0, 0, 500)); // 500 bytes past the end
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(parent, RootRequest.Panic, [0x400100, 0, 0, 500, .. new ulong[63]])); // over 200 bytes
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(parent, RootRequest.Panic, 0x400100, 0x428648, 13, 0)); // 13 callers past the end
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(parent, RootRequest.Panic, [0x400100, 0x428648, 13, .. new ulong[13], 0])); // over 12 callers
        Assert.NotNull(w.Find(parent.Pid));
        Assert.Empty(w.Kernel.Misuse);
    }
}
