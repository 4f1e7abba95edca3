// How the collector reads the heap: object sizes, the fillers between objects, and the reference slots of an object.
namespace Internal.Runtime.Gc;

/// <summary>
/// The heap is a sequence of blocks, each starting with a word that says what it is: a MethodTable pointer (an
/// object), or one of three odd markers that no MethodTable pointer can equal: a free block (<see cref="FreeMarker"/>,
/// its size in the next word), an 8-byte filler (<see cref="Filler8"/>), or a raw block that the runtime handed out
/// for non-object memory (<see cref="RawMarker"/>, its size in the next word; never freed). Sizes are multiples of 8.
/// </summary>
internal static unsafe class GcObjects
{
    public const nint FreeMarker = 1;
    public const nint Filler8 = 3;
    public const nint RawMarker = 5;

    /// <summary>Bytes taken by an object of <paramref name="type"/> with <paramref name="length"/> elements, rounded to 8.</summary>
    public static nuint ObjectSize(MethodTable* type, uint length)
    {
        nuint size = type->BaseSize;
        if (type->HasComponentSize)
        {
            size += (nuint)type->ComponentSize * length;
        }

        return (size + 7) & ~(nuint)7;
    }

    /// <summary>Bytes of the block at <paramref name="block"/> (an object, a free block, a filler or a raw block).</summary>
    public static nuint BlockSize(nint* block)
    {
        nint head = block[0];
        if (head == FreeMarker || head == RawMarker)
        {
            return (nuint)block[1];
        }

        if (head == Filler8)
        {
            return 8;
        }

        var type = (MethodTable*)head;
        return ObjectSize(type, type->HasComponentSize ? *(uint*)(block + 1) : 0);
    }

    public static bool IsObject(nint* block) => (block[0] & 1) == 0 && block[0] != 0;

    /// <summary>Writes a free block of <paramref name="bytes"/> (at least 8) at <paramref name="at"/>.</summary>
    public static void FormatFree(nint* at, nuint bytes)
    {
        if (bytes == 8)
        {
            at[0] = Filler8;
            return;
        }

        at[0] = FreeMarker;
        at[1] = (nint)bytes;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with the address of each reference slot of <paramref name="obj"/>, from the GC
    /// descriptor ILC writes before each MethodTable that has pointers: a count of series, then (count &gt; 0) series of
    /// {size adjusted by the object size, offset} going down in memory, or (count &lt; 0) one offset and -count
    /// {pointers, bytes to skip} pairs repeated over the elements of an array of structs.
    /// </summary>
    public static void VisitReferences(nint* obj, delegate*<nint*, void*, void> visit, void* state)
    {
        var type = (MethodTable*)obj[0];
        if (!type->HasPointers)
        {
            return;
        }

        byte* o = (byte*)obj;
        nint size = (nint)ObjectSize(type, type->HasComponentSize ? *(uint*)(obj + 1) : 0);
        nint* desc = (nint*)type;
        nint series = desc[-1];
        if (series > 0)
        {
            for (nint i = 0; i < series; i++)
            {
                nint* s = desc - 1 - (2 * (i + 1));
                nint seriesSize = s[0];
                nint offset = s[1];
                var slot = (nint*)(o + offset);
                var stop = (nint*)(o + offset + seriesSize + size);
                for (; slot < stop; slot++)
                {
                    visit(slot, state);
                }
            }

            return;
        }

        nint items = -series;
        nint start = desc[-2];
        var p = (nint*)(o + start);
        var end = (nint*)(o + size - sizeof(nint));
        while (p < end)
        {
            for (nint i = 0; i < items; i++)
            {
                var item = (uint*)(desc - 3 - i);
                uint pointers = item[0];
                uint skip = item[1];
                nint* runEnd = p + pointers;
                for (; p < runEnd; p++)
                {
                    visit(p, state);
                }

                p = (nint*)((byte*)p + skip);
            }
        }
    }
}
