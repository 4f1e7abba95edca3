// fsck for our FAT32: FAT copies agree, chains are well formed, no cross-linked or lost clusters, entries and sizes valid.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// The consistency check behind <see cref="FatFileSystem.Check"/>: reads every FAT entry and walks the tree from the
/// root. It reports FAT copies that differ; chains that leave the volume, reach a free or bad cluster, or loop;
/// clusters in two chains (cross-linked) or in none (lost); files whose chain length does not match their size;
/// directories without correct "." and ".." entries; duplicate names; long-name entries that belong to nothing; and a
/// free count in FSInfo or in memory that differs from the FAT's.
/// </summary>
internal static class FatCheck
{
    public static StorageError Run(FatFileSystem fs, List<string> problems)
    {
        int before = problems.Count;
        FatLayout layout = fs.Layout;
        FatTransaction t = fs.Read();
        uint max = layout.MaxCluster;

        // One bit per cluster (claimed by a chain) and the FAT read a sector at a time: a few KiB of memory whatever
        // the volume's size, so that the file server can check a volume of any size within its small heap.
        var claimed = new PagedArray<ulong>(((long)max + 64) / 64);
        var fat = new FatReader(t, layout);
        var sector = new byte[Journal.SectorSize];
        var other = new byte[Journal.SectorSize];
        long fatUsed = ((long)max + 1 + 127) / 128;
        for (long s = 0; s < fatUsed; s++)
        {
            StorageError e = t.ReadSector(layout.ReservedSectors + s, sector);
            if (e != StorageError.Ok)
            {
                return e;
            }

            for (int copy = 1; copy < layout.FatCount; copy++)
            {
                if ((e = t.ReadSector(layout.ReservedSectors + (copy * layout.FatSectors) + s, other)) != StorageError.Ok)
                {
                    return e;
                }

                if (!sector.AsSpan().SequenceEqual(other))
                {
                    problems.Add($"FAT copy {copy} differs from FAT 0 in sector {s}");
                }
            }
        }

        var dirs = new Queue<(uint Cluster, string Path, uint Parent)>();
        Claim(layout, fat, claimed, layout.RootCluster, "/", problems, out _);
        dirs.Enqueue((layout.RootCluster, "/", 0));
        while (dirs.Count > 0)
        {
            (uint cluster, string path, uint parent) = dirs.Dequeue();
            var parseProblems = new List<string>();
            StorageError e = FatDirectory.Load(t, cluster, out FatDirectory? dir, parseProblems);
            if (e == StorageError.Corrupt)
            {
                problems.Add($"{path}: the directory's cluster chain is broken");
                continue;
            }

            if (e != StorageError.Ok)
            {
                return e;
            }

            foreach (string p in parseProblems)
            {
                problems.Add($"{path}: {p}");
            }

            CheckDots(layout, dir!, cluster, path, parent, problems);
            var names = new HashSet<string>();
            var shortNames = new HashSet<string>();
            foreach (DirectoryEntry entry in dir!.Entries)
            {
                if (entry.IsDot || entry.IsVolumeLabel)
                {
                    continue;
                }

                string full = path + entry.Name;
                if (!names.Add(Upper(entry.Name)) || !shortNames.Add(FatName.Key(entry.Raw)))
                {
                    problems.Add($"{full}: name used twice in its directory");
                }

                if (entry.HasLongName && FatName.Validate(entry.Name) != StorageError.Ok)
                {
                    problems.Add($"{full}: invalid long name");
                }

                uint length = Claim(layout, fat, claimed, entry.FirstCluster, full, problems, out bool ok);
                if (entry.IsDirectory)
                {
                    if (entry.FirstCluster == 0 || entry.FileSize != 0)
                    {
                        problems.Add($"{full}: directory with first cluster {entry.FirstCluster} and size {entry.FileSize}");
                    }
                    else if (ok && length > 0)
                    {
                        dirs.Enqueue((entry.FirstCluster, full + "/", cluster));
                    }
                }
                else if (ok && length != (entry.FileSize + (ulong)layout.ClusterBytes - 1) / (ulong)layout.ClusterBytes)
                {
                    problems.Add($"{full}: size {entry.FileSize} needs {(entry.FileSize + (ulong)layout.ClusterBytes - 1) / (ulong)layout.ClusterBytes} clusters, the chain has {length}");
                }
            }
        }

        if (fat.Error != StorageError.Ok)
        {
            return fat.Error;
        }

        uint free = 0, lost = 0;
        for (uint c = 2; c <= max; c++)
        {
            uint entry = fat.Next(c);
            free += entry == 0 ? 1u : 0u;
            lost += entry != 0 && entry != FatLayout.BadCluster && !IsClaimed(claimed, c) ? 1u : 0u;
        }

        if (fat.Error != StorageError.Ok)
        {
            return fat.Error;
        }

        if (lost > 0)
        {
            problems.Add($"{lost} lost clusters (allocated, in no chain)");
        }

        if (layout.FsInfoSector > 0 && t.ReadSector(layout.FsInfoSector, sector) == StorageError.Ok &&
            FatFormat.DecodeFsInfo(sector, out uint infoFree, out _) && infoFree != uint.MaxValue && infoFree != free)
        {
            problems.Add($"FSInfo says {infoFree} free clusters, the FAT has {free}");
        }

        if (fs.FreeClusters != free)
        {
            problems.Add($"the mounted file system counts {fs.FreeClusters} free clusters, the FAT has {free}");
        }

        return problems.Count == before ? StorageError.Ok : StorageError.Corrupt;
    }

    // Walks a chain, marking its clusters claimed; returns its length. ok is false when the chain is broken.
    private static uint Claim(FatLayout layout, FatReader fat, PagedArray<ulong> claimed, uint first, string who, List<string> problems, out bool ok)
    {
        ok = true;
        uint length = 0;
        for (uint c = first; c != 0;)
        {
            if (!layout.IsCluster(c))
            {
                problems.Add($"{who}: chain reaches cluster {c}, outside the volume");
                ok = false;
                break;
            }

            if (IsClaimed(claimed, c))
            {
                problems.Add($"{who}: cluster {c} is also in another chain or earlier in this one (cross-linked or a loop)");
                ok = false;
                break;
            }

            claimed[c / 64] |= 1UL << (int)(c % 64);
            length++;
            uint next = fat.Next(c);
            if (next == 0 || next == FatLayout.BadCluster)
            {
                problems.Add($"{who}: chain reaches a {(next == 0 ? "free" : "bad")} cluster entry at {c}");
                ok = false;
                break;
            }

            c = next >= FatLayout.EndOfChain ? 0 : next;
        }

        return length;
    }

    private static bool IsClaimed(PagedArray<ulong> claimed, uint c) => (claimed[c / 64] & (1UL << (int)(c % 64))) != 0;

    // FAT 0's entries, read through the transaction one sector at a time (the last one kept). A read error is kept in
    // Error and reads as an end of chain.
    private sealed class FatReader(FatTransaction t, FatLayout layout)
    {
        private readonly byte[] _sector = new byte[Journal.SectorSize];
        private long _loaded = -1;

        public StorageError Error { get; private set; }

        public uint Next(uint cluster)
        {
            long s = cluster / 128;
            if (s != _loaded)
            {
                StorageError e = t.ReadSector(layout.ReservedSectors + s, _sector);
                if (e != StorageError.Ok)
                {
                    Error = e;
                    return FatLayout.EndOfChainMark;
                }

                _loaded = s;
            }

            return LittleEndian.U32(_sector, (int)(cluster % 128) * 4) & FatLayout.EntryMask;
        }
    }

    private static void CheckDots(FatLayout layout, FatDirectory dir, uint cluster, string path, uint parent, List<string> problems)
    {
        bool isRoot = cluster == layout.RootCluster;
        int dots = 0;
        foreach (DirectoryEntry entry in dir.Entries)
        {
            if (!entry.IsDot)
            {
                continue;
            }

            dots++;
            bool dotDot = entry.Raw[1] == '.';
            uint expected = dotDot ? (parent == layout.RootCluster ? 0 : parent) : cluster;
            if (isRoot || entry.Slot != (dotDot ? 1 : 0) || entry.FirstCluster != expected || !entry.IsDirectory)
            {
                problems.Add($"{path}: bad '{(dotDot ? ".." : ".")}' entry in slot {entry.Slot} (cluster {entry.FirstCluster}, expected {expected})");
            }
        }

        if (!isRoot && dots != 2)
        {
            problems.Add($"{path}: {dots} dot entries instead of '.' and '..'");
        }
    }

    private static string Upper(string name)
    {
        var chars = new char[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            chars[i] = char.ToUpperInvariant(name[i]);
        }

        return new string(chars);
    }
}
