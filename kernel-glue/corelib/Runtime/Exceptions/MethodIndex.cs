// Which method holds a code address: a table of (start, FDE) built from .eh_frame on the first exception, searched by halving.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.Exceptions;

/// <summary>
/// The FDE of every method and funclet, sorted by start address, in a raw heap block made on first use (kept in
/// platform memory: <see cref="ExceptionState"/>). <see cref="Find"/> answers in O(log n).
/// </summary>
internal static unsafe class MethodIndex
{
    public static bool Find(nint pc, out FrameDescription fde, out int index)
    {
        nint* table = Table(out int count);
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (table[2 * mid] > pc)
            {
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        index = hi;
        if (hi >= 0 && EhFrame.Parse((byte*)table[(2 * hi) + 1], out fde) && pc < fde.End)
        {
            return true;
        }

        fde = default;
        return false;
    }

    /// <summary>The entry <paramref name="index"/> of the table (methods in address order).</summary>
    public static bool At(int index, out FrameDescription fde)
    {
        nint* table = Table(out int count);
        fde = default;
        return index >= 0 && index < count && EhFrame.Parse((byte*)table[(2 * index) + 1], out fde);
    }

    private static nint* Table(out int count)
    {
        ExceptionState* hooks = ExceptionState.Get();
        if (hooks->MethodTable == 0)
        {
            Build(hooks);
        }

        count = (int)hooks->MethodCount;
        return (nint*)hooks->MethodTable;
    }

    private static void Build(ExceptionState* hooks)
    {
        byte* start;
        byte* end;
        EhFrameBounds(&start, &end);
        int count = 0;
        for (byte* e = start; e < end && *(uint*)e != 0; e += 4 + *(uint*)e)
        {
            if (*(uint*)(e + 4) != 0)
            {
                count++;
            }
        }

        var table = (nint*)Heap.TryAllocate((nuint)(count * 2 * sizeof(nint)));
        if (table == null)
        {
            Panic.Fail("exceptions: no memory for the method index"u8);
        }

        int n = 0;
        for (byte* e = start; e < end && *(uint*)e != 0; e += 4 + *(uint*)e)
        {
            if (*(uint*)(e + 4) != 0 && EhFrame.Parse(e, out FrameDescription fde))
            {
                // insertion keeps the table sorted (ILC emits FDEs in address order, so this rarely moves anything)
                int i = n;
                while (i > 0 && table[2 * (i - 1)] > fde.Start)
                {
                    table[2 * i] = table[2 * (i - 1)];
                    table[(2 * i) + 1] = table[(2 * (i - 1)) + 1];
                    i--;
                }

                table[2 * i] = fde.Start;
                table[(2 * i) + 1] = (nint)e;
                n++;
            }
        }

        hooks->MethodCount = n;
        hooks->MethodTable = (nint)table;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_eh_frame_bounds")]
    private static extern void EhFrameBounds(byte** start, byte** end);
}
