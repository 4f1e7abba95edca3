// Byte strings in message words: packed little-endian, 8 bytes per word (the layout every request with text uses).
using System;

namespace Smos.Protocol;

/// <summary>How bytes travel in message registers: byte <c>i</c> is bits <c>8*(i%8)</c>.. of word <c>i/8</c>.</summary>
public static class WireBytes
{
    /// <summary>Words that hold <paramref name="bytes"/> bytes: ceil(bytes / 8).</summary>
    public static int Words(int bytes) => (bytes + 7) / 8;

    /// <summary>Packs <paramref name="bytes"/> into <paramref name="words"/> (whole words, the tail zeroed); returns the words written.</summary>
    public static int Pack(ReadOnlySpan<byte> bytes, Span<ulong> words)
    {
        int count = Words(bytes.Length);
        for (int w = 0; w < count; w++)
        {
            ulong word = 0;
            int start = w * 8;
            int end = start + 8 < bytes.Length ? start + 8 : bytes.Length;
            for (int i = end - 1; i >= start; i--)
            {
                word = (word << 8) | bytes[i];
            }

            words[w] = word;
        }

        return count;
    }

    /// <summary>Unpacks <paramref name="destination"/>.Length bytes from <paramref name="words"/>.</summary>
    public static void Unpack(ReadOnlySpan<ulong> words, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(words[i / 8] >> (8 * (i % 8)));
        }
    }
}
