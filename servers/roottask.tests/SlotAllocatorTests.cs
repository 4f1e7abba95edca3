// Tests of the root-CNode slot bitmap: lowest-first allocation, contiguous runs, double frees and bounds.
using System;
using System.Collections.Generic;
using Smos.RootTask.Resources;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class SlotAllocatorTests
{
    [Fact]
    public void AllocatesLowestFirstUntilFull()
    {
        var s = new SlotAllocator(166, 4096);
        Assert.Equal(3930, s.Capacity);
        Assert.Equal(3930, s.FreeCount);
        for (ulong expected = 166; expected < 4096; expected++)
        {
            Assert.True(s.TryAlloc(out RootSlot slot));
            Assert.Equal(expected, slot.Index);
        }

        Assert.Equal(0, s.FreeCount);
        Assert.False(s.TryAlloc(out _));
        Assert.False(s.TryAllocRange(2, out _));
        Assert.True(s.Free(Root(1000)));
        Assert.True(s.TryAlloc(out RootSlot again));
        Assert.Equal(1000UL, again.Index);
    }

    [Fact]
    public void DoubleFreeAndOutOfRangeAreRefusedWithoutChange()
    {
        var s = new SlotAllocator(100, 200);
        Assert.True(s.TryAlloc(out RootSlot a));
        Assert.True(s.Free(a));
        Assert.False(s.Free(a));
        Assert.False(s.Free(Root(99)));
        Assert.False(s.Free(Root(200)));
        Assert.Equal(100, s.FreeCount);
        Assert.False(s.IsFree(Root(99)));
        Assert.True(s.IsFree(Root(100)));
    }

    [Fact]
    public void RangesAreContiguousAndFreedAllOrNothing()
    {
        var s = new SlotAllocator(0, 256);
        Assert.True(s.TryAlloc(out RootSlot first));
        Assert.Equal(0UL, first.Index);
        Assert.True(s.TryTake(Root(3)));
        Assert.True(s.TryAllocRange(2, out RootSlot pair));
        Assert.Equal(1UL, pair.Index);
        Assert.True(s.TryAllocRange(100, out RootSlot run));
        Assert.Equal(4UL, run.Index);
        Assert.True(s.TryAllocRange(64, out RootSlot aligned));
        Assert.Equal(104UL, aligned.Index);
        Assert.False(s.TryAllocRange(89, out _));
        Assert.True(s.TryAllocRange(88, out RootSlot last));
        Assert.Equal(168UL, last.Index);
        Assert.Equal(0, s.FreeCount);

        // Freeing a range that contains a free slot changes nothing.
        Assert.True(s.Free(Root(50)));
        Assert.False(s.FreeRange(Root(40), 20));
        Assert.Equal(1, s.FreeCount);
        Assert.False(s.FreeRange(Root(250), 10));
        Assert.True(s.FreeRange(Root(4), 46));
        Assert.Equal(47, s.FreeCount);
        Assert.True(s.TryAllocRange(47, out RootSlot back));
        Assert.Equal(4UL, back.Index);
    }

    [Fact]
    public void EmptyAndOddSizedRangesBehave()
    {
        var empty = new SlotAllocator(10, 5);
        Assert.Equal(0, empty.Capacity);
        Assert.False(empty.TryAlloc(out _));
        var odd = new SlotAllocator(7, 7 + 65);
        Assert.True(odd.TryAllocRange(65, out RootSlot all));
        Assert.Equal(7UL, all.Index);
        Assert.False(odd.TryAlloc(out _));
        Assert.False(odd.TryTake(Root(72)));
    }

    [Fact]
    public void RandomOperationsMatchAModel()
    {
        var rng = new Random(1234);
        var s = new SlotAllocator(166, 4096);
        var used = new HashSet<ulong>();
        for (int step = 0; step < 20000; step++)
        {
            int op = rng.Next(4);
            if (op == 0 && s.TryAlloc(out RootSlot slot))
            {
                Assert.True(used.Add(slot.Index));
            }
            else if (op == 1)
            {
                int count = rng.Next(1, 9);
                if (s.TryAllocRange(count, out RootSlot first))
                {
                    for (int i = 0; i < count; i++)
                    {
                        Assert.True(used.Add(first.Index + (ulong)i));
                    }
                }
            }
            else
            {
                ulong victim = (ulong)rng.Next(160, 4100);
                Assert.Equal(used.Remove(victim), s.Free(Root(victim)));
            }

            Assert.Equal(3930 - used.Count, s.FreeCount);
        }

        for (ulong slot = 160; slot < 4100; slot++)
        {
            Assert.Equal(slot >= 166 && slot < 4096 && !used.Contains(slot), s.IsFree(Root(slot)));
        }
    }
}
