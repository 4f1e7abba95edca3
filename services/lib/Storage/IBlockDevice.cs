// A disk as the file system sees it: whole 512-byte sectors read and written by number, and a flush barrier.
using System;

namespace Smos.Services.Storage;

/// <summary>
/// A block device of <see cref="SectorCount"/> sectors of <see cref="SectorSize"/> bytes (512: the file system and the
/// journal take no other size). Buffers are whole sectors. A write may be reordered with other writes until a
/// <see cref="Flush"/>: every write that returned before a flush is durable before any write issued after it. A write of
/// several sectors is not atomic (a power loss may land some of them); a single sector is.
/// <para>
/// Errors: <see cref="StorageError.InvalidArgument"/> for a buffer that is not whole sectors or a range past the end;
/// <see cref="StorageError.IOError"/> when the device failed. The journal (<see cref="Journal"/>) relies on nothing
/// more than these rules: the order of writes between flushes is free, and a flush is a full barrier.
/// </para>
/// </summary>
public interface IBlockDevice
{
    /// <summary>Bytes per sector (512).</summary>
    int SectorSize { get; }

    /// <summary>Number of sectors.</summary>
    long SectorCount { get; }

    /// <summary>Reads <c>buffer.Length / SectorSize</c> sectors from <paramref name="sector"/> on.</summary>
    StorageError Read(long sector, Span<byte> buffer);

    /// <summary>Writes <c>data.Length / SectorSize</c> sectors from <paramref name="sector"/> on.</summary>
    StorageError Write(long sector, ReadOnlySpan<byte> data);

    /// <summary>A barrier: every write issued before it is durable before any write issued after it.</summary>
    StorageError Flush();
}
