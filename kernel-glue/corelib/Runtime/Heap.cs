// The object allocator: a bump allocator over the program's heap region. There is no GC: objects live forever.
using System.Runtime;
using System.Threading;

namespace Internal.Runtime;

/// <summary>
/// Allocation for <c>new</c>. Memory comes from a region reserved in the program's .bss (see the linker
/// scripts); it is zeroed by startup code, so new objects start zeroed. When it is used up and a grower is set
/// (<see cref="SetGrower"/>: libsmos asks the root task for zeroed pages), allocation continues in the chunk the
/// grower returns; without one, or when it has nothing left, exhaustion is a panic.
/// </summary>
/// <remarks>
/// The allocator's state lives in memory the platform layer provides (<see cref="Platform.HeapState"/>), not in
/// C# statics: ILC's whole-program scanner does not see the writes made under the runtime's exported allocation
/// entry points, so it would fold statics written only there into constants (measured: Used read as 0).
/// </remarks>
public static unsafe class Heap
{
    /// <summary>Bytes handed out so far (including what was left unused at the end of earlier chunks).</summary>
    public static ulong Used
    {
        get
        {
            HeapState* s = State();
            return (ulong)(Volatile.Read(ref s->Next) - s->Start + s->Retired);
        }
    }

    /// <summary>
    /// Sets the function called when the heap is used up: <c>grow(minBytes, &amp;chunkBytes)</c> returns the start of
    /// a new zeroed chunk of <c>chunkBytes</c> (at least <c>minBytes</c>) or 0. It runs inside an allocation, so it
    /// must not allocate itself.
    /// </summary>
    internal static void SetGrower(delegate*<nuint, nuint*, nint> grow) => State()->Grow = (nint)grow;

    /// <summary>Bytes still available.</summary>
    public static ulong Free
    {
        get
        {
            HeapState* s = State();
            return (ulong)(s->End - Volatile.Read(ref s->Next));
        }
    }

    /// <summary>Returns <paramref name="size"/> zeroed bytes aligned to 8, or null when the heap is full.</summary>
    public static byte* TryAllocate(nuint size)
    {
        HeapState* s = State();
        size = (size + 7) & ~(nuint)7;
        nint next = s->Next;
        if (size > (nuint)(s->End - next))
        {
            if (!Grow(s, size))
            {
                return null;
            }

            next = s->Next;
        }

        s->Next = next + (nint)size;
        return (byte*)next;
    }

    // Moves to a new chunk from the grower; the rest of the current chunk is retired (counted as used).
    private static bool Grow(HeapState* s, nuint size)
    {
        if (s->Grow == 0 || s->Growing != 0)
        {
            return false;
        }

        s->Growing = 1;
        nuint chunkBytes = 0;
        nint chunk = ((delegate*<nuint, nuint*, nint>)s->Grow)(size, &chunkBytes);
        s->Growing = 0;
        if (chunk == 0 || chunkBytes < size)
        {
            return false;
        }

        s->Retired += s->End - s->Start;
        s->Start = chunk;
        s->Next = chunk;
        s->End = chunk + (nint)chunkBytes;
        return true;
    }

    private static HeapState* State()
    {
        HeapState* s = Platform.HeapState();
        if (s->Start == 0)
        {
            byte* start;
            byte* end;
            Platform.HeapBounds(&start, &end);
            s->Start = (nint)start;
            s->Next = (nint)start;
            s->End = (nint)end;
        }

        return s;
    }

    internal static byte* Allocate(nuint size)
    {
        byte* p = TryAllocate(size);
        if (p == null)
        {
            RuntimeChecks.OutOfMemory();
        }

        return p;
    }

    internal static object NewObject(MethodTable* type) => RhpNewFast(type);

    internal static object NewArray(MethodTable* type, int length) => RhpNewArrayFast(type, length);

    [RuntimeExport("RhpNewFast")]
    private static object RhpNewFast(MethodTable* type)
    {
        byte* p = Allocate(type->BaseSize);
        *(MethodTable**)p = type;
        return System.Runtime.CompilerServices.Unsafe.AsRef<object>(&p);
    }

    [RuntimeExport("RhpNewArrayFast")]
    private static object RhpNewArrayFast(MethodTable* type, int length)
    {
        if (length < 0)
        {
            RuntimeChecks.OutOfMemory();
        }

        nuint size = type->BaseSize + ((nuint)type->ComponentSize * (nuint)(uint)length);
        byte* p = Allocate(size);
        *(MethodTable**)p = type;
        *(int*)(p + sizeof(nint)) = length;
        return System.Runtime.CompilerServices.Unsafe.AsRef<object>(&p);
    }

    [RuntimeExport("RhpNewPtrArrayFast")]
    private static object RhpNewPtrArrayFast(MethodTable* type, int length) => RhpNewArrayFast(type, length);

    [RuntimeExport("RhNewString")]
    private static object RhNewString(MethodTable* type, int length) => RhpNewArrayFast(type, length);

    [RuntimeExport("RhpNewFinalizable")]
    private static object RhpNewFinalizable(MethodTable* type) => RhpNewFast(type);
}

/// <summary>The bump allocator's words, kept in platform-provided memory (48 bytes: see the .S files).</summary>
public struct HeapState
{
    /// <summary>The current chunk: [Start, End), allocated up to Next.</summary>
    public nint Start;
    public nint Next;
    public nint End;

    /// <summary>Bytes of earlier chunks (used or left at their ends).</summary>
    public nint Retired;

    /// <summary>The grower (<see cref="Heap.SetGrower"/>), or 0.</summary>
    public nint Grow;

    /// <summary>1 while the grower runs: an allocation inside it fails instead of recursing.</summary>
    public nint Growing;
}
