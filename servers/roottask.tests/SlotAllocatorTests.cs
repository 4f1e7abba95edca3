// Tests of the root-CNode slot bitmap: lowest-first allocation, contiguous runs, double frees and bounds.
using System;
using System.Collections.Generic;
using Smos.RootTask.Resources;
using Xunit;

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
            Assert.True(s.TryAlloc(out ulong slot));
            Assert.Equal(expected, slot);
        }

        Assert.Equal(0, s.FreeCount);
        Assert.False(s.TryAlloc(out _));
        Assert.False(s.TryAllocRange(2, out _));
        Assert.True(s.Free(1000));
        Assert.True(s.TryAlloc(out ulong again));
        Assert.Equal(1000UL, again);
    }

    [Fact]
    public void DoubleFreeAndOutOfRangeAreRefusedWithoutChange()
    {
        var s = new SlotAllocator(100, 200);
        Assert.True(s.TryAlloc(out ulong a));
        Assert.True(s.Free(a));
        Assert.False(s.Free(a));
        Assert.False(s.Free(99));
        Assert.False(s.Free(200));
        Assert.Equal(100, s.FreeCount);
        Assert.False(s.IsFree(99));
        Assert.True(s.IsFree(100));
    }

    [Fact]
    public void RangesAreContiguousAndFreedAllOrNothing()
    {
        var s = new SlotAllocator(0, 256);
        Assert.True(s.TryAlloc(out ulong first));
        Assert.Equal(0UL, first);
        Assert.True(s.TryTake(3));
        Assert.True(s.TryAllocRange(2, out ulong pair));
        Assert.Equal(1UL, pair);
        Assert.True(s.TryAllocRange(100, out ulong run));
        Assert.Equal(4UL, run);
        Assert.True(s.TryAllocRange(64, out ulong aligned));
        Assert.Equal(104UL, aligned);
        Assert.False(s.TryAllocRange(89, out _));
        Assert.True(s.TryAllocRange(88, out ulong last));
        Assert.Equal(168UL, last);
        Assert.Equal(0, s.FreeCount);

        // Freeing a range that contains a free slot changes nothing.
        Assert.True(s.Free(50));
        Assert.False(s.FreeRange(40, 20));
        Assert.Equal(1, s.FreeCount);
        Assert.False(s.FreeRange(250, 10));
        Assert.True(s.FreeRange(4, 46));
        Assert.Equal(47, s.FreeCount);
        Assert.True(s.TryAllocRange(47, out ulong back));
        Assert.Equal(4UL, back);
    }

    [Fact]
    public void EmptyAndOddSizedRangesBehave()
    {
        var empty = new SlotAllocator(10, 5);
        Assert.Equal(0, empty.Capacity);
        Assert.False(empty.TryAlloc(out _));
        var odd = new SlotAllocator(7, 7 + 65);
        Assert.True(odd.TryAllocRange(65, out ulong all));
        Assert.Equal(7UL, all);
        Assert.False(odd.TryAlloc(out _));
        Assert.False(odd.TryTake(72));
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
            if (op == 0 && s.TryAlloc(out ulong slot))
            {
                Assert.True(used.Add(slot));
            }
            else if (op == 1)
            {
                int count = rng.Next(1, 9);
                if (s.TryAllocRange(count, out ulong first))
                {
                    for (int i = 0; i < count; i++)
                    {
                        Assert.True(used.Add(first + (ulong)i));
                    }
                }
            }
            else
            {
                ulong victim = (ulong)rng.Next(160, 4100);
                Assert.Equal(used.Remove(victim), s.Free(victim));
            }

            Assert.Equal(3930 - used.Count, s.FreeCount);
        }

        for (ulong slot = 160; slot < 4100; slot++)
        {
            Assert.Equal(slot >= 166 && slot < 4096 && !used.Contains(slot), s.IsFree(slot));
        }
    }
}
