// The process server's requests end to end on the host: decode, validate and invoke against the simulated kernel.
using System;
using System.Linq;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProcessRequestTests
{
    [Fact]
    public void SpawnStartsTheAppWithEverythingTheProcessAbiPromises()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        Outcome o = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("server", "one\0two\0"));
        Assert.Equal(new Outcome(true, RootError.Ok, o.Value, 0), o);
        Process child = w.Find(o.Value)!;
        Assert.Equal(parent.Pid, child.ParentPid);

        // The thread: start code (x1 = the entry), stack, start info, priority, name, notification.
        SimObject tcb = w.Kernel.CapAt(child.TcbSlot)!.Object;
        Assert.Equal(ProcessAbi.StartCodeVaddr, tcb.Pc);
        Assert.Equal(Elf.Parse(w.Elf, out ElfHeader header) == ElfError.Ok ? header.Entry : 0, tcb.X1);
        Assert.Equal(ProcessAbi.StackTop, tcb.Sp);
        Assert.Equal(ProcessAbi.StartInfoVaddr, tcb.X0);

        // The start code: the root task's one frame, read-only and executable in every process.
        SimCap startCode = w.PageOf(child, ProcessAbi.StartCodeVaddr)!;
        Assert.Same(startCode.Object, w.PageOf(parent, ProcessAbi.StartCodeVaddr)!.Object);
        Assert.Equal(CapRights.Read, startCode.MappedRights);
        Assert.Equal(StartCode.Bytes.ToArray(), startCode.Object.Memory[..StartCode.Bytes.Length]);
        Assert.True(tcb.Running);
        Assert.Equal(Spawner.ProcessPriority, tcb.Priority);
        Assert.Equal($"server[{child.Pid}]", tcb.Name);
        Assert.Same(w.Kernel.CapAt(child.NotificationSlot)!.Object, tcb.Bound);
        // The CSpace: a top level (CNode 0 until the first CSpaceGrow makes the directory, the fault endpoint) that only
        // the root task holds; CNode 0 there has a guard that makes its cptrs slot numbers (3 + 55 + 6 = 64 bits).
        SimObject top = w.Kernel.CapAt(child.CSpaceSlot)!.Object;
        Assert.Same(top, tcb.CSpace);
        Assert.Equal(0UL, tcb.CSpaceGuard);
        Assert.Equal(3, top.SlotBits);
        Assert.True(child.DirectorySlot.IsNone);
        SimObject cnode0 = w.Kernel.CapAt(child.CNodeSlot)!.Object;
        Assert.Same(cnode0, top.Contents[0].Object);
        Assert.Equal(64UL - 3 - CapSlots.FirstCNodeSizeBits, top.Contents[0].Guard); // cptrs below 2^6 are slot numbers
        Assert.Equal(CapSlots.FirstCNodeSizeBits, cnode0.SlotBits); // CNode 0: 64 slots
        Assert.Equal(CapSlots.FaultHandler, tcb.FaultEndpoint);
        Assert.Same(w.Kernel.CapAt(w.Server.EndpointSlot)!.Object, top.Contents[1].Object);
        Assert.Equal(child.Pid | Badges.FaultFlag, top.Contents[1].Badge);
        Assert.Same(w.PageOf(child, ProcessAbi.IpcBufferVaddr)!.Object, tcb.IpcBufferFrame);

        // The app CNode's well-known slots; no capability to its own TCB, none to the top level or the fault endpoint.
        Assert.Null(w.CapOf(child, CapSlots.SelfTcb));
        Assert.Null(w.CapOf(child, CapSlots.FaultEndpoint));
        Assert.Same(cnode0, w.CapOf(child, CapSlots.SelfCNode)!.Object); // SelfCNode: CNode 0 itself, guard 58, depth 64
        Assert.Equal(58UL, w.CapOf(child, CapSlots.SelfCNode)!.Guard);
        Assert.Same(tcb.VSpace, w.CapOf(child, CapSlots.SelfVSpace)!.Object);
        SimCap root = w.CapOf(child, CapSlots.RootEndpoint)!;
        Assert.Same(w.Kernel.CapAt(w.Server.EndpointSlot)!.Object, root.Object);
        Assert.Equal(child.Pid, root.Badge);
        Assert.Equal(CapRights.Write | CapRights.Grant | CapRights.GrantReply, root.Rights); // no Read: it cannot receive others' requests
        Assert.Same(tcb.Bound, w.CapOf(child, CapSlots.Notification)!.Object);
        Assert.Null(w.CapOf(child, CapSlots.FirstFree));

        // The start-info page: read-only, with the pid and the args (arg 0 = the name).
        SimCap info = w.PageOf(child, ProcessAbi.StartInfoVaddr)!;
        Assert.Equal(CapRights.Read, info.MappedRights);
        Assert.Equal(ProcessAbi.StartInfoMagic, info.Object.Word64(0));
        Assert.Equal(child.Pid, info.Object.Word64(1));
        Assert.Equal(3UL, info.Object.Word64(6));
        Assert.Equal("server\0one\0two\0", Encoding.ASCII.GetString(info.Object.Memory, ProcessAbi.ArgsOffset, (int)info.Object.Word64(7)));

        // The ELF's first page holds the file's first segment; the stack is mapped with an unmapped guard page below.
        LoadSegment text = ElfFixtures.Get(0).Segments[0];
        SimCap code = w.PageOf(child, text.VAddr)!;
        Assert.Equal(w.Elf.AsSpan((int)text.Offset, 64).ToArray(), code.Object.Memory.AsSpan((int)(text.VAddr & 0xFFF), 64).ToArray());
        // The stack: the top page now, the rest on first touch; the whole range and the guard page are reserved.
        Assert.Equal(CapRights.ReadWrite, w.PageOf(child, ProcessAbi.StackTop - 4096)!.MappedRights);
        for (ulong a = ProcessAbi.StackBottom - 4096; a < ProcessAbi.StackTop - 4096; a += 4096)
        {
            Assert.Null(w.PageOf(child, a));
            Assert.False(child.Space.IsFreeRange(a, 4096));
        }
        Assert.Empty(w.Kernel.Misuse);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("init")]
    public void SpawnOfANameThatIsNoAppIsNoSuchAppAndChangesNothing(string name)
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.NoSuchApp, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords(name, "")));
        Assert.Equal(before, w.Snapshot());
    }

    [Theory]
    [InlineData("demos/pair", "")]
    [InlineData("Hello", "")]
    [InlineData("hello", "unterminated")]
    public void SpawnWithAnInvalidNameOrArgsIsBadArgument(string name, string args)
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords(name, args)));
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void SpawnPastTheChildProcessQuotaIsQuotaChildrenAndChangesNothing()
    {
        // The table grows past its 8 first records; what bounds one app is its child-process quota (ProcessQuota).
        var w = new ServerWorld();
        Process p = w.Start("hello");
        int limit = (int)ProcessQuota.RootDefault.Children;
        var leaf = new ProcessQuota(256 << 10, 48, 0, 0, 0, 0);
        var branch = new ProcessQuota(200 << 10, 48, 0, 0, 0, 0);
        Process child = p;
        int held = 0;
        for (int i = 0; held < limit; i++)
        {
            // First a child that may hold 60 below it, then its own children (grandchildren count alike), then leaves.
            bool first = i == 0;
            bool grand = i > 0 && i <= 60;
            ProcessQuota q = first ? new ProcessQuota(13 << 20, 4096, 60, 0, 0, 0) : grand ? branch : leaf;
            Outcome o = w.Call(grand ? child : p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "", q));
            Assert.Equal(RootError.Ok, o.Error);
            child = first ? w.Find(o.Value)! : child;
            held += first ? 61 : grand ? 0 : 1;
        }

        Assert.Equal(limit + 1, w.Server.Table.Count);
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.QuotaChildren, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
        Assert.Equal(new Outcome(true, RootError.QuotaChildren, 0, 0), w.Call(child, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
        Assert.Equal(before, w.Snapshot());

        // Another tree is not affected; ending the first returns every object and slot.
        Process other = w.Start("hello");
        Assert.Equal(RootError.Ok, w.Call(other, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")).Error);
        w.Dispatcher.EndGroup(p.Group, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(2, w.Server.Table.Count);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void ASpawnThatFailsAtAnyKernelCallReturnsEveryObjectAndSlot()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        var before = w.Snapshot();

        // Fail the 1st, 2nd, 3rd... kernel call of a spawn until a spawn gets through without meeting the failure.
        int failures = 0;
        for (int failAt = 0; ; failAt++)
        {
            w.Kernel.FailCall(failAt, failAt % 2 == 0 ? Sel4Error.NotEnoughMemory : Sel4Error.InvalidCapability);
            Outcome o = w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("server", ""));
            if (o.Error == RootError.Ok)
            {
                w.Kernel.FailCall(-1, Sel4Error.NoError);
                Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Kill, o.Value).Error);
                break;
            }

            Assert.Equal(failAt % 2 == 0 ? RootError.NoMemory : RootError.BadArgument, o.Error);
            Assert.Equal(before, w.Snapshot());
            failures++;
        }

        Assert.True(failures > 40, $"only {failures} failure points");
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void ExitEndsTheCallerWithoutAReplyAndReturnsEverything()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process p = w.Start("hello");
        ulong pid = p.Pid;
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(p, RootRequest.Exit, 3));
        Assert.Null(w.Find(pid));
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void WaitIsAnsweredWithTheExitCodeWhenTheTargetEnds()
    {
        var w = new ServerWorld();
        Process waiter = w.Start("hello");
        ulong targetPid = w.Call(waiter, RootRequest.Spawn, ServerWorld.SpawnWords("server", "")).Value;
        Process target = w.Find(targetPid)!;
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(waiter, RootRequest.Wait, targetPid));
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(waiter, RootRequest.Wait, targetPid));
        Assert.Empty(w.Kernel.Replies);
        w.Call(target, RootRequest.Exit, unchecked((ulong)-7L));
        Assert.Equal(new SentReply(waiter.Pid, unchecked((ulong)-7L)), Assert.Single(w.Kernel.Replies));
        Assert.Equal(new Outcome(true, RootError.NoSuchProcess, 0, 0), w.Call(waiter, RootRequest.Wait, targetPid)); // reaped by the Wait
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(waiter, RootRequest.Wait, waiter.Pid));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void KillEndsAChildOrTheCallerButNoOtherProcess()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        Process stranger = w.Start("hello");
        var before = w.Snapshot();
        ulong child = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("server", "")).Value;
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), w.Call(stranger, RootRequest.Kill, child));
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(parent, RootRequest.Kill, child));
        Assert.Null(w.Find(child));
        Assert.Equal(before, w.Snapshot());

        // The child is a zombie until its parent waits: a second Kill has nothing to do, Wait reaps it at once.
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(parent, RootRequest.Kill, child));
        Assert.Equal(new Outcome(true, RootError.Ok, unchecked((ulong)ExitCodes.Killed), 0), w.Call(parent, RootRequest.Wait, child));
        Assert.Equal(new Outcome(true, RootError.NoSuchProcess, 0, 0), w.Call(parent, RootRequest.Kill, child));

        // Killing itself ends the caller; nobody is left to answer.
        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(stranger, RootRequest.Kill, stranger.Pid));
        Assert.Empty(w.Kernel.Misuse);
    }

    // A quota of 8 MiB of memory and slots to spare: the memory quota is what a process's heap grants run into.
    private static readonly ProcessQuota EightMiB = new(8UL << 20, 4096, 8, 16, 4, 16);

    [Fact]
    public void AllocMapsZeroedPagesAtTheHeapBreakUpToTheMemoryQuota()
    {
        var w = new ServerWorld { StartQuota = EightMiB };
        Process p = w.Start("hello");
        Assert.Equal(new Outcome(true, RootError.Ok, ProcessAbi.HeapRegionBase, 0), w.Call(p, RootRequest.Alloc, 2));
        Assert.Equal(new Outcome(true, RootError.Ok, ProcessAbi.HeapRegionBase + 0x2000, 0), w.Call(p, RootRequest.Alloc, 64));
        SimCap page = w.PageOf(p, ProcessAbi.HeapRegionBase + 0x1000)!;
        Assert.Equal(CapRights.ReadWrite, page.MappedRights);
        Assert.All(page.Object.Memory, b => Assert.Equal(0, b));
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.Alloc, 0));
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.Alloc, (ulong)ProcessAbi.HeapRegionPages + 1));

        // 4 MiB in one request (the old limit was 64 pages a request, 256 in all): one grant of 6 allocations
        // (4 x 256, 8, 2), every page mapped, zeroed and writable, charged exactly its pages and tables.
        ulong usedBefore = p.Account.UsedOf(QuotaKind.Memory);
        int allocationsBefore = p.AllocationCount;
        int tables = p.Space.TablesToMap(ProcessAbi.HeapRegionBase + (66 * Page), 1034);
        Assert.Equal(new Outcome(true, RootError.Ok, ProcessAbi.HeapRegionBase + (66 * Page), 0), w.Call(p, RootRequest.Alloc, 1034));
        Assert.Equal(1100, p.HeapPages);
        Assert.Equal(allocationsBefore + 6 + tables, p.AllocationCount);
        Assert.Equal(usedBefore + ((1034UL + (ulong)tables) * Page), p.Account.UsedOf(QuotaKind.Memory));
        for (ulong i = 66; i < 1100; i += 97)
        {
            SimCap granted = w.PageOf(p, ProcessAbi.HeapRegionBase + (i * Page))!;
            Assert.Equal(CapRights.ReadWrite, granted.MappedRights);
            Assert.All(granted.Object.Memory, b => Assert.Equal(0, b));
        }

        Assert.NotNull(w.PageOf(p, ProcessAbi.HeapRegionBase + (1099 * Page)));
        Assert.Null(w.PageOf(p, ProcessAbi.HeapRegionBase + (1100 * Page)));

        // More than the memory quota has free is its error, and changes nothing; the largest grant that fits is made,
        // and then not one page more fits.
        ulong free = p.Account.Free(QuotaKind.Memory);
        int allocations = p.AllocationCount;
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Alloc, (free / Page) + 1));
        Assert.Equal((1100, allocations, free), (p.HeapPages, p.AllocationCount, p.Account.Free(QuotaKind.Memory)));
        ulong pages = free / Page;
        Outcome last;
        while ((last = w.Call(p, RootRequest.Alloc, pages)).Error == RootError.QuotaMemory)
        {
            pages--; // the page tables the range needs come out of the same quota
        }

        Assert.Equal(new Outcome(true, RootError.Ok, ProcessAbi.HeapRegionBase + (1100 * Page), 0), last);
        Assert.True(pages >= (free / Page) - 3, $"{pages} pages of {free / Page}"); // at most 3 tables
        Assert.True(p.Account.Free(QuotaKind.Memory) < 2 * Page);
        Assert.Equal(RootError.QuotaMemory, w.Call(p, RootRequest.Alloc, 1).Error);
        Assert.True((ulong)p.HeapPages * Page > (7UL << 20), $"{p.HeapPages} pages"); // most of the 8 MiB, beside the app
        Assert.Empty(w.Kernel.Misuse);
    }

    private const ulong Heap = ProcessAbi.HeapRegionBase;
    private const ulong Page = ProcessAbi.PageSize;

    [Fact]
    public void FreeGivesBackOneGrantWhoseRangeAndQuotaAreGrantedAgain()
    {
        var w = new ServerWorld();
        var start = w.Snapshot();
        Process p = w.Start("hello");
        Assert.Equal(new Outcome(true, RootError.Ok, Heap, 0), w.Call(p, RootRequest.Alloc, 16));
        var one = w.Snapshot(); // with the page tables the heap region needs
        int allocations = p.AllocationCount;
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (16 * Page), 0), w.Call(p, RootRequest.Alloc, 16));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (32 * Page), 0), w.Call(p, RootRequest.Alloc, 64));
        Assert.Equal(96, p.HeapPages);

        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(p, RootRequest.Free, Heap + (16 * Page), 16));
        Assert.Equal(80, p.HeapPages);
        for (ulong i = 0; i < 16; i++)
        {
            Assert.Null(w.PageOf(p, Heap + ((16 + i) * Page)));
            Assert.False(p.Space.IsMapped(Heap + ((16 + i) * Page)));
        }

        Assert.NotNull(w.PageOf(p, Heap + (15 * Page)));
        Assert.NotNull(w.PageOf(p, Heap + (32 * Page)));

        // The hole is granted again, lowest first; what does not fit it goes on top.
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (16 * Page), 0), w.Call(p, RootRequest.Alloc, 8));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (96 * Page), 0), w.Call(p, RootRequest.Alloc, 9));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (24 * Page), 0), w.Call(p, RootRequest.Alloc, 8));
        SimCap again = w.PageOf(p, Heap + (20 * Page))!;
        Assert.All(again.Object.Memory, b => Assert.Equal(0, b));

        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (16 * Page), 8).Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (96 * Page), 9).Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (24 * Page), 8).Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (32 * Page), 64).Error);
        Assert.Equal(16, p.HeapPages);
        Assert.Equal(allocations, p.AllocationCount);
        Assert.Equal(one, w.Snapshot());

        Assert.Equal(new Outcome(false, RootError.Ok, 0, 0), w.Call(p, RootRequest.Exit, 0));
        Assert.Equal(start, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void FreedPagesCountAgainstTheQuotaNoMore()
    {
        var w = new ServerWorld { StartQuota = EightMiB };
        Process p = w.Start("hello");
        int grants = 0;
        RootError e;
        while ((e = w.Call(p, RootRequest.Alloc, 64).Error) == RootError.Ok)
        {
            grants++;
        }

        Assert.Equal(RootError.QuotaMemory, e);
        Assert.True(grants >= 28, $"{grants} grants of 256 KiB in 8 MiB"); // the app takes less than 1 MiB of it
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (64 * Page), 64).Error);
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (64 * Page), 0), w.Call(p, RootRequest.Alloc, 64));
        Assert.Equal(RootError.QuotaMemory, w.Call(p, RootRequest.Alloc, 64).Error);

        // Every grant back: the quota holds as much as before the first.
        for (int i = 0; i < grants; i++)
        {
            Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + ((ulong)i * 64 * Page), 64).Error);
        }

        Assert.Equal(0, p.HeapPages);
        Assert.Equal(new Outcome(true, RootError.Ok, Heap, 0), w.Call(p, RootRequest.Alloc, (ulong)grants * 64));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AGrantTakesTheLowestHoleLargeEnoughElseGoesAboveTheGrants()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(Heap + ((ulong)i * 32 * Page), w.Call(p, RootRequest.Alloc, 32).Value);
        }

        // Two holes of 32: a grant of 64 fits neither and goes above the grants (the region is 64 GiB: no longer as
        // small as the old 256-page quota, where it was NoMemory); two of 32 fill the holes.
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (32 * Page), 32).Error);
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (96 * Page), 32).Error);
        Assert.Equal(192, p.HeapPages);
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (256 * Page), 0), w.Call(p, RootRequest.Alloc, 64));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (32 * Page), 0), w.Call(p, RootRequest.Alloc, 32));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (96 * Page), 0), w.Call(p, RootRequest.Alloc, 32));
        Assert.Equal(new Outcome(true, RootError.Ok, Heap + (320 * Page), 0), w.Call(p, RootRequest.Alloc, 1));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AnAppThatGrowsAndGivesBackForEverNeverRunsOutOfItsRegion()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Alloc, 16).Error);
        var before = w.Snapshot();
        int allocations = p.AllocationCount;
        for (int round = 0; round < 300; round++)
        {
            int pages = 16 + (round % 3 * 24); // 16, 40, 64
            Outcome a = w.Call(p, RootRequest.Alloc, (ulong)pages);
            Outcome b = w.Call(p, RootRequest.Alloc, 16);
            Assert.Equal(RootError.Ok, a.Error);
            Assert.Equal(RootError.Ok, b.Error);
            Assert.True(b.Value + (16 * Page) <= Heap + (256 * Page));
            Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, a.Value, (ulong)pages).Error);
            Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, b.Value, 16).Error);
        }

        Assert.Equal(16, p.HeapPages);
        Assert.Equal(1, p.HeapGrantCount);
        Assert.Equal(allocations, p.AllocationCount);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AFreeOfAnythingButOneOfTheCallersGrantsIsBadArgumentAndChangesNothing()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Process other = w.Start("hello");
        Assert.Equal(Heap, w.Call(p, RootRequest.Alloc, 16).Value);
        Assert.Equal(Heap + (16 * Page), w.Call(p, RootRequest.Alloc, 4).Value);
        Assert.Equal(Heap, w.Call(other, RootRequest.Alloc, 8).Value);
        var before = w.Snapshot();
        ulong elf = ElfFixtures.Get(0).Segments[0].VAddr & ~(Page - 1);
        Assert.NotNull(w.PageOf(p, elf));

        (ulong Vaddr, ulong Pages)[] hostile =
        [
            (Heap, 0), (Heap, 15), (Heap, 20), (Heap + Page, 15), (Heap + 0x800, 16), (Heap + (20 * Page), 4),
            (Heap, 65), (Heap, 16 | (1UL << 32)), (elf, 1), (ProcessAbi.StackTop - Page, 1), (ProcessAbi.IpcBufferVaddr, 1),
            (ProcessAbi.StartInfoVaddr, 1), (ProcessAbi.StartCodeVaddr, 1), (0, 1), (ulong.MaxValue & ~(Page - 1), 1),
        ];
        foreach ((ulong vaddr, ulong pages) in hostile)
        {
            Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.Free, vaddr, pages));
        }

        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(p, RootRequest.Free, Heap));
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(p, RootRequest.Free, Heap, 16, 0));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(20, p.HeapPages);
        Assert.NotNull(w.PageOf(p, elf));
        Assert.NotNull(w.PageOf(p, ProcessAbi.StackTop - Page));

        // Another process's grant is not the caller's: its own 8 pages at the same address are not 16.
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.Free, Heap, 8).Error);
        Assert.Equal(RootError.BadArgument, w.Call(other, RootRequest.Free, Heap, 16).Error);

        // Freed twice: the second one finds no grant.
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Free, Heap + (16 * Page), 4).Error);
        var freed = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.Free, Heap + (16 * Page), 4));
        Assert.Equal(freed, w.Snapshot());
        Assert.Equal(16, p.HeapPages);
        Assert.NotNull(w.PageOf(other, Heap));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AnAllocThatFailsAtAnyKernelCallLeavesNothingAndTheRangeFree()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Alloc, 4).Error); // the heap region's page tables
        var before = w.Snapshot();
        int failures = 0;
        for (int failAt = 0; ; failAt++)
        {
            w.Kernel.FailCall(failAt, Sel4Error.NotEnoughMemory);
            Outcome o = w.Call(p, RootRequest.Alloc, 3);
            w.Kernel.FailCall(-1, Sel4Error.NoError);
            if (o.Error == RootError.Ok)
            {
                Assert.Equal(Heap + (4 * Page), o.Value);
                break;
            }

            Assert.Equal(RootError.NoMemory, o.Error);
            Assert.Equal(before, w.Snapshot());
            Assert.Equal(4, p.HeapPages);
            Assert.False(p.Space.IsMapped(Heap + (4 * Page)));
            failures++;
        }

        Assert.True(failures >= 4, $"only {failures} failure points");
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void GetPidAnswersTheCallersPid()
    {
        var w = new ServerWorld();
        w.Start("hello");
        Process p = w.Start("hello");
        Assert.Equal(new Outcome(true, RootError.Ok, p.Pid, 0), w.Call(p, RootRequest.GetPid));
    }

    [Fact]
    public void PrintPrefixesEveryLineAndReplacesBytesThatAreNotPrintable()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        w.Kernel.Console.Clear();
        byte[] text = Encoding.ASCII.GetBytes("hi\nthere\u0007");
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(p, RootRequest.Print, new[] { (ulong)text.Length }.Concat(ServerWorld.Pack(text)).ToArray()));
        Assert.Equal($"hello[{p.Pid}]: hi\nhello[{p.Pid}]: there?", w.Kernel.Console.ToString());
        w.Call(p, RootRequest.Exit, 0);
        Assert.EndsWith("there?\n", w.Kernel.Console.ToString(), StringComparison.Ordinal); // the partial line is ended
    }

    [Fact]
    public void AFaultMessageIsReportedWithTheSymbolAndEndsTheProcess()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process p = w.Start("hello");
        ulong pid = p.Pid;
        ulong pc = ElfFixtures.Get(0).Segments[0].VAddr + 4;
        Outcome o = w.Send(Badges.Fault(pid), FaultReport.VmFault, 0, 4, new ulong[] { pc, 0xdead0000, 0, 0 });
        Assert.False(o.Replied);
        Assert.Null(w.Find(pid));
        Assert.Contains($"FAULT pid={pid} name=hello kind=VM fault pc=0x{pc:x} addr=0xdead0000 at _start+0x4\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void ANullDereferenceResumesTheThreadInTheRuntimesEntryWithTheFaultingPc()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        BuiltElf elf = ElfFixtures.Get(0);
        ulong pc = elf.Segments[0].VAddr + 8;
        SimObject tcb = w.Kernel.CapAt(p.TcbSlot)!.Object;
        UserContext before = tcb.Registers;
        before.X19 = 0x1919;
        before.Sp = ProcessAbi.StackTop - 64;
        tcb.Registers = before;

        // A load from a field of a null object (address 0x10), as seL4 reports it: IP, Addr, PrefetchFault, FSR.
        Outcome o = w.Send(Badges.Fault(p.Pid), FaultReport.VmFault, 0, 4, new ulong[] { pc, 0x10, 0, 0x92000006 });
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), o); // the reply restarts the thread
        Assert.NotNull(w.Find(p.Pid));
        Assert.Equal(elf.NullEntry, tcb.Registers.Pc);
        Assert.Equal(pc, tcb.Registers.X0);
        Assert.Equal((0x1919UL, ProcessAbi.StackTop - 64), (tcb.Registers.X19, tcb.Registers.Sp)); // the rest as it was
        Assert.DoesNotContain("FAULT", w.Kernel.Console.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x10UL, 1UL, 0)] // an instruction fetch near 0 (a call through a null pointer)
    [InlineData(0x10000UL, 0UL, 0)] // a data access at the limit
    [InlineData(0x10UL, 0UL, 0x20_0000)] // from code outside the app's ELF
    public void OtherFaultsNearZeroAreReportedAndEndTheProcess(ulong address, ulong prefetch, int pcOutside)
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        ulong pid = w.Start("hello").Pid;
        ulong pc = ElfFixtures.Get(0).Segments[0].VAddr + 8 + (ulong)pcOutside;
        Assert.False(w.Send(Badges.Fault(pid), FaultReport.VmFault, 0, 4, new ulong[] { pc, address, prefetch, 0 }).Replied);
        Assert.Contains($"FAULT pid={pid} name=hello kind=VM fault pc=0x{pc:x} addr=0x{address:x}", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Null(w.Find(pid));
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void AnUncaughtExceptionIsReportedWithItsTypeAndCallersAndTheUncaughtExitCode()
    {
        var w = new ServerWorld();
        Process parent = w.Start("hello");
        var before = w.Snapshot();
        ulong child = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")).Value;
        BuiltElf elf = ElfFixtures.Get(0);
        ulong start = elf.Segments[0].VAddr;
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodePanic(start + 4, elf.ExceptionType, [start + 8, 0x7000_0000], "thing \u00e9 failed"u8, mrs);
        Assert.False(w.Call(w.Find(child)!, RootRequest.Panic, mrs[..length]).Replied);
        string console = w.Kernel.Console.ToString();
        Assert.Contains(
            $"FAULT pid={child} name=hello kind=exception Smos_Tests_ThingException (thing ?? failed) pc=0x{start + 4:x} addr=0x0 at _start+0x4\n" +
            $"  from pid={child} name=hello pc=0x{start + 8:x} at _start+0x8\n" +
            $"  from pid={child} name=hello pc=0x70000000\n",
            console,
            StringComparison.Ordinal);
        Assert.Null(w.Find(child));
        Assert.Equal(new Outcome(true, RootError.Ok, unchecked((ulong)ExitCodes.UncaughtException), 0), w.Call(parent, RootRequest.Wait, child));
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void AnExceptionTypeThatIsNoSymbolIsPrintedAsItsAddress()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodePanic(0, ElfFixtures.Get(0).ExceptionType + 4, [], "x"u8, mrs);
        Assert.False(w.Call(p, RootRequest.Panic, mrs[..length]).Replied);
        Assert.Contains($"kind=exception 0x{ElfFixtures.Get(0).ExceptionType + 4:x} (x) pc=0x0 addr=0x0\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal("Thing"u8.ToArray(), PanicReport.TypeName("_ZTV5Thing"u8).ToArray());
        Assert.Equal("_ZTV"u8.ToArray(), PanicReport.TypeName("_ZTV"u8).ToArray());
        Assert.Equal("marker"u8.ToArray(), PanicReport.TypeName("marker"u8).ToArray());
    }

    [Theory]
    [InlineData(0)] // just past the end of the last segment (.bss), where its last symbol is the nearest below
    [InlineData(1)] // far past it
    [InlineData(2)] // in the gap between the code and the data segments
    public void AFaultAtAnAddressOutsideTheElfsSegmentsIsPrintedAsABareAddress(int where)
    {
        var w = new ServerWorld();
        ulong pid = w.Start("hello").Pid;
        var segments = ElfFixtures.Get(0).Segments;
        LoadSegment last = segments[^1];
        ulong pc = where switch
        {
            0 => last.VAddr + last.MemSize,
            1 => last.VAddr + last.MemSize + 0x10_0000,
            _ => segments[0].VAddr + segments[0].MemSize + 8,
        };
        Assert.True(where != 2 || pc < segments[1].VAddr);
        Assert.False(w.Send(Badges.Fault(pid), FaultReport.UserException, 0, 1, new ulong[] { pc }).Replied);
        Assert.Contains($"FAULT pid={pid} name=hello kind=user exception (undefined instruction) pc=0x{pc:x} addr=0x0\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", w.Kernel.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFaultInTheStackRangeMapsAZeroedPageAndResumesTheThread()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process p = w.Start("hello");
        ulong pid = p.Pid;
        ulong deep = ProcessAbi.StackTop - (5 * 4096) + 0x7f8; // a store five pages below the top
        Outcome o = w.Send(Badges.Fault(pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, deep, 0, 0x92000047 });
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), o); // replied: the thread runs on
        SimCap page = w.PageOf(p, deep)!;
        Assert.Equal(CapRights.ReadWrite, page.MappedRights);
        Assert.All(page.Object.Memory, b => Assert.Equal(0, b));
        Assert.DoesNotContain("FAULT", w.Kernel.Console.ToString(), StringComparison.Ordinal);

        // The same page again (mapped: e.g. a permission fault) and the guard page are real faults.
        Assert.False(w.Send(Badges.Fault(pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, deep, 0, 0 }).Replied);
        Assert.Null(w.Find(pid));
        Assert.Equal(before, w.Snapshot()); // the grown page went with the process
        Process q = w.Start("hello");
        Assert.False(w.Send(Badges.Fault(q.Pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, ProcessAbi.StackBottom - 8, 0, 0 }).Replied);
        Assert.Contains("kind=VM fault", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void MessagesFromUnknownSendersAreDroppedWithoutAReply()
    {
        var w = new ServerWorld();
        w.Start("hello");
        var before = w.Snapshot();
        int calls = w.Kernel.Calls.Count;
        Assert.False(w.Send(Badges.Request(77), (ulong)RootRequest.GetPid, 0, 0, Array.Empty<ulong>()).Replied);
        Assert.False(w.Send(Badges.Fault(77), FaultReport.VmFault, 0, 0, Array.Empty<ulong>()).Replied);
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(calls, w.Kernel.Calls.Count);
    }
}
