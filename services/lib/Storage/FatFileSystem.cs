// The file system: mount (journal replay), handles, paths, directory I/O and the one-transaction-per-operation frame.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// A writable, crash-safe FAT32 file system over an <see cref="IBlockDevice"/>.
/// <para>
/// Why FAT32 with a journal: FAT32 is what every host reads and writes (Debian's dosfstools and mtools make, check and
/// fill images: <c>mkfs.fat</c> makes a volume this code mounts, and <c>mdir</c>/<c>mcopy -i</c> read what it wrote), so
/// test data, boot media and results move between SmosSharp and the host with standard tools. FAT itself is not crash
/// safe: a directory entry, two FAT copies and FSInfo change separately, and a power loss between them leaves lost or
/// cross-linked clusters. So every operation here is one transaction of a write-ahead <see cref="Journal"/> kept in
/// FAT32's reserved sectors (after the boot sectors; host tools ignore them): all of an operation's metadata sectors
/// reach their homes only after the transaction's commit sector is durable, and a mount replays committed transactions.
/// </para>
/// <para>
/// File data is copy-on-write at cluster granularity: new bytes go to free clusters nothing refers to, the transaction
/// switches the FAT chain and the directory entry and frees the old clusters; a cluster freed by a transaction is not
/// reused by it, nor while journaled images of its sectors wait for a checkpoint. After a crash, each operation is
/// either wholly there (its commit landed) or wholly absent. Directories are journaled in place. Host tools see the
/// latest state once <see cref="Sync"/> checkpointed the journal.
/// </para>
/// <para>
/// Limits: files up to 4 GiB - 1 bytes; names up to 255 UTF-16 units; 65536 entries per directory; about 2^28
/// clusters; 512-byte sectors; one operation may change at most <see cref="Journal.MaxTransactionSectors"/> metadata
/// sectors. Paths are absolute ("/dir/sub/file.txt"), names match case-insensitively. Not thread-safe: one server owns it.
/// </para>
/// </summary>
public sealed partial class FatFileSystem
{
    private readonly IBlockDevice _device;
    private readonly FatLayout _layout;
    private readonly Journal _journal;
    private readonly Dictionary<int, OpenFile> _handles = new();
    private int _nextHandle = 1;
    private uint _freeCount;
    private uint _nextFree;
    private bool _failed;

    private FatFileSystem(IBlockDevice device, FatLayout layout, Journal journal, string? readOnlyReason)
    {
        _device = device;
        _layout = layout;
        _journal = journal;
        ReadOnlyReason = readOnlyReason;
    }

    /// <summary>The volume's geometry.</summary>
    public FatLayout Layout => _layout;

    /// <summary>The journal (a read-only view when the volume is mounted read-only).</summary>
    public Journal Journal => _journal;

    /// <summary>True when the volume was mounted read-only; <see cref="ReadOnlyReason"/> says why.</summary>
    public bool IsReadOnly => ReadOnlyReason is not null;

    /// <summary>Why the volume is read-only (null when writable).</summary>
    public string? ReadOnlyReason { get; }

    /// <summary>Free clusters (from FSInfo, kept up to date by every operation).</summary>
    public uint FreeClusters => _freeCount;

    /// <summary>When true, every operation checkpoints its transaction at once (more writes; the disk is always tidy for host tools).</summary>
    public bool CheckpointEveryOperation { get; set; }

    /// <summary>The DOS date written into entries (bits: year-1980 &lt;&lt; 9 | month &lt;&lt; 5 | day); 2024-01-01 by default.</summary>
    public ushort DosDate { get; set; } = (44 << 9) | (1 << 5) | 1;

    /// <summary>The DOS time written into entries (hour &lt;&lt; 11 | minute &lt;&lt; 5 | seconds / 2).</summary>
    public ushort DosTime { get; set; }

    /// <summary>
    /// Mounts the FAT32 volume on <paramref name="device"/>: checks the boot sector, opens the journal (replaying what
    /// it holds) or, on a volume from another mkfs, makes one when sectors 16 to the end of the reserved area are all zero
    /// and number at least 64 + 1; otherwise mounts read-only, with <paramref name="reason"/> saying why. On failure,
    /// <paramref name="reason"/> says what is wrong.
    /// </summary>
    public static StorageError Mount(IBlockDevice device, out FatFileSystem? fs, out string? reason)
    {
        fs = null;
        reason = null;
        if (device.SectorSize != Journal.SectorSize)
        {
            reason = $"the device has {device.SectorSize}-byte sectors; only 512 is supported";
            return StorageError.Unsupported;
        }

        var boot = new byte[Journal.SectorSize];
        StorageError e = device.Read(0, boot);
        if (e != StorageError.Ok || (e = FatLayout.Decode(boot, device.SectorCount, out FatLayout? layout, out reason)) != StorageError.Ok)
        {
            return e;
        }

        Journal? journal;
        string? readOnly = null;
        long reserved = layout!.ReservedSectors;
        if (reserved > FatFormat.JournalHeaderSector && Journal.IsPresent(device, FatFormat.JournalHeaderSector))
        {
            if ((e = Journal.Open(device, FatFormat.JournalHeaderSector, out journal, out reason)) != StorageError.Ok)
            {
                return e;
            }

            if (journal!.LogStart <= FatFormat.JournalHeaderSector || journal.LogStart + journal.LogSectors > reserved)
            {
                reason = $"the journal's log (sector {journal.LogStart}, {journal.LogSectors} long) is not inside the {reserved} reserved sectors";
                return StorageError.Corrupt;
            }
        }
        else if (reserved < FatFormat.MinimumReservedSectors)
        {
            journal = Journal.ReadOnlyView(device);
            readOnly = $"no journal, and {reserved} reserved sectors leave no room for one (make the volume with mkfs.fat -F 32 -R {FatFormat.MinimumReservedSectors} or more)";
        }
        else if ((e = ReservedAreaIsEmpty(device, reserved, out bool empty)) != StorageError.Ok)
        {
            return e;
        }
        else if (!empty)
        {
            journal = Journal.ReadOnlyView(device);
            readOnly = $"no journal, and reserved sectors {FatFormat.JournalHeaderSector} to {reserved - 1} hold data of another tool";
        }
        else if ((e = Journal.Format(device, FatFormat.JournalHeaderSector, FatFormat.JournalLogStart, reserved - FatFormat.JournalLogStart)) != StorageError.Ok ||
            (e = Journal.Open(device, FatFormat.JournalHeaderSector, out journal, out reason)) != StorageError.Ok)
        {
            return e;
        }

        var mounted = new FatFileSystem(device, layout, journal!, readOnly);
        if ((e = mounted.LoadCounters()) != StorageError.Ok)
        {
            reason = "the FAT could not be read to count free clusters";
            return e;
        }

        fs = mounted;
        return StorageError.Ok;
    }

    /// <summary>Writes every committed change home (a journal checkpoint) and flushes the device.</summary>
    public StorageError Sync()
    {
        if (IsReadOnly)
        {
            return StorageError.Ok;
        }

        StorageError e = _journal.Checkpoint();
        return e != StorageError.Ok ? e : _device.Flush();
    }

    /// <summary>Checks the whole volume (FAT chains, cross-links, lost clusters, entries, sizes); Corrupt when <paramref name="problems"/> got any.</summary>
    public StorageError Check(List<string> problems) => FatCheck.Run(this, problems);

    internal FatTransaction Read() => new(_layout, _journal, _freeCount, _nextFree);

    private static StorageError ReservedAreaIsEmpty(IBlockDevice device, long reserved, out bool empty)
    {
        empty = true;
        var sector = new byte[Journal.SectorSize];
        for (long s = FatFormat.JournalHeaderSector; s < reserved && empty; s++)
        {
            StorageError e = device.Read(s, sector);
            if (e != StorageError.Ok)
            {
                return e;
            }

            empty = LittleEndian.IsZero(sector);
        }

        return StorageError.Ok;
    }

    private StorageError LoadCounters()
    {
        var sector = new byte[Journal.SectorSize];
        _nextFree = 2;
        if (_layout.FsInfoSector > 0 && _journal.Read(_layout.FsInfoSector, sector) == StorageError.Ok &&
            FatFormat.DecodeFsInfo(sector, out uint free, out uint next) && free <= _layout.ClusterCount)
        {
            _freeCount = free;
            _nextFree = _layout.IsCluster(next) ? next : 2;
            return StorageError.Ok;
        }

        return CountFree(out _freeCount);
    }

    internal StorageError CountFree(out uint free)
    {
        free = 0;
        FatTransaction t = Read();
        for (uint c = 2; c <= _layout.MaxCluster; c++)
        {
            StorageError e = t.Get(c, out uint v);
            if (e != StorageError.Ok)
            {
                return e;
            }

            free += v == 0 ? 1u : 0u;
        }

        return StorageError.Ok;
    }

    // Starts a changing operation.
    private StorageError Begin(out FatTransaction t)
    {
        t = Read();
        return IsReadOnly ? StorageError.ReadOnly : _failed ? StorageError.IOError : StorageError.Ok;
    }

    // Commits an operation; the caller updates its in-memory state only when this returns Ok.
    private StorageError End(FatTransaction t)
    {
        StorageError e = t.Commit();
        if (e == StorageError.TooLarge)
        {
            return e;
        }

        if (e != StorageError.Ok)
        {
            _failed = true;
            return e;
        }

        _freeCount = t.FreeCount;
        _nextFree = t.NextFree;
        if (CheckpointEveryOperation && (e = _journal.Checkpoint()) != StorageError.Ok)
        {
            _failed = true;
            return e;
        }

        return StorageError.Ok;
    }
}
