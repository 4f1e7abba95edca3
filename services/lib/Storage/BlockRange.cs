// The first N sectors of a block device as a device of their own (the file server formats a volume short of the disk's end).
using System;

namespace Smos.Services.Storage;

/// <summary>
/// The sectors 0 to <see cref="SectorCount"/> - 1 of another device: reads and writes past them are
/// <see cref="StorageError.InvalidArgument"/>, everything else goes straight through.
/// </summary>
public sealed class BlockRange : IBlockDevice
{
    private readonly IBlockDevice _device;

    /// <summary>The first <paramref name="sectors"/> sectors of <paramref name="device"/> (at most all of them).</summary>
    public BlockRange(IBlockDevice device, long sectors)
    {
        _device = device;
        SectorCount = Math.Clamp(sectors, 0, device.SectorCount);
    }

    /// <inheritdoc/>
    public int SectorSize => _device.SectorSize;

    /// <inheritdoc/>
    public long SectorCount { get; }

    /// <inheritdoc/>
    public StorageError Read(long sector, Span<byte> buffer) =>
        Inside(sector, buffer.Length) ? _device.Read(sector, buffer) : StorageError.InvalidArgument;

    /// <inheritdoc/>
    public StorageError Write(long sector, ReadOnlySpan<byte> data) =>
        Inside(sector, data.Length) ? _device.Write(sector, data) : StorageError.InvalidArgument;

    /// <inheritdoc/>
    public StorageError Flush() => _device.Flush();

    private bool Inside(long sector, int length) =>
        sector >= 0 && length % SectorSize == 0 && sector <= SectorCount - (length / SectorSize);
}
