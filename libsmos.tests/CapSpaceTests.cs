// libsmos's CapSpace over the whole system on the host: slots of CNode 0, growth by CSpaceGrow, the quota's error, and return.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class CapSpaceTests
{
    private const int FirstCNodeSlots = CapSlots.FirstCNodeSlots - (int)CapSlots.FirstFree; // 57

    // Takes n slots, checking each is new; returns them in the order taken.
    private static List<ulong> TakeMany(int n)
    {
        var taken = new List<ulong>();
        var seen = new HashSet<ulong>();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(RootError.Ok, CapSpace.Alloc(out ulong slot));
            Assert.True(seen.Add(slot));
            taken.Add(slot);
        }

        return taken;
    }

    [Fact]
    public void TheFirstCNodeFillsInOrderThenTheCSpaceGrowsByACNode()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            Assert.Equal((1, 0, FirstCNodeSlots), (CapSpace.CNodes, CapSpace.Taken, CapSpace.Capacity));
            List<ulong> first = TakeMany(FirstCNodeSlots);
            Assert.Equal(CapSlots.FirstFree, first[0]);
            Assert.Equal((ulong)CapSlots.FirstCNodeSlots - 1, first[^1]); // cptr == slot in CNode 0, which has 64
            CapSpace.Free(CapSlots.FirstCNodeSlots); // no slot of CNode 0 (IsAppCptr): ignored
            Assert.Equal(FirstCNodeSlots, CapSpace.Taken);
            Assert.Equal(1, CapSpace.CNodes);

            // Every slot taken: the next one comes from a new CNode (CSpaceGrow), its slot 0.
            Assert.Equal(RootError.Ok, CapSpace.Alloc(out ulong grown));
            Assert.Equal(CapSlots.Cptr(1, 0), grown);
            Assert.Equal((2, FirstCNodeSlots + 1, FirstCNodeSlots + CapSlots.CNodeSlots), (CapSpace.CNodes, CapSpace.Taken, CapSpace.Capacity));

            // A slot freed is the next one taken (the lowest), without growing; well-known slots are never freed.
            CapSpace.Free(first[30]);
            CapSpace.Free(CapSlots.RootEndpoint);
            CapSpace.Free(CapSlots.Cptr(5, 3)); // a CNode not held
            Assert.True(CapSpace.TryAlloc(out ulong again));
            Assert.Equal(first[30], again);
            Assert.True(CapSpace.TryAlloc(out ulong next));
            Assert.Equal(CapSlots.Cptr(1, 1), next);
            Assert.Equal(2, CapSpace.CNodes);
        });
        Assert.Equal(1, p.AddedCNodes);
    }

    [Fact]
    public void TakingAndFreeingAllocateNothingOnceTheBitmapHasItsCNodes()
    {
        var h = new HostWorld();
        h.As(h.Start("hello"), () =>
        {
            TakeMany(FirstCNodeSlots + 10); // CNode 1 added
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                Assert.True(CapSpace.TryAlloc(out ulong slot));
                CapSpace.Free(slot);
            }

            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        });
    }

    [Fact]
    public void TheSlotQuotaEndsGrowthWithItsPreciseError()
    {
        var h = new HostWorld();
        ulong used = h.Start("hello").Account.UsedOf(QuotaKind.Slots);
        ProcessQuota q = ProcessQuota.RootDefault;
        q.Slots = used + (2 * (CapSlots.CNodeSlots + 1)) + 10; // room for two added CNodes
        h.World.StartQuota = q;
        ProcessRecord p = h.Start("hello");
        RootError refused = RootError.Ok;
        h.As(p, () =>
        {
            TakeMany(FirstCNodeSlots + (2 * CapSlots.CNodeSlots));
            Assert.Equal(3, CapSpace.CNodes);
            refused = CapSpace.Alloc(out ulong none);
            Assert.Equal(0UL, none);
            Assert.False(CapSpace.TryAlloc(out _));
            Assert.Equal($"the slot quota ({q.Slots}) is used up", Process.Describe(refused));
        });
        Assert.Equal(RootError.QuotaSlots, refused);
        Assert.Equal(2, p.AddedCNodes);
    }

    [Fact]
    public void ACapabilityFromTheRootTaskLandsInAnAddedCNodeAndWorksThere()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            TakeMany(FirstCNodeSlots);
            Assert.Equal(RootError.Ok, MemoryObject.Create(1, out MemoryObject obj)); // its handle: the next slot, in CNode 1
            Assert.Equal(CapSlots.Cptr(1, 0), obj.Handle);
            Assert.Equal(RootError.Ok, obj.NewHandle(readOnly: true, out MemoryObject ro));
            Assert.Equal(CapSlots.Cptr(1, 1), ro.Handle);
            Assert.Equal(RootError.Ok, obj.Map(writable: true, out MemoryMapping m)); // the handle in CNode 1 is sent
            m.Bytes.Set(7, 9);
            Assert.Equal(RootError.ReadOnlyHandle, ro.Map(writable: true, out _));
            Assert.Equal(RootError.Ok, ro.Map(writable: false, out MemoryMapping r));
            Assert.Equal(9, r.Bytes[7]);
        });
        Assert.Equal(ObjectType.Endpoint, h.World.CapOf(p, CapSlots.Cptr(1, 1))!.Type);
        h.World.Dispatcher.End(p, EndReason.Exited, 0);
        Assert.Equal(before, h.World.Snapshot()); // the added CNode, the object and the handles: all back
        Assert.Empty(h.World.Kernel.Misuse);
    }
}
