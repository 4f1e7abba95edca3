// The file server's entry: open the block driver, mount /data (formatting a blank disk), publish "files", serve.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Services.Storage;

namespace Smos.FileServer;

/// <summary>
/// services/files: the file server. Started by the init list after the block driver (<c>&amp;files</c>); it mounts the
/// FAT32 file system of the disk as <c>/data</c> (a blank disk, all zeros in its first sector, is formatted first),
/// serves the boot archive's apps as <c>/boot</c>, and publishes <c>"files"</c> (<see cref="IFiles"/>). A disk it
/// cannot mount is refused with a line saying why; /boot is served all the same, and /data calls answer NotMounted.
/// </summary>
public static class FilesMain
{
    /// <summary>Reserved sectors of a volume this server formats: the boot sectors and a 1 MiB journal.</summary>
    public const int ReservedSectors = 2048;

    /// <summary>The label of a volume this server formats.</summary>
    public const string Label = "SMOSDATA";

    public static int Main(string[] args)
    {
        // Every request makes garbage (sector buffers, transactions, replies): collect it rather than grow, and keep
        // what the heap grew, so that it settles at its peak and stays (and the demos' memory checks hold). With room
        // beyond the live data from the start: a heap grown only to what the live data once needed (72 KiB) can grow by
        // one more 64 KiB chunk when a later run's objects fall differently (docs/testing.md, the files demo's check).
        Memory.UseServerHeap(256 * 1024);
        FatFileSystem? data = null;
        string problem;
        BlockClient? disk = BlockClient.Open(out problem);
        if (disk is not null)
        {
            data = Mount(disk, out problem);
        }

        if (data is null)
        {
            Console.WriteLine($"files: /data is not mounted: {problem}");
        }

        if (Connections.Publish(FilesProtocol.Name, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("files: cannot publish \"files\" (another file server runs?)");
            return 1;
        }

        Server.Run(publication, new FileService(data, problem));
        return 0;
    }

    private static bool IsBlank(ReadOnlySpan<byte> sector)
    {
        foreach (byte b in sector)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static FatFileSystem? Mount(BlockClient disk, out string problem)
    {
        Span<byte> first = stackalloc byte[BlockAbi.SectorSize];
        StorageError e = disk.Read(0, first);
        if (e != StorageError.Ok)
        {
            problem = $"reading sector 0: {StorageErrors.Describe(e)}";
            return null;
        }

        if (IsBlank(first))
        {
            // The disk's last sectors stay outside the volume: raw block tests (apps/blkcheck) write there.
            if ((e = FatFormat.Make(new BlockRange(disk, disk.SectorCount - BlockAbi.ScratchSectors), Label, ReservedSectors)) != StorageError.Ok)
            {
                problem = $"formatting the blank disk: {StorageErrors.Describe(e)}";
                return null;
            }

            Console.WriteLine($"files: formatted the blank disk as FAT32 \"{Label}\" ({disk.SectorCount / 2048} MiB)");
        }

        e = FatFileSystem.Mount(disk, out FatFileSystem? fs, out string? reason);
        if (e != StorageError.Ok)
        {
            problem = $"{StorageErrors.Describe(e)}: {reason} (start QEMU with a new disk: ./smos run --disk-reset)";
            return null;
        }

        // Committed metadata waits in memory for its checkpoint: bound it (128 KiB) well inside this process's quota.
        fs!.Journal.MaxCommittedSectors = 256;
        FatLayout l = fs.Layout;
        long freeKiB = (long)fs.FreeClusters * l.ClusterBytes / 1024;
        string journal = fs.Journal.Replayed > 0 ? $", {fs.Journal.Replayed} journal transaction(s) replayed" : "";
        string readOnly = fs.IsReadOnly ? $", read-only: {fs.ReadOnlyReason}" : "";
        Console.WriteLine($"files: /data is FAT32 \"{l.Label.Trim()}\": {(long)l.ClusterCount * l.ClusterBytes / 1024} KiB, {freeKiB} KiB free{journal}{readOnly}");
        // The check at mount: FAT chains, cross-links, lost clusters, entries and sizes (FatCheck). The journal has just
        // been replayed, so a volume this server wrote is consistent whatever moment it was stopped at; a problem here
        // means another writer (a host tool) or a damaged disk, and the volume is still served, as it is.
        ulong start = Clock.Ticks;
        var problems = new List<string>();
        try
        {
            e = fs.Check(problems);
        }
        catch (OutOfMemoryException x)
        {
            Console.WriteLine($"files: /data not checked at mount: {x.Message}");
            problem = "";
            return fs;
        }

        ulong ms = Clock.TicksToMilliseconds(Clock.Ticks - start);
        if (e == StorageError.Ok)
        {
            Console.WriteLine($"files: /data checked at mount: consistent ({ms} ms)");
        }
        else
        {
            Console.WriteLine($"files: /data checked at mount: {problems.Count} problem(s), the first: {(problems.Count > 0 ? problems[0] : StorageErrors.Describe(e))}");
        }

        problem = "";
        return fs;
    }
}
