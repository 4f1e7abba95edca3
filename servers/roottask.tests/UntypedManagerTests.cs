// Unit tests of the buddy untyped manager on the recorded boot untypeds and the simulated kernel.
using System.Linq;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class UntypedManagerTests
{
    [Fact]
    public void RecordedBootUntypedsAreAllAdded()
    {
        var w = new BootWorld();
        Assert.Equal(60, w.Manager.BlockCount);
        Assert.Equal(1070934560UL, w.Manager.FreeBytes);
        Assert.Equal(1098437877760UL, w.Manager.DeviceFreeBytes);
        Assert.Equal(0UL, w.Manager.UsedBytes);
        Assert.Equal(4096 - 166, w.Slots.FreeCount);
    }

    [Fact]
    public void AddUntypedRejectsBadInput()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.RangeError, w.Manager.AddUntyped(Root(5000), 0x90000000, 3, false));
        Assert.Equal(Sel4Error.AlignmentError, w.Manager.AddUntyped(Root(5000), 0x90000800, 12, false));
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.AddUntyped(Root(5000), 0x40000000, 12, false)); // overlaps slot 136
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.AddUntyped(Root(136), 0x90000000, 12, false)); // slot already used
        Assert.Equal(60, w.Manager.BlockCount);
    }

    [Fact]
    public void EndpointComesFromTheSmallestBlockSplitDownToSixteenBytes()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Endpoint, 0, out Allocation a));

        // The smallest RAM untyped is the 32-byte one at 0x4023ede0 (slot 137): one split, then the retype.
        Assert.Equal(0x4023ede0UL, a.PAddr);
        Assert.Equal(4, a.SizeBits);
        Assert.Equal(1, a.Count);
        Assert.False(a.IsDevice);
        Assert.Equal(2, w.Kernel.Calls.Count);
        // The object's slot is taken first (166), the halves go to 167 and 168.
        Assert.Equal(new KernelCall("RetypeUntyped", 137, ObjectType.Untyped, 4, 167, 2, Sel4Error.NoError), w.Kernel.Calls[0]);
        Assert.Equal(new KernelCall("Retype", 167, ObjectType.Endpoint, 0, 166, 1, Sel4Error.NoError), w.Kernel.Calls[1]);
        SimCap? ep = w.Kernel.CapAt(a.FirstSlot);
        Assert.NotNull(ep);
        Assert.Equal(ObjectType.Endpoint, ep.Type);
        Assert.Equal(a.PAddr, ep.PAddr);

        // A second endpoint takes the other half without a split.
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Endpoint, 0, out Allocation b));
        Assert.Equal(0x4023edf0UL, b.PAddr);
        Assert.Equal(3, w.Kernel.Calls.Count);
    }

    [Fact]
    public void TwentyFramesComeFromOne128KiBBlockInConsecutiveSlots()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.NoError, w.Manager.AllocateMany(ObjectType.SmallPage, 0, 20, out Allocation a));
        Assert.Equal(17, a.SizeBits);
        Assert.Equal(12, a.ObjectBits);
        Assert.Equal(20, a.Count);
        Assert.Equal(0x402a0000UL, a.PAddr); // the boot untyped of exactly 2^17 bytes: no split
        Assert.Single(w.Kernel.Calls);
        for (int i = 0; i < 20; i++)
        {
            SimCap? frame = w.Kernel.CapAt(a.Slot(i));
            Assert.NotNull(frame);
            Assert.Equal(ObjectType.SmallPage, frame.Type);
            Assert.Equal(a.ObjectPAddr(i), frame.PAddr);
        }

        Assert.Equal(1UL << 17, w.Manager.UsedBytes);
    }

    [Fact]
    public void FreeRevokesTheBlockAndCoalesceMergesBuddiesBackToTheBootUntyped()
    {
        var w = new BootWorld();
        var before = w.Snapshot();
        int initialCaps = w.Kernel.LiveCaps;
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Tcb, 0, out Allocation a));
        Assert.Equal(0x7ffe9800UL, a.PAddr); // the 2 KiB boot untyped
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out Allocation n));
        Assert.Equal(0x4023ede0UL, n.PAddr);
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Notification, 0, out Allocation m));
        Assert.Equal(0x4023ee00UL, m.PAddr); // the 512-byte untyped split four times

        // Free revokes the block alone: the halves split for it stay, free for reuse.
        int calls = w.Kernel.Calls.Count;
        int blocks = w.Manager.BlockCount;
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(m));
        Assert.Equal("Revoke", Assert.Single(w.Kernel.Calls.Skip(calls)).Op);
        Assert.Equal(blocks, w.Manager.BlockCount);

        // Coalesce merges them: four parents revoked, up to the boot untyped (slot 138).
        calls = w.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        string[] ops = w.Kernel.Calls.Skip(calls).Select(c => c.Op).ToArray();
        Assert.Equal(4, ops.Length);
        Assert.All(ops, op => Assert.Equal("Revoke", op));
        Assert.Equal(138UL, w.Kernel.Calls[^1].Slot);
        Assert.Equal(blocks - 8, w.Manager.BlockCount);

        Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(n));
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(initialCaps, w.Kernel.LiveCaps);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void DoubleAndStaleFreesAreRefusedWithoutKernelCalls()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out Allocation a));
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
        int calls = w.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.Free(a));

        // The same block and slot handed out again: the old copy still does not free it.
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out Allocation b));
        Assert.Equal(a.PAddr, b.PAddr);
        calls = w.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.Free(a));
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.Free(default));
        Assert.Equal(calls, w.Kernel.Calls.Count);
        Assert.Equal(AllocFailure.BadRequest, w.Manager.LastFailure);
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(b));
    }

    [Theory]
    [InlineData(ObjectType.Untyped, 3, 1)]
    [InlineData(ObjectType.Untyped, 48, 1)]
    [InlineData(ObjectType.CNode, 0, 1)]
    [InlineData(ObjectType.Endpoint, 0, 0)]
    [InlineData(ObjectType.Endpoint, 0, 257)]
    [InlineData((ObjectType)10, 0, 1)]
    public void BadRequestsAreRangeErrors(ObjectType type, int sizeBits, int count)
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.RangeError, w.Manager.AllocateMany(type, sizeBits, count, out _));
        Assert.Equal(AllocFailure.BadRequest, w.Manager.LastFailure);
        Assert.Empty(w.Kernel.Calls);
    }

    [Fact]
    public void TooLargeForAnyBlockIsNotEnoughMemoryWithoutKernelCalls()
    {
        var w = new BootWorld();
        var before = w.Snapshot();
        Assert.Equal(Sel4Error.NotEnoughMemory, w.Manager.Allocate(ObjectType.HugePage, 0, out _));
        Assert.Equal(AllocFailure.NoMemory, w.Manager.LastFailure);
        Assert.Equal(Sel4Error.NotEnoughMemory, w.Manager.Allocate(ObjectType.Untyped, 29, out _));
        Assert.Empty(w.Kernel.Calls);
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void CNodeAndUntypedSizesFollowTheRetypeArgument()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.CNode, 8, out Allocation c));
        Assert.Equal(13, c.SizeBits); // 256 slots of 32 bytes
        Assert.Equal(0x7ffea000UL, c.PAddr); // the 8 KiB boot untyped (slot 163), no split
        Assert.Equal(new KernelCall("Retype", 163, ObjectType.CNode, 8, c.FirstSlot.Index, 1, Sel4Error.NoError), w.Kernel.Calls[^1]);
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Untyped, 20, out Allocation u));
        Assert.Equal(20, u.SizeBits);
        Assert.Equal(0x40300000UL, u.PAddr); // the 1 MiB boot untyped, not a split of a bigger one
        Assert.Equal(ObjectType.Untyped, w.Kernel.CapAt(u.FirstSlot)!.Type);
    }

    [Fact]
    public void DeviceMemoryIsUsedOnlyOnRequest()
    {
        var w = new BootWorld();
        ulong deviceFree = w.Manager.DeviceFreeBytes;
        Assert.Equal(Sel4Error.NoError, w.Manager.AllocateDevice(0x09000000, 12, ObjectType.SmallPage, out Allocation uart));
        Assert.True(uart.IsDevice);
        Assert.Equal(0x09000000UL, uart.PAddr);
        Assert.Equal(1, uart.Count);
        Assert.Equal(deviceFree - 4096, w.Manager.DeviceFreeBytes);
        SimCap? frame = w.Kernel.CapAt(uart.FirstSlot);
        Assert.NotNull(frame);
        Assert.True(frame.IsDevice);
        Assert.Equal(0x09000000UL, frame.PAddr);

        // 64 KiB of the GIC as 16 frames.
        Assert.Equal(Sel4Error.NoError, w.Manager.AllocateDevice(0x08020000, 16, ObjectType.SmallPage, out Allocation gic));
        Assert.Equal(16, gic.Count);
        Assert.Equal(0x08020000UL + (15 * 4096), w.Kernel.CapAt(gic.Slot(15))!.PAddr);

        Assert.Equal(Sel4Error.DeleteFirst, w.Manager.AllocateDevice(0x09000000, 12, ObjectType.SmallPage, out _));
        Assert.Equal(Sel4Error.DeleteFirst, w.Manager.AllocateDevice(0x09000000, 16, ObjectType.SmallPage, out _));
        Assert.Equal(Sel4Error.FailedLookup, w.Manager.AllocateDevice(0x40000000, 12, ObjectType.SmallPage, out _));
        Assert.Equal(Sel4Error.AlignmentError, w.Manager.AllocateDevice(0x09000800, 12, ObjectType.SmallPage, out _));
        Assert.Equal(Sel4Error.InvalidArgument, w.Manager.AllocateDevice(0x09001000, 12, ObjectType.Tcb, out _));
        Assert.Equal(Sel4Error.RangeError, w.Manager.AllocateDevice(0x0, 28, ObjectType.Untyped, out _)); // the untyped at 0 is 2^27
        Assert.Equal(Sel4Error.RangeError, w.Manager.AllocateDevice(0x0, 21, ObjectType.SmallPage, out _)); // 512 frames

        Assert.Equal(Sel4Error.NoError, w.Manager.Free(uart));
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(gic));
        Assert.Equal(deviceFree, w.Manager.DeviceFreeBytes);
        Assert.Equal(60, w.Manager.BlockCount);
        Assert.Equal(0UL, w.Manager.UsedBytes);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AKernelFailureAtAnyStepLeavesEverythingAsItWas()
    {
        // A first TCB takes the 2 KiB untyped; the second splits the 8 KiB one twice, then retypes.
        var probe = new BootWorld();
        Assert.Equal(Sel4Error.NoError, probe.Manager.Allocate(ObjectType.Tcb, 0, out _));
        int held = probe.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.NoError, probe.Manager.Allocate(ObjectType.Tcb, 0, out _));
        int steps = probe.Kernel.Calls.Count - held;
        Assert.Equal(3, steps);

        for (int failAt = 0; failAt < steps; failAt++)
        {
            var w = new BootWorld();
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Tcb, 0, out _));
            var before = w.Snapshot();
            w.Kernel.FailCall(failAt, Sel4Error.RangeError);
            Assert.Equal(Sel4Error.RangeError, w.Manager.Allocate(ObjectType.Tcb, 0, out _));
            Assert.Equal(AllocFailure.Kernel, w.Manager.LastFailure);
            Assert.Equal(before, w.Snapshot());
            Assert.Empty(w.Kernel.Misuse);

            // Nothing is lost: the same allocation now succeeds at the same place as in the probe.
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Tcb, 0, out Allocation again));
            Assert.Equal(0x7ffea000UL, again.PAddr);
        }
    }

    [Fact]
    public void AFailedRevokeInFreeKeepsTheAllocationLive()
    {
        var w = new BootWorld();
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out Allocation a));
        var held = w.Snapshot();
        w.Kernel.FailCall(0, Sel4Error.IllegalOperation);
        Assert.Equal(Sel4Error.IllegalOperation, w.Manager.Free(a));
        Assert.Equal(held, w.Snapshot());
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(a));
        Assert.Equal(0UL, w.Manager.UsedBytes);
    }

    [Fact]
    public void RunningOutOfBlockRecordsOrSlotsIsNotEnoughMemoryAndUndone()
    {
        // 60 boot untypeds + 4 records: the first endpoint's split takes two, the third endpoint (from the
        // 512-byte block) gets one more split and then runs out.
        var w = new BootWorld(blockCapacity: 64);
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Endpoint, 0, out _)); // splits the 32-byte block
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.Endpoint, 0, out _));
        var before = w.Snapshot();
        Assert.Equal(Sel4Error.NotEnoughMemory, w.Manager.Allocate(ObjectType.Endpoint, 0, out _));
        Assert.Equal(AllocFailure.NoBlockRecords, w.Manager.LastFailure);
        Assert.Equal(before, w.Snapshot());

        var few = new BootWorld(untypeds: new[] { new BootUntyped(10, 0x40000000, 16, false) }, emptyStart: 20, emptyEnd: 24);
        Assert.Equal(Sel4Error.NotEnoughMemory, few.Manager.AllocateMany(ObjectType.Endpoint, 0, 5, out _));
        Assert.Equal(AllocFailure.NoSlots, few.Manager.LastFailure);
        var start = few.Snapshot();
        Assert.Equal(Sel4Error.NotEnoughMemory, few.Manager.Allocate(ObjectType.SmallPage, 0, out _)); // needs 1 + 2 * 4 slots
        Assert.Equal(AllocFailure.NoSlots, few.Manager.LastFailure);
        Assert.Equal(start, few.Snapshot());
        Assert.Empty(few.Kernel.Misuse);
    }
}
