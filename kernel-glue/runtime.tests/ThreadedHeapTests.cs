// The heap's parts for programs with several threads and for the stats: the private allocation context, the pause counter, the stack bound.
using Internal.Runtime.Gc;
using Xunit;

namespace Smos.Runtime.Tests;

public unsafe class ThreadedHeapTests
{
    private static ulong s_counter;

    [Fact]
    public void WithThePrivateContextTheFastPathsContextStaysEmptyAndObjectsStillSurvive()
    {
        using var heap = new TestHeap();
        nint* before = heap.New(heap.Pair);
        Assert.NotEqual(0, heap.State->AllocPtr);

        GcHeap.UsePrivateContext(heap.State);
        nint* root = heap.New(heap.Pair);
        nint* leaf = heap.New(heap.Leaf);
        root[1] = (nint)leaf;
        Assert.Equal(0, heap.State->AllocPtr);
        Assert.Equal(0, heap.State->AllocLimit);
        Assert.NotEqual(0, heap.State->PrivatePtr);
        Assert.True(root != before && leaf != before);
        ulong used = GcHeap.UsedBytes(heap.State);
        Assert.Equal(40UL + 40 + 24, used);

        heap.Collect((nint)root);
        Assert.False(heap.IsFree(root));
        Assert.False(heap.IsFree(leaf));
        Assert.True(heap.IsFree(before));
        Assert.Equal(0, heap.State->AllocPtr);
        Assert.Equal(64UL, heap.State->LiveAfterCollection);

        // Allocation goes on from the private context after the collection closed it.
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(heap.New(heap.Leaf) != null);
        }

        Assert.Equal(0, heap.State->AllocLimit);
    }

    [Fact]
    public void EachCollectionRecordsItsPauseFromTheCounterModulo32Bits()
    {
        using var heap = new TestHeap();
        s_counter = 0xFFFF_FF00; // wraps during the collection: the pause is taken modulo 2^32
        heap.State->CounterHook = (nint)(delegate*<ulong>)&Tick;
        heap.Collect();
        Assert.Equal(0x300UL, heap.State->LastPause);
        heap.Collect();
        Assert.Equal(0x300UL, heap.State->LastPause);
        Assert.Equal(0x600UL, heap.State->TotalPause);
        Assert.Equal(0x300UL, heap.State->MaxPause);
    }

    [Fact]
    public void WithoutACounterPausesReadZero()
    {
        using var heap = new TestHeap();
        heap.Collect();
        Assert.Equal(0UL, heap.State->LastPause);
        Assert.Equal(0UL, heap.State->TotalPause);
    }

    [Fact]
    public void AStackPointerFarBelowTheMainStacksTopIsNotScannedUpToIt()
    {
        // Another thread collecting: its stack is not the main one, so [sp, StackHigh) would be a huge unrelated range.
        using var heap = new TestHeap();
        nint* obj = heap.New(heap.Leaf);
        nint* stack = (nint*)heap.Alloc(16);
        stack[0] = (nint)obj;
        heap.State->StackHigh = (nint)stack + GcHeap.MaxStackBytes + 16;
        GcHeap.Collect(heap.State, (nint)stack);
        Assert.True(heap.IsFree(obj));
    }

    private static ulong Tick()
    {
        ulong now = s_counter & 0xFFFF_FFFF; // a 32-bit counter, like the PMU's event counters
        s_counter += 0x300;
        return now;
    }
}
