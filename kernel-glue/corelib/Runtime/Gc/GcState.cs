// The collector's state and per-chunk bookkeeping, kept in memory the platform provides (not in C# statics).
using System.Runtime.InteropServices;

namespace Internal.Runtime.Gc;

/// <summary>
/// Everything the allocator and collector keep, in one block of platform memory (<c>smos_heap_state</c>,
/// <see cref="PlatformBytes"/> of .bss; a host test allocates it). C# statics are avoided on purpose: ILC folds statics
/// written only under runtime entry points into constants (see Heap's remarks).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GcState
{
    /// <summary>The size of this struct, which sel4.S and loader.S reserve (<c>smos_heap_state_data</c>); a host test checks both agree.</summary>
    public const int PlatformBytes = 1456;

    public const int BucketCount = 20;
    public const int MarkStackSize = 128;

    /// <summary>The allocation context: objects are carved from [AllocPtr, AllocLimit) by bumping AllocPtr.</summary>
    public nint AllocPtr;
    public nint AllocLimit;

    /// <summary>The chunks, newest first, and the lowest and highest address any of them covers.</summary>
    public Chunk* Chunks;
    public nint Low;
    public nint High;

    /// <summary>Where new chunks come from: <c>grow(minBytes, &amp;chunkBytes)</c> returns zeroed memory or 0.</summary>
    public nint Grow;
    public nint Growing;

    /// <summary>
    /// Where wholly free grown chunks go back: <c>release(base, bytes)</c> returns true when the memory is gone (it
    /// must not be touched again), false when it stays (0: never release; see <see cref="GcHeap.ReleaseFreeChunks"/>).
    /// </summary>
    public nint Release;

    /// <summary>Bytes of the allocation that made the allocator run the collection now in progress (0: none).</summary>
    public nint PendingBytes;

    /// <summary>Non-zero once the platform said where the roots are (see <see cref="GcRoots"/>); 0: never collect.</summary>
    public nint CollectEnabled;
    public nint Collecting;

    /// <summary>Runs a collection from the allocator: spills the registers and calls <see cref="GcHeap.Collect"/> with
    /// the stack pointer (runtime.S on seL4; a test's function on the host).</summary>
    public nint CollectHook;

    /// <summary>Bytes handed to allocation contexts and large objects since the last collection.</summary>
    public ulong AllocatedSinceCollection;

    /// <summary>Bytes of objects and raw blocks that survived the last collection (all of them before the first).</summary>
    public ulong LiveAfterCollection;

    /// <summary>Bytes of all chunks.</summary>
    public ulong HeapBytes;
    public ulong Collections;
    public ulong FreedBytesTotal;

    /// <summary>Bytes and chunks handed to the releaser so far.</summary>
    public ulong ReleasedBytesTotal;
    public ulong ReleasedChunks;

    /// <summary>Static roots: the program's data and .bss ([DataLow, DataHigh), chunks inside it skipped) and its stack top.</summary>
    public nint DataLow;
    public nint DataHigh;
    public nint StackHigh;

    public int MarkCount;
    public int MarkOverflowed;

    /// <summary>
    /// Where the allocation context is: null while the program has one thread (AllocPtr and AllocLimit above, which
    /// runtime.S's fast paths bump); once it has more (<see cref="ThreadsHook"/>), PrivatePtr and PrivateLimit, so the
    /// fast paths always find AllocPtr = AllocLimit = 0 and every allocation takes the locked slow path.
    /// </summary>
    public nint* Context;
    public nint PrivatePtr;
    public nint PrivateLimit;

    /// <summary>
    /// A program with several threads: <c>bool hook(int op)</c> with the <see cref="ThreadsOp"/> values (lock the heap,
    /// unlock it, stop the other threads and save their registers where the collector scans them, restart them), or 0.
    /// Only StopOthers may answer false (the threads cannot be stopped now): the collection is then skipped.
    /// </summary>
    public nint ThreadsHook;

    /// <summary>Reads a free-running 32-bit instruction counter for the pause figures (<see cref="GcStats"/>), or 0.</summary>
    public nint CounterHook;
    public ulong LastPause;
    public ulong TotalPause;
    public ulong MaxPause;

    /// <summary>
    /// Non-zero: when no free block fits, an allocation collects before it grows the heap, even with budget left (for a
    /// program whose grown chunks are never given back: the root task). 0: grow first, collect when growing fails.
    /// </summary>
    public nint CollectBeforeGrowing;

    /// <summary>
    /// Set by an allocation that fails: the bytes the grower was asked for and refused in it (0: it was not asked). What
    /// the failure's OutOfMemoryException says the heap could not grow by (<see cref="Heap.OutOfMemoryMessage"/> reads
    /// and clears it; an allocation that succeeds meanwhile, such as the exception's own, leaves it).
    /// </summary>
    public nint FailedGrowBytes;

    /// <summary>
    /// <c>int describe(nuint bytes, byte* text, int capacity)</c>: writes why the grower refused <c>bytes</c> (UTF-8) and
    /// returns the length, 0 for none (see <see cref="Heap.SetOutOfMemoryDescriber"/>); 0: no describer.
    /// </summary>
    public nint DescribeOutOfMemory;

    /// <summary>Free lists by size: bucket b holds blocks of [2^(b+4), 2^(b+5)) bytes (the last one everything larger).</summary>
    public fixed long Buckets[BucketCount];

    public fixed long MarkStack[MarkStackSize];
}

/// <summary>
/// A chunk of heap: this header, then a start bitmap and a mark bitmap (one bit per 8-byte granule of the object
/// area), then the object area [Start, End).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Chunk
{
    public Chunk* Next;
    public nint Start;
    public nint End;
    public ulong* StartBits;
    public ulong* MarkBits;
    public nint Words;
    public nint Base;
    public nint Bytes;

    /// <summary>Non-zero for a chunk that came from the grower (it may be released); 0 for the initial region.</summary>
    public nint Grown;

    public bool Contains(nint address) => address >= Start && address < End;

    public nint Granule(nint address) => (address - Start) >> 3;
}

/// <summary>The operations of <see cref="GcState.ThreadsHook"/>.</summary>
internal static class ThreadsOp
{
    public const int Lock = 0;
    public const int Unlock = 1;
    public const int StopOthers = 2;
    public const int StartOthers = 3;
}
