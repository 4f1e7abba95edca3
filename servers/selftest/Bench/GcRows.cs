// The root task's collection rows: a full collection with 1 MiB of small objects live and with only the root task's own state, its pause counted by the collector itself.
using System;
using Internal.Runtime;

namespace Smos.RootTask.SelfTest.Bench;

internal static unsafe class GcRows
{
    private const int LiveObjects = 32 * 1024;
    private const int Collections = 10;

    /// <summary>32 bytes: header, MethodTable pointer and two longs.</summary>
    private sealed class Small32
    {
        public long A;
        public long B;
    }

    /// <summary>
    /// Runs last, after apps/bench. The figure is the fewest
    /// instructions of <see cref="Collections"/> collections as the collector counts its pause
    /// (<see cref="GCMemoryInfo.PauseInstructions"/>: from closing the allocation context to the sweep's end; stopping and
    /// restarting the bench's server threads around it is not counted).
    /// </summary>
    public static string? Run()
    {
        Heap.SetPauseCounter(&PauseCounter);
        BenchLine.Row("roottask-gc-baseline", BestPause(), null, null);

        var live = new object?[LiveObjects];
        for (int i = 0; i < live.Length; i++)
        {
            live[i] = new Small32 { A = i, B = -i };
        }

        ulong pause = BestPause();
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        BenchLine.Row("roottask-gc-1m-live", pause, null, null);
        DebugConsole.WriteLine($"  roottask-gc: {info.PromotedBytes / 1024} KiB live, heap {info.HeapPages} pages, longest pause {info.MaxPauseInstructions} instructions, {info.Index} collections");
        for (int i = 0; i < live.Length; i++)
        {
            if (live[i] is not Small32 s || s.A != i || s.B != -i)
            {
                return "roottask-gc-1m-live: an object of the live set did not survive its collections";
            }
        }

        live = null;
        GC.Collect();
        return null;
    }

    private static ulong BestPause()
    {
        ulong best = ulong.MaxValue;
        for (int i = 0; i < Collections; i++)
        {
            GC.Collect();
            ulong pause = GC.GetGCMemoryInfo().PauseInstructions;
            best = pause < best ? pause : best;
        }

        return best;
    }

    private static ulong PauseCounter() => BenchNative.ReadTotal();
}
