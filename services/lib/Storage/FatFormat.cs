// Our mkfs: a FAT32 volume that host tools read, with the journal in its reserved sectors; also the FSInfo sector's codec.
using System;

namespace Smos.Services.Storage;

/// <summary>
/// Makes FAT32 volumes (<see cref="Make"/>) laid out like <c>mkfs.fat -F 32 -R reserved</c>: boot sector at 0, FSInfo at 1,
/// backup boot sector and FSInfo at 6 and 7, two FATs, the root directory in cluster 2. The journal's header is reserved
/// sector <see cref="JournalHeaderSector"/> and its log fills the reserved sectors after it, where host tools never look.
/// </summary>
public static class FatFormat
{
    /// <summary>The reserved sector holding the journal header (the journal's signature: its magic says it is ours).</summary>
    public const long JournalHeaderSector = 16;

    /// <summary>The first sector of the journal's log.</summary>
    public const long JournalLogStart = 17;

    /// <summary>The fewest log sectors the file system accepts for its journal.</summary>
    public const long MinimumLogSectors = 64;

    /// <summary>The fewest reserved sectors a volume needs to carry a journal.</summary>
    public const int MinimumReservedSectors = (int)(JournalLogStart + MinimumLogSectors);

    private const int Sector = Journal.SectorSize;

    /// <summary>
    /// Formats the whole device as FAT32 with <paramref name="reservedSectors"/> reserved sectors (at least
    /// <see cref="MinimumReservedSectors"/>: the journal's log is all of them from sector 17) and volume label
    /// <paramref name="label"/> (up to 11 ASCII characters; empty for none). Clusters are one sector on volumes up to
    /// 260 MB and grow like mkfs.fat's above.
    /// </summary>
    public static StorageError Make(IBlockDevice device, string label, int reservedSectors)
    {
        long total = Math.Min(device.SectorCount, uint.MaxValue);
        if (device.SectorSize != Sector || reservedSectors < MinimumReservedSectors || reservedSectors > ushort.MaxValue ||
            label.Length > 11 || total < reservedSectors + 64)
        {
            return StorageError.InvalidArgument;
        }

        for (int i = 0; i < label.Length; i++)
        {
            if (label[i] < 0x20 || label[i] > 0x7E || "\"*+,./:;<=>?[\\]|".Contains(label[i]))
            {
                return StorageError.BadName;
            }
        }

        int spc = total <= 532480 ? 1 : total <= 16777216 ? 8 : total <= 33554432 ? 16 : total <= 67108864 ? 32 : 64;
        long clustersUpperBound = (total - reservedSectors) / spc;
        long fatSectors = ((clustersUpperBound + 2) * 4 + Sector - 1) / Sector;
        long dataStart = reservedSectors + 2 * fatSectors;
        long clusters = (total - dataStart) / spc;
        if (clusters < 2)
        {
            return StorageError.NoSpace;
        }

        // Zero the reserved sectors, both FATs and the root cluster.
        var zeros = new byte[64 * Sector];
        for (long s = 0; s < dataStart + spc; s += 64)
        {
            long n = Math.Min(64, dataStart + spc - s);
            StorageError e = device.Write(s, new ReadOnlySpan<byte>(zeros, 0, (int)n * Sector));
            if (e != StorageError.Ok)
            {
                return e;
            }
        }

        var boot = new byte[Sector];
        boot[0] = 0xEB;
        boot[1] = 0x58;
        boot[2] = 0x90;
        LittleEndian.Copy("SMOSSHRP"u8, boot.AsSpan(3));
        LittleEndian.Put16(boot, 11, Sector);
        boot[13] = (byte)spc;
        LittleEndian.Put16(boot, 14, (uint)reservedSectors);
        boot[16] = 2;
        boot[21] = 0xF8;
        LittleEndian.Put16(boot, 24, 32);
        LittleEndian.Put16(boot, 26, 64);
        LittleEndian.Put32(boot, 32, (uint)total);
        LittleEndian.Put32(boot, 36, (uint)fatSectors);
        LittleEndian.Put32(boot, 44, 2);
        LittleEndian.Put16(boot, 48, 1);
        LittleEndian.Put16(boot, 50, 6);
        boot[64] = 0x80;
        boot[66] = 0x29;
        LittleEndian.Put32(boot, 67, Crc32.Of(boot) ^ (uint)total);
        string volume = label.Length == 0 ? "NO NAME" : label.ToUpperInvariant();
        for (int i = 0; i < 11; i++)
        {
            boot[71 + i] = i < volume.Length ? (byte)volume[i] : (byte)' ';
        }

        LittleEndian.Copy("FAT32   "u8, boot.AsSpan(82));
        boot[510] = 0x55;
        boot[511] = 0xAA;

        var info = new byte[Sector];
        EncodeFsInfo(info, (uint)clusters - 1, 3);
        var fat = new byte[Sector];
        LittleEndian.Put32(fat, 0, 0x0FFFFFF8);
        LittleEndian.Put32(fat, 4, 0x0FFFFFFF);
        LittleEndian.Put32(fat, 8, FatLayout.EndOfChainMark);
        StorageError w;
        if ((w = device.Write(0, boot)) != StorageError.Ok || (w = device.Write(6, boot)) != StorageError.Ok ||
            (w = device.Write(1, info)) != StorageError.Ok || (w = device.Write(7, info)) != StorageError.Ok ||
            (w = device.Write(reservedSectors, fat)) != StorageError.Ok || (w = device.Write(reservedSectors + fatSectors, fat)) != StorageError.Ok)
        {
            return w;
        }

        if (label.Length != 0)
        {
            var root = new byte[Sector];
            for (int i = 0; i < 11; i++)
            {
                root[i] = boot[71 + i];
            }

            root[11] = DirectoryEntry.AttrVolumeLabel;
            if ((w = device.Write(dataStart, root)) != StorageError.Ok)
            {
                return w;
            }
        }

        if ((w = device.Flush()) != StorageError.Ok)
        {
            return w;
        }

        return Journal.Format(device, JournalHeaderSector, JournalLogStart, reservedSectors - JournalLogStart);
    }

    /// <summary>Fills an FSInfo sector: its three signatures, the free cluster count and the next-free hint.</summary>
    public static void EncodeFsInfo(Span<byte> sector, uint freeCount, uint nextFree)
    {
        LittleEndian.Put32(sector, 0, 0x41615252);
        LittleEndian.Put32(sector, 484, 0x61417272);
        LittleEndian.Put32(sector, 488, freeCount);
        LittleEndian.Put32(sector, 492, nextFree);
        LittleEndian.Put32(sector, 508, 0xAA550000);
    }

    /// <summary>Reads an FSInfo sector: false when its signatures are wrong (0xFFFFFFFF in a field means "unknown").</summary>
    public static bool DecodeFsInfo(ReadOnlySpan<byte> sector, out uint freeCount, out uint nextFree)
    {
        freeCount = LittleEndian.U32(sector, 488);
        nextFree = LittleEndian.U32(sector, 492);
        return LittleEndian.U32(sector, 0) == 0x41615252 && LittleEndian.U32(sector, 484) == 0x61417272 &&
            LittleEndian.U32(sector, 508) == 0xAA550000;
    }
}
