// libsmos's quota API end to end on the host: Spawn with a quota, the process list, error texts that name the quota.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.Protocol;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class QuotaApiTests
{
    [Fact]
    public void ASpawnedChildHoldsItsQuotaListedWithItsUsageAndItAllComesBack()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord parent = h.Start("hello");
        var quota = new ProcessQuota(memory: 2 << 20, slots: 256, children: 1, connections: 2, publications: 1, subscriptions: 2);
        ulong child = h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("client", ["x"], quota, out ulong c));
            return c;
        });

        List<ProcessInfo> all = h.As(parent, () => Process.List());
        ProcessInfo me = all.Single(p => p.Pid == parent.Pid);
        ProcessInfo kid = all.Single(p => p.Pid == child);
        Assert.Equal("hello", me.Name);
        Assert.Equal("client", kid.Name);
        Assert.Equal(parent.Pid, kid.ParentPid);
        Assert.Equal(ListedState.Running, kid.State);
        Assert.Equal(quota.Memory, kid.Quota.Memory);
        Assert.Equal(quota.Children, kid.Quota.Children);
        Assert.True(kid.Used.Memory > 0 && kid.Used.Memory <= quota.Memory);
        Assert.Equal(quota.Memory, me.Given.Memory);
        Assert.Equal(1 + quota.Children, me.Held(QuotaKind.Children));
        Assert.Equal(ProcessQuota.RootDefault.Memory - me.Used.Memory - quota.Memory, me.Free(QuotaKind.Memory));
        Assert.Equal(me.Free(QuotaKind.Slots), me.FreeQuota().Slots);
        Assert.StartsWith($"{parent.Pid,5}     0 run    hello        mem ", me.ToString(), StringComparison.Ordinal);

        // The child may hold one process below it: a second is refused, and the text names the quota and its size.
        ProcessRecord kidRecord = h.World.Find(child)!;
        string text = h.As(kidRecord, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("hello", [], new ProcessQuota(1 << 20, 64, 0, 0, 0, 0), out _));
            RootError e = Process.Spawn("hello", [], out _);
            Assert.Equal(RootError.QuotaChildren, e);
            return Process.Describe(e);
        });
        Assert.Equal("the child-process quota (1) is used up", text);

        // Asking for more than it has free names the first kind short; nothing changes.
        h.As(parent, () =>
        {
            Assert.Equal(RootError.QuotaMemory, Process.Spawn("client", [], new ProcessQuota(1UL << 40, 1, 0, 0, 0, 0), out _));
            Assert.Equal(RootError.QuotaPublications, Process.Spawn("client", [], new ProcessQuota(1 << 20, 64, 0, 0, 1000, 0), out _));
            Assert.Equal(RootError.Ok, Process.TryGetInfo(Process.Pid, out ProcessInfo? again));
            Assert.Equal(me.Given.Memory, again!.Given.Memory);
            Assert.Equal(RootError.NoSuchProcess, Process.TryGetInfo(1UL << 40, out _));
        });

        // Its end gives everything back: after the parent reaps it, the parent's accounts are as before the spawn.
        h.As(parent, () => Assert.Equal(RootError.Ok, Process.Kill(child)));
        h.As(parent, () => Assert.Equal(RootError.Ok, Process.Wait(child, out _)));
        ProcessInfo after = h.As(parent, () => Process.List()).Single(p => p.Pid == parent.Pid);
        Assert.Equal(0UL, after.Given.Memory);
        Assert.Equal(0UL, after.Held(QuotaKind.Children));
        h.End(parent);
        Assert.Equal(before, h.World.Snapshot());
    }
}

public class ProcessHelperTests
{
    [Fact]
    public void WaitUntilAnswersWhenTheConditionHoldsAndFalseOnceTheProcessHasEnded()
    {
        var h = new HostWorld();
        ProcessRecord parent = h.Start("hello");
        ulong child = h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("client", [], out ulong c));
            return c;
        });

        int asked = 0;
        Assert.True(h.As(parent, () => Process.WaitUntil(child, p => ++asked == 3 && p.Pid == child && p.Name == "client")));
        Assert.Equal(3, asked);

        // Ended (a zombie until reaped), or never there: false, and the condition is not asked.
        h.End(h.World.Find(child)!, code: 7);
        asked = 0;
        Assert.False(h.As(parent, () => Process.WaitUntil(child, _ => ++asked > 0)));
        Assert.False(h.As(parent, () => Process.WaitUntil(1UL << 40, _ => ++asked > 0)));
        Assert.Equal(0, asked);
        h.End(parent);
    }

    [Fact]
    public void KillAllReapsEveryChildAndSaysWhetherEachWasStillRunning()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord parent = h.Start("hello");
        List<ulong> Spawn3() => h.As(parent, () =>
        {
            var pids = new List<ulong>();
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(RootError.Ok, Process.Spawn("client", [], out ulong c));
                pids.Add(c);
            }

            return pids;
        });

        List<ulong> running = Spawn3();
        Assert.True(h.As(parent, () => Process.KillAll(running)));
        Assert.All(running, pid => Assert.Null(h.World.Find(pid)));

        // One ended by itself first: every one is still reaped, and the answer is false.
        List<ulong> mixed = Spawn3();
        h.End(h.World.Find(mixed[1])!);
        Assert.False(h.As(parent, () => Process.KillAll(mixed)));
        Assert.All(mixed, pid => Assert.Null(h.World.Find(pid)));
        h.End(parent);
        Assert.Equal(before, h.World.Snapshot());
    }
}
