// Little-endian integers in byte spans (the corelib has no BinaryPrimitives) and span copies: every FAT and journal field goes through here.
using System;

namespace Smos.Services.Storage;

/// <summary>Reads and writes little-endian unsigned integers at an offset of a span (the caller checks the bounds).</summary>
public static class LittleEndian
{
    /// <summary>The 16-bit value at <paramref name="offset"/>.</summary>
    public static ushort U16(ReadOnlySpan<byte> b, int offset) => (ushort)(b[offset] | (b[offset + 1] << 8));

    /// <summary>The 32-bit value at <paramref name="offset"/>.</summary>
    public static uint U32(ReadOnlySpan<byte> b, int offset) =>
        (uint)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16)) | ((uint)b[offset + 3] << 24);

    /// <summary>The 64-bit value at <paramref name="offset"/>.</summary>
    public static ulong U64(ReadOnlySpan<byte> b, int offset) => U32(b, offset) | ((ulong)U32(b, offset + 4) << 32);

    /// <summary>A new array holding a copy of <paramref name="data"/> (the corelib's spans have no ToArray).</summary>
    public static byte[] CopyOf(ReadOnlySpan<byte> data)
    {
        var copy = new byte[data.Length];
        data.CopyTo(copy);
        return copy;
    }

    /// <summary>Copies <paramref name="source"/> to the start of <paramref name="destination"/> (arrays have no CopyTo(Span) here).</summary>
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination) => source.CopyTo(destination);

    /// <summary>True when every byte of <paramref name="data"/> is zero.</summary>
    public static bool IsZero(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stores a 16-bit value at <paramref name="offset"/>.</summary>
    public static void Put16(Span<byte> b, int offset, uint value)
    {
        b[offset] = (byte)value;
        b[offset + 1] = (byte)(value >> 8);
    }

    /// <summary>Stores a 32-bit value at <paramref name="offset"/>.</summary>
    public static void Put32(Span<byte> b, int offset, uint value)
    {
        b[offset] = (byte)value;
        b[offset + 1] = (byte)(value >> 8);
        b[offset + 2] = (byte)(value >> 16);
        b[offset + 3] = (byte)(value >> 24);
    }

    /// <summary>Stores a 64-bit value at <paramref name="offset"/>.</summary>
    public static void Put64(Span<byte> b, int offset, ulong value)
    {
        Put32(b, offset, (uint)value);
        Put32(b, offset + 4, (uint)(value >> 32));
    }
}
