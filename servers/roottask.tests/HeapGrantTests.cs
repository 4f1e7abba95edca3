// Heap grants bounded by the quotas, not a page count (issue 15): one Alloc of megabytes, its pieces, its refusals and its undo.
using System.Linq;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

/// <summary>
/// The heap region is a fixed 64 GiB window (<see cref="ProcessAbi.HeapRegionPages"/>); what a process holds in it is
/// bounded by its memory quota (4 KiB a page and a page table) and its slot quota (one each), checked before the grant's
/// first kernel call. One Alloc may ask for any part of the window: the root task makes it of allocations of at most
/// 256 frames (one retype each), charged exactly, and gives all of them back with the grant's one Free.
/// </summary>
public class HeapGrantTests
{
    private const ulong Heap = ProcessAbi.HeapRegionBase;
    private const ulong Page = ProcessAbi.PageSize;

    // 16 MiB and slots to spare: memory is the quota a heap runs into.
    private static readonly ProcessQuota Sixteen = new(16UL << 20, 8192, 4, 16, 4, 16);

    private static (ProcessQuota Used, int Allocations, int Pages, int Tables, int HeapPages, int Grants) State(Process p) =>
        (p.Account.Used, p.AllocationCount, p.Space.PageCount, p.Space.TableCount, p.HeapPages, p.HeapGrantCount);

    [Fact]
    public void OneRequestGrantsMegabytesAndOneFreeGivesAllOfItBack()
    {
        var w = new ServerWorld { StartQuota = Sixteen };
        w.HoldAWholeQuotaOfHeapOnce();
        var start = w.Snapshot();
        Process p = w.Start("hello");
        var before = State(p);

        // 12 MiB + 3 pages: 12 allocations of 256 frames and 2 + 1; every page mapped, the quota charged exactly.
        const int Pages = (12 * 256) + 3;
        int tables = p.Space.TablesToMap(Heap, Pages);
        Assert.Equal(new Outcome(true, RootError.Ok, Heap, 0), w.Call(p, RootRequest.Alloc, Pages));
        Assert.Equal(before.Allocations + 14 + tables, p.AllocationCount);
        Assert.Equal(before.Used.Memory + (((ulong)Pages + (ulong)tables) * Page), p.Account.Used.Memory);
        Assert.Equal(before.Used.Slots + (ulong)Pages + (ulong)tables, p.Account.Used.Slots);
        Assert.Equal((Pages, 1), (p.HeapPages, p.HeapGrantCount));
        foreach (ulong i in new ulong[] { 0, 255, 256, 3071, 3072, 3073, 3074 })
        {
            SimCap page = w.PageOf(p, Heap + (i * Page))!;
            Assert.Equal(CapRights.ReadWrite, page.MappedRights);
            Assert.All(page.Object.Memory, b => Assert.Equal(0, b));
        }

        Assert.Null(w.PageOf(p, Heap + (Pages * Page)));

        // Only the whole grant goes back: a part of it, one of its allocations or a range past it is no grant.
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.Free, Heap, 256).Error);
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.Free, Heap + (256 * Page), Pages - 256).Error);
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.Free, Heap, Pages + 1).Error);
        Assert.Equal(Pages, p.HeapPages);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap, Pages).Error);
        Assert.Equal(before, State(p));
        Assert.Null(w.PageOf(p, Heap));
        Assert.Null(w.PageOf(p, Heap + ((Pages - 1) * Page)));

        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(p, RootRequest.Exit, 0));
        Assert.Equal(start, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AGrantTheMemoryQuotaCannotHoldIsQuotaMemoryBeforeAnyKernelCall()
    {
        var w = new ServerWorld { StartQuota = new ProcessQuota(4UL << 20, 8192, 4, 16, 4, 16) };
        Process p = w.Start("hello");
        var before = State(p);
        int calls = w.Kernel.Calls.Count;

        // 4 MiB of pages (and their tables) in a 4 MiB quota that already holds the app: refused whole.
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Alloc, 1024));
        Assert.Equal(calls, w.Kernel.Calls.Count);
        Assert.Equal(before, State(p));

        // Far past it, up to the whole region: the same error, and the root task grows no records for it.
        int recordRoom = p.GrantCapacity;
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Alloc, (ulong)ProcessAbi.HeapRegionPages));
        Assert.Equal((calls, recordRoom), (w.Kernel.Calls.Count, p.GrantCapacity));

        // What it has free is granted, in one request.
        ulong fits = (p.Account.Free(QuotaKind.Memory) / Page) - 3;
        Assert.Equal(new Outcome(true, RootError.Ok, Heap, 0), w.Call(p, RootRequest.Alloc, fits));
        Assert.True(p.Account.Free(QuotaKind.Memory) < 6 * Page);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AGrantTheSlotQuotaCannotHoldIsQuotaSlots()
    {
        // Memory for 4 MiB of pages, but a slot a page: 600 slots hold the app and some 500 pages, not 1,024.
        var w = new ServerWorld { StartQuota = new ProcessQuota(16UL << 20, 600, 4, 16, 4, 16) };
        Process p = w.Start("hello");
        var before = State(p);
        int calls = w.Kernel.Calls.Count;
        Assert.Equal(new Outcome(true, RootError.QuotaSlots, 0, 0), w.Call(p, RootRequest.Alloc, 1024));
        Assert.Equal((calls, before), (w.Kernel.Calls.Count, State(p)));
        ulong slotsFree = p.Account.Free(QuotaKind.Slots);
        Assert.Equal(RootError.QuotaSlots, w.Call(p, RootRequest.Alloc, slotsFree).Error); // and the tables need slots too
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Alloc, slotsFree - 3).Error);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AGrantThatFailsAtAnyKernelCallLeavesNothingBehind()
    {
        // A grant of 4 MiB and 10 pages (6 allocations, 1,034 mappings, the region's page tables): the kernel refuses one
        // call of it, each in turn (every call at the start, then every 37th); each time the request is NoMemory and the
        // process, its quota and the root task's memory and slots are exactly as before.
        var w = new ServerWorld { StartQuota = Sixteen };
        w.HoldAWholeQuotaOfHeapOnce();
        Process p = w.Start("hello");
        var before = State(p);
        var world = w.Snapshot();
        int failures = 0;
        for (int k = 0; ; k += k < 48 ? 1 : 37)
        {
            w.Kernel.FailCall(k, Sel4Error.NotEnoughMemory);
            Outcome o = w.Call(p, RootRequest.Alloc, 1034);
            if (o.Error == RootError.Ok)
            {
                break;
            }

            failures++;
            Assert.Equal(new Outcome(true, RootError.NoMemory, 0, 0), o);
            Assert.True(before.Equals(State(p)), $"call {k}: {State(p)}, {string.Join(" | ", w.Kernel.Calls.TakeLast(6))}");
            Assert.Null(w.PageOf(p, Heap));
            Assert.Equal(world, w.Snapshot());
        }

        w.Kernel.FailCall(-1, Sel4Error.NoError);
        Assert.True(failures > 70, $"{failures} failed grants"); // the whole grant's calls were tried
        Assert.Equal(1034, p.HeapPages);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap, 1034).Error);
        Assert.Equal(before, State(p));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void TheRegionIsAFixedWindowWhateverTheQuotaAndBuffersStayOutOfIt()
    {
        // The same 64 GiB window for every process, above the stack and the device and DMA windows, in the same 512 GiB
        // (one level-1 table) as they are, and below the top of user space.
        Assert.Equal(0x7f40_0000_0000UL, ProcessAbi.HeapRegionBase);
        Assert.Equal(0x7f50_0000_0000UL, ProcessAbi.HeapRegionEnd);
        Assert.True(ProcessAbi.HeapRegionBase > ProcessAbi.DmaBase + (1UL << 30));
        Assert.Equal(ProcessAbi.StartInfoVaddr >> 39, ProcessAbi.HeapRegionBase >> 39);
        Assert.Equal(ProcessAbi.StartInfoVaddr >> 39, (ProcessAbi.HeapRegionEnd - 1) >> 39);
        Assert.True(ProcessAbi.HeapRegionEnd <= Resources.AddressSpace.UserTop);

        var w = new ServerWorld();
        Process small = w.Start("hello");
        Assert.Equal(RootError.Ok, w.Call(small, RootRequest.Alloc, 1).Error);

        // A notification buffer inside the window is refused; where the old 256-page region was is fine now.
        Assert.Equal(RootError.BadAddress, w.Call(small, RootRequest.ConnPublish, ServerWorld.Named("in", Heap + (64 * Page))).Error);
        Assert.Equal(RootError.BadAddress, w.Call(small, RootRequest.ConnPublish, ServerWorld.Named("top", ProcessAbi.HeapRegionEnd - Page)).Error);
        Assert.Equal(RootError.Ok, w.Call(small, RootRequest.ConnPublish, ServerWorld.Named("old", 0x1000_0000)).Error);
        Assert.Empty(w.Kernel.Misuse);
    }
}
