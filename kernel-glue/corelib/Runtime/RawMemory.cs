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

    // Forward copy: bytes until the destination is 8-aligned, then 32 bytes per step while that much is left (four
    // loads before four stores, which the compiler pairs) and 8 bytes per step after: one load per 8 bytes when the
    // source is 8-aligned too, two 4-byte loads when it is only 4-aligned (CPIO newc data, e.g. ELF pages copied at
    // spawn, whose copy loop is most of a spawn's EL0 instructions).
    private static void Forward(byte* d, byte* s, nuint length)
    {
        nuint i = 0;
        for (; i < length && ((nuint)(d + i) & 7) != 0; i++)
        {
            d[i] = s[i];
        }

        if (((nuint)(s + i) & 7) == 0)
        {
            for (; i + 32 <= length; i += 32)
            {
                ulong a = *(ulong*)(s + i);
                ulong b = *(ulong*)(s + i + 8);
                ulong c = *(ulong*)(s + i + 16);
                ulong e = *(ulong*)(s + i + 24);
                *(ulong*)(d + i) = a;
                *(ulong*)(d + i + 8) = b;
                *(ulong*)(d + i + 16) = c;
                *(ulong*)(d + i + 24) = e;
            }

            for (; i + 8 <= length; i += 8)
            {
                *(ulong*)(d + i) = *(ulong*)(s + i);
            }
        }
        else if (((nuint)(s + i) & 3) == 0)
        {
            for (; i + 32 <= length; i += 32)
            {
                ulong a = *(uint*)(s + i) | ((ulong)*(uint*)(s + i + 4) << 32);
                ulong b = *(uint*)(s + i + 8) | ((ulong)*(uint*)(s + i + 12) << 32);
                ulong c = *(uint*)(s + i + 16) | ((ulong)*(uint*)(s + i + 20) << 32);
                ulong e = *(uint*)(s + i + 24) | ((ulong)*(uint*)(s + i + 28) << 32);
                *(ulong*)(d + i) = a;
                *(ulong*)(d + i + 8) = b;
                *(ulong*)(d + i + 16) = c;
                *(ulong*)(d + i + 24) = e;
            }

            for (; i + 8 <= length; i += 8)
            {
                *(ulong*)(d + i) = *(uint*)(s + i) | ((ulong)*(uint*)(s + i + 4) << 32);
            }
        }

        for (; i < length; i++)
        {
            d[i] = s[i];
        }
    }

    /// <summary>Sets <paramref name="length"/> bytes to zero.</summary>
    public static void Clear(ref byte destination, nuint length)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref destination);
        nuint i = 0;
        if (((nuint)d & 7) == 0)
        {
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
