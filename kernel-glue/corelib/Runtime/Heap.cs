// The object allocator: a bump allocator over the program's heap region. There is no GC: objects live forever.
using System.Runtime;
using System.Threading;

namespace Internal.Runtime;

/// <summary>
/// Allocation for <c>new</c>. Memory comes from a region reserved in the program's .bss (see the linker
/// scripts); it is zeroed by startup code, so new objects start zeroed. Exhaustion is a panic.
/// </summary>
/// <remarks>
/// The allocator's state lives in memory the platform layer provides (<see cref="Platform.HeapState"/>), not in
/// C# statics: ILC's whole-program scanner does not see the writes made under the runtime's exported allocation
/// entry points, so it would fold statics written only there into constants (measured: Used read as 0).
/// </remarks>
public static unsafe class Heap
{
    /// <summary>Bytes handed out so far.</summary>
    public static ulong Used
    {
        get
        {
            HeapState* s = State();
            return (ulong)(Volatile.Read(ref s->Next) - s->Start);
        }
    }

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
            return null;
        }

        s->Next = next + (nint)size;
        return (byte*)next;
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

/// <summary>The bump allocator's three words, kept in platform-provided memory.</summary>
public struct HeapState
{
    public nint Start;
    public nint Next;
    public nint End;
}
