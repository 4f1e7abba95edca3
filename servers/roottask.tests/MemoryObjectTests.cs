// Memory objects end to end on the host: create, handles and their rights, mappings in two processes, lifetime, stale handles, quotas, everything returned.
using System;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;
using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class MemoryObjectTests
{
    private const ulong At = 0x5000_0000;
    private const ulong AtB = 0x6000_0000;

    private readonly ServerWorld _w = new();

    // A request with a handle attached: the kernel unwraps a capability to the root task's endpoint into its badge.
    private Outcome With(Process caller, ulong handleBadge, RootRequest label, params ulong[] mrs)
    {
        _w.Kernel.CurrentCaller = caller.Pid;
        bool replied = _w.Dispatcher.Handle(new MessageInfo((ulong)label, 1, 1, mrs.Length), Badges.Request(caller.Pid), mrs, handleBadge, out RootReply reply);
        _w.Kernel.CurrentCaller = 0;
        return new Outcome(replied, reply.Error, reply.Value, reply.CapSlot.Index);
    }

    // MemCreate: the reply's capability is the read-write handle's root slot; its badge is what later requests carry.
    private ulong Create(Process p, int pages)
    {
        Outcome o = _w.Call(p, RootRequest.MemCreate, (ulong)pages);
        Assert.Equal(RootError.Ok, o.Error);
        Assert.Equal((ulong)pages, o.Value);
        SimCap handle = _w.Kernel.CapAt(o.CapSlot)!;
        Assert.Equal(ObjectType.Endpoint, handle.Type);
        Assert.Same(_w.Kernel.CapAt(_w.Server.EndpointSlot)!.Object, handle.Object); // a badged copy of the root task's endpoint
        Assert.True(MemoryObjectAbi.IsHandle(handle.Badge));
        Assert.NotEqual(0UL, handle.Badge & MemoryObjectAbi.WritableFlag);
        return handle.Badge;
    }

    private ulong ReadOnlyHandle(Process p, ulong rw)
    {
        Outcome o = With(p, rw, RootRequest.MemHandle, MemoryObjectAbi.ReadOnly);
        Assert.Equal(RootError.Ok, o.Error);
        SimCap handle = _w.Kernel.CapAt(o.CapSlot)!;
        Assert.Equal(rw & MemoryObjectAbi.IdMask, handle.Badge & MemoryObjectAbi.IdMask);
        Assert.Equal(0UL, handle.Badge & MemoryObjectAbi.WritableFlag);
        return handle.Badge;
    }

    [Fact]
    public void TwoProcessesMapTheSamePagesWithTheRightsTheirHandlesGrantAndEverythingComesBack()
    {
        Process a = _w.Start("hello");
        Process b = _w.Start("hello");
        var before = _w.Snapshot();
        ulong usedMemory = a.Account.UsedOf(QuotaKind.Memory), usedSlots = a.Account.UsedOf(QuotaKind.Slots);
        ulong bSlots = b.Account.UsedOf(QuotaKind.Slots);

        ulong rw = Create(a, 3);
        Assert.Equal(usedMemory + 16384, a.Account.UsedOf(QuotaKind.Memory)); // 3 frames come from a 16 KiB block
        Assert.Equal(usedSlots + 4, a.Account.UsedOf(QuotaKind.Slots)); // 3 frames and the handle
        Assert.Equal(new Outcome(true, RootError.Ok, 3, 0), With(a, rw, RootRequest.MemMap, At, MemoryObjectAbi.ReadWrite));
        ulong mapped = a.Account.UsedOf(QuotaKind.Slots);
        Assert.True(mapped >= usedSlots + 4 + 3); // its own mapping: a frame copy per page (and any new page table)
        ulong ro = ReadOnlyHandle(a, rw);
        Assert.Equal(mapped + 1, a.Account.UsedOf(QuotaKind.Slots)); // the read-only handle, minted on first ask

        // The read-only handle maps read-only only, and cannot give a read-write handle.
        Assert.Equal(RootError.ReadOnlyHandle, With(b, ro, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadWrite).Error);
        Assert.Equal(RootError.ReadOnlyHandle, With(b, ro, RootRequest.MemHandle, MemoryObjectAbi.ReadWrite).Error);
        int bTables = b.Space.TableCount;
        Assert.Equal(new Outcome(true, RootError.Ok, 3, 0), With(b, ro, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadOnly));
        int newTables = b.Space.TableCount - bTables;
        Assert.True(newTables > 0);
        Assert.Equal(bSlots + 3 + (ulong)newTables, b.Account.UsedOf(QuotaKind.Slots)); // a frame copy per page, and its new page tables
        for (ulong i = 0; i < 3; i++)
        {
            SimCap pa = _w.PageOf(a, At + (i * 4096))!;
            SimCap pb = _w.PageOf(b, AtB + (i * 4096))!;
            Assert.Same(pa.Object, pb.Object);
            Assert.Equal(CapRights.ReadWrite, pa.MappedRights);
            Assert.Equal(CapRights.Read, pb.MappedRights);
        }

        Assert.NotSame(_w.PageOf(a, At)!.Object, _w.PageOf(a, At + 4096)!.Object);
        Assert.Equal(2, _w.Dispatcher.MemoryObjects.MappingCount);

        Assert.Equal(RootError.Ok, _w.Call(b, RootRequest.MemUnmap, AtB).Error);
        Assert.Null(_w.PageOf(b, AtB));
        Assert.Equal(RootError.Ok, _w.Call(a, RootRequest.MemUnmap, At).Error);
        Assert.Equal(1, _w.Dispatcher.MemoryObjects.ObjectCount); // still open: its creator holds it
        Assert.Equal(RootError.Ok, With(a, rw, RootRequest.MemClose).Error);
        Assert.Equal(0, _w.Dispatcher.MemoryObjects.ObjectCount);

        Assert.Equal(usedMemory, a.Account.UsedOf(QuotaKind.Memory));
        Assert.Equal(usedSlots, a.Account.UsedOf(QuotaKind.Slots));
        Assert.Equal(bSlots, b.Account.UsedOf(QuotaKind.Slots));
        Assert.Equal(before, _w.Snapshot());
        Assert.Empty(_w.Kernel.Misuse);
    }

    [Fact]
    public void TheObjectLivesUntilItsLastMappingGoesAfterItsCreatorClosedIt()
    {
        Process a = _w.Start("hello");
        Process b = _w.Start("hello");
        var before = _w.Snapshot();
        ulong rw = Create(a, 2);
        Assert.Equal(RootError.Ok, With(b, rw, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadWrite).Error);
        Assert.Equal(RootError.NotPermitted, With(b, rw, RootRequest.MemClose).Error); // only the creator holds it open
        Assert.Equal(RootError.Ok, With(a, rw, RootRequest.MemClose).Error);
        Assert.Equal(RootError.NotPermitted, With(a, rw, RootRequest.MemClose).Error); // once
        Assert.Equal(1, _w.Dispatcher.MemoryObjects.ObjectCount);
        Assert.NotNull(_w.PageOf(b, AtB + 4096));

        // A copy of the handle in a process (as the kernel leaves one after passing it over IPC) goes when it is destroyed.
        RootSlot original = FindHandleSlot(rw);
        Assert.Equal(Sel4Error.NoError, _w.Kernel.CopyInto(b.CNodeSlot, CapSlots.FirstCNodeSizeBits, InProcess(40), original, CapRights.Write, false, 0));
        Assert.NotNull(_w.CapOf(b, 40));

        Assert.Equal(RootError.Ok, _w.Call(b, RootRequest.MemUnmap, AtB).Error);
        Assert.Equal(0, _w.Dispatcher.MemoryObjects.ObjectCount);
        Assert.Null(_w.CapOf(b, 40)); // revoked with the original

        // A stale badge names no live object (on seL4 the revoked copy is an empty slot, so none arrives at all).
        Assert.Equal(RootError.NoMemoryObject, With(b, rw, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadOnly).Error);
        Assert.Equal(RootError.NoMemoryObject, _w.Call(b, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadOnly).Error);
        Assert.Equal(before, _w.Snapshot());
    }

    private RootSlot FindHandleSlot(ulong badge)
    {
        for (ulong slot = 1; slot < 1UL << 20; slot++)
        {
            SimCap? c = _w.Kernel.CapAt(slot);
            if (c is not null && c.Type == ObjectType.Endpoint && c.Badge == badge && c.Container is null)
            {
                return Root(slot);
            }
        }

        throw new InvalidOperationException("no handle");
    }

    [Fact]
    public void TheCreatorsEndDestroysItsObjectsEverywhereAndAMappersEndUnmapsOnlyItsOwn()
    {
        var before = _w.Snapshot();
        Process a = _w.Start("hello");
        Process b = _w.Start("hello");
        Process c = _w.Start("hello");
        ulong rw = Create(a, 4);
        Assert.Equal(RootError.Ok, With(a, rw, RootRequest.MemMap, At, MemoryObjectAbi.ReadWrite).Error);
        Assert.Equal(RootError.Ok, With(b, rw, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadOnly).Error);
        Assert.Equal(RootError.Ok, With(c, rw, RootRequest.MemMap, AtB, MemoryObjectAbi.ReadWrite).Error);

        _w.Dispatcher.End(c, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(2, _w.Dispatcher.MemoryObjects.MappingCount);
        Assert.NotNull(_w.PageOf(b, AtB + (3 * 4096)));

        _w.Dispatcher.End(a, EndReason.Exited, 0);
        Assert.Equal(0, _w.Dispatcher.MemoryObjects.ObjectCount);
        Assert.Equal(0, _w.Dispatcher.MemoryObjects.MappingCount);
        Assert.Null(_w.PageOf(b, AtB)); // unmapped from the process that is left
        Assert.Equal(RootError.NoMemoryObject, With(b, rw, RootRequest.MemHandle, MemoryObjectAbi.ReadOnly).Error);
        _w.Dispatcher.End(b, EndReason.Exited, 0);
        Assert.Equal(before, _w.Snapshot());
        Assert.Empty(_w.Kernel.Misuse);
    }

    [Fact]
    public void EachBadArgumentGetsItsOwnErrorAndChangesNothing()
    {
        Process a = _w.Start("hello");
        ulong rw = Create(a, 2);
        Assert.Equal(RootError.Ok, With(a, rw, RootRequest.MemMap, At, MemoryObjectAbi.ReadWrite).Error);
        var before = _w.Snapshot();

        Assert.Equal(RootError.BadArgument, _w.Call(a, RootRequest.MemCreate, 0).Error);
        Assert.Equal(RootError.BadArgument, _w.Call(a, RootRequest.MemCreate, MemoryObjectAbi.MaxPages + 1).Error);
        Assert.Equal(RootError.BadLength, _w.Call(a, RootRequest.MemCreate).Error);
        Assert.Equal(RootError.BadLength, With(a, rw, RootRequest.MemMap, At).Error);
        Assert.Equal(RootError.BadArgument, With(a, rw, RootRequest.MemMap, AtB, 2).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, 0, 0).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, AtB + 8, 0).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, At + 4096, 0).Error); // overlaps its mapping
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, At - 4096, 0).Error); // its last page would
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, ProcessAbi.HeapRegionBase, 0).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, ConnectionAbi.SharedWindowBase, 0).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, ProcessAbi.StartInfoVaddr - 4096, 0).Error);
        Assert.Equal(RootError.BadAddress, With(a, rw, RootRequest.MemMap, ProcessAbi.AppLinkBase, 0).Error); // its code
        Assert.Equal(RootError.BadAddress, _w.Call(a, RootRequest.MemUnmap, At + 4096).Error); // not a mapping's start
        Assert.Equal(RootError.NoMemoryObject, _w.Call(a, RootRequest.MemMap, AtB, 0).Error); // no handle
        Assert.Equal(RootError.NoMemoryObject, With(a, MemoryObjectAbi.Badge(999, true), RootRequest.MemMap, AtB, 0).Error); // never made
        Assert.Equal(RootError.BadArgument, With(a, Badges.Request(a.Pid), RootRequest.MemMap, AtB, 0).Error); // its root endpoint
        Assert.Equal(RootError.BadArgument, With(a, rw, RootRequest.Alloc, 1).Error); // a handle on another request
        Assert.Equal(RootError.BadArgument, With(a, rw, RootRequest.MemCreate, 1).Error); // MemCreate takes none
        Assert.Equal(RootError.BadArgument, With(a, rw, RootRequest.MemUnmap, At).Error); // nor MemUnmap
        Assert.Equal(RootError.BadArgument, _w.Send(rw, (ulong)RootRequest.MemMap, 0, 2, new[] { AtB, 0UL }).Error); // a handle called directly
        Assert.Equal(before, _w.Snapshot());
    }

    [Fact]
    public void AFloodOfObjectsStopsAtTheCreatorsQuotaWithItsErrorAndOthersAreServed()
    {
        _w.StartQuota = new ProcessQuota(2 << 20, 4096, 4, 4, 4, 4);
        Process flood = _w.Start("hello");
        Process other = _w.Start("hello");
        var before = _w.Snapshot();
        int made = 0;
        Outcome o;
        while ((o = _w.Call(flood, RootRequest.MemCreate, 16)).Error == RootError.Ok)
        {
            made++;
        }

        Assert.Equal(RootError.QuotaMemory, o.Error);
        Assert.InRange(made, 20, 31); // 64 KiB each from a 2 MiB quota, less what the process itself holds
        Assert.True(flood.Account.UsedOf(QuotaKind.Memory) <= 2 << 20);
        Assert.Equal(RootError.Ok, _w.Call(other, RootRequest.MemCreate, 16).Error);

        _w.Dispatcher.End(flood, EndReason.Killed, ExitCodes.Killed);
        _w.Dispatcher.End(other, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(0, _w.Dispatcher.MemoryObjects.ObjectCount);
        var after = _w.Snapshot();
        Assert.True(after.FreeBytes > before.FreeBytes); // the two processes' own objects are back too
    }

    [Fact]
    public void TheSlotQuotaStopsOneSlotObjectsAndAMapperPaysForItsOwnMapping()
    {
        _w.StartQuota = new ProcessQuota(8 << 20, 128, 4, 4, 4, 4);
        Process flood = _w.Start("hello");
        Process mapper = _w.Start("hello");
        Outcome o;
        int made = 0;
        ulong firstBadge = 0;
        while ((o = _w.Call(flood, RootRequest.MemCreate, 1)).Error == RootError.Ok)
        {
            firstBadge = firstBadge == 0 ? _w.Kernel.CapAt(o.CapSlot)!.Badge : firstBadge;
            made++;
        }

        Assert.Equal(RootError.QuotaSlots, o.Error);
        Assert.True(made > 10);

        // The mapper's slots: a 200-page object needs 200 frame copies, more than its 128-slot quota has free.
        Process big = _w.Start("hello");
        Outcome created = _w.Call(big, RootRequest.MemCreate, 64);
        Assert.Equal(RootError.Ok, created.Error);
        ulong bigBadge = _w.Kernel.CapAt(created.CapSlot)!.Badge;
        var before = _w.Snapshot();
        Assert.Equal(RootError.Ok, With(mapper, bigBadge, RootRequest.MemMap, AtB, 0).Error);
        Assert.Equal(RootError.QuotaSlots, With(mapper, bigBadge, RootRequest.MemMap, AtB + (1UL << 30), 0).Error);
        Assert.Equal(RootError.Ok, _w.Call(mapper, RootRequest.MemUnmap, AtB).Error);
        Assert.Equal(before, _w.Snapshot());
    }
}
