// The process table grows past its first records, finds pids in O(1) without allocating, reuses records, and bounds each process tree.
using System;
using System.Collections.Generic;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProcessTableTests
{
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
    public void ATreeHoldsAtMostItsMaximumAndOtherTreesAreNotAffected()
    {
        var t = new ProcessTable(8);
        Process top = Spawn(t, 0);
        Process parent = top;
        for (int i = 1; i < ProcessTable.MaxPerTree; i++)
        {
            parent = Spawn(t, i % 2 == 0 ? parent.Pid : top.Pid); // children and grandchildren count alike
            Assert.Equal(top.Pid, parent.Group);
        }

        Assert.Equal(ProcessTable.MaxPerTree, t.InTree(top.Pid));
        Assert.Null(t.Take(parent.Pid));
        Assert.Null(t.Take(top.Pid));
        Process other = Spawn(t, 0);
        Assert.NotNull(t.Take(other.Pid));

        // A zombie still counts until it is reaped.
        parent.BecomeZombie(EndReason.Exited, 0);
        Assert.Null(t.Take(top.Pid));
        parent.Reset();
        Assert.Equal(ProcessTable.MaxPerTree - 1, t.InTree(top.Pid));
        Assert.NotNull(t.Take(top.Pid));
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
