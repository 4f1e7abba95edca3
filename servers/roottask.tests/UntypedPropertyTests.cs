// Randomised (fixed-seed) tests of the untyped manager against the simulated kernel on the recorded boot untypeds.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;
using Xunit.Abstractions;

namespace Smos.RootTask.Tests;

public class UntypedPropertyTests
{
    private readonly ITestOutputHelper _output;

    public UntypedPropertyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static readonly ObjectType[] s_fixedTypes =
    {
        ObjectType.Tcb, ObjectType.Endpoint, ObjectType.Notification, ObjectType.SmallPage,
        ObjectType.PageTable, ObjectType.VSpace, ObjectType.LargePage,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2024)]
    public void RandomAllocateAndFreeKeepsEveryInvariant(int seed)
    {
        var rng = new Random(seed);
        var w = new BootWorld();
        var initial = w.Snapshot();
        ulong ramTotal = w.Manager.FreeBytes;
        var live = new List<Allocation>();
        var devices = w.Untypeds.Where(u => u.IsDevice).ToArray();
        int failures = 0;
        int maxLive = 0;
        int maxBlocks = 0;
        int frees = 0;

        for (int step = 0; step < 3000; step++)
        {
            bool free = live.Count > 0 && (rng.Next(100) < (live.Count > 400 ? 70 : 35));
            if (free)
            {
                int i = rng.Next(live.Count);
                Allocation a = live[i];
                live[i] = live[^1];
                live.RemoveAt(live.Count - 1);
                Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
                Assert.Null(w.Kernel.CapAt(a.FirstSlot));
                frees++;
                continue;
            }

            (ObjectType type, int sizeBits, int count) = NextRequest(rng);
            int objectBits = ObjectSizes.Bits(type, sizeBits);
            int blockBits = objectBits + ObjectSizes.CeilLog2(count);
            BlockInfo? expected = w.ExpectedBlock(blockBits);
            if (expected == null)
            {
                // No free block is large enough: the manager merges free buddies first (as here), then chooses.
                Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
                expected = w.ExpectedBlock(blockBits);
            }

            var before = w.Snapshot();
            int calls = w.Kernel.Calls.Count;
            Sel4Error error = w.Manager.AllocateMany(type, sizeBits, count, out Allocation got);
            if (error != Sel4Error.NoError)
            {
                // Only exhaustion may fail, and a failure changes nothing.
                Assert.Equal(Sel4Error.NotEnoughMemory, error);
                Assert.Equal(before, w.Snapshot());
                if (expected == null)
                {
                    Assert.Equal(AllocFailure.NoMemory, w.Manager.LastFailure);
                }

                failures++;
                continue;
            }

            // The smallest sufficient block, lowest address first, split from its low end.
            Assert.NotNull(expected);
            Assert.Equal(expected.Value.PAddr, got.PAddr);
            Assert.Equal(blockBits, got.SizeBits);
            KernelCall first = w.Kernel.Calls[calls];
            Assert.Equal(expected.Value.Slot.Index, first.Slot);
            Assert.Equal(expected.Value.SizeBits == blockBits ? "Retype" : "RetypeUntyped", first.Op);

            // Aligned, RAM only, never overlapping a live allocation.
            Assert.False(got.IsDevice);
            Assert.Equal(0UL, got.PAddr & ((1UL << got.SizeBits) - 1));
            Assert.Equal(0UL, got.PAddr & ((1UL << objectBits) - 1));
            ulong end = got.PAddr + got.SizeBytes;
            Assert.DoesNotContain(devices, d => got.PAddr < d.End && d.PAddr < end);
            Assert.DoesNotContain(live, o => got.PAddr < o.PAddr + o.SizeBytes && o.PAddr < end);
            for (int i = 0; i < count; i++)
            {
                SimCap? cap = w.Kernel.CapAt(got.Slot(i));
                Assert.NotNull(cap);
                Assert.Equal(type, cap.Type);
                Assert.Equal(got.ObjectPAddr(i), cap.PAddr);
            }

            live.Add(got);
            maxLive = Math.Max(maxLive, live.Count);
            maxBlocks = Math.Max(maxBlocks, w.Manager.BlockCount);
            Assert.Equal(ramTotal, w.Manager.FreeBytes + w.Manager.UsedBytes);
        }

        _output.WriteLine($"seed {seed}: {frees} frees, {failures} failed allocations, max live {maxLive}, max blocks {maxBlocks}, slots free {w.Slots.FreeCount}, kernel calls {w.Kernel.Calls.Count}");
        Assert.True(live.Count > 50, "the run should keep many allocations live");
        Assert.True(failures < 300, "exhaustion should stay rare: " + failures);

        // Free in random order: everything returns to the initial state.
        while (live.Count > 0)
        {
            int i = rng.Next(live.Count);
            Assert.Equal(Sel4Error.NoError, w.Manager.Free(live[i]));
            live.RemoveAt(i);
        }

        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(initial, w.Snapshot());
        Assert.Equal(ramTotal, w.Manager.FreeBytes);
        Assert.Equal(0UL, w.Manager.UsedBytes);
        Assert.Equal(60, w.Manager.BlockCount);
        Assert.Empty(w.Kernel.Misuse);
        Assert.DoesNotContain(w.Kernel.Calls, c => c.Result != Sel4Error.NoError);
    }

    [Fact]
    public void ManySmallObjectsExhaustSlotsCleanlyAndRecover()
    {
        var w = new BootWorld();
        var initial = w.Snapshot();
        var live = new List<Allocation>();
        while (true)
        {
            Sel4Error e = w.Manager.Allocate(ObjectType.Endpoint, 0, out Allocation a);
            if (e != Sel4Error.NoError)
            {
                Assert.Equal(Sel4Error.NotEnoughMemory, e);
                Assert.True(w.Manager.LastFailure is AllocFailure.NoSlots or AllocFailure.NoBlockRecords);
                break;
            }

            live.Add(a);
        }

        // Endpoints pack 16-byte blocks: the small untypeds fill first, one slot per object plus tree slots.
        Assert.True(live.Count > 1000, "endpoints allocated: " + live.Count);
        foreach (Allocation a in live)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
        }

        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(initial, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    private static (ObjectType Type, int SizeBits, int Count) NextRequest(Random rng)
    {
        int kind = rng.Next(100);
        if (kind < 55)
        {
            return (s_fixedTypes[rng.Next(s_fixedTypes.Length - (rng.Next(10) == 0 ? 0 : 1))], 0, 1);
        }

        if (kind < 65)
        {
            return (ObjectType.CNode, rng.Next(1, 11), 1);
        }

        if (kind < 75)
        {
            return (ObjectType.Untyped, rng.Next(4, 23), 1);
        }

        if (kind < 90)
        {
            return (ObjectType.SmallPage, 0, rng.Next(1, 65));
        }

        if (kind < 98)
        {
            return (ObjectType.Endpoint, 0, rng.Next(1, 101));
        }

        return (ObjectType.HugePage, 0, 1); // larger than any RAM untyped: always NotEnoughMemory
    }
}
