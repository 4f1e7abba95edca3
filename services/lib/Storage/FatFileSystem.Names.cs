// The file system's name operations: path lookup, mkdir, delete, rename/move, list and stat, each one transaction.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

public sealed partial class FatFileSystem
{
    // Where a path leads: the directory that holds (or would hold) its last component, and the entry if it exists.
    private struct Target
    {
        public FatDirectory? Parent;  // null for the root itself
        public DirectoryEntry? Entry;
        public string Leaf;
        public bool IsRoot => Parent is null;
    }

    /// <summary>Makes a directory at <paramref name="path"/> (its parent must exist).</summary>
    public StorageError CreateDirectory(string path)
    {
        StorageError e = Begin(out FatTransaction t);
        if (e != StorageError.Ok || (e = Lookup(t, path, out Target target)) != StorageError.Ok)
        {
            return e;
        }

        if (target.IsRoot || target.Entry is not null)
        {
            return StorageError.Exists;
        }

        if ((e = t.AllocateZeroed(out uint cluster)) != StorageError.Ok)
        {
            return e;
        }

        var dots = new byte[Journal.SectorSize];
        uint parentRef = target.Parent!.FirstCluster == _layout.RootCluster ? 0 : target.Parent.FirstCluster;
        DirectoryEntry.EncodeShort(dots, ".          "u8, DirectoryEntry.AttrDirectory, 0, cluster, 0, DosDate, DosTime);
        DirectoryEntry.EncodeShort(dots.AsSpan(DirectoryEntry.Size), "..         "u8, DirectoryEntry.AttrDirectory, 0, parentRef, 0, DosDate, DosTime);
        var template = new byte[DirectoryEntry.Size];
        DirectoryEntry.EncodeShort(template, "           "u8, DirectoryEntry.AttrDirectory, 0, cluster, 0, DosDate, DosTime);
        if ((e = t.WriteSector(_layout.ClusterSector(cluster), dots)) != StorageError.Ok ||
            (e = AddEntry(t, target.Parent, target.Leaf, template, out _)) != StorageError.Ok)
        {
            return e;
        }

        return End(t);
    }

    /// <summary>Deletes a file, or an empty directory. Handles open on a deleted file answer <see cref="StorageError.BadHandle"/>.</summary>
    public StorageError Delete(string path)
    {
        StorageError e = Begin(out FatTransaction t);
        if (e != StorageError.Ok || (e = Lookup(t, path, out Target target)) != StorageError.Ok)
        {
            return e;
        }

        if (target.IsRoot)
        {
            return StorageError.IsRoot;
        }

        DirectoryEntry? entry = target.Entry;
        if (entry is null)
        {
            return StorageError.NotFound;
        }

        if (entry.IsDirectory)
        {
            if ((e = FatDirectory.Load(t, entry.FirstCluster, out FatDirectory? dir)) != StorageError.Ok)
            {
                return e;
            }

            foreach (DirectoryEntry child in dir!.Entries)
            {
                if (!child.IsDot)
                {
                    return StorageError.NotEmpty;
                }
            }
        }

        var chain = new List<uint>();
        if ((e = t.ReadChain(entry.FirstCluster, chain)) != StorageError.Ok || (e = t.Free(chain, 0)) != StorageError.Ok ||
            (e = target.Parent!.Remove(t, entry)) != StorageError.Ok || (e = End(t)) != StorageError.Ok)
        {
            return e;
        }

        foreach (OpenFile f in _handles.Values)
        {
            if (f.Directory == target.Parent.FirstCluster && f.Slot == entry.Slot)
            {
                f.Deleted = true;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>
    /// Renames or moves a file or directory to <paramref name="to"/> (whose parent must exist and which must not exist,
    /// unless it names the same entry: a change of case). A directory cannot move below itself.
    /// </summary>
    public StorageError Rename(string from, string to)
    {
        StorageError e = Begin(out FatTransaction t);
        if (e != StorageError.Ok || (e = Lookup(t, from, out Target source)) != StorageError.Ok ||
            (e = Lookup(t, to, out Target dest)) != StorageError.Ok)
        {
            return e;
        }

        if (source.IsRoot || dest.IsRoot)
        {
            return source.IsRoot ? StorageError.IsRoot : StorageError.Exists;
        }

        DirectoryEntry? entry = source.Entry;
        if (entry is null)
        {
            return StorageError.NotFound;
        }

        uint oldDir = source.Parent!.FirstCluster, newDir = dest.Parent!.FirstCluster;
        if (dest.Entry is not null && !(newDir == oldDir && dest.Entry.Slot == entry.Slot))
        {
            return StorageError.Exists;
        }

        if (entry.IsDirectory && newDir != oldDir && (e = CheckNotBelow(t, newDir, entry.FirstCluster)) != StorageError.Ok)
        {
            return e;
        }

        if ((e = source.Parent.Remove(t, entry)) != StorageError.Ok ||
            (e = FatDirectory.Load(t, newDir, out FatDirectory? target)) != StorageError.Ok ||
            (e = AddEntry(t, target!, dest.Leaf, entry.Raw, out int slot)) != StorageError.Ok)
        {
            return e;
        }

        if (entry.IsDirectory && newDir != oldDir)
        {
            // The moved directory's ".." now names its new parent (0 for the root).
            var sector = new byte[Journal.SectorSize];
            long s = _layout.ClusterSector(entry.FirstCluster);
            if ((e = t.ReadSector(s, sector)) != StorageError.Ok)
            {
                return e;
            }

            DirectoryEntry.SetCluster(sector.AsSpan(DirectoryEntry.Size), newDir == _layout.RootCluster ? 0 : newDir);
            if ((e = t.WriteSector(s, sector)) != StorageError.Ok)
            {
                return e;
            }
        }

        if ((e = End(t)) != StorageError.Ok)
        {
            return e;
        }

        long entrySector = target!.SlotSector(_layout, slot, out int offset);
        foreach (OpenFile f in _handles.Values)
        {
            if (f.Directory == oldDir && f.Slot == entry.Slot && !f.Deleted)
            {
                f.Directory = newDir;
                f.Slot = slot;
                f.EntrySector = entrySector;
                f.EntryOffset = offset;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>Adds the entries of directory <paramref name="path"/> (not "." and "..", not the volume label) to <paramref name="into"/>.</summary>
    public StorageError List(string path, List<FatEntryInfo> into)
    {
        FatTransaction t = Read();
        StorageError e = Lookup(t, path, out Target target);
        if (e != StorageError.Ok)
        {
            return e;
        }

        uint first = target.IsRoot ? _layout.RootCluster : target.Entry?.FirstCluster ?? 0;
        if (!target.IsRoot && target.Entry is null)
        {
            return StorageError.NotFound;
        }

        if (!target.IsRoot && !target.Entry!.IsDirectory)
        {
            return StorageError.NotADirectory;
        }

        if ((e = FatDirectory.Load(t, first, out FatDirectory? dir)) != StorageError.Ok)
        {
            return e;
        }

        foreach (DirectoryEntry entry in dir!.Entries)
        {
            if (!entry.IsDot && !entry.IsVolumeLabel)
            {
                into.Add(new FatEntryInfo(entry.Name, entry.ShortDisplay, entry.IsDirectory ? 0 : entry.FileSize, entry.IsDirectory));
            }
        }

        return StorageError.Ok;
    }

    /// <summary>Describes the file or directory at <paramref name="path"/>.</summary>
    public StorageError Stat(string path, out FatEntryInfo info)
    {
        info = default;
        StorageError e = Lookup(Read(), path, out Target target);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (target.IsRoot)
        {
            info = new FatEntryInfo("/", "", 0, true);
            return StorageError.Ok;
        }

        if (target.Entry is null)
        {
            return StorageError.NotFound;
        }

        DirectoryEntry entry = target.Entry;
        info = new FatEntryInfo(entry.Name, entry.ShortDisplay, entry.IsDirectory ? 0 : entry.FileSize, entry.IsDirectory);
        return StorageError.Ok;
    }

    // Resolves an absolute path: every component but the last must be an existing directory.
    private StorageError Lookup(FatTransaction t, string path, out Target target)
    {
        target = new Target { Leaf = "" };
        if (path.Length == 0 || path[0] != '/')
        {
            return StorageError.BadName;
        }

        uint dir = _layout.RootCluster;
        int at = 1;
        FatDirectory? current = null;
        while (true)
        {
            while (at < path.Length && path[at] == '/')
            {
                at++;
            }

            if (at >= path.Length)
            {
                return StorageError.Ok; // the root
            }

            int end = path.IndexOf('/', at);
            if (end < 0)
            {
                end = path.Length;
            }

            ReadOnlySpan<char> name = path.AsSpan(at, end - at);
            StorageError e = FatName.Validate(name);
            if (e != StorageError.Ok || (e = FatDirectory.Load(t, dir, out current)) != StorageError.Ok)
            {
                return e;
            }

            DirectoryEntry? entry = current!.Find(name);
            int next = end;
            while (next < path.Length && path[next] == '/')
            {
                next++;
            }

            if (next >= path.Length)
            {
                target = new Target { Parent = current, Entry = entry, Leaf = new string(name) };
                return StorageError.Ok;
            }

            if (entry is null)
            {
                return StorageError.NotFound;
            }

            if (!entry.IsDirectory)
            {
                return StorageError.NotADirectory;
            }

            dir = entry.FirstCluster;
            if (!_layout.IsCluster(dir))
            {
                return StorageError.Corrupt;
            }

            at = next;
        }
    }

    // Adds an entry named leaf to dir: the short entry is template (32 bytes) with its name fields replaced.
    private StorageError AddEntry(FatTransaction t, FatDirectory dir, string leaf, ReadOnlySpan<byte> template, out int slot)
    {
        slot = -1;
        Span<byte> shortName = stackalloc byte[11];
        bool exact = FatName.TryExactShort(leaf, shortName, out byte ntCase);
        if (!exact)
        {
            var taken = new HashSet<string>();
            foreach (DirectoryEntry entry in dir.Entries)
            {
                taken.Add(FatName.Key(entry.Raw));
            }

            if (!FatName.TryGenerateShort(leaf, taken, shortName))
            {
                return StorageError.DirectoryFull;
            }
        }

        int longEntries = exact ? 0 : DirectoryEntry.LongEntries(leaf.Length);
        var entries = new byte[(longEntries + 1) * DirectoryEntry.Size];
        if (longEntries > 0)
        {
            DirectoryEntry.EncodeLong(entries, leaf, FatName.Checksum(shortName));
        }

        Span<byte> e32 = entries.AsSpan(longEntries * DirectoryEntry.Size);
        template.Slice(0, DirectoryEntry.Size).CopyTo(e32);
        shortName.CopyTo(e32);
        e32[12] = ntCase;
        StorageError e = dir.FindFree(t, longEntries + 1, out int first);
        if (e != StorageError.Ok || (e = dir.WriteSlots(t, first, entries)) != StorageError.Ok)
        {
            return e;
        }

        slot = first + longEntries;
        return StorageError.Ok;
    }

    // MoveIntoItself when moved (a directory's first cluster) is newParent or one of its ancestors.
    private StorageError CheckNotBelow(FatTransaction t, uint newParent, uint moved)
    {
        var sector = new byte[Journal.SectorSize];
        uint c = newParent;
        for (uint depth = 0; c != _layout.RootCluster; depth++)
        {
            if (c == moved)
            {
                return StorageError.MoveIntoItself;
            }

            if (!_layout.IsCluster(c) || depth > _layout.ClusterCount)
            {
                return StorageError.Corrupt;
            }

            StorageError e = t.ReadSector(_layout.ClusterSector(c), sector);
            if (e != StorageError.Ok)
            {
                return e;
            }

            if (sector[DirectoryEntry.Size] != '.' || sector[DirectoryEntry.Size + 1] != '.')
            {
                return StorageError.Corrupt;
            }

            c = ((uint)LittleEndian.U16(sector, DirectoryEntry.Size + 20) << 16) | LittleEndian.U16(sector, DirectoryEntry.Size + 26);
            c = c == 0 ? _layout.RootCluster : c;
        }

        return StorageError.Ok;
    }
}
