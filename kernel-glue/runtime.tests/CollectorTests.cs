// The collector on a native-memory heap: what survives, what is freed, conservative and precise roots, free blocks.
using System;
using Internal.Runtime.Gc;
using Xunit;

namespace Smos.Runtime.Tests;

public unsafe class CollectorTests
{
    [Fact]
    public void WithoutRootsEverythingIsFreedAndTheChunkIsOneFreeBlockAgain()
    {
        using var heap = new TestHeap();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(heap.New(heap.Leaf) != null);
        }

        heap.Collect();
        Assert.Equal(0UL, heap.State->LiveAfterCollection);
        Assert.Equal(0UL, GcHeap.UsedBytes(heap.State));
        Chunk* c = heap.State->Chunks;
        Assert.Equal(c->End - c->Start, (nint)GcObjects.BlockSize((nint*)c->Start));
    }

    [Fact]
    public void ReachableObjectsSurviveAndUnreachableOnesAreFreed()
    {
        using var heap = new TestHeap();
        nint* root = heap.New(heap.Pair);
        nint* child = heap.New(heap.Pair);
        nint* grandchild = heap.New(heap.Leaf);
        nint* garbage = heap.New(heap.Pair);
        root[1] = (nint)child;
        child[2] = (nint)grandchild;
        child[3] = 12345;
        garbage[1] = (nint)root; // garbage pointing at live objects does not keep itself alive

        heap.Collect((nint)root);

        Assert.False(heap.IsFree(root));
        Assert.False(heap.IsFree(child));
        Assert.False(heap.IsFree(grandchild));
        Assert.Equal(12345, child[3]);
        Assert.True(heap.IsFree(garbage));
        Assert.Equal(40UL + 40 + 24, heap.State->LiveAfterCollection);
    }

    [Fact]
    public void AnUnreachableCycleIsFreed()
    {
        using var heap = new TestHeap();
        nint* a = heap.New(heap.Pair);
        nint* b = heap.New(heap.Pair);
        a[1] = (nint)b;
        b[1] = (nint)a;
        heap.Collect();
        Assert.True(heap.IsFree(a));
        Assert.True(GcObjects.BlockSize(a) >= 80, "b is inside the free block that starts at a");
    }

    [Fact]
    public void AnInteriorPointerOnTheStackKeepsItsObject()
    {
        using var heap = new TestHeap();
        nint* array = heap.New(heap.RefArray, 10);
        nint* element = heap.New(heap.Leaf);
        array[2 + 5] = (nint)element;
        heap.Collect((nint)(array + 2 + 7) + 3); // inside element 7, not aligned to it
        Assert.False(heap.IsFree(array));
        Assert.False(heap.IsFree(element));
    }

    [Fact]
    public void AWordJustPastAnObjectDoesNotKeepIt()
    {
        using var heap = new TestHeap();
        nint* leaf = heap.New(heap.Leaf);
        heap.New(heap.Leaf);
        heap.Collect((nint)leaf + 24 + 8000); // far beyond, in free space after the collection's context closes
        Assert.True(heap.IsFree(leaf));
    }

    [Fact]
    public void ElementsOfArraysOfReferencesAndOfStructsWithReferencesAreTraced()
    {
        using var heap = new TestHeap();
        nint* refs = heap.New(heap.RefArray, 3);
        nint* structs = heap.New(heap.StructArray, 2);
        nint* a = heap.New(heap.Leaf);
        nint* b = heap.New(heap.Leaf);
        nint* c = heap.New(heap.Leaf);
        nint* notTraced = heap.New(heap.Leaf);
        refs[2 + 2] = (nint)a;
        // element 1 of the struct array starts at 16 + 32; its references are its first two words
        *(nint*)((byte*)structs + 16 + 32 + 8) = (nint)b;
        *(nint*)((byte*)structs + 16) = (nint)c;
        *(nint*)((byte*)structs + 16 + 16) = (nint)notTraced; // the long field: not a reference
        heap.Collect((nint)refs, (nint)structs);
        Assert.False(heap.IsFree(a));
        Assert.False(heap.IsFree(b));
        Assert.False(heap.IsFree(c));
        Assert.True(heap.IsFree(notTraced));
    }

    [Fact]
    public void RawBlocksAreNeverFreedAndTheirContentsAreRoots()
    {
        using var heap = new TestHeap();
        byte* raw = GcHeap.AllocateRaw(heap.State, 40);
        nint* held = heap.New(heap.Leaf);
        *(nint*)(raw + 16) = (nint)held;
        heap.Collect();
        Assert.Equal(GcObjects.RawMarker, *(nint*)(raw - 16));
        Assert.False(heap.IsFree(held));
    }

    [Fact]
    public void AGraphDeeperThanTheMarkStackSurvivesAfterTheOverflow()
    {
        using var heap = new TestHeap(1024 * 1024);
        int count = GcState.MarkStackSize * 3;
        nint* array = heap.New(heap.RefArray, count);
        for (int i = 0; i < count; i++)
        {
            nint* pair = heap.New(heap.Pair);
            pair[1] = (nint)heap.New(heap.Leaf);
            array[2 + i] = (nint)pair;
        }

        nint* lost = heap.New(heap.Pair);
        heap.Collect((nint)array);
        for (int i = 0; i < count; i++)
        {
            var pair = (nint*)array[2 + i];
            Assert.False(heap.IsFree(pair));
            Assert.False(heap.IsFree((nint*)pair[1]));
        }

        Assert.True(heap.IsFree(lost));
        Assert.Equal(0, heap.State->MarkCount);
    }

    [Fact]
    public void FreedMemoryIsReusedZeroedWithoutGrowing()
    {
        using var heap = new TestHeap(16 * 1024);
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                nint* p = heap.New(heap.Pair);
                if (p == null)
                {
                    heap.Collect();
                    p = heap.New(heap.Pair);
                }

                Assert.True(p != null);
                Assert.Equal(0, p[1]);
                Assert.Equal(0, p[2]);
                p[1] = 77;
                p[3] = -1;
            }
        }

        Assert.Equal(16UL * 1024, heap.State->HeapBytes);
        Assert.True(heap.State->Collections > 0);
    }

    [Fact]
    public void AdjacentDeadObjectsCoalesceIntoOneFreeBlock()
    {
        using var heap = new TestHeap();
        nint* keep1 = heap.New(heap.Leaf);
        nint* dead1 = heap.New(heap.Pair);
        nint* dead2 = heap.New(heap.Leaf);
        nint* keep2 = heap.New(heap.Leaf);
        heap.Collect((nint)keep1, (nint)keep2);
        Assert.True(dead1 == keep1 + 3);
        Assert.Equal(GcObjects.FreeMarker, dead1[0]);
        Assert.Equal(40 + 24, dead1[1]);
        Assert.True((byte*)dead2 == (byte*)dead1 + 40, "dead2 was allocated right after dead1");
        Assert.True((byte*)keep2 == (byte*)dead1 + dead1[1], "the one free block ends where keep2 begins: dead2 is inside it");
        Assert.Equal((nint)heap.Leaf, keep2[0]);
    }

    [Fact]
    public void ALargeObjectIsCarvedExactlyAndTheRestStaysFree()
    {
        using var heap = new TestHeap(64 * 1024);
        nint* big = heap.New(heap.RefArray, 1000);
        Assert.True(big != null);
        nuint size = GcObjects.ObjectSize(heap.RefArray, 1000);
        var after = (nint*)((byte*)big + size);
        Assert.Equal(GcObjects.FreeMarker, after[0]);
    }

    [Fact]
    public void TheAllocatorCollectsByItselfOnceTheBudgetIsSpentAndGrowsWhenFull()
    {
        using var heap = new TestHeap(32 * 1024);
        s_heap = heap;
        heap.State->CollectHook = (nint)(delegate*<void>)&CollectWithNoRoots;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        for (int i = 0; i < 20000; i++)
        {
            Assert.True(heap.New(heap.Pair) != null);
        }

        Assert.True(heap.State->Collections > 0);
        Assert.True(s_grown <= 5, "garbage only: the heap grows to about the 256 KiB budget, then reuses memory");
        s_heap = null;
    }

    [Fact]
    public void WithCollectBeforeGrowingGarbageIsCollectedBeforeTheHeapGrows()
    {
        // Garbage only, in a 32 KiB heap: by default the allocator grows (the 256 KiB budget is far from spent); told to
        // collect before growing, it never grows, and it still grows when the live data needs it.
        using var heap = new TestHeap(32 * 1024);
        s_heap = heap;
        s_grown = 0;
        heap.State->CollectHook = (nint)(delegate*<void>)&CollectWithNoRoots;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        heap.State->CollectBeforeGrowing = 1;
        for (int i = 0; i < 20000; i++)
        {
            Assert.True(heap.New(heap.Pair) != null);
        }

        Assert.Equal(0, s_grown);
        Assert.True(heap.State->Collections > 10);

        // An object larger than the whole heap: the collection cannot make room, so it grows.
        Assert.True(heap.New(heap.RefArray, 8000) != null);
        Assert.Equal(1, s_grown);
        s_heap = null;
    }

    [Fact]
    public void WithoutCollectBeforeGrowingGarbageMakesTheHeapGrow()
    {
        using var heap = new TestHeap(32 * 1024);
        s_heap = heap;
        s_grown = 0;
        heap.State->CollectHook = (nint)(delegate*<void>)&CollectWithNoRoots;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        for (int i = 0; i < 20000; i++)
        {
            Assert.True(heap.New(heap.Pair) != null);
        }

        Assert.True(s_grown > 0);
        s_heap = null;
    }

    [Fact]
    public void WhenNothingCanBeFreedAndNothingGrownAllocationFails()
    {
        using var heap = new TestHeap(8 * 1024);
        int made = 0;
        while (heap.New(heap.Leaf) != null)
        {
            made++;
        }

        Assert.True(made > 200);
    }

    [Fact]
    public void AGrowthTheGrowerRefusesIsRecordedForTheOutOfMemoryMessageUntilTheNextFailure()
    {
        // The heap asks the grower for the object and its chunk's bookkeeping; refused, the allocation fails and the
        // state keeps what was asked (Heap.OutOfMemoryMessage has the describer say why it was refused).
        using var heap = new TestHeap(8 * 1024);
        s_heap = heap;
        s_grown = 0;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Refuse;
        Assert.True(heap.New(heap.RefArray, 512 * 1024) == null);
        Assert.True((ulong)heap.State->FailedGrowBytes > 4UL << 20, $"{heap.State->FailedGrowBytes} bytes asked for");

        // Allocations that succeed meanwhile (the exception's own) leave it for the exception's message.
        nint asked = heap.State->FailedGrowBytes;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        Assert.True(heap.New(heap.RefArray, 200) != null);
        Assert.True(heap.New(heap.RefArray, 512 * 1024) != null);
        Assert.Equal(1, s_grown);
        Assert.Equal(asked, heap.State->FailedGrowBytes);

        // The next failure sets it again: without a grower to ask, to 0 (the message then says the heap is exhausted).
        heap.State->Grow = 0;
        Assert.True(heap.New(heap.RefArray, 1024 * 1024) == null);
        Assert.Equal(0, heap.State->FailedGrowBytes);
        s_heap = null;
    }

    [Theory]
    [InlineData(8000)]         // 64 KiB
    [InlineData(16_000)]       // 128 KiB
    [InlineData(40_000)]       // 320 KiB
    [InlineData(128_000)]      // 1 MiB
    [InlineData(512 * 1024)]   // 4 MiB
    [InlineData(2_000_000)]    // 16 MiB
    public void AnObjectOfAnySizeFitsTheOneChunkGrownForIt(int length)
    {
        // The chunk's bitmaps grow with it: sized for the object alone (before), a chunk for one over about 128 KiB was
        // too small for it and the heap grew again and again for the same object, until the memory ran out.
        using var heap = new TestHeap(8 * 1024);
        s_heap = heap;
        s_grown = 0;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        nint* big = heap.New(heap.RefArray, length);
        Assert.True(big != null);
        Assert.Equal(1, s_grown);
        Assert.Equal(length, *(int*)(big + 1));
        nuint size = GcObjects.ObjectSize(heap.RefArray, (uint)length);
        nuint chunk = GcHeap.ChunkBytesFor(size);
        Assert.True(chunk - GcHeap.ChunkOverhead(chunk) >= size + 8);
        Assert.True(chunk < size + (size / 30) + 4096, $"{chunk} bytes for {size}"); // the bitmaps: 1/32 of the chunk
        s_heap = null;
    }

    private static nint Refuse(nuint min, nuint* bytes)
    {
        *bytes = 0;
        return 0;
    }

    [Fact]
    public void TheStateFitsThePlatformBlockExactly() =>
        Assert.True(sizeof(GcState) == GcState.PlatformBytes, $"smos_heap_state_data in sel4.S/loader.S is {GcState.PlatformBytes} bytes, GcState {sizeof(GcState)}: change both");

    [Fact]
    public void TheAllocationContextIsWhereTheAssemblyFastPathReadsIt()
    {
        // runtime.S RhpNewFast/RhpNewArrayFast: ldp x11, x12, [state] reads AllocPtr and AllocLimit.
        GcState s = default;
        Assert.Equal(0, (int)((byte*)&s.AllocPtr - (byte*)&s));
        Assert.Equal(8, (int)((byte*)&s.AllocLimit - (byte*)&s));
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(24, 0)]
    [InlineData(32, 1)]
    [InlineData(4096, 8)]
    [InlineData(1L << 40, GcState.BucketCount - 1)]
    public void BucketsAreLogarithmic(long size, int bucket) => Assert.Equal(bucket, GcHeap.Bucket((nuint)size));

    private static TestHeap? s_heap;
    private static int s_grown;

    private static void CollectWithNoRoots() => s_heap!.Collect();

    private static nint Grow(nuint min, nuint* bytes)
    {
        s_grown++;
        int size = (int)Math.Max(min, 64 * 1024);
        *bytes = (nuint)size;
        return s_heap!.Alloc(size);
    }
}
