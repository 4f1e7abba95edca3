// The block driver ("blk") as an IBlockDevice for the file system: 8 sectors per call through the connection's shared page.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;
using Smos.Services.Storage;

namespace Smos.FileServer;

/// <summary>
/// A client of drivers/virtio-blk (<see cref="BlockAbi"/>): reads and writes go through the connection's shared page,
/// at most <see cref="BlockAbi.MaxSectorsPerRequest"/> sectors per call, copied with volatile spans (the driver's DMA
/// bounce copy writes the page while we wait in the call). Counts calls and sectors for the file server's report.
/// </summary>
public sealed class BlockClient : IBlockDevice
{
    /// <summary>How long <see cref="Open"/> waits for the driver to publish "blk".</summary>
    public const int WaitMilliseconds = 5000;

    private readonly Connection _blk;
    private readonly SharedBuffer _page;

    private BlockClient(Connection blk, SharedBuffer page, long sectors)
    {
        _blk = blk;
        _page = page;
        SectorCount = sectors;
    }

    /// <inheritdoc/>
    public int SectorSize => BlockAbi.SectorSize;

    /// <inheritdoc/>
    public long SectorCount { get; }

    /// <summary>Calls made to the block driver.</summary>
    public long Calls { get; private set; }

    /// <summary>Opens "blk" (waiting while the driver starts), shares a page and asks the disk's size; null with <paramref name="why"/> on failure.</summary>
    public static BlockClient? Open(out string why)
    {
        // The driver starts just before us: wait for its name, sleeping (not spinning) up to WaitMilliseconds.
        RootError e = Connections.Open(BlockAbi.Name, out Connection blk);
        for (int waited = 0; e == RootError.NoSuchName && waited < WaitMilliseconds; waited += 10)
        {
            if (Clock.Sleep(10) != TimerError.Ok)
            {
                Scheduler.Yield(); // no timer server: yield instead
            }

            e = Connections.Open(BlockAbi.Name, out blk);
        }

        if (e != RootError.Ok)
        {
            why = $"cannot open \"blk\": {ProcessAbi.Describe(e)} (no virtio-blk driver in the init list, or no disk: it says why at boot)";
            return null;
        }

        if ((e = Connections.Share(blk, out SharedBuffer page)) != RootError.Ok)
        {
            why = $"cannot share a page with \"blk\": {ProcessAbi.Describe(e)}";
            Connections.Close(blk);
            return null;
        }

        var m = new FastMessage(0, 0, 0, 0);
        var error = (BlockError)blk.Endpoint.Call(new MessageInfo((ulong)BlockRequest.Info, 0, 0, 0), ref m).Label;
        if (error != BlockError.Ok || m.Mr1 != BlockAbi.SectorSize)
        {
            why = $"the block driver's Info: {BlockAbi.Describe(error)}, {m.Mr1}-byte sectors";
            Connections.Close(blk);
            return null;
        }

        why = "";
        return new BlockClient(blk, page, (long)m.Mr0);
    }

    /// <inheritdoc/>
    public StorageError Read(long sector, Span<byte> buffer)
    {
        if (!Whole(sector, buffer.Length))
        {
            return StorageError.InvalidArgument;
        }

        while (buffer.Length > 0)
        {
            int count = Math.Min(buffer.Length / BlockAbi.SectorSize, BlockAbi.MaxSectorsPerRequest);
            int bytes = count * BlockAbi.SectorSize;
            StorageError e = Call(BlockRequest.Read, sector, count);
            if (e != StorageError.Ok)
            {
                return e;
            }

            _page.Bytes.Slice(0, bytes).CopyTo(buffer.Slice(0, bytes));
            buffer = buffer.Slice(bytes);
            sector += count;
        }

        return StorageError.Ok;
    }

    /// <inheritdoc/>
    public StorageError Write(long sector, ReadOnlySpan<byte> data)
    {
        if (!Whole(sector, data.Length))
        {
            return StorageError.InvalidArgument;
        }

        while (data.Length > 0)
        {
            int count = Math.Min(data.Length / BlockAbi.SectorSize, BlockAbi.MaxSectorsPerRequest);
            int bytes = count * BlockAbi.SectorSize;
            _page.Bytes.Slice(0, bytes).CopyFrom(data.Slice(0, bytes));
            StorageError e = Call(BlockRequest.Write, sector, count);
            if (e != StorageError.Ok)
            {
                return e;
            }

            data = data.Slice(bytes);
            sector += count;
        }

        return StorageError.Ok;
    }

    /// <inheritdoc/>
    public StorageError Flush() => Call(BlockRequest.Flush, 0, 0);

    private bool Whole(long sector, int length) =>
        length % BlockAbi.SectorSize == 0 && sector >= 0 && sector + (length / BlockAbi.SectorSize) <= SectorCount;

    private StorageError Call(BlockRequest request, long sector, int count)
    {
        Calls++;
        var m = new FastMessage((ulong)sector, (ulong)count, 0, 0);
        int length = request == BlockRequest.Flush ? 0 : 2;
        var error = (BlockError)_blk.Endpoint.Call(new MessageInfo((ulong)request, 0, 0, length), ref m).Label;
        return error switch
        {
            BlockError.Ok => StorageError.Ok,
            BlockError.OutOfRange or BlockError.BadArgument => StorageError.InvalidArgument,
            BlockError.ReadOnly => StorageError.ReadOnly,
            _ => StorageError.IOError,
        };
    }
}
