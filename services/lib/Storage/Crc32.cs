// CRC-32 (IEEE 802.3, the zlib polynomial): the journal's checksum over a transaction and over its own header.
using System;

namespace Smos.Services.Storage;

/// <summary>The CRC-32 of zlib and Ethernet (reflected polynomial 0xEDB88320), incremental: feed spans to <see cref="Update"/>.</summary>
public static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    /// <summary>The start value of an incremental CRC.</summary>
    public const uint Initial = 0xFFFFFFFF;

    /// <summary>Folds <paramref name="data"/> into a running value <paramref name="crc"/> (start with <see cref="Initial"/>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The final CRC of a running value.</summary>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFF;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
