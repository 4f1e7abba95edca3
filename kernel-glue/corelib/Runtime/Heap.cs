// The object allocator: a bump allocator over the program's heap region. There is no GC: objects live forever.
using System.Runtime;

namespace Internal.Runtime;

/// <summary>
/// Allocation for <c>new</c>. Memory comes from a region reserved in the program's .bss (see the linker
/// scripts); it is zeroed by startup code, so new objects start zeroed. Exhaustion is a panic.
/// </summary>
public static unsafe class Heap
{
    private static byte* s_next;
    private static byte* s_end;
    private static byte* s_start;

    /// <summary>Bytes handed out so far.</summary>
    public static ulong Used => (ulong)(s_next - s_start);

    /// <summary>Bytes still available.</summary>
    public static ulong Free => (ulong)(s_end - s_next);

    /// <summary>Returns <paramref name="size"/> zeroed bytes aligned to 8, or null when the heap is full.</summary>
    public static byte* TryAllocate(nuint size)
    {
        if (s_next == null)
        {
            byte* start;
            byte* end;
            Platform.HeapBounds(&start, &end);
            s_start = start;
            s_next = start;
            s_end = end;
        }

        size = (size + 7) & ~(nuint)7;
        if (size > (nuint)(s_end - s_next))
        {
            return null;
        }

        byte* result = s_next;
        s_next += size;
        return result;
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
