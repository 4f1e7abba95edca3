// Byte copying and clearing used by spans and by the JIT's struct copies (SpanHelpers/Buffer call these).
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

public static unsafe class RawMemory
{
    /// <summary>Copies <paramref name="length"/> bytes; the ranges may overlap.</summary>
    public static void Move(ref byte destination, ref byte source, nuint length)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref destination);
        byte* s = (byte*)Unsafe.AsPointer(ref source);
        if (d == s || length == 0)
        {
            return;
        }

        if (d < s || d >= s + length)
        {
            Forward(d, s, length);
        }
        else
        {
            for (nuint i = length; i > 0; i--)
            {
                d[i - 1] = s[i - 1];
            }
        }
    }

    /// <summary>
    /// True when the <paramref name="length"/> bytes at <paramref name="a"/> and <paramref name="b"/> are equal: 8 bytes
    /// per step while both are 8-aligned (names in the root task's tables and scratch buffers are), else byte by byte.
    /// </summary>
    public static bool Equal(ref byte a, ref byte b, nuint length)
    {
        byte* x = (byte*)Unsafe.AsPointer(ref a);
        byte* y = (byte*)Unsafe.AsPointer(ref b);
        nuint i = 0;
        if ((((nuint)x | (nuint)y) & 7) == 0)
        {
            for (; length - i >= 8; i += 8)
            {
                if (*(ulong*)(x + i) != *(ulong*)(y + i))
                {
                    return false;
                }
            }
        }

        for (; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return false;
            }
        }

        return true;
    }

    // Forward copy: bytes until the destination is 8-aligned, then 64 bytes per step (32 from a source only 4-aligned)
    // while that much is left, and 8 bytes per step after: one load per 8 bytes when the source is 8-aligned too, two
    // 4-byte loads when it is only 4-aligned. The 64-byte steps go through pointers that move, with constant offsets, so
    // the compiler pairs the loads and the stores (ldp/stp: 12 instructions per 64 bytes); indexing by i from two bases
    // cost an add per access (18 per 32 bytes). The 8-byte steps index by i (5 per word; moving both pointers took 9),
    // and a copy too short for the big steps does not pay for setting them up (the IPC paths copy many short names and
    // strings). Most of a spawn's EL0 instructions are this loop copying the app's ELF pages (page-aligned in the apps
    // archive).
    private static void Forward(byte* d, byte* s, nuint length)
    {
        nuint i = 0;
        for (; i < length && ((nuint)(d + i) & 7) != 0; i++)
        {
            d[i] = s[i];
        }

        if (((nuint)(s + i) & 7) == 0)
        {
            if (length - i >= 64)
            {
                ulong* from = (ulong*)(s + i);
                ulong* to = (ulong*)(d + i);
                ulong* end = from + ((length - i) / 64 * 8);
                do
                {
                    ulong a0 = from[0];
                    ulong a1 = from[1];
                    ulong a2 = from[2];
                    ulong a3 = from[3];
                    ulong a4 = from[4];
                    ulong a5 = from[5];
                    ulong a6 = from[6];
                    ulong a7 = from[7];
                    to[0] = a0;
                    to[1] = a1;
                    to[2] = a2;
                    to[3] = a3;
                    to[4] = a4;
                    to[5] = a5;
                    to[6] = a6;
                    to[7] = a7;
                    from += 8;
                    to += 8;
                }
                while (from < end);
                i = (nuint)((byte*)from - s);
            }

            if (length >= 8)
            {
                for (nuint last = length - 8; i <= last; i += 8)
                {
                    *(ulong*)(d + i) = *(ulong*)(s + i);
                }
            }
        }
        else if (((nuint)(s + i) & 3) == 0)
        {
            if (length - i >= 32)
            {
                uint* from = (uint*)(s + i);
                ulong* to = (ulong*)(d + i);
                uint* end = from + ((length - i) / 32 * 8);
                do
                {
                    ulong a = from[0] | ((ulong)from[1] << 32);
                    ulong b = from[2] | ((ulong)from[3] << 32);
                    ulong c = from[4] | ((ulong)from[5] << 32);
                    ulong e = from[6] | ((ulong)from[7] << 32);
                    to[0] = a;
                    to[1] = b;
                    to[2] = c;
                    to[3] = e;
                    from += 8;
                    to += 4;
                }
                while (from < end);
                i = (nuint)((byte*)from - s);
            }

            if (length >= 8)
            {
                for (nuint last = length - 8; i <= last; i += 8)
                {
                    *(ulong*)(d + i) = *(uint*)(s + i) | ((ulong)*(uint*)(s + i + 4) << 32);
                }
            }
        }

        for (; i < length; i++)
        {
            d[i] = s[i];
        }
    }

    /// <summary>
    /// Sets <paramref name="length"/> bytes to zero: 64 bytes per step while the destination is 8-aligned and that much
    /// is left (through a pointer that moves, with constant offsets, so the compiler pairs the stores: stp xzr, xzr),
    /// then 8 per step, then bytes. The loader clears the kernel's and the root task's .bss with it (3 MB at boot).
    /// </summary>
    public static void Clear(ref byte destination, nuint length)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref destination);
        nuint i = 0;
        if (((nuint)d & 7) == 0)
        {
            if (length >= 64)
            {
                ulong* to = (ulong*)d;
                ulong* end = to + (length / 64 * 8);
                do
                {
                    to[0] = 0;
                    to[1] = 0;
                    to[2] = 0;
                    to[3] = 0;
                    to[4] = 0;
                    to[5] = 0;
                    to[6] = 0;
                    to[7] = 0;
                    to += 8;
                }
                while (to < end);
                i = (nuint)((byte*)to - d);
            }

            for (; i + 8 <= length; i += 8)
            {
                *(ulong*)(d + i) = 0;
            }
        }

        for (; i < length; i++)
        {
            d[i] = 0;
        }
    }

    /// <summary>Sets <paramref name="length"/> bytes to <paramref name="value"/>.</summary>
    public static void Fill(ref byte destination, nuint length, byte value)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref destination);
        for (nuint i = 0; i < length; i++)
        {
            d[i] = value;
        }
    }
}
