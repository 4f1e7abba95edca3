// The FAT32 boot sector decoded and checked: where the FATs, the data clusters and the root directory are.
using System;

namespace Smos.Services.Storage;

/// <summary>
/// The geometry of a FAT32 volume, taken from its boot sector (BIOS parameter block) by <see cref="Decode"/>, which
/// checks every field it uses before anything else trusts it. Clusters are numbered from 2 to <see cref="MaxCluster"/>.
/// </summary>
public sealed class FatLayout
{
    /// <summary>A FAT entry at or above this value ends a chain.</summary>
    public const uint EndOfChain = 0x0FFFFFF8;

    /// <summary>The end-of-chain value written by this code.</summary>
    public const uint EndOfChainMark = 0x0FFFFFFF;

    /// <summary>The FAT entry of a bad cluster.</summary>
    public const uint BadCluster = 0x0FFFFFF7;

    /// <summary>The 28 bits of a FAT32 entry that hold the value.</summary>
    public const uint EntryMask = 0x0FFFFFFF;

    /// <summary>Sectors per cluster (a power of two up to 128).</summary>
    public int SectorsPerCluster { get; private init; }

    /// <summary>Reserved sectors before the first FAT (boot sectors, FSInfo, the journal).</summary>
    public int ReservedSectors { get; private init; }

    /// <summary>Copies of the FAT (kept identical).</summary>
    public int FatCount { get; private init; }

    /// <summary>Sectors of each FAT copy.</summary>
    public long FatSectors { get; private init; }

    /// <summary>Sectors of the volume.</summary>
    public long TotalSectors { get; private init; }

    /// <summary>First sector of cluster 2.</summary>
    public long DataStart { get; private init; }

    /// <summary>Number of data clusters.</summary>
    public uint ClusterCount { get; private init; }

    /// <summary>First cluster of the root directory.</summary>
    public uint RootCluster { get; private init; }

    /// <summary>The FSInfo sector, or -1 when the volume has none.</summary>
    public long FsInfoSector { get; private init; }

    /// <summary>The volume label of the boot sector (trailing spaces removed).</summary>
    public string Label { get; private init; } = "";

    /// <summary>The highest cluster number.</summary>
    public uint MaxCluster => ClusterCount + 1;

    /// <summary>Bytes per cluster.</summary>
    public int ClusterBytes => SectorsPerCluster * Journal.SectorSize;

    /// <summary>First sector of cluster <paramref name="cluster"/> (2 to <see cref="MaxCluster"/>).</summary>
    public long ClusterSector(uint cluster) => DataStart + ((long)(cluster - 2) * SectorsPerCluster);

    /// <summary>True when <paramref name="cluster"/> is a data cluster number.</summary>
    public bool IsCluster(uint cluster) => cluster >= 2 && cluster <= MaxCluster;

    /// <summary>The sector of FAT copy <paramref name="copy"/> holding <paramref name="cluster"/>'s entry, and the entry's byte offset in it.</summary>
    public long FatSector(uint cluster, int copy, out int offset)
    {
        offset = (int)(cluster % 128) * 4;
        return ReservedSectors + (copy * FatSectors) + (cluster / 128);
    }

    /// <summary>Decodes and checks a boot sector for a device of <paramref name="deviceSectors"/> sectors.</summary>
    public static StorageError Decode(ReadOnlySpan<byte> boot, long deviceSectors, out FatLayout? layout, out string? reason)
    {
        layout = null;
        reason = null;
        if (boot.Length < Journal.SectorSize || boot[510] != 0x55 || boot[511] != 0xAA)
        {
            reason = "sector 0 has no boot signature 55 AA: no FAT file system";
            return StorageError.Unsupported;
        }

        if (boot.Slice(3, 8).SequenceEqual("EXFAT   "u8) || boot.Slice(3, 8).SequenceEqual("NTFS    "u8))
        {
            reason = "the volume is exFAT or NTFS, not FAT32";
            return StorageError.Unsupported;
        }

        int bytesPerSector = LittleEndian.U16(boot, 11), spc = boot[13], reserved = LittleEndian.U16(boot, 14), fats = boot[16];
        int rootEntries = LittleEndian.U16(boot, 17), fat16Size = LittleEndian.U16(boot, 22);
        if (rootEntries != 0 || fat16Size != 0)
        {
            reason = $"FAT12/FAT16 volume ({rootEntries} root entries, {fat16Size} sectors per 16-bit FAT): only FAT32 is supported";
            return StorageError.Unsupported;
        }

        if (bytesPerSector != Journal.SectorSize)
        {
            reason = $"{bytesPerSector} bytes per sector: only 512 is supported";
            return StorageError.Unsupported;
        }

        if (spc == 0 || (spc & (spc - 1)) != 0)
        {
            reason = $"{spc} sectors per cluster is not a power of two from 1 to 128";
            return StorageError.Corrupt;
        }

        uint fsVersion = LittleEndian.U16(boot, 42), extFlags = LittleEndian.U16(boot, 40);
        if (fsVersion != 0 || (extFlags & 0x80) != 0)
        {
            reason = fsVersion != 0 ? $"FAT32 version {fsVersion >> 8}.{fsVersion & 0xFF} is not 0.0" : "FAT mirroring is disabled (one active FAT)";
            return StorageError.Unsupported;
        }

        long total = LittleEndian.U16(boot, 19) != 0 ? LittleEndian.U16(boot, 19) : LittleEndian.U32(boot, 32);
        long fatSectors = LittleEndian.U32(boot, 36);
        uint root = LittleEndian.U32(boot, 44);
        int fsInfo = LittleEndian.U16(boot, 48);
        if (reserved < 2 || fats < 1 || fats > 4 || fatSectors == 0)
        {
            reason = $"{reserved} reserved sectors, {fats} FATs of {fatSectors} sectors: not a valid FAT32 layout";
            return StorageError.Corrupt;
        }

        if (total > deviceSectors)
        {
            reason = $"the volume has {total} sectors but the device only {deviceSectors}";
            return StorageError.Corrupt;
        }

        long dataStart = reserved + (fats * fatSectors);
        if (dataStart + spc > total)
        {
            reason = $"the FATs end at sector {dataStart}, leaving no data cluster in {total} sectors";
            return StorageError.Corrupt;
        }

        long clusters = (total - dataStart) / spc;
        if (clusters > 0x0FFFFFF5 - 2 || (clusters + 2) > fatSectors * 128)
        {
            reason = $"{clusters} clusters do not fit a FAT of {fatSectors} sectors (or exceed FAT32's limit)";
            return StorageError.Corrupt;
        }

        if (root < 2 || root > clusters + 1)
        {
            reason = $"root directory cluster {root} is outside clusters 2 to {clusters + 1}";
            return StorageError.Corrupt;
        }

        Span<char> label = stackalloc char[11];
        for (int i = 0; i < 11; i++)
        {
            label[i] = (char)boot[71 + i];
        }

        layout = new FatLayout
        {
            SectorsPerCluster = spc,
            ReservedSectors = reserved,
            FatCount = fats,
            FatSectors = fatSectors,
            TotalSectors = total,
            DataStart = dataStart,
            ClusterCount = (uint)clusters,
            RootCluster = root,
            FsInfoSector = fsInfo >= 1 && fsInfo < reserved ? fsInfo : -1,
            Label = boot[66] == 0x29 ? new string(((ReadOnlySpan<char>)label).TrimEnd(' ')) : "",
        };
        return StorageError.Ok;
    }
}
