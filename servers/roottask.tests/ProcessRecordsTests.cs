// The per-process records grow with demand: room made before recording, lookups by address, page tables counted and returned with their last page.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class ProcessRecordsTests
{
    private const ulong Heap = ProcessAbi.HeapRegionBase;
    private const ulong Page = ProcessAbi.PageSize;

    private static Allocation Frames(ulong firstSlot, int count) =>
        new() { Type = ObjectType.SmallPage, FirstSlot = Root(firstSlot), Count = count, ObjectBits = 12, SizeBits = 12 + ObjectSizes.CeilLog2(count) };

    private static Allocation Table(ulong slot) => new() { Type = ObjectType.PageTable, FirstSlot = Root(slot), Count = 1, ObjectBits = 12, SizeBits = 12, Block = (int)slot };

    // Records a page at vaddr with whatever tables it lacks, as PageMapper does (room made first).
    private static void Map(AddressSpace s, ulong vaddr, ref ulong slot)
    {
        Assert.True(s.MakeRoom(3, 1, 0));
        Span<ulong> bases = stackalloc ulong[3];
        int n = s.MissingTables(vaddr, bases);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Sel4Error.NoError, s.RecordTable(4 - n + i, bases[i], Table(slot++)));
        }

        Assert.Equal(Sel4Error.NoError, s.RecordPage(vaddr, Frames(slot++, 1), 0));
    }

    [Fact]
    public void RecordsNeedRoomAndMakeRoomGrowsEveryListKeepingItsRecords()
    {
        var s = new AddressSpace(1, 1, 1);
        ulong slot = 1;
        Assert.Equal(Sel4Error.NoError, s.RecordTable(1, 0, Table(slot++)));
        Assert.Equal(Sel4Error.NotEnoughMemory, s.RecordTable(2, 0, Table(slot++))); // no room made: refused, nothing recorded
        Assert.Equal(1, s.TableCount);
        Assert.Equal(Sel4Error.NoError, s.Reserve(0x7000_0000, Page));
        Assert.Equal(Sel4Error.NotEnoughMemory, s.Reserve(0x7100_0000, Page));

        Assert.True(s.MakeRoom(tables: 2, pages: 600, regions: 20));
        Assert.True(s.TableCapacity >= 3 && s.PageCapacity >= 600 && s.RegionCapacity >= 21);
        Assert.Equal(Sel4Error.NoError, s.RecordTable(2, 0, Table(slot++)));
        Assert.Equal(Sel4Error.NoError, s.RecordTable(3, 0x400000, Table(slot++)));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Sel4Error.NoError, s.Reserve(0x7100_0000 + ((ulong)i * 2 * Page), Page));
        }

        // 512 pages fill the level-3 table: past the old 320 page records.
        for (ulong p = 0; p < 512; p++)
        {
            Assert.Equal(Sel4Error.NoError, s.RecordPage(0x400000 + (p * Page), Frames(1000 + p, 1), 0));
        }

        Assert.Equal(512, s.PageCount);
        Assert.Equal(21, s.RegionCount);
        Assert.Equal(512, s.GetTable(2).Entries);
        Assert.True(s.FindPage(0x400000 + (300 * Page) + 5, out PageRecord found));
        Assert.Equal(1300UL, found.FrameSlot.Index);
        Assert.Equal(0x7000_0000UL, s.GetRegion(0).Start);
    }

    [Fact]
    public void MakeRoomRefusesAbsurdOrNegativeRoomAndChangesNothing()
    {
        var s = new AddressSpace(2, 2, 2);
        ulong slot = 1;
        Map(s, 0x400000, ref slot);
        int tables = s.TableCapacity, pages = s.PageCapacity, regions = s.RegionCapacity;
        Assert.False(s.MakeRoom(0, AddressSpace.MaxRecords, 0)); // one page recorded already: past the bound
        Assert.False(s.MakeRoom(-1, 0, 0));
        Assert.False(s.MakeRoom(0, 0, int.MaxValue));
        Assert.Equal((tables, pages, regions), (s.TableCapacity, s.PageCapacity, s.RegionCapacity));
        Assert.Equal((3, 1), (s.TableCount, s.PageCount));
        Assert.True(s.IsMapped(0x400000));
        Assert.True(s.MakeRoom(0, 0, 0)); // nothing asked: nothing grows
        Assert.Equal(pages, s.PageCapacity);
    }

    [Fact]
    public void TablesAreFoundByLevelAndAddressAmongHundreds()
    {
        var s = new AddressSpace(0, 0, 0);
        ulong slot = 1;
        var rng = new Random(15);
        var vaddrs = new HashSet<ulong>();
        while (vaddrs.Count < 300)
        {
            vaddrs.Add(((ulong)rng.NextInt64(0, (long)(AddressSpace.UserTop >> 12))) << 12);
        }

        foreach (ulong v in vaddrs)
        {
            Map(s, v, ref slot);
        }

        foreach (ulong v in vaddrs)
        {
            for (int level = 1; level <= 3; level++)
            {
                Assert.True(s.HasTable(level, v));
            }

            Assert.True(s.IsMapped(v));
        }

        ulong absent = vaddrs.First() ^ (1UL << 21); // the neighbouring 2 MiB
        Assert.Equal(vaddrs.Any(v => AddressSpace.TableBase(3, v) == AddressSpace.TableBase(3, absent)), s.HasTable(3, absent));
        Assert.False(s.IsMapped(vaddrs.Max() + Page) && !vaddrs.Contains(vaddrs.Max() + Page));

        // The list is sorted by (level, base) and every table counts exactly what sits under it.
        var keys = Enumerable.Range(0, s.TableCount).Select(i => TableRecord.Key(s.GetTable(i).Level, s.GetTable(i).BaseVaddr)).ToList();
        Assert.Equal(keys.OrderBy(k => k), keys);
        for (int i = 0; i < s.TableCount; i++)
        {
            TableRecord t = s.GetTable(i);
            int under = t.Level == 3
                ? vaddrs.Count(v => AddressSpace.TableBase(3, v) == t.BaseVaddr)
                : vaddrs.Select(v => AddressSpace.TableBase(t.Level + 1, v)).Distinct().Count(b => AddressSpace.TableBase(t.Level, b) == t.BaseVaddr);
            Assert.Equal(under, t.Entries);
        }
    }

    [Fact]
    public void TablesToMapCountsWhatARangeLacksLikeMappingItPageByPage()
    {
        var rng = new Random(7);
        Span<ulong> bases = stackalloc ulong[3];
        for (int round = 0; round < 200; round++)
        {
            var s = new AddressSpace(0, 0, 0);
            ulong slot = 1;
            for (int i = rng.Next(0, 6); i > 0; i--)
            {
                Map(s, (ulong)rng.NextInt64(0, 1L << 33) << 12 & (AddressSpace.UserTop - 1), ref slot);
            }

            ulong start = ((ulong)rng.NextInt64(0, 1L << 35) << 12) & (AddressSpace.UserTop - 1) & ~(Page - 1);
            int pages = rng.Next(1, 3000);
            if (start + ((ulong)pages * Page) > AddressSpace.UserTop)
            {
                continue;
            }

            int predicted = s.TablesToMap(start, pages);
            int before = s.TableCount;
            for (int p = 0; p < pages; p++)
            {
                ulong v = start + ((ulong)p * Page);
                Assert.True(s.MakeRoom(3, 0, 0));
                int n = s.MissingTables(v, bases);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(Sel4Error.NoError, s.RecordTable(4 - n + i, bases[i], Table(slot++)));
                }
            }

            Assert.Equal(s.TableCount - before, predicted);
            Assert.Equal(0, s.TablesToMap(start, pages));
        }

        var empty = new AddressSpace(0, 0, 0);
        Assert.Equal(3, empty.TablesToMap(0x400000, 1));
        Assert.Equal(4, empty.TablesToMap(0x5ff000, 2));          // two level-3 tables under one level-2
        Assert.Equal(5, empty.TablesToMap(0x3fff_f000, 2));       // and across a 1 GiB boundary: two of each below level 1
        Assert.Equal(-1, empty.TablesToMap(AddressSpace.UserTop - Page, 2));
        Assert.Equal(-1, empty.TablesToMap(0x1000, 0));
    }

    [Fact]
    public void ARemovedPageTakesTheTablesItLeavesEmptyDeepestFirst()
    {
        var s = new AddressSpace(4, 4, 0);
        ulong slot = 1;
        Map(s, 0x400000, ref slot);    // L1 0, L2 0, L3 0x400000
        Map(s, 0x401000, ref slot);    // same L3
        Map(s, 0x4000_0000, ref slot); // L2 1 GiB, L3 1 GiB, under the same L1
        Assert.Equal(5, s.TableCount);
        Span<TableRecord> emptied = stackalloc TableRecord[3];

        Assert.Equal(0, s.RemovePage(0x400000, out PageRecord first, emptied)); // its table still holds 0x401000
        Assert.Equal(0x400000UL, first.Vaddr);
        Assert.Equal(-1, s.RemovePage(0x400000, out _, emptied));
        Assert.Equal(2, s.RemovePage(0x401000, out _, emptied));               // L3 then L2; the L1 holds the 1 GiB L2
        Assert.Equal((3, 0x400000UL), (emptied[0].Level, emptied[0].BaseVaddr));
        Assert.Equal((2, 0UL), (emptied[1].Level, emptied[1].BaseVaddr));
        Assert.Equal(3, s.TableCount);
        Assert.False(s.HasTable(2, 0));
        Assert.Equal(1, s.GetTable(0).Entries);

        Assert.Equal(3, s.RemovePage(0x4000_0000, out _, emptied));            // the last page: every table goes
        Assert.Equal((3, 2, 1), (emptied[0].Level, emptied[1].Level, emptied[2].Level));
        Assert.Equal(0, s.TableCount);
        Assert.Equal(3, s.TablesToMap(0x400000, 1));
    }

    [Fact]
    public void ARemovalWithoutRoomForTablesKeepsThemEmptyAndUsable()
    {
        var s = new AddressSpace(4, 4, 0);
        ulong slot = 1;
        Map(s, 0x400000, ref slot);
        Assert.True(s.RemovePage(0x400000, out _));                            // the old call: tables stay
        Assert.Equal(3, s.TableCount);
        Assert.Equal(0, s.GetTable(2).Entries);
        Span<TableRecord> one = stackalloc TableRecord[1];
        Map(s, 0x400000, ref slot);                                            // no new table needed
        Assert.Equal(3, s.TableCount);
        Assert.Equal(1, s.RemovePage(0x400000, out _, one));                   // only the L3 fits: the L2 stays, empty
        Assert.Equal(2, s.TableCount);
        Assert.Equal(0, s.GetTable(1).Entries);
    }

    private sealed class Owner : ResourceOwner
    {
        public void Reset() => ResetResources();
    }

    private static Allocation Block(int block, uint serial = 1) => new() { Block = block, Serial = serial, PAddr = (ulong)block << 12, Count = 1 };

    [Fact]
    public void AllocationsNeedRoomAndAreRemovedByBlockInAnyOrder()
    {
        var o = new Owner();
        for (int i = 0; i < ResourceOwner.InitialAllocations; i++)
        {
            Assert.True(o.AddAllocation(Block(i)));
        }

        Assert.False(o.AddAllocation(Block(1000)));                             // full, no room made
        Assert.Equal(ResourceOwner.InitialAllocations, o.AllocationCount);
        Assert.True(o.MakeRoom(400 - ResourceOwner.InitialAllocations, 0, 0, 0));
        for (int i = ResourceOwner.InitialAllocations; i < 400; i++)
        {
            Assert.True(o.AddAllocation(Block(i)));
        }

        Assert.False(o.AddAllocation(Block(7)));                                // its block is recorded already
        Assert.False(o.RemoveAllocation(Block(7, serial: 2)));                  // a stale copy of an earlier allocation
        Assert.False(o.RemoveAllocation(Block(5000)));

        var rng = new Random(3);
        var live = Enumerable.Range(0, 400).ToHashSet();
        foreach (int b in Enumerable.Range(0, 400).OrderBy(_ => rng.Next()).Take(300))
        {
            Assert.True(o.RemoveAllocation(Block(b)));
            Assert.False(o.RemoveAllocation(Block(b)));
            live.Remove(b);
        }

        Assert.Equal(live.OrderBy(b => b), o.Allocations.ToArray().Select(a => a.Block).OrderBy(b => b));
        Assert.False(o.MakeRoom(-1, 0, 0, 0));
        Assert.False(o.MakeRoom(AddressSpace.MaxRecords, 0, 0, 0));
        int capacity = o.AllocationCapacity;
        o.Reset();
        Assert.Equal(0, o.AllocationCount);
        Assert.Equal(capacity, o.AllocationCapacity);                           // the room stays for the next process
        Assert.True(o.AddAllocation(Block(live.First())));
    }

    [Fact]
    public void AProcessHoldsHundredsOfGrantsAndGrowsItsStackPastTheOldRecordsThenGivesEverythingBack()
    {
        var w = new ServerWorld();
        var start = w.Snapshot();
        Process p = w.Start("hello");
        int spawned = p.AllocationCount;
        var grants = new List<ulong>();
        for (int i = 0; i < 250; i++)
        {
            Outcome o = w.Call(p, RootRequest.Alloc, 1);
            Assert.Equal(RootError.Ok, o.Error);
            grants.Add(o.Value);
        }

        // Past the old 256-page quota: 7 pages more fit its memory quota; what does not fit it is that quota's error.
        Outcome seven = w.Call(p, RootRequest.Alloc, 7);
        Assert.Equal(RootError.Ok, seven.Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, seven.Value, 7).Error);
        ulong free = p.Account.Free(QuotaKind.Memory);
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Alloc, (free / Page) + 1));
        Assert.True(p.AllocationCount > 96 && p.GrantCapacity >= 250);

        // Every stack page below the top: each fault maps one (the old records killed the process here).
        for (int k = 2; k <= ProcessAbi.StackPages; k++)
        {
            ulong address = ProcessAbi.StackTop - ((ulong)k * Page) + 8;
            Assert.True(w.Send(Badges.Fault(p.Pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, address, 0, 0x92000047 }).Replied);
            Assert.NotNull(w.PageOf(p, address));
        }

        Assert.True(p.Space.PageCount > 256 + ProcessAbi.StackPages);
        SimObject vspace = w.Kernel.CapAt(p.VSpaceSlot)!.Object;
        Assert.True(vspace.Tables.ContainsKey((3, Heap)));

        // In a shuffled order (the grants list and the allocations move), every grant goes back, then its table.
        var rng = new Random(5);
        foreach (ulong g in grants.OrderBy(_ => rng.Next()))
        {
            Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(p, RootRequest.Free, g, 1));
        }

        Assert.False(vspace.Tables.ContainsKey((3, Heap)));                   // its last page went: unmapped, deleted
        Assert.False(p.Space.HasTable(3, Heap));
        Assert.Equal(spawned + ProcessAbi.StackPages - 1, p.AllocationCount); // the stack's pages stay; the heap's table went
        Assert.Equal(0, p.HeapPages);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Alloc, 1).Error);   // and comes back when needed
        Assert.True(vspace.Tables.ContainsKey((3, Heap)));

        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(p, RootRequest.Exit, 0));
        Assert.Equal(start, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void ASpawnWhoseRecordsCannotBeMadeFailsBeforeAnyKernelCallAndChangesNothing()
    {
        // The test ELF with 5 GiB of .bss: 1.3 million pages, past AddressSpace.MaxRecords. The spawn's validate step
        // cannot make room for its page records, so it answers NoMemory before its first kernel call.
        byte[] huge = ElfFixtures.Get(0).Image.ToArray();
        int phoff = (int)BitConverter.ToUInt64(huge, 32);
        BitConverter.GetBytes(5UL << 30).CopyTo(huge, phoff + 56 + 40); // program header 1 (data): p_memsz
        var w = new ServerWorld(("huge", huge));
        Process parent = w.Start("hello");
        var before = w.Snapshot();
        int calls = w.Kernel.Calls.Count;
        int processes = w.Server.Table.Count;
        Assert.Equal(new Outcome(true, RootError.NoMemory, 0, 0), w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("huge", "")));
        Assert.Equal(calls, w.Kernel.Calls.Count);
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(processes, w.Server.Table.Count);
        Assert.Equal(RootError.Ok, w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")).Error); // the next one is served
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void SharedPagesFarApartNeedTheirOwnTablesWhichGoWhenTheConnectionCloses()
    {
        var w = new ServerWorld();
        var start = w.Snapshot();
        Process server = w.Start("server");
        Process client = w.Start("client");
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("far", 0x2000_0000)).Error);
        int tablesBefore = client.Space.TableCount;
        var opens = new List<ulong>();
        for (int k = 0; k < ConnectionAbi.MaxSharedPagesPerServer; k++)
        {
            Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("far"));
            Assert.Equal(RootError.Ok, open.Error);
            opens.Add(open.Value);
            ulong vaddr = (ulong)(k + 1) * 0x80_0000_0000; // 512 GiB apart: a level-1, level-2 and level-3 table each
            Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnShare, open.Value, vaddr).Error);
            Assert.NotNull(w.PageOf(client, vaddr));
        }

        Assert.Equal(tablesBefore + (3 * opens.Count), client.Space.TableCount);
        SimObject vspace = w.Kernel.CapAt(client.VSpaceSlot)!.Object;
        int returned = w.Resources.Mapper.TablesReturned;
        foreach (ulong c in opens)
        {
            Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnClose, c).Error);
        }

        Assert.Equal(tablesBefore, client.Space.TableCount);
        Assert.Equal(3 * opens.Count, w.Resources.Mapper.TablesReturned - returned);
        Assert.DoesNotContain(vspace.Tables.Keys, k => k.Base >= 0x80_0000_0000 && k.Base < 17 * 0x80_0000_0000UL);

        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(client, RootRequest.Exit, 0));
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(server, RootRequest.Exit, 0));
        Assert.Equal(start, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }
}
