// The root task's heap: collection on, and growth by frames from untyped memory mapped in the root task's own space.
using System;
using Internal.Runtime;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>
/// Turns the collector on for the root task (<see cref="EnableCollection"/>, at boot) and lets its heap grow past the
/// 256 KiB region in .bss with frames it retypes from untyped memory (<see cref="GrowFrom"/>, once the resource managers
/// exist), <see cref="GrowthPages"/> or a quarter of its size at a time. Frames come zeroed from the kernel's retype;
/// they stay the heap's, so an allocation that finds no free block collects before the heap grows
/// (<see cref="Heap.CollectBeforeGrowing"/>).
/// </summary>
internal static unsafe class RootHeap
{
    /// <summary>Pages the heap grows by (more when one object needs more).</summary>
    public const int GrowthPages = 16;

    /// <summary>The most a growth maps beyond what the allocation needs (512 KiB).</summary>
    public const int QuarterLimitPages = Smos.RootTask.Resources.ResourceGrowth.HeapChunkPages;

    /// <summary>
    /// The largest chunk one growth maps (4 MiB: the largest array of a table at the scale demo's size fits). A growth
    /// cannot add slots or block records (they live on this heap), so it must fit in what
    /// <see cref="ResourceGrowth.SlotLowWater"/> and <see cref="ResourceGrowth.RecordLowWater"/> keep free.
    /// </summary>
    public const int MaxChunkPages = 1024;

    private static RootResources? s_resources;

    // Frames a failed growth mapped (consecutive from s_spareFirst): the next growth starts with them, so a growth that
    // runs out part-way loses nothing.
    private static ulong s_spareFirst;
    private static int s_sparePages;

    /// <summary>
    /// Collection on: the roots are the root task's data and .bss, which hold its stack (so no separate stack range),
    /// and raw blocks (thread contexts, LocalThreads' stacks and the saved registers of <see cref="HeapThreads"/>).
    /// </summary>
    public static void EnableCollection() => Heap.EnableCollection(0);

    /// <summary>From now on the heap grows with frames from <paramref name="resources"/>.</summary>
    public static void GrowFrom(RootResources resources)
    {
        s_resources = resources;
        Heap.SetGrower(&Grow);
        Heap.CollectBeforeGrowing(); // its grown chunks are never given back: garbage must not make the heap grow
    }

    /// <summary>
    /// Makes the heap hold at least <paramref name="bytes"/> more free (growing it if a collection does not free that
    /// much): blocks of 256 KiB are allocated until they add up to it, then dropped and collected, so their room stays
    /// free in the heap. Returns the bytes the heap grew by. Main thread only, outside any IPC-buffer scope.
    /// </summary>
    public static ulong AddRoom(ulong bytes)
    {
        ulong before = Heap.Size;
        Hold(bytes);
        GC.Collect();
        return Heap.Size - before;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Hold(ulong bytes)
    {
        const int Block = 256 * 1024;
        var held = new byte[(int)((bytes + Block - 1) / Block)][];
        for (int i = 0; i < held.Length; i++)
        {
            held[i] = new byte[Block - 64];
        }
    }

    // Runs inside an allocation (with the heap lock held when there are threads) and must not allocate. Only on the
    // main thread: the resource managers are the main thread's, so a LocalThread's allocation collects instead.
    private static nint Grow(nuint minBytes, nuint* chunkBytes)
    {
        *chunkBytes = 0;
        RootResources? resources = s_resources;
        // Mapping takes invocations: not inside an IPC-buffer scope (the allocation then collects or fails instead).
        if (resources is null || ThreadContexts.Current->TcbCptr != InitialCaps.InitThreadTcb ||
            IpcGuard.TryEnterSystemCall(out _) != IpcViolation.None)
        {
            return 0;
        }

        int needed = (int)((minBytes + 4095) / 4096);
        // A quarter of the heap's size at least (up to 512 KiB), or what the object needs: each growth follows a collection
        // (CollectBeforeGrowing), so a heap whose live data keeps growing collects once per quarter it grows, not once per
        // 64 KiB; a table of 10,000 records can need one block of more than 1 MiB.
        int quarter = (int)(Heap.Size / 4096 / 4);
        int pages = quarter > GrowthPages ? (quarter < QuarterLimitPages ? quarter : QuarterLimitPages) : GrowthPages;
        pages = needed > pages ? needed : pages;
        if (pages > MaxChunkPages)
        {
            return 0;
        }

        ulong first = s_spareFirst;
        int mapped = s_sparePages;
        pages = mapped > pages ? mapped : pages;
        for (; mapped < pages; mapped++)
        {
            ulong at = resources.MapHeapFrame();
            if (at == 0)
            {
                // Out of untyped memory or slots: the frames mapped so far wait for the next growth.
                s_spareFirst = first;
                s_sparePages = mapped;
                return 0;
            }

            if (mapped > 0 && at != first + ((ulong)mapped * 4096))
            {
                // A failed mapping left a hole in the addresses: the frames before it are lost, the run starts again here.
                first = at;
                mapped = 0;
                continue;
            }

            if (mapped == 0)
            {
                first = at;
            }
        }

        s_sparePages = 0;
        *chunkBytes = (nuint)pages * 4096;
        return (nint)first;
    }
}

/// <summary>The real heap's figures and collection, for SystemStatus (<see cref="RootResources.HeapMeter"/>).</summary>
internal sealed class RootHeapMeter : IHeapMeter
{
    public ulong Size => Heap.Size;

    public ulong Used => Heap.Used;

    public void Collect() => GC.Collect();
}
