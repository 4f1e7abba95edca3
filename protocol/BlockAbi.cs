// The block driver's protocol (drivers/virtio-blk): its name, requests, errors; sector data travels in the connection's shared page.
using System;

namespace Smos.Protocol;

/// <summary>
/// The virtio block driver (drivers/virtio-blk) publishes <see cref="Name"/>. A client opens it, shares a page with
/// ConnShare (libsmos <c>Connections.Share</c>) and calls with a <see cref="BlockRequest"/> label on the register path;
/// sector data goes through that page (at most <see cref="MaxSectorsPerRequest"/> sectors per call). The reply label is a
/// <see cref="BlockError"/>. Sectors are <see cref="SectorSize"/> bytes.
/// </summary>
public static class BlockAbi
{
    /// <summary>The name the block driver publishes.</summary>
    public static ReadOnlySpan<byte> Name => "blk"u8;

    /// <summary>Bytes per sector.</summary>
    public const int SectorSize = 512;

    /// <summary>The most sectors one Read or Write moves: one shared page (4 KiB).</summary>
    public const int MaxSectorsPerRequest = 8;

    /// <summary>
    /// The last sectors of a disk that the file server (services/files) leaves outside the volume when it formats a blank
    /// disk: raw tests (apps/blkcheck) write there without touching files.
    /// </summary>
    public const int ScratchSectors = 16;

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(BlockError error) => error switch
    {
        BlockError.Ok => "ok",
        BlockError.UnknownRequest => "unknown request: the block driver does not know this label",
        BlockError.BadLength => "bad length: the message length does not match the request's arguments",
        BlockError.BadArgument => "bad argument: a sector count of 0 or more than 8",
        BlockError.OutOfRange => "out of range: the sectors lie past the end of the disk",
        BlockError.NoSharedPage => "no shared page: share a page with the connection (ConnShare) before reading or writing",
        BlockError.IOError => "I/O error: the device reported a failure",
        BlockError.ReadOnly => "read-only: the disk does not accept writes",
        BlockError.Unsupported => "unsupported: the device does not offer this request",
        BlockError.Busy => "busy: this connection has a request in progress already",
        BlockError.NoSlot => "the block driver has no capability slot left for the reply",
        _ => "unknown block error",
    };
}

/// <summary>Requests to the block driver (the label); MR0-1 as each says.</summary>
public enum BlockRequest : ulong
{
    /// <summary>Length 0. Reply MR0 = sectors on the disk, MR1 = <see cref="BlockAbi.SectorSize"/>, MR2 = 1 when read-only.</summary>
    Info = 1,

    /// <summary>MR0 = first sector, MR1 = count (1..8); length 2. The sectors are in the shared page when the reply comes.</summary>
    Read = 2,

    /// <summary>MR0 = first sector, MR1 = count (1..8); length 2. The sectors are taken from the shared page; durable after Flush.</summary>
    Write = 3,

    /// <summary>Length 0. Every write answered before it is on the disk when the reply comes.</summary>
    Flush = 4,
}

/// <summary>The reply label of every block request (<see cref="BlockAbi.Describe"/> says each in words).</summary>
public enum BlockError : ulong
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>A label that is not a <see cref="BlockRequest"/>.</summary>
    UnknownRequest = 1,

    /// <summary>The message length does not match the request.</summary>
    BadLength = 2,

    /// <summary>A sector count of 0 or more than <see cref="BlockAbi.MaxSectorsPerRequest"/>.</summary>
    BadArgument = 3,

    /// <summary>Sectors past the end of the disk.</summary>
    OutOfRange = 4,

    /// <summary>Read or Write before the connection shared a page.</summary>
    NoSharedPage = 5,

    /// <summary>The device failed the request.</summary>
    IOError = 6,

    /// <summary>A Write to a read-only disk.</summary>
    ReadOnly = 7,

    /// <summary>The device does not offer the request (Flush without VIRTIO_BLK_F_FLUSH).</summary>
    Unsupported = 8,

    /// <summary>A connection has one request in progress at a time (its caller is blocked in the first).</summary>
    Busy = 9,

    /// <summary>The driver has no capability slot left to keep the caller's reply.</summary>
    NoSlot = 10,
}
