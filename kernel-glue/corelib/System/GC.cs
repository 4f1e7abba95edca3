// System.GC: collect on demand, memory in use, collection counts and heap figures, as in .NET.
using Internal.Runtime;

namespace System;

/// <summary>
/// The collector's public face. SmosSharp's collector is non-generational mark-sweep: every collection is a full one
/// (generation 0 is the only generation, <see cref="MaxGeneration"/> is 0). In an app it runs by itself when about as
/// much was allocated since the last collection as survived it (at least 256 KiB).
/// </summary>
public static class GC
{
    public static int MaxGeneration => 0;

    /// <summary>Collects now.</summary>
    public static void Collect() => Heap.Collect();

    public static void Collect(int generation) => Heap.Collect();

    /// <summary>Collections so far (any generation: they are all full collections).</summary>
    public static int CollectionCount(int generation) => generation == 0 ? (int)Heap.Collections : 0;

    /// <summary>Bytes in objects now; with <paramref name="forceFullCollection"/>, after a collection.</summary>
    public static long GetTotalMemory(bool forceFullCollection)
    {
        if (forceFullCollection)
        {
            Heap.Collect();
        }

        return (long)Heap.Used;
    }

    /// <summary>Keeps <paramref name="obj"/> reachable up to this call.</summary>
    public static void KeepAlive(object? obj)
    {
    }

    /// <summary>SmosSharp runs no finalizers: nothing to suppress.</summary>
    public static void SuppressFinalize(object obj)
    {
    }

    /// <summary>SmosSharp runs no finalizers: returns at once.</summary>
    public static void WaitForPendingFinalizers()
    {
    }

    /// <summary>
    /// Heap figures: its size (the initial region and every grown chunk) and pages, the bytes in use, what survived the
    /// last collection, the collection count and the pauses in instructions (where the program set a counter).
    /// </summary>
    public static unsafe GCMemoryInfo GetGCMemoryInfo()
    {
        Internal.Runtime.Gc.GcState* s = Heap.Stats();
        return new GCMemoryInfo((long)Heap.Size, (long)Heap.Used, (long)s->LiveAfterCollection, (long)s->Collections, s->LastPause, s->MaxPause, s->TotalPause);
    }
}

/// <summary>Figures about the heap (<see cref="GC.GetGCMemoryInfo"/>), a subset of .NET's.</summary>
public readonly struct GCMemoryInfo
{
    internal GCMemoryInfo(long heapSize, long used, long promoted, long index, ulong pause, ulong maxPause, ulong totalPause)
    {
        HeapSizeBytes = heapSize;
        TotalCommittedBytes = heapSize;
        MemoryLoadBytes = used;
        PromotedBytes = promoted;
        Index = index;
        PauseInstructions = pause;
        MaxPauseInstructions = maxPause;
        TotalPauseInstructions = totalPause;
    }

    /// <summary>Bytes of heap: the initial region and every chunk grown since.</summary>
    public long HeapSizeBytes { get; }

    public long TotalCommittedBytes { get; }

    /// <summary>Bytes in objects (and runtime blocks) now.</summary>
    public long MemoryLoadBytes { get; }

    /// <summary>Bytes that survived the last collection (the live set then; everything allocated before the first).</summary>
    public long PromotedBytes { get; }

    /// <summary>The number of collections so far.</summary>
    public long Index { get; }

    /// <summary>4 KiB pages of heap (SmosSharp): <see cref="HeapSizeBytes"/> / 4096, rounded up.</summary>
    public long HeapPages => (HeapSizeBytes + 4095) / 4096;

    /// <summary>
    /// Instructions the last collection took (SmosSharp), counted by the PMU where the program set it as the pause
    /// counter (the benchmark images: <c>Heap.SetPauseCounter</c>); 0 without one.
    /// </summary>
    public ulong PauseInstructions { get; }

    /// <summary>The longest pause so far, in instructions (0 without a counter).</summary>
    public ulong MaxPauseInstructions { get; }

    /// <summary>All pauses so far, in instructions (0 without a counter).</summary>
    public ulong TotalPauseInstructions { get; }
}
