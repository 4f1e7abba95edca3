// The process table grows past its first records, finds pids in O(1) without allocating, reuses records, and gives quotas to children.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProcessTableTests
{
    private static Process? Child(ProcessTable t, ulong parent, ProcessQuota? quota, out RootError error)
    {
        Process? p = t.Take(parent, quota, out error);
        if (p is not null)
        {
            p.State = ProcessState.Running;
        }

        return p;
    }

    private static Process Spawn(ProcessTable t, ulong parent)
    {
        Process p = t.Take(parent) ?? throw new InvalidOperationException("table refused");
        p.State = ProcessState.Running;
        return p;
    }

    [Fact]
    public void TheTableGrowsPastItsFirstRecordsAndEveryPidFindsItsRecord()
    {
        // The old table held 8 processes; 600 root-started processes (each its own tree) now live at once.
        var t = new ProcessTable(8);
        var live = new List<Process>();
        for (int i = 0; i < 600; i++)
        {
            live.Add(Spawn(t, 0));
        }

        Assert.Equal(600, t.Count);
        Assert.Equal(600, t.Peak);
        Assert.True(t.Capacity >= 600);
        foreach (Process p in live)
        {
            Assert.Same(p, t.Find(p.Pid));
            Assert.Equal(p.Pid, p.Group);
        }

        // Zombies are found only with zombies; a reaped pid is gone, and its record is taken again.
        live[5].BecomeZombie(EndReason.Exited, 3);
        Assert.Null(t.Find(live[5].Pid));
        Assert.Same(live[5], t.FindWithZombies(live[5].Pid));
        ulong reaped = live[5].Pid;
        live[5].Reset();
        Assert.Null(t.FindWithZombies(reaped));
        Assert.Equal(599, t.Count);
        int capacity = t.Capacity;
        Process again = Spawn(t, 0);
        Assert.Same(live[5], again); // the freed record, with a new pid
        Assert.True(again.Pid > reaped);
        Assert.Equal(capacity, t.Capacity);
    }

    [Fact]
    public void ThePidFoundLastIsNotFoundOnceItsRecordHoldsAnother()
    {
        // Find remembers the last pid and its record; a pid that ended, whose record a new process took, must not be
        // found through that memory.
        var t = new ProcessTable(8);
        Process a = Spawn(t, 0);
        ulong pid = a.Pid;
        Assert.Same(a, t.Find(pid));
        Assert.Same(a, t.Find(pid)); // the remembered one
        a.BecomeZombie(EndReason.Exited, 0);
        Assert.Null(t.Find(pid));
        Assert.Same(a, t.FindWithZombies(pid));
        a.Reset();
        Assert.Null(t.FindWithZombies(pid));
        Process b = Spawn(t, 0);
        Assert.Same(a, b); // the same record, another pid
        Assert.Null(t.Find(pid));
        Assert.Null(t.FindWithZombies(pid));
        Assert.Same(b, t.Find(b.Pid));
        Assert.Null(t.Find(0));
    }

    [Fact]
    public void AParentsChildProcessQuotaBoundsItsSubtreeAndOtherTreesAreNotAffected()
    {
        var t = new ProcessTable(8);
        Process top = Spawn(t, 0);
        Assert.Equal(ProcessQuota.RootDefault.Children, top.Account.Limit.Children);
        var small = new ProcessQuota(1 << 20, 64, 3, 1, 1, 1);
        Process mid = Child(t, top.Pid, small, out RootError e)!;
        Assert.Equal(RootError.Ok, e);
        Assert.Equal(1 + small.Children, top.Account.Used.Children + top.Account.Given.Children);

        // mid may hold 3 below it: children and grandchildren count alike.
        Process c1 = Child(t, mid.Pid, new ProcessQuota(0, 0, 1, 0, 0, 0), out _)!;
        Process g1 = Child(t, c1.Pid, new ProcessQuota(0, 0, 0, 0, 0, 0), out _)!;
        Process c2 = Child(t, mid.Pid, new ProcessQuota(0, 0, 0, 0, 0, 0), out _)!;
        Assert.NotNull(g1);
        Assert.NotNull(c2);
        Assert.Null(Child(t, mid.Pid, null, out e));
        Assert.Equal(RootError.QuotaChildren, e);
        Assert.Null(Child(t, c1.Pid, new ProcessQuota(0, 0, 0, 0, 0, 0), out e)); // c1's own quota of 1 is used by g1
        Assert.Equal(RootError.QuotaChildren, e);

        // Another tree is not affected.
        Process other = Spawn(t, 0);
        Assert.NotNull(t.Take(other.Pid));

        // A zombie still counts until it is reaped; its quota came back at its end.
        t.ReturnQuota(c2);
        c2.BecomeZombie(EndReason.Exited, 0);
        Assert.Null(Child(t, mid.Pid, null, out e));
        c2.Reset();
        Assert.NotNull(Child(t, mid.Pid, new ProcessQuota(0, 0, 0, 0, 0, 0), out e));
        Assert.Equal(0, mid.Account.Underflows + top.Account.Underflows);
    }

    [Fact]
    public void AQuotaLargerThanWhatTheParentHasFreeNamesTheKindAndTakesNothing()
    {
        var t = new ProcessTable(8);
        Process top = Spawn(t, 0);
        ProcessQuota before = top.Account.Given;
        ProcessQuota q = ProcessQuota.DefaultChild;
        q.Publications = ProcessQuota.RootDefault.Publications + 1;
        Assert.Null(Child(t, top.Pid, q, out RootError e));
        Assert.Equal(RootError.QuotaPublications, e);
        q = ProcessQuota.DefaultChild;
        q.Memory = ProcessQuota.RootDefault.Memory + 1;
        Assert.Null(Child(t, top.Pid, q, out e));
        Assert.Equal(RootError.QuotaMemory, e);
        Assert.Equal(before, top.Account.Given);
        Assert.Equal(0UL, top.Account.Used.Children);
    }

    [Fact]
    public void WhenASponsorEndsItsLiveProcessesMoveToItsSponsorWithTheirQuotas()
    {
        var t = new ProcessTable(8);
        Process top = Spawn(t, 0);
        var q = new ProcessQuota(8 << 20, 256, 4, 4, 2, 4);
        Process mid = Child(t, top.Pid, q, out _)!;
        Process leaf = Child(t, mid.Pid, new ProcessQuota(1 << 20, 64, 1, 1, 1, 1), out _)!;
        ulong givenBefore = top.Account.Given.Memory;

        // mid ends: its quota comes back to top, but leaf's moves up to top, which now sponsors it.
        t.ReturnQuota(mid);
        leaf.ParentPid = 0;
        mid.Reset();
        Assert.Equal(top.Pid, leaf.Sponsor);
        Assert.Equal(givenBefore - (8UL << 20) + (1UL << 20), top.Account.Given.Memory);
        Assert.Equal(1UL, top.Account.Used.Children);

        // leaf ends: top is idle again.
        t.ReturnQuota(leaf);
        leaf.Reset();
        Assert.True(top.Account.IsIdle);
        Assert.Equal(0, top.Account.Underflows);
    }

    [Fact]
    public void FindingAPidAllocatesNothingAndChurnAtAPopulationReachedBeforeMakesNoRecords()
    {
        var t = new ProcessTable(8);
        var live = new List<Process>();
        for (int i = 0; i < 200; i++)
        {
            live.Add(Spawn(t, 0));
        }

        foreach (Process p in live)
        {
            p.Reset();
        }

        int capacity = t.Capacity;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 1000; round++)
        {
            Process p = Spawn(t, 0);
            Assert.Same(p, t.Find(p.Pid));
            Assert.Null(t.Find(p.Pid + 1));
            p.Reset();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(capacity, t.Capacity);
        Assert.Equal(0, t.Count);
    }
}
