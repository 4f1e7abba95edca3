// The file system's file operations: open/create, close, read, copy-on-write write, truncate, size.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

public sealed partial class FatFileSystem
{
    /// <summary>The most bytes a FAT file holds.</summary>
    public const long MaxFileSize = uint.MaxValue;

    /// <summary>
    /// Opens the file at <paramref name="path"/>, creating it empty when it does not exist and <paramref name="create"/>
    /// is true (one transaction). Every handle to one file shares its size and clusters.
    /// </summary>
    public StorageError Open(string path, bool create, out int handle)
    {
        handle = 0;
        FatTransaction t = Read();
        StorageError e = Lookup(t, path, out Target target);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (target.IsRoot || target.Entry is { IsDirectory: true })
        {
            return StorageError.IsADirectory;
        }

        DirectoryEntry? entry = target.Entry;
        FatDirectory parent = target.Parent!;
        int slot;
        if (entry is null)
        {
            if (!create)
            {
                return StorageError.NotFound;
            }

            var template = new byte[DirectoryEntry.Size];
            DirectoryEntry.EncodeShort(template, "           "u8, DirectoryEntry.AttrArchive, 0, 0, 0, DosDate, DosTime);
            if ((e = Begin(out t)) != StorageError.Ok || (e = AddEntry(t, parent, target.Leaf, template, out slot)) != StorageError.Ok ||
                (e = End(t)) != StorageError.Ok)
            {
                return e;
            }
        }
        else
        {
            slot = entry.Slot;
        }

        OpenFile? file = null;
        foreach (OpenFile f in _handles.Values)
        {
            if (f.Directory == parent.FirstCluster && f.Slot == slot && !f.Deleted)
            {
                file = f;
                break;
            }
        }

        if (file is null)
        {
            file = new OpenFile { Directory = parent.FirstCluster, Slot = slot };
            file.EntrySector = parent.SlotSector(_layout, slot, out file.EntryOffset);
            if (entry is not null)
            {
                file.Size = entry.FileSize;
                if ((e = t.ReadChain(entry.FirstCluster, file.Chain)) != StorageError.Ok)
                {
                    return e;
                }

                if (file.Chain.Count != ClustersFor(file.Size))
                {
                    return StorageError.Corrupt;
                }
            }
        }

        file.References++;
        handle = _nextHandle++;
        _handles[handle] = file;
        return StorageError.Ok;
    }

    /// <summary>Closes a handle.</summary>
    public StorageError Close(int handle)
    {
        if (!_handles.TryGetValue(handle, out OpenFile? file))
        {
            return StorageError.BadHandle;
        }

        file.References--;
        _handles.Remove(handle);
        return StorageError.Ok;
    }

    /// <summary>The size of an open file.</summary>
    public StorageError GetSize(int handle, out long size)
    {
        size = 0;
        StorageError e = Get(handle, out OpenFile? file);
        if (e == StorageError.Ok)
        {
            size = file!.Size;
        }

        return e;
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; <paramref name="read"/> is 0 at or past the end.</summary>
    public StorageError Read(int handle, long offset, Span<byte> buffer, out int read)
    {
        read = 0;
        StorageError e = Get(handle, out OpenFile? file);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (offset < 0)
        {
            return StorageError.InvalidArgument;
        }

        long n = Math.Min(buffer.Length, Math.Max(0, file!.Size - offset));
        int cs = _layout.ClusterBytes;
        var cluster = new byte[cs];
        while (read < n)
        {
            long at = offset + read;
            int index = (int)(at / cs), within = (int)(at % cs);
            int take = (int)Math.Min(cs - within, n - read);
            if ((e = _journal.Read(_layout.ClusterSector(file.Chain[index]), cluster)) != StorageError.Ok)
            {
                return e;
            }

            cluster.AsSpan(within, take).CopyTo(buffer.Slice(read));
            read += take;
        }

        return StorageError.Ok;
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> (one transaction), extending the file and filling any
    /// gap past the old end with zeros. Every cluster touched is copied to a new one (copy-on-write).
    /// </summary>
    public StorageError Write(int handle, long offset, ReadOnlySpan<byte> data)
    {
        StorageError e = Get(handle, out OpenFile? file);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (offset < 0)
        {
            return StorageError.InvalidArgument;
        }

        if (offset + data.Length > MaxFileSize)
        {
            return StorageError.TooLarge;
        }

        return data.Length == 0 ? (IsReadOnly ? StorageError.ReadOnly : StorageError.Ok) : Change(file!, offset, data, offset + data.Length);
    }

    /// <summary>Sets an open file's size: shorter frees clusters past the end, longer fills with zeros.</summary>
    public StorageError Truncate(int handle, long length)
    {
        StorageError e = Get(handle, out OpenFile? file);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (length < 0 || length > MaxFileSize)
        {
            return length < 0 ? StorageError.InvalidArgument : StorageError.TooLarge;
        }

        if (length > file!.Size)
        {
            return Change(file, length, default, length);
        }

        if ((e = Begin(out FatTransaction t)) != StorageError.Ok || length == file.Size)
        {
            return e;
        }

        int keep = ClustersFor(length);
        var chain = new List<uint>(file.Chain);
        if ((keep > 0 && (e = t.Set(chain[keep - 1], FatLayout.EndOfChainMark)) != StorageError.Ok) || (e = t.Free(chain, keep)) != StorageError.Ok)
        {
            return e;
        }

        while (chain.Count > keep)
        {
            chain.RemoveAt(chain.Count - 1);
        }

        return Commit(t, file, chain, (uint)length);
    }

    private StorageError Get(int handle, out OpenFile? file)
    {
        file = null;
        if (!_handles.TryGetValue(handle, out OpenFile? f) || f.Deleted)
        {
            return StorageError.BadHandle;
        }

        file = f;
        return StorageError.Ok;
    }

    private int ClustersFor(long size) => (int)((size + _layout.ClusterBytes - 1) / _layout.ClusterBytes);

    // Rewrites bytes [min(offset, size), end) into new clusters: data at offset, zeros in any gap before it.
    private StorageError Change(OpenFile file, long offset, ReadOnlySpan<byte> data, long end)
    {
        StorageError e = Begin(out FatTransaction t);
        if (e != StorageError.Ok)
        {
            return e;
        }

        int cs = _layout.ClusterBytes;
        long size = file.Size, newSize = Math.Max(size, end), from = Math.Min(offset, size);
        int first = (int)(from / cs), last = (int)((end - 1) / cs);
        List<uint> old = file.Chain;
        var fresh = new uint[last - first + 1];
        for (int i = 0; i < fresh.Length; i++)
        {
            if ((e = t.Allocate(out fresh[i])) != StorageError.Ok)
            {
                return e;
            }
        }

        // Fill and write the new clusters, a run of consecutive cluster numbers per device write.
        var run = new byte[Math.Min(fresh.Length, 64) * cs];
        int runStart = 0;
        for (int i = 0; i < fresh.Length; i++)
        {
            int index = first + i;
            Span<byte> c = run.AsSpan((i - runStart) * cs, cs);
            c.Clear();
            if (index < old.Count && (e = _journal.Read(_layout.ClusterSector(old[index]), c)) != StorageError.Ok)
            {
                return e;
            }

            long clusterStart = (long)index * cs;
            for (long b = Math.Max(from, clusterStart); b < Math.Min(end, clusterStart + cs); b++)
            {
                c[(int)(b - clusterStart)] = b < offset ? (byte)0 : data[(int)(b - offset)];
            }

            if (clusterStart + cs > newSize)
            {
                c.Slice((int)(Math.Max(newSize, clusterStart) - clusterStart)).Clear(); // nothing stale past the end
            }

            bool endOfRun = i + 1 == fresh.Length || fresh[i + 1] != fresh[i] + 1 || i + 1 - runStart == run.Length / cs;
            if (endOfRun)
            {
                if ((e = _device.Write(_layout.ClusterSector(fresh[runStart]), run.AsSpan(0, (i + 1 - runStart) * cs))) != StorageError.Ok)
                {
                    _failed = true;
                    return e;
                }

                runStart = i + 1;
            }
        }

        // Link: old prefix, the fresh clusters, the old suffix; free the replaced clusters.
        var chain = new List<uint>(old.Count + fresh.Length);
        for (int i = 0; i < first; i++)
        {
            chain.Add(old[i]);
        }

        chain.AddRange(fresh);
        for (int i = last + 1; i < old.Count; i++)
        {
            chain.Add(old[i]);
        }

        for (int i = Math.Max(first - 1, 0); i < Math.Min(chain.Count, last + 2); i++)
        {
            if ((e = t.Set(chain[i], i + 1 < chain.Count ? chain[i + 1] : FatLayout.EndOfChainMark)) != StorageError.Ok)
            {
                return e;
            }
        }

        var replaced = new List<uint>();
        for (int i = first; i <= last && i < old.Count; i++)
        {
            replaced.Add(old[i]);
        }

        if ((e = t.Free(replaced, 0)) != StorageError.Ok)
        {
            return e;
        }

        return Commit(t, file, chain, (uint)newSize);
    }

    // Records a file's new chain and size in its directory entry, commits, and adopts them in memory.
    private StorageError Commit(FatTransaction t, OpenFile file, List<uint> chain, uint size)
    {
        var sector = new byte[Journal.SectorSize];
        StorageError e = t.ReadSector(file.EntrySector, sector);
        if (e != StorageError.Ok)
        {
            return e;
        }

        Span<byte> entry = sector.AsSpan(file.EntryOffset, DirectoryEntry.Size);
        DirectoryEntry.SetCluster(entry, chain.Count == 0 ? 0 : chain[0]);
        LittleEndian.Put32(entry, 28, size);
        entry[11] |= DirectoryEntry.AttrArchive;
        LittleEndian.Put16(entry, 22, DosTime);
        LittleEndian.Put16(entry, 24, DosDate);
        if ((e = t.WriteSector(file.EntrySector, sector)) != StorageError.Ok || (e = End(t)) != StorageError.Ok)
        {
            return e;
        }

        file.Chain.Clear();
        file.Chain.AddRange(chain);
        file.Size = size;
        return StorageError.Ok;
    }

    private sealed class OpenFile
    {
        public uint Directory;     // first cluster of the directory holding the entry
        public int Slot;           // the short entry's slot there
        public long EntrySector;   // where that slot is
        public int EntryOffset;
        public uint Size;
        public readonly List<uint> Chain = new();
        public int References;
        public bool Deleted;
    }
}
