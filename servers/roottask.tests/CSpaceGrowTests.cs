// CSpaceGrow (label 46): a process's CSpace grows a CNode at a time, bounded by its quotas, and all of it returns at its end.
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class CSpaceGrowTests
{
    private const ulong CNodeBytes = CapSlots.CNodeSlots * 32; // a 256-slot CNode: 8 KiB, its own buddy block

    // A process of the test ELF with the root task's default quota but for the kinds given (0: as the default).
    private static Process Start(ServerWorld w, ulong memory = 0, ulong slots = 0)
    {
        ProcessQuota q = ProcessQuota.RootDefault;
        q.Memory = memory != 0 ? memory : q.Memory;
        q.Slots = slots != 0 ? slots : q.Slots;
        w.StartQuota = q;
        return w.Start("hello");
    }

    [Fact]
    public void EachGrowAddsA256SlotCNodeAtTheNextDirectorySlotChargedToBothQuotas()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        ulong slots = p.Account.UsedOf(QuotaKind.Slots), memory = p.Account.UsedOf(QuotaKind.Memory);
        Assert.True(p.DirectorySlot.IsNone); // made by the first CSpaceGrow
        ulong[] cspace = [0, 0]; // what the CSpace's two levels cost at spawn: top, CNode 0
        foreach (var a in p.Allocations.ToArray())
        {
            int level = a.FirstSlot.Index == p.CSpaceSlot.Index ? 0 : a.FirstSlot.Index == p.CNodeSlot.Index ? 1 : -1;
            cspace[level < 0 ? 0 : level] += level < 0 ? 0 : a.SizeBytes;
        }

        Assert.Equal([256UL, CapSlots.FirstCNodeSlots * 32UL], cspace); // 2,304 bytes (10,496 with a directory and a CNode 0 of 256 slots)
        SimObject top = w.Kernel.CapAt(p.CSpaceSlot)!.Object;
        SimObject cnode0 = w.Kernel.CapAt(p.CNodeSlot)!.Object;
        for (int k = 1; k <= 3; k++)
        {
            Outcome o = w.Call(p, RootRequest.CSpaceGrow);
            Assert.Equal((true, RootError.Ok, CapSlots.Cptr(k, 0), 0UL), (o.Replied, o.Error, o.Value, o.CapSlot));
            SimObject directory = w.Kernel.CapAt(p.DirectorySlot)!.Object;

            // The directory now stands where CNode 0 stood (top level guard 0, SelfCNode guard 3), CNode 0 in its slot 0.
            Assert.Equal((directory, 0UL), (top.Contents[0].Object, top.Contents[0].Guard));
            Assert.Equal((directory, 3UL), (w.CapOf(p, CapSlots.SelfCNode)!.Object, w.CapOf(p, CapSlots.SelfCNode)!.Guard));
            Assert.Equal((cnode0, 64UL - 3 - 6 - CapSlots.FirstCNodeSizeBits), (directory.Contents[0].Object, directory.Contents[0].Guard));
            SimCap entry = directory.Contents[(ulong)k];
            Assert.Equal(ObjectType.CNode, entry.Type);
            Assert.Equal(CapSlots.CNodeSizeBits, entry.Object.SlotBits);
            Assert.Equal((ulong)(CapSlots.CNodeShift - CapSlots.CNodeSizeBits), entry.Guard); // 3 + 6 + 47 + 8 = 64 bits
            Assert.Equal(k, p.AddedCNodes);
            Assert.Equal(slots + 1 + ((ulong)k * (CapSlots.CNodeSlots + 1)), p.Account.UsedOf(QuotaKind.Slots)); // and the directory's root slot
            Assert.Equal(memory + 2048 + ((ulong)k * CNodeBytes), p.Account.UsedOf(QuotaKind.Memory));
        }

        // The new slots are the process's: a cptr of CNode 2 names a slot of the CNode in directory slot 2.
        Assert.Equal(p.CNodeSlot, w.CNodeOf(p, CapSlots.Cptr(0, 9)));
        Assert.Same(w.Kernel.CapAt(p.DirectorySlot)!.Object.Contents[2].Object, w.Kernel.CapAt(w.CNodeOf(p, CapSlots.Cptr(2, 255)))!.Object);
        Assert.True(w.CNodeOf(p, CapSlots.Cptr(4, 0)).IsNone);
    }

    [Fact]
    public void TheSlotQuotaRefusesACNodeItCannotHoldWithQuotaSlotsAndNothingChanges()
    {
        var w = new ServerWorld();
        ulong used = w.Start("hello").Account.UsedOf(QuotaKind.Slots);
        Process p = Start(w, slots: used + (2 * (CapSlots.CNodeSlots + 1)) + 100); // room for two CNodes, not three
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.CSpaceGrow).Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.CSpaceGrow).Error);
        var before = (p.Account.Used, w.Snapshot(), p.AllocationCount);
        Outcome refused = w.Call(p, RootRequest.CSpaceGrow);
        Assert.Equal((true, RootError.QuotaSlots, 0UL, 0UL), (refused.Replied, refused.Error, refused.Value, refused.CapSlot));
        Assert.Equal("the slot quota is used up", ProcessAbi.Describe(refused.Error));
        Assert.Equal(before, (p.Account.Used, w.Snapshot(), p.AllocationCount));
        Assert.Equal(2, p.AddedCNodes);
    }

    [Fact]
    public void TheMemoryQuotaRefusesACNodeItCannotHoldWithQuotaMemory()
    {
        var w = new ServerWorld();
        ulong used = w.Start("hello").Account.UsedOf(QuotaKind.Memory);
        Process p = Start(w, memory: used + CNodeBytes + (CNodeBytes / 2)); // one CNode fits, not two
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.CSpaceGrow).Error);
        var before = (p.Account.Used, w.Snapshot());
        Assert.Equal(RootError.QuotaMemory, w.Call(p, RootRequest.CSpaceGrow).Error);
        Assert.Equal(before, (p.Account.Used, w.Snapshot()));
        Assert.Equal(1, p.AddedCNodes);
    }

    [Fact]
    public void AFirstGrowRefusedAfterItsDirectoryLeavesCNode0WhereItWas()
    {
        var w = new ServerWorld();
        ulong used = w.Start("hello").Account.UsedOf(QuotaKind.Memory);
        Process p = Start(w, memory: used + 4096); // the directory's 2 KiB fit, the CNode's 8 KiB do not
        SimObject top = w.Kernel.CapAt(p.CSpaceSlot)!.Object;
        var before = (p.Account.Used, w.Snapshot(), p.AllocationCount);
        Assert.Equal(RootError.QuotaMemory, w.Call(p, RootRequest.CSpaceGrow).Error);
        Assert.Equal(before, (p.Account.Used, w.Snapshot(), p.AllocationCount));
        Assert.True(p.DirectorySlot.IsNone);
        Assert.Same(w.Kernel.CapAt(p.CNodeSlot)!.Object, top.Contents[0].Object);
        Assert.Same(w.Kernel.CapAt(p.CNodeSlot)!.Object, w.CapOf(p, CapSlots.SelfCNode)!.Object);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void TheDirectoryHolds64CNodesThenItIsProcessLimit()
    {
        var w = new ServerWorld();
        Process p = Start(w, slots: 20_000);
        for (int k = 1; k < CapSlots.MaxCNodes; k++)
        {
            Assert.Equal(CapSlots.Cptr(k, 0), w.Call(p, RootRequest.CSpaceGrow).Value);
        }

        Assert.Equal(RootError.ProcessLimit, w.Call(p, RootRequest.CSpaceGrow).Error);
        Assert.Equal(CapSlots.MaxCNodes - 1, p.AddedCNodes);
    }

    [Fact]
    public void MalformedRequestsAreRefusedPreciselyAndGrowNothing()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        ulong pid = Badges.Request(p.Pid);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.CSpaceGrow, 0).Error);
        Assert.Equal(RootError.BadLength, w.Send(pid, (ulong)RootRequest.CSpaceGrow, 0, 3, [1, 2, 3]).Error);
        Assert.Equal(RootError.BadArgument, w.Send(pid, (ulong)RootRequest.CSpaceGrow, 1, 0, []).Error); // a capability
        Assert.Equal(0, p.AddedCNodes);
    }

    [Fact]
    public void EveryByteAndSlotComesBackWhenTheProcessEnds()
    {
        var w = new ServerWorld();
        var poolBefore = (w.Server.Table.Pool.Used, w.Server.Table.Pool.Given);
        var before = w.Snapshot();
        foreach (EndReason reason in new[] { EndReason.Exited, EndReason.Killed, EndReason.Faulted })
        {
            Process p = w.Start("hello");
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(RootError.Ok, w.Call(p, RootRequest.CSpaceGrow).Error);
            }

            w.Dispatcher.End(p, reason, 0);
            Assert.Equal(0, p.Account.Underflows);
        }

        Assert.Equal(before, w.Snapshot());
        Assert.Equal(poolBefore, (w.Server.Table.Pool.Used, w.Server.Table.Pool.Given));
        Assert.Equal(0, w.Server.Table.Pool.Underflows);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AChildsCNodesCountInItsQuotaAndReturnWithIt()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        var parentBefore = (parent.Account.Used, parent.Account.Given);
        Outcome o = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("client", "", new ProcessQuota(4 << 20, 1024, 0, 1, 1, 1)));
        Process child = w.Find(o.Value)!;
        ulong fit = (1024 - child.Account.UsedOf(QuotaKind.Slots)) / (CapSlots.CNodeSlots + 1); // the app's slots, then CNodes
        Assert.True(fit >= 1);
        for (ulong k = 0; k < fit; k++)
        {
            Assert.Equal(RootError.Ok, w.Call(child, RootRequest.CSpaceGrow).Error);
        }

        Assert.Equal(RootError.QuotaSlots, w.Call(child, RootRequest.CSpaceGrow).Error);
        w.Dispatcher.End(child, EndReason.Exited, 0);
        Assert.True(child.Account.IsIdle || child.State == ProcessState.Free);
        Assert.Equal(RootError.Ok, w.Call(parent, RootRequest.Wait, o.Value).Error);
        Assert.Equal(parentBefore, (parent.Account.Used, parent.Account.Given));
    }
}
