// Tests of the root task's growing CSpace and block records over the simulated kernel: growth, reuse, exhaustion.
using System.Collections.Generic;
using System.Linq;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class ResourceGrowthTests
{
    private static (BootWorld World, ResourceGrowth Growth) Growing(int topBits, int blockCapacity = UntypedManager.RootTaskBlocks)
    {
        var w = new BootWorld(blockCapacity);
        w.Slots.EnableGrowth(topBits);
        var growth = new ResourceGrowth(w.Kernel, w.Slots, w.Manager);
        w.Manager.Growth = growth;
        return (w, growth);
    }

    [Fact]
    public void ObjectsFarPastTheBootCNodeLandInAddedCNodesAndAllComeBack()
    {
        (BootWorld w, ResourceGrowth growth) = Growing(topBits: 4);
        int bootFree = w.Slots.FreeCount;
        ulong bytesBefore = w.Manager.FreeBytes;
        var held = new List<Allocation>();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Endpoint, 0, out Allocation a));
            held.Add(a);
        }

        Assert.Equal(Sel4Error.NoError, w.Manager.AllocateMany(ObjectType.SmallPage, 0, 256, out Allocation frames));
        held.Add(frames);

        // Each endpoint is where the manager says, also in the added CNodes (cptr >= 4096), and the 256 frames share one.
        Assert.True(growth.NodesAdded >= 2, $"{growth.NodesAdded} nodes");
        Assert.Equal(growth.NodesAdded + 1, w.Slots.Nodes);
        Assert.Equal(w.Slots.Nodes, w.Kernel.Nodes.Count);
        Assert.All(held.Take(10_000), a => Assert.Equal(ObjectType.Endpoint, w.Kernel.CapAt(a.FirstSlot)!.Type));
        Assert.Contains(held, a => a.FirstSlot.Index >= 2 * 4096);
        Assert.Equal(frames.FirstSlot.Index >> 12, frames.Slot(255).Index >> 12);
        Assert.Equal(ObjectType.SmallPage, w.Kernel.CapAt(frames.Slot(255))!.Type);
        Assert.True(w.Slots.FreeCount >= ResourceGrowth.SlotLowWater - 2 * 64, $"{w.Slots.FreeCount} free");
        Assert.Equal((ulong)growth.NodesAdded << (12 + ObjectSizes.SlotBits), growth.NodeBytes);

        foreach (Allocation a in held)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
        }

        // The nodes stay (their CNodes and the untyped halves split to make them hold slots), everything else is back
        // once the free buddies are merged: every slot in use holds a capability (the 60 boot untypeds are outside the
        // managed range).
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(w.Slots.Capacity - w.Slots.FreeCount, w.Kernel.LiveCaps - 60);
        Assert.Equal(growth.NodesAdded, w.Kernel.LiveObjects.Count(c => c.Type == ObjectType.CNode));
        Assert.True(w.Slots.FreeCount > bootFree + ((growth.NodesAdded - 1) * 4096), $"{w.Slots.FreeCount} free");
        Assert.Equal(bytesBefore - growth.NodeBytes, w.Manager.FreeBytes);
        Assert.Empty(w.Kernel.Misuse);

        // A second round reuses the slots: no node is added and the same figures come back.
        int nodes = growth.NodesAdded;
        int freeAfter = w.Slots.FreeCount;
        ulong bytesAfter = w.Manager.FreeBytes;
        held.Clear();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out Allocation a));
            held.Add(a);
        }

        held.ForEach(a => Assert.Equal(Sel4Error.NoError, w.Manager.Free(a)));
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(nodes, growth.NodesAdded);
        Assert.Equal(freeAfter, w.Slots.FreeCount);
        Assert.Equal(bytesAfter, w.Manager.FreeBytes);
    }

    [Fact]
    public void WhenTheTopLevelIsFullAllocationsFailWithNoSlots()
    {
        (BootWorld w, ResourceGrowth growth) = Growing(topBits: 1); // the boot CNode and one more
        int made = 0;
        Sel4Error e;
        while ((e = w.Manager.Allocate(ObjectType.Endpoint, 0, out _)) == Sel4Error.NoError)
        {
            made++;
        }

        Assert.Equal(Sel4Error.NotEnoughMemory, e);
        Assert.Equal(AllocFailure.NoSlots, w.Manager.LastFailure);
        Assert.Equal(1, growth.NodesAdded);
        Assert.False(w.Slots.CanGrow);
        Assert.True(made > 2000, $"{made} endpoints"); // each also holds split untyped halves' slots
        Assert.True(w.Slots.FreeCount < 64, $"{w.Slots.FreeCount} free");
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void WhenMemoryRunsOutTheCSpaceStopsGrowingAndNothingIsHalfDone()
    {
        // One RAM untyped of 256 KiB: room for one CNode of 4096 slots (128 KiB) and a little more.
        var untypeds = new[] { new BootUntyped(10, 0x4000_0000, 18, false) };
        var w = new BootWorld(256, untypeds, emptyStart: 3900, emptyEnd: 4096);
        w.Slots.EnableGrowth(4);
        var growth = new ResourceGrowth(w.Kernel, w.Slots, w.Manager);
        w.Manager.Growth = growth;
        Sel4Error e;
        int made = 0;
        while ((e = w.Manager.Allocate(ObjectType.Endpoint, 0, out _)) == Sel4Error.NoError)
        {
            made++;
        }

        // The first node came from the untyped; the second could not (its other 128 KiB are partly endpoints now), so the
        // slots ran out.
        Assert.Equal(Sel4Error.NotEnoughMemory, e);
        Assert.Equal(1, growth.NodesAdded);
        Assert.Equal(Sel4Error.NotEnoughMemory, growth.LastError);
        Assert.Equal(2, w.Kernel.Nodes.Count);
        Assert.True(made > 1000, $"{made} endpoints");
        Assert.True(w.Slots.FreeCount < 64, $"{w.Slots.FreeCount} free");
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void BlockRecordsDoubleBeforeTheyRunOut()
    {
        (BootWorld w, ResourceGrowth growth) = Growing(topBits: 4, blockCapacity: 256);
        var held = new List<Allocation>();
        for (int i = 0; i < 3000; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out Allocation a));
            held.Add(a);
        }

        Assert.True(w.Manager.BlockCapacity >= 4096, $"{w.Manager.BlockCapacity} records");
        Assert.True(growth.RecordGrowths >= 4);
        Assert.True(w.Manager.BlocksAvailable > 0);
        held.ForEach(a => Assert.Equal(Sel4Error.NoError, w.Manager.Free(a)));
        Assert.Equal(growth.NodeBytes, w.Manager.UsedBytes); // only the added CNodes stay
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void BeforeTheRecordsGrowThereAreSlotsForTheHeapGrowthItTakes()
    {
        // On seL4 the records' arrays grow the heap, whose frames take slots while no node can be added: with 30,000
        // blocks the doubling took more than the low water's slots, failed part-way, and the CSpace ran dry.
        (BootWorld w, ResourceGrowth growth) = Growing(topBits: 6, blockCapacity: 256);
        int grown = 0;
        for (int i = 0; i < 70_000; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out _));
            if (growth.RecordGrowths > grown)
            {
                grown = growth.RecordGrowths;
                int needed = ResourceGrowth.SlotsForHeapGrowth((long)BlockTable.BytesPerRecord * w.Manager.BlockCapacity, BlockTable.Arrays);
                Assert.True(growth.SlotsFreeAtRecordGrowth >= needed, $"{growth.SlotsFreeAtRecordGrowth} slots free for a growth to {w.Manager.BlockCapacity} records ({needed} needed)");
            }
        }

        Assert.True(w.Manager.BlockCapacity >= 65_536 && grown >= 8, $"{grown} record growths to {w.Manager.BlockCapacity}");
        Assert.True(growth.NodesAdded >= 2);
    }

    [Fact]
    public void DuringTheHeapsGrowthNothingAllocatesOnTheHeap()
    {
        (BootWorld w, ResourceGrowth growth) = Growing(topBits: 4, blockCapacity: 256);
        growth.EnterHeapGrowth();
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out _));
        }

        Assert.Equal(256, w.Manager.BlockCapacity); // records would have grown (fewer than 1024 unused)
        Assert.Equal(0, growth.RecordGrowths);
        growth.ExitHeapGrowth();
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out _));
        Assert.Equal(1, growth.RecordGrowths);
        Assert.True(w.Slots.NextNodePrepared); // a node's bookkeeping is ready for the next heap growth
    }
}
