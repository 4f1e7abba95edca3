// Giving grown chunks back: which chunks a collection releases, what survives, the budget it keeps, a refusing releaser.
using System;
using System.Collections.Generic;
using System.Linq;
using Internal.Runtime.Gc;
using Xunit;

namespace Smos.Runtime.Tests;

public sealed unsafe class ReleaseTests : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    // The grower and releaser are plain function pointers: they reach the test through these (xUnit runs the tests of
    // one class one after another).
    private static TestHeap? s_heap;
    private static List<(nint Base, nuint Bytes)> s_grown = new();
    private static List<(nint Base, nuint Bytes)> s_released = new();
    private static bool s_refuse;

    private readonly TestHeap _heap;

    public ReleaseTests()
    {
        _heap = NewHeap(8 * 1024);
    }

    public void Dispose()
    {
        s_heap = null;
        _heap.Dispose();
    }

    private static TestHeap NewHeap(int initialBytes)
    {
        var heap = new TestHeap(initialBytes);
        s_heap = heap;
        s_grown = new();
        s_released = new();
        s_refuse = false;
        heap.State->Grow = (nint)(delegate*<nuint, nuint*, nint>)&Grow;
        heap.State->Release = (nint)(delegate*<nint, nuint, bool>)&Release;
        return heap;
    }

    [Fact]
    public void ACollectionReleasesExactlyTheGrownChunksItLeftWhollyFree()
    {
        // A 512 KiB initial region stays free, so the budget kept free never stops a release here.
        using TestHeap heap = NewHeap(512 * 1024);
        var pinned = new List<nint>();
        while (s_grown.Count < 6 || heap.State->AllocLimit - heap.State->AllocPtr > ChunkBytes / 2)
        {
            int before = s_grown.Count;
            nint* p = heap.New(heap.Pair);
            Assert.True(p != null);
            p[3] = 4242;
            if (s_grown.Count != before && (s_grown.Count == 2 || s_grown.Count == 4))
            {
                Assert.True(heap.State->Chunks->Contains((nint)p), "the first object after a grow is in the new chunk");
                pinned.Add((nint)p);
            }
        }

        heap.Collect(pinned.ToArray());

        (nint, nuint)[] expected = [s_grown[0], s_grown[2], s_grown[4], s_grown[5]];
        Assert.Equal(expected.OrderBy(c => c.Item1), s_released.OrderBy(c => c.Base));
        Assert.Equal((ulong)((512 * 1024) + (2 * ChunkBytes)), heap.State->HeapBytes);
        Assert.Equal((ulong)(4 * ChunkBytes), heap.State->ReleasedBytesTotal);
        Assert.Equal(4UL, heap.State->ReleasedChunks);
        Assert.Equal(3, Chunks(heap).Count);
        foreach (nint p in pinned)
        {
            Assert.False(heap.IsFree((nint*)p));
            Assert.Equal(4242, ((nint*)p)[3]);
        }

        AssertNothingPointsIntoReleasedChunks(heap);

        // Allocation goes on in what is left (and grows again when that is used up).
        for (int i = 0; i < 30000; i++)
        {
            nint* p = heap.New(heap.Pair);
            Assert.True(p != null);
            Assert.False(InReleased((nint)p));
        }
    }

    [Fact]
    public void ARegionThatWasNotGrownAndChunksWithSurvivorsStay()
    {
        using TestHeap heap = NewHeap(512 * 1024);
        heap.Collect();
        Assert.Empty(s_released);
        Assert.Equal((ulong)(512 * 1024), heap.State->HeapBytes);
    }

    [Fact]
    public void ReleasingStopsWhereTheFreeObjectAreaWouldFallBelowOneAndAHalfBudgets()
    {
        TestHeap heap = _heap;
        GrowWithGarbage(heap, 10);
        heap.Collect();

        // Newest first: the released chunks are the last ones grown.
        Assert.NotEmpty(s_released);
        Assert.Equal(s_grown.Skip(s_grown.Count - s_released.Count).Reverse(), s_released);
        ulong keep = GcHeap.KeptFree(0);
        Assert.Equal((ulong)(GcHeap.MinimumBudget * 3 / 2), keep);
        ulong area = FreeArea(heap);
        Assert.True(area >= keep, $"{area} bytes free after the release, fewer than {keep}");
        ulong smallestGrown = Chunks(heap).Where(c => c.Value->Grown != 0).Min(c => (ulong)(c.Value->End - c.Value->Start));
        Assert.True(area - smallestGrown < keep, "one more release would have gone below what is kept free");
        AssertNothingPointsIntoReleasedChunks(heap);

        // A second collection with nothing allocated releases nothing more.
        int released = s_released.Count;
        heap.Collect();
        Assert.Equal(released, s_released.Count);
    }

    [Fact]
    public void AChunkGrownForOneLargeObjectGoesBackWhenItIsDeadEvenBelowTheBudgetKeptFree()
    {
        // An 8 KiB heap grows one chunk for a 2 MiB array. Dead and collected, the chunk goes back although the rest of
        // the heap keeps far less than 1.5 budgets free: holding 2 MiB to keep 384 KiB free is not worth it.
        TestHeap heap = _heap;
        Assert.True(heap.New(heap.RefArray, 256 * 1024) != null);
        Assert.Single(s_grown);
        Assert.True(s_grown[0].Bytes > 2 * 1024 * 1024);
        heap.Collect();
        Assert.Equal(s_grown, s_released);
        Assert.True(FreeArea(heap) < GcHeap.KeptFree(0));
        Assert.Equal((ulong)(8 * 1024), heap.State->HeapBytes);
        AssertNothingPointsIntoReleasedChunks(heap);

        // Alive, it stays; a chunk smaller than twice what is kept free stays too when the rest is short of it.
        Assert.True(heap.New(heap.RefArray, 256 * 1024) != null);
        nint* live = heap.New(heap.RefArray, 40 * 1024); // 320 KiB: under 2 x 384 KiB
        Assert.True(live != null);
        heap.Collect((nint)live);
        Assert.Equal(2, s_released.Count);
        Assert.Equal(3, s_grown.Count);
        heap.Collect();
        Assert.Equal(2, s_released.Count); // the 320 KiB chunk, now free too, is kept: the heap keeps that much free
        Assert.True(GcHeap.WorthReleasing(0, GcHeap.KeptFree(0), 2 * GcHeap.KeptFree(0)));
        Assert.False(GcHeap.WorthReleasing(0, GcHeap.KeptFree(0), (2 * GcHeap.KeptFree(0)) - 1));
    }

    [Fact]
    public void AProgramAtASteadyStateNeitherGrowsNorReleasesAgain()
    {
        TestHeap heap = _heap;
        GrowWithGarbage(heap, 10);
        heap.Collect();
        int grown = s_grown.Count;
        int released = s_released.Count;
        Assert.True(released > 0);

        // 4 MiB of garbage beside a small live set, the allocator collecting by itself: about 16 collections.
        heap.State->CollectHook = (nint)(delegate*<void>)&CollectKeepingLive;
        s_live = heap.New(heap.RefArray, 100);
        ulong collections = heap.State->Collections;
        for (int i = 0; i < 4 * 1024 * 1024 / 40; i++)
        {
            nint* p = heap.New(heap.Pair);
            Assert.True(p != null);
            if (i % 1000 == 0)
            {
                s_live[2 + ((i / 1000) % 100)] = (nint)p;
            }
        }

        Assert.True(heap.State->Collections >= collections + 10, "the churn ran collections by itself");
        Assert.Equal(grown, s_grown.Count);
        Assert.Equal(released, s_released.Count);
        s_live = null;
    }

    [Fact]
    public void AChunkTheAllocationThatStartedTheCollectionNeedsIsKept()
    {
        // Chunks 1-9 each keep an object in their middle, so their free blocks are under 32 KiB; chunk 10 is left
        // wholly free: the only block of 60 KiB.
        TestHeap heap = _heap;
        var pinned = new List<nint>();
        int pinnedIn = 0;
        while (s_grown.Count < 10 || heap.State->AllocLimit - heap.State->AllocPtr > ChunkBytes / 2)
        {
            nint* p = heap.New(heap.Pair);
            Assert.True(p != null);
            if (s_grown.Count > pinnedIn && s_grown.Count < 10 && heap.State->AllocLimit - heap.State->AllocPtr < ChunkBytes / 2)
            {
                pinned.Add((nint)p);
                pinnedIn = s_grown.Count;
            }
        }

        Assert.Equal(9, pinned.Count);
        heap.State->PendingBytes = 60 * 1024;
        heap.Collect(pinned.ToArray());
        Assert.Empty(s_released);

        heap.State->PendingBytes = 0;
        heap.Collect(pinned.ToArray());
        Assert.Equal([s_grown[9]], s_released);
    }

    [Fact]
    public void ARefusedReleaseKeepsTheChunkInTheHeapAndStopsReleasing()
    {
        TestHeap heap = _heap;
        GrowWithGarbage(heap, 10);
        ulong size = heap.State->HeapBytes;
        s_refuse = true;
        heap.Collect();
        Assert.Single(s_released); // asked once, then no further chunk was tried
        s_released.Clear();
        Assert.Equal(size, heap.State->HeapBytes);
        Assert.Equal(11, Chunks(heap).Count);
        Assert.Equal(0UL, heap.State->ReleasedChunks);

        // Every chunk is still one free block on the free lists: 10 chunks' worth is allocated without growing.
        int grown = s_grown.Count;
        for (int i = 0; i < 10 * 60 * 1024 / 40; i++)
        {
            Assert.True(heap.New(heap.Pair) != null);
        }

        Assert.Equal(grown, s_grown.Count);

        s_refuse = false;
        heap.Collect();
        Assert.NotEmpty(s_released);
    }

    [Fact]
    public void WithoutAReleaserNothingIsReleased()
    {
        TestHeap heap = _heap;
        GrowWithGarbage(heap, 10);
        heap.State->Release = 0;
        heap.Collect();
        Assert.Empty(s_released);
        Assert.Equal(11, Chunks(heap).Count);
    }

    private static nint* s_live;

    private static void CollectKeepingLive() => s_heap!.Collect((nint)s_live);

    // Garbage (no roots) until the heap has grown by `chunks` chunks and the last one is half used.
    private static void GrowWithGarbage(TestHeap heap, int chunks)
    {
        while (s_grown.Count < chunks || heap.State->AllocLimit - heap.State->AllocPtr > ChunkBytes / 2)
        {
            Assert.True(heap.New(heap.Pair) != null);
        }

        Assert.Equal(chunks + 1, Chunks(heap).Count);
    }

    private static List<nint> ChunkAddresses(TestHeap heap)
    {
        var list = new List<nint>();
        for (Chunk* c = heap.State->Chunks; c != null; c = c->Next)
        {
            list.Add((nint)c);
        }

        return list;
    }

    private static List<Pointer> Chunks(TestHeap heap) => ChunkAddresses(heap).Select(a => new Pointer((Chunk*)a)).ToList();

    private static ulong FreeArea(TestHeap heap)
    {
        ulong area = 0;
        for (Chunk* c = heap.State->Chunks; c != null; c = c->Next)
        {
            area += (ulong)(c->End - c->Start);
        }

        return area - heap.State->LiveAfterCollection;
    }

    private static bool InReleased(nint address) =>
        s_released.Any(r => address >= r.Base && address < r.Base + (nint)r.Bytes);

    // No chunk of the list, no free-list block, no allocation context and no scan bound is in a released chunk.
    private static void AssertNothingPointsIntoReleasedChunks(TestHeap heap)
    {
        GcState* s = heap.State;
        Assert.True(s->AllocPtr == 0 || !InReleased(s->AllocPtr));
        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            Assert.False(InReleased((nint)c));
        }

        for (int b = 0; b < GcState.BucketCount; b++)
        {
            for (var block = (nint*)s->Buckets[b]; block != null; block = (nint*)block[2])
            {
                Assert.False(InReleased((nint)block), $"a free block in bucket {b} is in a released chunk");
            }
        }

        nint low = Chunks(heap).Min(c => c.Value->Start);
        nint high = Chunks(heap).Max(c => c.Value->End);
        Assert.Equal(low, s->Low);
        Assert.Equal(high, s->High);
    }

    private static nint Grow(nuint min, nuint* bytes)
    {
        int size = (int)Math.Max(min, ChunkBytes);
        *bytes = (nuint)size;
        nint chunk = s_heap!.Alloc(size);
        s_grown.Add((chunk, (nuint)size));
        return chunk;
    }

    // A released chunk is poisoned: anything of the heap's still in it would be garbage from now on.
    private static bool Release(nint at, nuint bytes)
    {
        s_released.Add((at, bytes));
        if (s_refuse)
        {
            return false;
        }

        new Span<byte>((void*)at, (int)bytes).Fill(0xA5);
        return true;
    }

    /// <summary>A chunk pointer that LINQ can carry.</summary>
    private readonly struct Pointer(Chunk* value)
    {
        public Chunk* Value { get; } = value;

        public static implicit operator Chunk*(Pointer p) => p.Value;
    }
}
