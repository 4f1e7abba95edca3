// The quota bookkeeping alone: charge, refuse, give to a child, take back, clip defaults, the pool's reserve.
using System;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class QuotaAccountTests
{
    private static QuotaAccount Account(ProcessQuota limit)
    {
        var a = new QuotaAccount();
        a.Reset(limit);
        return a;
    }

    [Theory]
    [InlineData(QuotaKind.Memory)]
    [InlineData(QuotaKind.Slots)]
    [InlineData(QuotaKind.Children)]
    [InlineData(QuotaKind.Connections)]
    [InlineData(QuotaKind.Publications)]
    [InlineData(QuotaKind.Subscriptions)]
    public void EachKindChargesUpToItsLimitThenRefusesNamingIt(QuotaKind kind)
    {
        var limit = new ProcessQuota(100, 100, 100, 100, 100, 100);
        QuotaAccount a = Account(limit);
        Assert.True(a.TryCharge(kind, 60));
        Assert.True(a.TryCharge(kind, 40));
        Assert.False(a.HasRefusal);
        Assert.False(a.TryCharge(kind, 1));
        Assert.True(a.HasRefusal);
        Assert.Equal(kind, a.Refused);
        Assert.Equal(100UL, a.Used.Get(kind));
        Assert.Equal(0UL, a.Free(kind));
        a.Release(kind, 100);
        Assert.True(a.IsIdle);
        Assert.Equal(0, a.Underflows);
        Assert.Equal(RootError.QuotaMemory + (ulong)kind, ProcessQuota.Error(kind));
        Assert.True(ProcessQuota.IsQuotaError(ProcessQuota.Error(kind), out QuotaKind back) && back == kind);
    }

    [Fact]
    public void GivingAChildTakesItsQuotaAndOneChildProcessAndTakingBackReturnsAllButTheRecord()
    {
        QuotaAccount parent = Account(new ProcessQuota(1000, 100, 5, 10, 4, 10));
        var child = new ProcessQuota(400, 30, 3, 4, 2, 4);
        Assert.True(parent.CanGive(child, out _));
        parent.Give(child);
        Assert.Equal(600UL, parent.Free(QuotaKind.Memory));
        Assert.Equal(1UL, parent.Free(QuotaKind.Children)); // 5 - (1 + 3)
        Assert.False(parent.CanGive(new ProcessQuota(0, 0, 1, 0, 0, 0), out QuotaKind shortOf)); // 1 + 1 > 1
        Assert.Equal(QuotaKind.Children, shortOf);
        Assert.True(parent.CanGive(new ProcessQuota(0, 0, 0, 0, 0, 0), out _));
        Assert.False(parent.CanGive(new ProcessQuota(601, 0, 0, 0, 0, 0), out shortOf));
        Assert.Equal(QuotaKind.Memory, shortOf);
        Assert.False(parent.CanGive(new ProcessQuota(0, 0, ulong.MaxValue, 0, 0, 0), out shortOf)); // no overflow
        Assert.Equal(QuotaKind.Children, shortOf);

        parent.TakeBack(child); // the child ended: a zombie still counts one child process
        Assert.Equal(4UL, parent.Free(QuotaKind.Children));
        Assert.Equal(1000UL, parent.Free(QuotaKind.Memory));
        parent.RecordFreed(); // reaped
        Assert.True(parent.IsIdle);
        Assert.Equal(0, parent.Underflows);
    }

    [Fact]
    public void DefaultsAreClippedToWhatIsFreeLeavingRoomForTheChildItself()
    {
        QuotaAccount parent = Account(new ProcessQuota(3UL << 20, 10_000, 5, 100, 100, 100));
        parent.Charge(QuotaKind.Memory, 1UL << 20);
        ProcessQuota q = parent.Clip(ProcessQuota.DefaultChild);
        Assert.Equal(2UL << 20, q.Memory);             // less than the default's 4 MiB: what is free
        Assert.Equal(ProcessQuota.DefaultChild.Slots, q.Slots);
        Assert.Equal(4UL, q.Children);                 // 5 free, one for the child itself
        Assert.True(parent.CanGive(q, out _));
        parent.Give(q);
        Assert.Equal(0UL, parent.Clip(ProcessQuota.DefaultChild).Children);
        Assert.False(parent.CanGive(parent.Clip(ProcessQuota.DefaultChild), out QuotaKind k)); // no room for one more
        Assert.Equal(QuotaKind.Children, k); // memory clips to 0, which fits; a child process does not
    }

    [Fact]
    public void AReleaseBelowZeroIsCountedNotWrapped()
    {
        QuotaAccount a = Account(ProcessQuota.DefaultChild);
        a.Release(QuotaKind.Slots, 1);
        Assert.Equal(0UL, a.Used.Slots);
        Assert.Equal(1, a.Underflows);
    }

    [Fact]
    public void ThePoolLeavesTheRootTaskAReserveNoAppCanTake()
    {
        Assert.Equal(896UL << 20, ProcessTable.PoolFor(1024UL << 20).Memory); // 1/8 kept
        Assert.Equal(48UL << 20, ProcessTable.PoolFor(64UL << 20).Memory);    // at least 16 MiB kept
        Assert.Equal(0UL, ProcessTable.PoolFor(8UL << 20).Memory);

        // Root-started processes take the pool until it is used up; what is left free is at least the reserve.
        var w = new ServerWorld();
        ulong free = w.Server.Table.Pool.Limit.Memory;
        int started = 0;
        RootError e = RootError.Ok;
        while (e == RootError.Ok && started < 1000)
        {
            e = w.Server.Spawner.Spawn("hello"u8, default, 0, out Process? p);
            started += e == RootError.Ok ? 1 : 0;
        }

        Assert.Equal(RootError.QuotaMemory, e);
        int full = (int)(free / ProcessQuota.RootDefault.Memory); // then one with what is left, clipped, if it holds the app
        Assert.True(started == full || started == full + 1, $"{started} started, {full} full quotas");
        Assert.True(w.Resources.Untyped.FreeBytes >= ProcessTable.MinReserveBytes, $"{w.Resources.Untyped.FreeBytes} bytes left");
    }
}
