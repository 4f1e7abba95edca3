// A directory loaded through a transaction: its cluster chain, bytes and entries; slot writes, growth, lookup and paths.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// One directory as a transaction sees it. Slot writes update the bytes and record the touched sectors in the
/// transaction (directories are journaled in place); <see cref="Grow"/> appends a zeroed cluster.
/// </summary>
internal sealed class FatDirectory
{
    /// <summary>The most entries (slots) a FAT directory may have.</summary>
    public const int MaxSlots = 65536;

    private FatDirectory(uint firstCluster, List<uint> chain, byte[] bytes)
    {
        FirstCluster = firstCluster;
        Chain = chain;
        Bytes = bytes;
    }

    public uint FirstCluster { get; }

    public List<uint> Chain { get; }

    public byte[] Bytes { get; private set; }

    public List<DirectoryEntry> Entries { get; } = new();

    public int EndSlot { get; private set; }

    public int SlotCount => Bytes.Length / DirectoryEntry.Size;

    /// <summary>Loads the directory whose chain starts at <paramref name="first"/>.</summary>
    public static StorageError Load(FatTransaction t, uint first, out FatDirectory? dir, List<string>? problems = null)
    {
        dir = null;
        var chain = new List<uint>();
        StorageError e = t.ReadChain(first, chain);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (chain.Count == 0 || (long)chain.Count * t.Layout.ClusterBytes > MaxSlots * DirectoryEntry.Size)
        {
            return StorageError.Corrupt;
        }

        int spc = t.Layout.SectorsPerCluster;
        var bytes = new byte[chain.Count * t.Layout.ClusterBytes];
        for (int c = 0; c < chain.Count; c++)
        {
            long s = t.Layout.ClusterSector(chain[c]);
            for (int i = 0; i < spc; i++)
            {
                if ((e = t.ReadSector(s + i, bytes.AsSpan(((c * spc) + i) * Journal.SectorSize, Journal.SectorSize))) != StorageError.Ok)
                {
                    return e;
                }
            }
        }

        dir = new FatDirectory(first, chain, bytes);
        DirectoryEntry.Parse(bytes, dir.Entries, problems, out int end);
        dir.EndSlot = end;
        return StorageError.Ok;
    }

    /// <summary>The live entry named <paramref name="name"/> (long or short name, any case), or null.</summary>
    public DirectoryEntry? Find(ReadOnlySpan<char> name)
    {
        foreach (DirectoryEntry entry in Entries)
        {
            if (!entry.IsVolumeLabel && !entry.IsDot && (FatName.Same(entry.Name, name) || FatName.Same(entry.ShortDisplay, name)))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The sector and byte offset of a slot.</summary>
    public long SlotSector(FatLayout layout, int slot, out int offset)
    {
        int byteAt = slot * DirectoryEntry.Size;
        int cluster = byteAt / layout.ClusterBytes;
        int inCluster = byteAt % layout.ClusterBytes;
        offset = inCluster % Journal.SectorSize;
        return layout.ClusterSector(Chain[cluster]) + (inCluster / Journal.SectorSize);
    }

    /// <summary>Writes whole entries from <paramref name="slot"/> on (the slots exist).</summary>
    public StorageError WriteSlots(FatTransaction t, int slot, ReadOnlySpan<byte> entries)
    {
        entries.CopyTo(Bytes.AsSpan(slot * DirectoryEntry.Size));
        int firstSector = slot * DirectoryEntry.Size / Journal.SectorSize;
        int lastSector = ((slot * DirectoryEntry.Size) + entries.Length - 1) / Journal.SectorSize;
        for (int s = firstSector; s <= lastSector; s++)
        {
            long sector = SlotSector(t.Layout, s * Journal.SectorSize / DirectoryEntry.Size, out _);
            StorageError e = t.WriteSector(sector, Bytes.AsSpan(s * Journal.SectorSize, Journal.SectorSize));
            if (e != StorageError.Ok)
            {
                return e;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>Marks an entry and its long-name entries deleted.</summary>
    public StorageError Remove(FatTransaction t, DirectoryEntry entry)
    {
        int count = entry.Slot - entry.FirstSlot + 1;
        var deleted = new byte[count * DirectoryEntry.Size];
        Bytes.AsSpan(entry.FirstSlot * DirectoryEntry.Size, deleted.Length).CopyTo(deleted);
        for (int i = 0; i < count; i++)
        {
            deleted[i * DirectoryEntry.Size] = 0xE5;
        }

        StorageError e = WriteSlots(t, entry.FirstSlot, deleted);
        if (e == StorageError.Ok)
        {
            Entries.Remove(entry);
        }

        return e;
    }

    /// <summary>The first run of <paramref name="count"/> free slots, growing the directory when needed.</summary>
    public StorageError FindFree(FatTransaction t, int count, out int slot)
    {
        slot = -1;
        int run = 0;
        for (int i = 0; i < MaxSlots; i++)
        {
            bool free = i >= EndSlot || Bytes[i * DirectoryEntry.Size] == 0xE5;
            run = free ? run + 1 : 0;
            if (run == count)
            {
                slot = i - count + 1;
                break;
            }
        }

        if (slot < 0)
        {
            return StorageError.DirectoryFull;
        }

        while (slot + count > SlotCount)
        {
            StorageError e = Grow(t);
            if (e != StorageError.Ok)
            {
                return e;
            }
        }

        if (slot + count > EndSlot)
        {
            EndSlot = Math.Min(slot + count, SlotCount);
        }

        return StorageError.Ok;
    }

    private StorageError Grow(FatTransaction t)
    {
        if ((long)(Chain.Count + 1) * t.Layout.ClusterBytes > MaxSlots * DirectoryEntry.Size)
        {
            return StorageError.DirectoryFull;
        }

        StorageError e = t.AllocateZeroed(out uint cluster);
        if (e != StorageError.Ok || (e = t.Set(Chain[Chain.Count - 1], cluster)) != StorageError.Ok)
        {
            return e;
        }

        Chain.Add(cluster);
        var bigger = new byte[Bytes.Length + t.Layout.ClusterBytes];
        Bytes.AsSpan().CopyTo(bigger);
        Bytes = bigger;
        return StorageError.Ok;
    }
}
