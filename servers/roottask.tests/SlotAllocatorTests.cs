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

/// <summary>The allocator over a CSpace that grows: nodes of 2^NodeBits slots, cptr = (node &lt;&lt; NodeBits) | index.</summary>
public class GrowingSlotAllocatorTests
{
    [Fact]
    public void AddedNodesHaveCptrsThatCarryTheirNode()
    {
        var s = new SlotAllocator(4000, 4096, 12);
        Assert.False(s.CanGrow);
        Assert.False(s.AddNode());
        s.EnableGrowth(3);
        Assert.Equal(8, s.MaxNodes);
        Assert.True(s.TryAllocRange(96, out RootSlot bootRun));
        Assert.Equal(4000UL, bootRun.Index);
        Assert.False(s.TryAlloc(out _));
        Assert.Equal(1UL, s.NextNode);
        Assert.True(s.AddNode());
        Assert.Equal(2, s.Nodes);
        Assert.Equal(96 + 4096, s.Capacity);
        Assert.Equal(4096, s.FreeCount);
        Assert.True(s.TryAlloc(out RootSlot first));
        Assert.Equal(4096UL, first.Index); // node 1, slot 0
        Assert.Equal(1UL, s.NodeOf(first));
        Assert.True(s.TryAlloc(out RootSlot second));
        Assert.Equal(SlotAllocator.SlotOf(1, 1, 12).Index, second.Index);
        Assert.Equal((2UL << 12) | 7, SlotAllocator.SlotOf(2, 7, 12).Index);

        // Slots below the boot range and in nodes not added are not managed.
        Assert.False(s.Free(Root(3999)));
        Assert.False(s.Free(Root(2UL << 12)));
        Assert.False(s.TryTake(Root(2UL << 12)));
    }

    [Fact]
    public void FreedSlotsAreReusedLowestNodeFirst()
    {
        var s = new SlotAllocator(4090, 4096, 12);
        s.EnableGrowth(4);
        Assert.True(s.TryAllocRange(6, out _));
        Assert.True(s.AddNode());
        Assert.True(s.AddNode());
        Assert.True(s.TryAlloc(out RootSlot a));
        Assert.Equal(1UL << 12, a.Index);
        Assert.True(s.Free(Root(4093)));
        Assert.True(s.TryAlloc(out RootSlot back));
        Assert.Equal(4093UL, back.Index); // the boot CNode's freed slot before node 1's next
        Assert.True(s.TryAlloc(out RootSlot next));
        Assert.Equal((1UL << 12) + 1, next.Index);
        Assert.True(s.Free(a));
        Assert.False(s.Free(a));
        Assert.True(s.TryTake(a));
        Assert.Equal((2 * 4096) - 2, s.FreeCount);
    }

    [Fact]
    public void RunsStayInOneNodeAndAreFreedOnlyThere()
    {
        var s = new SlotAllocator(100, 4096, 12);
        s.EnableGrowth(2);
        Assert.True(s.AddNode());
        Assert.True(s.TryAllocRange(4096 - 100 - 10, out RootSlot bootRun)); // 10 left at the end of the boot CNode
        Assert.True(s.TryAllocRange(4096 - 5, out RootSlot nodeRun)); // 5 left at the end of node 1
        Assert.Equal(4096UL, nodeRun.Index);
        Assert.Equal(15, s.FreeCount);
        Assert.False(s.TryAllocRange(11, out _)); // 15 free, but no 11 in a row within one node
        Assert.True(s.TryAllocRange(10, out RootSlot tail));
        Assert.Equal(4086UL, tail.Index);
        Assert.True(s.AddNode());
        Assert.True(s.TryAllocRange(256, out RootSlot big));
        Assert.Equal(2UL << 12, big.Index);

        // A range that crosses from one node into the next is refused whole.
        Assert.False(s.FreeRange(Root(4090), 10));
        Assert.False(s.FreeRange(Root((2UL << 12) - 3), 6));
        Assert.True(s.FreeRange(tail, 10));
        Assert.True(s.FreeRange(big, 256));
        Assert.False(s.TryAllocRange(4097, out _));
    }

    [Fact]
    public void ExhaustionIsAFalseNotAWrongSlot()
    {
        var s = new SlotAllocator(4000, 4096, 12);
        s.EnableGrowth(1); // the boot CNode and one more
        Assert.True(s.AddNode());
        Assert.False(s.CanGrow);
        Assert.False(s.PrepareNode());
        Assert.False(s.AddNode());
        for (int i = 0; i < 96 + 4096; i++)
        {
            Assert.True(s.TryAlloc(out _));
        }

        Assert.Equal(0, s.FreeCount);
        Assert.False(s.TryAlloc(out RootSlot none));
        Assert.True(none.IsNone);
        Assert.False(s.TryAllocRange(2, out _));
    }

    [Fact]
    public void GrowthStopsWhereCptrsWouldPass32Bits()
    {
        var s = new SlotAllocator(10, 4096, 12);
        s.EnableGrowth(30);
        Assert.Equal(1 << 20, s.MaxNodes);
        Assert.False(s.NextNodePrepared);
        Assert.True(s.PrepareNode());
        Assert.True(s.NextNodePrepared);
        Assert.True(s.AddNode());
        Assert.False(s.NextNodePrepared);
    }

    [Fact]
    public void RandomOperationsOverGrowingNodesMatchAModel()
    {
        var rng = new Random(4321);
        var s = new SlotAllocator(600, 4096, 12);
        s.EnableGrowth(3);
        var used = new HashSet<ulong>();
        for (int step = 0; step < 60000; step++)
        {
            int op = rng.Next(10);
            if (op < 4 && s.TryAlloc(out RootSlot slot))
            {
                Assert.True(used.Add(slot.Index));
            }
            else if (op < 6)
            {
                int count = rng.Next(1, 80);
                if (s.TryAllocRange(count, out RootSlot first))
                {
                    Assert.Equal(first.Index >> 12, (first.Index + (ulong)count - 1) >> 12);
                    for (int i = 0; i < count; i++)
                    {
                        Assert.True(used.Add(first.Index + (ulong)i));
                    }
                }
            }
            else if (op == 6 && s.FreeCount < 300)
            {
                s.AddNode();
            }
            else
            {
                ulong victim = (ulong)rng.Next(590, 4 * 4096);
                Assert.Equal(used.Remove(victim), s.Free(Root(victim)));
            }

            Assert.Equal(s.Capacity - used.Count, s.FreeCount);
        }

        Assert.Equal(8, s.Nodes);
        for (ulong slot = 590; slot < 8 * 4096; slot++)
        {
            Assert.Equal(slot >= 600 && !used.Contains(slot), s.IsFree(Root(slot)));
        }
    }
}
