// The object allocator: the runtime entry points for 'new', raw memory, and the collector's switches (Runtime/Gc).
using Internal.Runtime.Gc;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// Allocation for <c>new</c> on the mark-sweep heap of <see cref="GcHeap"/>. The heap starts as a region in the
/// program's .bss (see the linker scripts) and grows with the chunks a grower returns (<see cref="SetGrower"/>: libsmos
/// asks the root task for zeroed pages). Collection is off until the program says where its roots are
/// (<see cref="EnableCollection"/>; libsmos does it at app start); without it the heap only grows, and exhaustion is a
/// panic ("out of memory"). With a releaser (<see cref="SetReleaser"/>) a collection gives grown chunks that it left
/// wholly free back, keeping the next collection's budget free.
/// </summary>
/// <remarks>
/// The allocator's state lives in memory the platform layer provides (<see cref="Platform.HeapState"/>), not in
/// C# statics: ILC's whole-program scanner does not see the writes made under the runtime's exported allocation
/// entry points, so it would fold statics written only there into constants (measured: Used read as 0).
/// </remarks>
public static unsafe class Heap
{
    /// <summary>Bytes in objects and raw blocks now: what survived the last collection and what was allocated since.</summary>
    public static ulong Used => GcHeap.UsedBytes(State());

    /// <summary>Bytes of heap (the .bss region and every chunk grown since) not in use.</summary>
    public static ulong Free
    {
        get
        {
            GcState* s = State();
            return s->HeapBytes - GcHeap.UsedBytes(s);
        }
    }

    /// <summary>Bytes of heap: the .bss region and every chunk grown since and not released.</summary>
    public static ulong Size => State()->HeapBytes;

    /// <summary>Bytes of grown chunks given back to the releaser so far.</summary>
    public static ulong Released => State()->ReleasedBytesTotal;

    /// <summary>Collections so far.</summary>
    public static ulong Collections => State()->Collections;

    /// <summary>
    /// Sets the function called when the heap is used up: <c>grow(minBytes, &amp;chunkBytes)</c> returns the start of
    /// a new zeroed chunk of <c>chunkBytes</c> (at least <c>minBytes</c>) or 0. It runs inside an allocation, so it
    /// must not allocate itself.
    /// </summary>
    internal static void SetGrower(delegate*<nuint, nuint*, nint> grow) => State()->Grow = (nint)grow;

    /// <summary>
    /// Sets the function a collection gives wholly free grown chunks to: <c>release(base, bytes)</c> gets exactly a
    /// chunk the grower returned and returns true when the memory is gone (the heap has forgotten it), false to keep it.
    /// It runs inside a collection, which may run inside an allocation: it must not allocate.
    /// </summary>
    /// <summary>
    /// From now on an allocation that finds no free block collects before it grows the heap (by default it grows, and
    /// collects only when growing fails or the budget is spent): for a program that never gives grown chunks back, so
    /// that garbage does not make its heap grow for good.
    /// </summary>
    internal static void CollectBeforeGrowing() => State()->CollectBeforeGrowing = 1;

    internal static void SetReleaser(delegate*<nint, nuint, bool> release) => State()->Release = (nint)release;

    /// <summary>
    /// Sets the function that says why the grower refused: <c>describe(bytes, text, capacity)</c> writes at most
    /// <c>capacity</c> bytes of UTF-8 into <c>text</c> and returns how many (0: nothing to say). When an allocation fails
    /// after the grower refused it <c>bytes</c>, the OutOfMemoryException's message is that text (libsmos: "out of memory:
    /// the heap could not grow by N bytes: the memory quota (Q) is used up"); otherwise it is
    /// <see cref="Exceptions.Dispatch.OutOfMemoryText"/>. It runs while the exception is made, outside any
    /// allocation: it may make system calls but must not allocate.
    /// </summary>
    internal static void SetOutOfMemoryDescriber(delegate*<nuint, byte*, int, int> describe) => State()->DescribeOutOfMemory = (nint)describe;

    /// <summary>
    /// The message of an OutOfMemoryException now: the describer's text when the failing allocation's growth was refused
    /// (<see cref="SetOutOfMemoryDescriber"/>), else <paramref name="otherwise"/>.
    /// </summary>
    internal static string OutOfMemoryMessage(string otherwise)
    {
        GcState* s = State();
        nint bytes = s->FailedGrowBytes;
        s->FailedGrowBytes = 0;
        if (bytes == 0 || s->DescribeOutOfMemory == 0)
        {
            return otherwise;
        }

        const int Capacity = 240;
        byte* text = stackalloc byte[Capacity];
        int n = ((delegate*<nuint, byte*, int, int>)s->DescribeOutOfMemory)((nuint)bytes, text, Capacity);
        return n > 0 && n <= Capacity ? System.Text.Encoding.UTF8.GetString(new System.ReadOnlySpan<byte>(text, n)) : otherwise;
    }

    /// <summary>
    /// Turns collection on for a single-threaded program: the stack below <paramref name="stackTop"/> and the program's
    /// data and .bss are the roots (with the registers, which a collection spills onto the stack first).
    /// </summary>
    internal static void EnableCollection(nint stackTop)
    {
        GcState* s = State();
        byte* low;
        byte* high;
        Platform.DataBounds(&low, &high);
        s->DataLow = (nint)low;
        s->DataHigh = (nint)high;
        s->StackHigh = stackTop;
        s->CollectHook = (nint)(delegate*<void>)&CollectWithRegisters;
        s->CollectEnabled = 1;
    }

    /// <summary>
    /// Makes the heap safe for a program with several threads (the root task once it starts a LocalThread):
    /// <paramref name="hook"/> locks and unlocks the heap around every allocation and collection, and stops the other
    /// threads during a collection, saving their registers in a raw block (<see cref="TryAllocate"/>) so the collector
    /// scans them with the threads' stacks (raw blocks too); when it cannot stop them it returns false and the
    /// collection is skipped (the allocation then grows the heap or fails). From then on every allocation takes the slow path: the
    /// fast paths' context stays empty (<see cref="GcState.Context"/>). Irreversible; call it with one thread running.
    /// </summary>
    public static void EnableThreads(delegate*<int, bool> hook)
    {
        GcState* s = State();
        if (s->ThreadsHook == 0)
        {
            GcHeap.UsePrivateContext(s);
            s->ThreadsHook = (nint)hook;
        }
    }

    /// <summary>
    /// Sets a free-running 32-bit instruction counter (the PMU's, in the benchmark images) that each collection reads
    /// at its start and end for <see cref="System.GCMemoryInfo.PauseInstructions"/>; without one the pauses read 0.
    /// </summary>
    public static void SetPauseCounter(delegate*<ulong> counter) => State()->CounterHook = (nint)counter;

    /// <summary>Collects now (no effect before <see cref="EnableCollection"/>).</summary>
    public static void Collect()
    {
        GcState* s = State();
        if (s->CollectEnabled != 0)
        {
            Threads(s, ThreadsOp.Lock);
            CollectWithRegisters();
            Threads(s, ThreadsOp.Unlock);
        }
    }

    /// <summary>Returns <paramref name="size"/> zeroed bytes aligned to 8 that are never freed, or null when the heap is full.
    /// The collector treats their contents as roots.</summary>
    public static byte* TryAllocate(nuint size)
    {
        GcState* s = State();
        Threads(s, ThreadsOp.Lock);
        byte* p = GcHeap.AllocateRaw(s, size);
        Threads(s, ThreadsOp.Unlock);
        return p;
    }

    /// <summary>The collector's figures: see <see cref="System.GCMemoryInfo"/>.</summary>
    internal static GcState* Stats() => State();

    // False only for StopOthers when the other threads cannot be stopped (the collection is then skipped).
    private static bool Threads(GcState* s, int op) => s->ThreadsHook == 0 || ((delegate*<int, bool>)s->ThreadsHook)(op);

    private static nint* AllocateLocked(GcState* s, nuint size)
    {
        Threads(s, ThreadsOp.Lock);
        nint* p = GcHeap.Allocate(s, size);
        Threads(s, ThreadsOp.Unlock);
        return p;
    }

    internal static GcState* State()
    {
        var s = (GcState*)Platform.HeapState();
        if (s->Chunks == null)
        {
            byte* start;
            byte* end;
            Platform.HeapBounds(&start, &end);
            GcHeap.AddChunk(s, start, (nuint)(end - start));
            s->LiveAfterCollection = 0;
        }

        return s;
    }

    internal static object NewObject(MethodTable* type) => NewObjectSlow(type);

    internal static object NewArray(MethodTable* type, int length) => NewArraySlow(type, length);

    // The slow paths of runtime.S's RhpNewFast and RhpNewArrayFast (which bump the allocation context themselves), and
    // the allocations of the runtime's own C#: the first allocation, a new context, a collection, out of memory.
    [RuntimeExport("smos_new_object_slow")]
    private static object NewObjectSlow(MethodTable* type)
    {
        nint* p = AllocateLocked(State(), (type->BaseSize + 7) & ~(nuint)7);
        if (p == null)
        {
            RuntimeChecks.OutOfMemory();
        }

        *(MethodTable**)p = type;
        return Unsafe.AsRef<object>(&p);
    }

    [RuntimeExport("smos_new_array_slow")]
    private static object NewArraySlow(MethodTable* type, int length)
    {
        if (length < 0 || (ulong)type->ComponentSize * (uint)length > 0x7fff_ffff)
        {
            State()->FailedGrowBytes = 0; // too large for the runtime: no growth was asked for
            RuntimeChecks.OutOfMemory();
        }

        nint* p = AllocateLocked(State(), GcObjects.ObjectSize(type, (uint)length));
        if (p == null)
        {
            RuntimeChecks.OutOfMemory();
        }

        *(MethodTable**)p = type;
        *(int*)(p + 1) = length;
        return Unsafe.AsRef<object>(&p);
    }


    // runtime.S: pushes the callee-saved registers and TPIDR_EL0, then calls smos_gc_collect_from(sp).
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_gc_collect")]
    private static extern void CollectWithRegisters();

    [RuntimeExport("smos_gc_collect_from")]
    private static void CollectFrom(nint stackPointer)
    {
        GcState* s = State();
        if (Threads(s, ThreadsOp.StopOthers))
        {
            GcHeap.Collect(s, stackPointer);
            Threads(s, ThreadsOp.StartOthers);
        }
    }
}
