// The untyped manager merges free buddies lazily: what a reused block costs the kernel, and when merging happens.
using System.Collections.Generic;
using System.Linq;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class LazyMergeTests
{
    private const ulong Base = 0x4010_0000;

    // One RAM untyped of 2^bits bytes in slot 10; slots [100, 4096) are the manager's.
    private static BootWorld OneUntyped(int bits) =>
        new(256, new[] { new BootUntyped(10, Base, bits, false) }, emptyStart: 100, emptyEnd: 4096);

    // What a spawn of a small app allocates (bench-peer's objects: VSpace, CNodes, TCB, notification, 19 ELF frames,
    // the stack's top page, start-info and IPC frames, two page tables).
    private static List<Allocation> Spawn(BootWorld w)
    {
        var held = new List<Allocation>();
        (ObjectType Type, int Bits, int Count)[] objects =
        {
            (ObjectType.VSpace, 0, 1), (ObjectType.CNode, 8, 1), (ObjectType.CNode, 3, 1), (ObjectType.Tcb, 0, 1),
            (ObjectType.Notification, 0, 1), (ObjectType.SmallPage, 0, 19), (ObjectType.SmallPage, 0, 1),
            (ObjectType.SmallPage, 0, 2), (ObjectType.PageTable, 0, 1), (ObjectType.PageTable, 0, 1),
        };
        foreach ((ObjectType type, int bits, int count) in objects)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.AllocateMany(type, bits, count, out Allocation a));
            held.Add(a);
        }

        return held;
    }

    private static ulong UsedBytes(List<Allocation> held) => held.Aggregate(0UL, (sum, a) => sum + ((ulong)a.Count << a.ObjectBits));

    private static void Exit(BootWorld w, List<Allocation> held)
    {
        for (int i = held.Count - 1; i >= 0; i--)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Free(held[i]));
        }
    }

    [Fact]
    public void ASpawnAfterAnExitReusesTheFreedBlocksAndTheKernelClearsOnlyWhatTheyHeld()
    {
        BootWorld w = OneUntyped(20);
        Exit(w, Spawn(w));
        int blocks = w.Manager.BlockCount;

        // Steady state: the same blocks again, no split, and the kernel's resets clear what the last objects used.
        for (int round = 0; round < 3; round++)
        {
            int calls = w.Kernel.Calls.Count;
            ulong reset = w.Kernel.ResetBytes;
            List<Allocation> held = Spawn(w);
            Assert.DoesNotContain(w.Kernel.Calls.Skip(calls), c => c.Op == "RetypeUntyped");
            Assert.Equal(UsedBytes(held), w.Kernel.ResetBytes - reset);
            Exit(w, held);
            Assert.Equal(blocks, w.Manager.BlockCount);
        }

        // Merged at every exit, as before, the next spawn splits the 1 MiB untyped again and the kernel clears all of it.
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(1, w.Manager.BlockCount);
        ulong before = w.Kernel.ResetBytes;
        List<Allocation> again = Spawn(w);
        Assert.Equal(1UL << 20, w.Kernel.ResetBytes - before); // the halves split from it are new: nothing more to clear
        Assert.True(UsedBytes(again) < 1UL << 18, $"{UsedBytes(again)} bytes used");
        Exit(w, again);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AnAllocationThatFindsNoBlockLargeEnoughMergesFreeBuddiesFirst()
    {
        BootWorld w = OneUntyped(16);
        var pages = new List<Allocation>();
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out Allocation a));
            pages.Add(a);
        }

        Exit(w, pages);
        Assert.Equal(31, w.Manager.BlockCount); // every split kept: 16 pages' blocks and their 15 parents
        Assert.Equal(1UL << 16, w.Manager.FreeBytes);

        // 64 KiB at once: only the whole untyped holds it, so the manager merges, then retypes the boot untyped itself.
        int calls = w.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.NoError, w.Manager.AllocateMany(ObjectType.SmallPage, 0, 16, out Allocation all));
        Assert.Equal(Base, all.PAddr);
        Assert.Equal(1, w.Manager.BlockCount);
        KernelCall retype = w.Kernel.Calls.Skip(calls).Single(c => c.Op == "Retype");
        Assert.Equal(10UL, retype.Slot);
        Assert.Equal(15, w.Kernel.Calls.Skip(calls).Count(c => c.Op == "Revoke")); // the 15 parents
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(all));
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(1, w.Manager.BlockCount);

        // Nothing freed since: nothing to merge, and no pass over the records (no kernel call either way).
        calls = w.Kernel.Calls.Count;
        Assert.Equal(Sel4Error.NoError, w.Manager.Coalesce());
        Assert.Equal(calls, w.Kernel.Calls.Count);
        Assert.Equal(4096 - 100, w.Slots.FreeCount);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AFailedAllocationMergesBackOnlyTheSplitsItMade()
    {
        BootWorld w = OneUntyped(16);
        Assert.Equal(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out Allocation page));
        Assert.Equal(Sel4Error.NoError, w.Manager.Free(page));
        var before = w.Snapshot();

        // The next Retype fails in the kernel: the 4 KiB block is reused (no split), so nothing may be merged.
        w.Kernel.FailCall(0, Sel4Error.NotEnoughMemory);
        Assert.NotEqual(Sel4Error.NoError, w.Manager.Allocate(ObjectType.SmallPage, 0, out _));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(9, w.Manager.BlockCount); // the untyped split four times down to 4 KiB, still split
    }
}
