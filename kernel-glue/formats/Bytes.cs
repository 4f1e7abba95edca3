// Byte helpers shared by the parsers: unaligned little-endian reads, bounds checks and byte-string comparison.
using System;

namespace Smos.Formats;

/// <summary>
/// Little-endian readers and range checks over byte spans. Callers check bounds first (see
/// <see cref="Fits(ulong, ulong, int)"/>); the readers only touch the bytes they are asked for and
/// never assume alignment, because data inside a CPIO archive is only 4-byte aligned.
/// </summary>
internal static class Bytes
{
    public static ushort U16(ReadOnlySpan<byte> s, int offset) =>
        (ushort)(s[offset] | (s[offset + 1] << 8));

    public static uint U32(ReadOnlySpan<byte> s, int offset) =>
        s[offset]
        | ((uint)s[offset + 1] << 8)
        | ((uint)s[offset + 2] << 16)
        | ((uint)s[offset + 3] << 24);

    public static ulong U64(ReadOnlySpan<byte> s, int offset) =>
        U32(s, offset) | ((ulong)U32(s, offset + 4) << 32);

    /// <summary>True when [offset, offset + length) lies inside a buffer of <paramref name="total"/> bytes, without overflow.</summary>
    public static bool Fits(ulong offset, ulong length, int total)
    {
        if (total < 0)
        {
            return false;
        }

        ulong size = (ulong)total;
        return offset <= size && length <= size - offset;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> hold the same bytes.</summary>
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b); // 8 bytes a step where aligned (RawMemory.Equal)

    /// <summary>
    /// Finds the NUL-terminated string starting at <paramref name="offset"/> in <paramref name="table"/>.
    /// Returns false when the offset is outside the table or no NUL follows it inside the table.
    /// </summary>
    public static bool CString(ReadOnlySpan<byte> table, ulong offset, out ReadOnlySpan<byte> value, out bool offsetInside)
    {
        value = default;
        offsetInside = offset < (ulong)table.Length;
        if (!offsetInside)
        {
            return false;
        }

        int start = (int)offset;
        for (int i = start; i < table.Length; i++)
        {
            if (table[i] == 0)
            {
                value = table.Slice(start, i - start);
                return true;
            }
        }

        return false;
    }
}
