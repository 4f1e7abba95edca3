// Tests of the per-process VSpace bookkeeping: missing-table plans, page records, reserved regions and teardown lists.
using System;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class AddressSpaceTests
{
    private static Allocation Frames(ulong firstSlot, int count) =>
        new() { Type = ObjectType.SmallPage, FirstSlot = Root(firstSlot), Count = count, ObjectBits = 12, SizeBits = 12 + ObjectSizes.CeilLog2(count) };

    private static Allocation Table(ulong slot) => new() { Type = ObjectType.PageTable, FirstSlot = Root(slot), Count = 1, ObjectBits = 12, SizeBits = 12 };

    /// <summary>Creates (records) whatever tables a page at <paramref name="vaddr"/> lacks, as a loader would.</summary>
    private static int AddTablesFor(AddressSpace s, ulong vaddr, ref ulong nextSlot)
    {
        Span<ulong> bases = stackalloc ulong[3];
        int n = s.MissingTables(vaddr, bases);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Sel4Error.NoError, s.RecordTable(4 - n + i, bases[i], Table(nextSlot++)));
        }

        return n;
    }

    [Fact]
    public void AFreshSpaceNeedsAllThreeTablesTopDown()
    {
        var s = new AddressSpace(16, 64, 16);
        Span<ulong> bases = stackalloc ulong[3];
        Assert.Equal(3, s.MissingTables(0x40_1234_5678, bases));
        Assert.Equal(0UL, bases[0]);                 // level 1: 512 GiB
        Assert.Equal(0x40_0000_0000UL, bases[1]);    // level 2: 1 GiB
        Assert.Equal(0x40_1220_0000UL, bases[2]);    // level 3: 2 MiB
        Assert.Equal(-1, s.MissingTables(AddressSpace.UserTop, bases));
        Assert.Equal(-1, s.MissingTables(0x1000, stackalloc ulong[2]));
    }

    [Fact]
    public void APartlyPopulatedSpaceNeedsOnlyTheLowerLevels()
    {
        var s = new AddressSpace(16, 64, 16);
        ulong slot = 500;
        Assert.Equal(3, AddTablesFor(s, 0x400000, ref slot));
        Span<ulong> bases = stackalloc ulong[3];
        Assert.Equal(0, s.MissingTables(0x5ff000, bases));          // same 2 MiB
        Assert.Equal(1, s.MissingTables(0x600000, bases));          // next 2 MiB, same 1 GiB
        Assert.Equal(0x600000UL, bases[0]);
        Assert.Equal(2, s.MissingTables(0x4000_0000, bases));       // next 1 GiB
        Assert.Equal(0x4000_0000UL, bases[0]);
        Assert.Equal(0x4000_0000UL, bases[1]);
        Assert.Equal(3, s.MissingTables(0x7fff_ffff_f000, bases));  // top of user space, another 512 GiB
        Assert.Equal(0x7f80_0000_0000UL, bases[0]);
        Assert.Equal(0x7fff_c000_0000UL, bases[1]);
        Assert.Equal(0x7fff_ffe0_0000UL, bases[2]);
        Assert.Equal(3, s.TableCount);
    }

    [Fact]
    public void RecordTableChecksLevelAlignmentParentAndDuplicates()
    {
        var s = new AddressSpace(4, 8, 4);
        Assert.Equal(Sel4Error.RangeError, s.RecordTable(0, 0, Table(1)));
        Assert.Equal(Sel4Error.RangeError, s.RecordTable(4, 0, Table(1)));
        Assert.Equal(Sel4Error.RangeError, s.RecordTable(1, AddressSpace.UserTop, Table(1)));
        Assert.Equal(Sel4Error.AlignmentError, s.RecordTable(3, 0x401000, Table(1)));
        Assert.Equal(Sel4Error.FailedLookup, s.RecordTable(2, 0, Table(1)));
        Assert.Equal(Sel4Error.NoError, s.RecordTable(1, 0, Table(1)));
        Assert.Equal(Sel4Error.DeleteFirst, s.RecordTable(1, 0, Table(2)));
        Assert.Equal(Sel4Error.NoError, s.RecordTable(2, 0, Table(2)));
        Assert.Equal(Sel4Error.NoError, s.RecordTable(3, 0, Table(3)));
        Assert.Equal(Sel4Error.NoError, s.RecordTable(3, 0x200000, Table(4)));
        Assert.Equal(Sel4Error.NotEnoughMemory, s.RecordTable(3, 0x400000, Table(5)));
        Assert.Equal(4, s.TableCount);
        Assert.Equal(4UL, s.GetTable(3).Allocation.FirstSlot.Index);
        Assert.Equal(0x200000UL, s.GetTable(3).BaseVaddr);
    }

    [Fact]
    public void PagesAreRecordedOnceAndListedInOrder()
    {
        var s = new AddressSpace(8, 8, 4);
        ulong slot = 100;
        AddTablesFor(s, 0x400000, ref slot);
        Allocation frames = Frames(200, 4);
        Assert.Equal(Sel4Error.FailedLookup, s.RecordPage(0x40000000, frames, 0)); // no tables there
        Assert.Equal(Sel4Error.AlignmentError, s.RecordPage(0x400800, frames, 0));
        Assert.Equal(Sel4Error.RangeError, s.RecordPage(0x400000, frames, 4));
        Assert.Equal(Sel4Error.RangeError, s.RecordPage(AddressSpace.UserTop, frames, 0));
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x403000, frames, 3));
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x400000, frames, 0));
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x401000, frames, 1));
        Assert.Equal(Sel4Error.DeleteFirst, s.RecordPage(0x401000, frames, 2));
        Assert.True(s.IsMapped(0x401abc));
        Assert.False(s.IsMapped(0x402000));
        Assert.Equal(3, s.PageCount);
        Assert.Equal(0x400000UL, s.GetPage(0).Vaddr);
        Assert.Equal(0x403000UL, s.GetPage(2).Vaddr);
        Assert.Equal(203UL, s.GetPage(2).FrameSlot.Index);
        Assert.True(s.FindPage(0x401fff, out PageRecord p));
        Assert.Equal(201UL, p.FrameSlot.Index);

        Assert.True(s.RemovePage(0x401000, out PageRecord removed));
        Assert.Equal(1, removed.Index);
        Assert.False(s.RemovePage(0x401000, out _));
        Assert.False(s.IsMapped(0x401000));
        Assert.Equal(2, s.PageCount);

        s.Reset();
        Assert.Equal(0, s.PageCount);
        Assert.Equal(0, s.TableCount);
    }

    [Fact]
    public void PageCapacityIsNotEnoughMemory()
    {
        var s = new AddressSpace(4, 2, 1);
        ulong slot = 1;
        AddTablesFor(s, 0, ref slot);
        Allocation frames = Frames(10, 3);
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x1000, frames, 0));
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x2000, frames, 1));
        Assert.Equal(Sel4Error.NotEnoughMemory, s.RecordPage(0x3000, frames, 2));
    }

    [Fact]
    public void ReservedRegionsMustBeAlignedAndDisjoint()
    {
        var s = new AddressSpace(4, 4, 8);
        Assert.Equal(Sel4Error.NoError, s.Reserve(0x400000, 0x8000));       // ELF
        Assert.Equal(Sel4Error.NoError, s.Reserve(0x7fff_0000_0000, 0x10000)); // stack
        Assert.Equal(Sel4Error.NoError, s.Reserve(0x408000, 0x1000));       // adjacent is fine
        Assert.Equal(Sel4Error.AlignmentError, s.Reserve(0x500800, 0x1000));
        Assert.Equal(Sel4Error.AlignmentError, s.Reserve(0x500000, 0x800));
        Assert.Equal(Sel4Error.RangeError, s.Reserve(0x500000, 0));
        Assert.Equal(Sel4Error.RangeError, s.Reserve(0x7fff_ffff_f000, 0x2000));
        Assert.Equal(Sel4Error.RangeError, s.Reserve(0xffff_ffff_ffff_f000, 0x1000));
        Assert.Equal(Sel4Error.DeleteFirst, s.Reserve(0x407000, 0x1000));    // inside the ELF
        Assert.Equal(Sel4Error.DeleteFirst, s.Reserve(0x3ff000, 0x2000));    // straddles its start
        Assert.Equal(Sel4Error.DeleteFirst, s.Reserve(0x300000, 0x200000));  // covers it
        Assert.Equal(Sel4Error.DeleteFirst, s.Reserve(0x408000, 0x1000));    // duplicate
        Assert.Equal(3, s.RegionCount);
        Assert.Equal(0x408000UL, s.GetRegion(1).Start);
        Assert.Equal(0x409000UL, s.GetRegion(1).End);

        Assert.False(s.IsFreeRange(0x400000, 1));
        Assert.False(s.IsFreeRange(0x3ff000, 0x1001));
        Assert.True(s.IsFreeRange(0x3ff000, 0x1000));
        Assert.True(s.IsFreeRange(0x409000, 0x1000));
        Assert.False(s.IsFreeRange(0x409000, 0));
        Assert.False(s.IsFreeRange(0x7fff_ffff_f000, 0x2000));
    }

    [Fact]
    public void MappedPagesMakeARangeNotFree()
    {
        var s = new AddressSpace(4, 4, 4);
        ulong slot = 1;
        AddTablesFor(s, 0x10000000, ref slot);
        Assert.Equal(Sel4Error.NoError, s.RecordPage(0x10005000, Frames(50, 1), 0));
        Assert.True(s.IsFreeRange(0x10000000, 0x5000));
        Assert.False(s.IsFreeRange(0x10000000, 0x5001));
        Assert.False(s.IsFreeRange(0x10005fff, 1));
        Assert.True(s.IsFreeRange(0x10006000, 0x1000));
    }
}
