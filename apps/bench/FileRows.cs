// bench: issue 17's storage rows: the block driver alone (4 KiB and 64 KiB reads and writes) and the file server on top
// of it (sequential file writes and reads of 4 KiB and 64 KiB, small files created, written and closed).
using System;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static partial class Bench
{
    /// <summary>
    /// Requests per batch of a 4 KiB row, of a 64 KiB row (the PMU's 32-bit counter must not wrap within a batch), and
    /// batches. A 64 KiB write batch writes 1 MiB of the 64 MiB disk.
    /// </summary>
    private const int FileRequests = 64;
    private const int FileRequests64 = 16;
    private const int FileBatches = 3;
    private const int SmallFileBytes = 100;

    private static SharedBuffer s_blkPage;
    private static Connection s_blk;
    private static ulong s_blkSectors;

    // Each row: instructions per request, the whole system's (this app, the file server, the driver, the kernel; QEMU
    // -icount counts what the CPU runs, not the device's time). A file row's floor is the driver row of the same request
    // size, so its ratio is what the file system adds over the raw sectors. buildsys turns the 4k and 64k rows into
    // MiB per 10^9 instructions.
    private static bool FileRows()
    {
        // The file server formats the blank bench disk and checks it before it publishes "files": opening it (DriveInfo)
        // waits for that, so no row counts its start-up.
        var data = new DriveInfo("/data");
        if (!data.IsReady)
        {
            return Fail($"no /data: {data.Status} (the bench image starts virtio-blk and files, and buildsys gives QEMU a disk)") == 0;
        }

        if (Connections.OpenWhenPublished(BlockAbi.Name, out s_blk) != RootError.Ok || Connections.Share(s_blk, out s_blkPage) != RootError.Ok ||
            BlockCall(BlockRequest.Info, 0, 0) != BlockError.Ok)
        {
            return Fail("could not open \"blk\" with a shared page") == 0;
        }

        ulong blkRead4 = FileRow("blk-read-4k", 1, 0, static (i, n) => Blk(BlockRequest.Read, i, n));
        ulong blkRead64 = FileRow("blk-read-64k", 16, 0, static (i, n) => Blk(BlockRequest.Read, i, n));
        ulong blkWrite4 = FileRow("blk-write-4k", 1, 0, static (i, n) => Blk(BlockRequest.Write, i, n));
        ulong blkWrite64 = FileRow("blk-write-64k", 16, 0, static (i, n) => Blk(BlockRequest.Write, i, n));
        Connections.Close(s_blk);

        byte[] block = new byte[65536];
        block.AsSpan().Fill(0x5A);
        FileRow("fs-seq-write-4k", 1, blkWrite4, (i, n) => Append(block, 4096, i));
        FileRow("fs-seq-read-4k", 1, blkRead4, (i, n) => ReadAt(block, 4096, i));
        FileRow("fs-seq-write-64k", 16, blkWrite64, (i, n) => Append(block, 65536, i));
        FileRow("fs-seq-read-64k", 16, blkRead64, (i, n) => ReadAt(block, 65536, i));
        FileRow("fs-small-file-create", 1, 0, (i, n) => Small(block, i));
        CloseFile();
        Directory.Delete("/data/bench", recursive: true);
        FileSystem.Sync();
        return s_wrong == 0 || Fail("a storage request failed") == 0;
    }

    // Warm-up batch, then FileBatches batches of FileRequests requests, each `calls` 4 KiB calls: per request, the
    // fewest total instructions of a batch. Between batches (outside the count) the row's file starts again.
    private static ulong FileRow(string name, int calls, ulong floor, Action<int, int> request)
    {
        // Each the least over the batches, on its own: which batch has the least total varies from run to run (the
        // disk's completions land at varying points), and the batches' EL0 counts differ a little (their file names,
        // the file server's collections), so the EL0 count of the batch with the least total was not repeatable.
        ulong bestTotal = ulong.MaxValue;
        ulong bestEl0 = ulong.MaxValue;
        int requests = calls == 1 ? FileRequests : FileRequests64;
        for (int b = -1; b < FileBatches; b++)
        {
            BatchStart(name);
            ulong t0 = ReadTotal();
            ulong e0 = ReadEl0();
            for (int i = 0; i < requests; i++)
            {
                request(i, calls);
            }

            ulong e1 = ReadEl0();
            ulong t1 = ReadTotal();
            ulong total = (t1 - t0) & CounterMask;
            ulong el0 = (e1 - e0) & CounterMask;
            if (b >= 0)
            {
                bestTotal = total < bestTotal ? total : bestTotal;
                bestEl0 = el0 < bestEl0 ? el0 : bestEl0;
            }
        }

        ulong perRequest = PerOperation(bestTotal, (ulong)requests);
        Print(name, perRequest, PerOperation(bestEl0, (ulong)requests), floor);
        return perRequest;
    }

    // Raw driver requests: `n` calls of 8 sectors each, request i at sector 8*n*i of the volume's data area for reads, and
    // at the disk's last 8 sectors (outside the file server's volume) for writes.
    private static void Blk(BlockRequest kind, int i, int n)
    {
        for (int k = 0; k < n; k++)
        {
            ulong sector = kind == BlockRequest.Write ? s_blkSectors - 8 : 4096 + (ulong)(((i * n) + k) * 8);
            s_wrong += BlockCall(kind, sector, 8) == BlockError.Ok ? 0UL : 1UL;
        }
    }

    private static BlockError BlockCall(BlockRequest request, ulong sector, ulong count)
    {
        var m = new FastMessage(sector, count, 0, 0);
        var e = (BlockError)s_blk.Endpoint.Call(new MessageInfo((ulong)request, 0, 0, request == BlockRequest.Info ? 0 : 2), ref m).Label;
        if (request == BlockRequest.Info)
        {
            s_blkSectors = m.Mr0;
        }

        return e;
    }

    private static FileStream? s_file;
    private static int s_batch;

    private static void BatchStart(string row)
    {
        s_batch++;
        if (row.StartsWith("fs-seq-write", StringComparison.Ordinal))
        {
            CloseFile();
            Directory.CreateDirectory("/data/bench");
            s_file = File.Create($"/data/bench/seq{s_batch}.bin");
        }
        else if (row.StartsWith("fs-seq-read", StringComparison.Ordinal))
        {
            s_file!.Position = 0; // the file the write row just wrote, read from its start
        }
        else if (row == "fs-small-file-create")
        {
            Directory.CreateDirectory($"/data/bench/small{s_batch}");
        }
    }

    private static void CloseFile()
    {
        s_file?.Dispose();
        s_file = null;
    }

    private static void Append(byte[] block, int bytes, int i) => s_file!.Write(block, 0, bytes);

    private static void ReadAt(byte[] block, int bytes, int i)
    {
        int done = 0;
        while (done < bytes)
        {
            int n = s_file!.Read(block, done, bytes - done);
            if (n == 0)
            {
                s_wrong++;
                return;
            }

            done += n;
        }
    }

    private static void Small(byte[] block, int i)
    {
        using FileStream f = File.Create($"/data/bench/small{s_batch}/f{i}.txt");
        f.Write(block, 0, SmallFileBytes);
    }
}
