// Validation entry points for seL4_BootInfo, the extra-bootinfo chunk walker, and BootInfoError messages.
using System;

namespace Smos.Formats;

/// <summary>Offsets and limits of seL4_BootInfo (3848 bytes; see docs/sel4-abi.md, "BootInfo") and its parsers.</summary>
public static class BootInfo
{
    public const int Size = 3848;
    public const int MaxUntypeds = 230;
    public const int UntypedDescSize = 16;
    public const byte MinUntypedSizeBits = 4;
    public const byte MaxUntypedSizeBits = 47;
    public const int ExtraHeaderSize = 16;

    /// <summary>Extra bootinfo chunk ids (SEL4_BOOTINFO_HEADER_*).</summary>
    public const ulong PaddingChunkId = 0;
    public const ulong FdtChunkId = 6;

    internal const int OffExtraLen = 0;
    internal const int OffNodeId = 8;
    internal const int OffNumNodes = 16;
    internal const int OffNumIOPTLevels = 24;
    internal const int OffIpcBuffer = 32;
    internal const int OffEmpty = 40;
    internal const int OffSharedFrames = 56;
    internal const int OffUserImageFrames = 72;
    internal const int OffUserImagePaging = 88;
    internal const int OffIOSpaceCaps = 104;
    internal const int OffExtraBIPages = 120;
    internal const int OffInitThreadCNodeSizeBits = 136;
    internal const int OffInitThreadDomain = 144;
    internal const int OffUntyped = 152;
    internal const int OffUntypedList = 168;

    /// <summary>
    /// Validates a BootInfo: at least 3848 bytes, every slot region has Start &lt;= End, at most 230
    /// untypeds, each untyped with sizeBits in 4..47 and an isDevice byte of 0 or 1.
    /// </summary>
    public static BootInfoError Parse(ReadOnlySpan<byte> bytes, out BootInfoView view)
    {
        view = default;
        if (bytes.Length < Size)
        {
            return BootInfoError.TooSmall;
        }

        if (!RegionOk(bytes, OffEmpty))
        {
            return BootInfoError.BadEmptyRegion;
        }

        if (!RegionOk(bytes, OffSharedFrames))
        {
            return BootInfoError.BadSharedFramesRegion;
        }

        if (!RegionOk(bytes, OffUserImageFrames))
        {
            return BootInfoError.BadUserImageFramesRegion;
        }

        if (!RegionOk(bytes, OffUserImagePaging))
        {
            return BootInfoError.BadUserImagePagingRegion;
        }

        if (!RegionOk(bytes, OffIOSpaceCaps))
        {
            return BootInfoError.BadIOSpaceCapsRegion;
        }

        if (!RegionOk(bytes, OffExtraBIPages))
        {
            return BootInfoError.BadExtraBIPagesRegion;
        }

        if (!RegionOk(bytes, OffUntyped))
        {
            return BootInfoError.BadUntypedRegion;
        }

        ulong count = Bytes.U64(bytes, OffUntyped + 8) - Bytes.U64(bytes, OffUntyped);
        if (count > MaxUntypeds)
        {
            return BootInfoError.TooManyUntypeds;
        }

        for (int i = 0; i < (int)count; i++)
        {
            int offset = OffUntypedList + (i * UntypedDescSize);
            byte sizeBits = bytes[offset + 8];
            if (sizeBits < MinUntypedSizeBits || sizeBits > MaxUntypedSizeBits)
            {
                return BootInfoError.BadUntypedSizeBits;
            }

            if (bytes[offset + 9] > 1)
            {
                return BootInfoError.BadUntypedDeviceFlag;
            }
        }

        view = new BootInfoView(bytes);
        return BootInfoError.Ok;
    }

    /// <summary>
    /// Walks the extra bootinfo (ExtraLen bytes starting 4 KiB after the BootInfo), a sequence of chunks
    /// with a {u64 id, u64 len} header where len counts the header. On Ok, <paramref name="chunk"/> is the
    /// body of the first chunk with that id, without its 16-byte header.
    /// </summary>
    public static BootInfoError FindExtra(ReadOnlySpan<byte> extra, ulong id, out ReadOnlySpan<byte> chunk)
    {
        chunk = default;
        int offset = 0;
        while (offset < extra.Length)
        {
            if (extra.Length - offset < ExtraHeaderSize)
            {
                return BootInfoError.ExtraHeaderTruncated;
            }

            ulong chunkId = Bytes.U64(extra, offset);
            ulong length = Bytes.U64(extra, offset + 8);
            if (length < ExtraHeaderSize)
            {
                return BootInfoError.ExtraChunkTooShort;
            }

            if (length > (ulong)(extra.Length - offset))
            {
                return BootInfoError.ExtraChunkPastEnd;
            }

            if (chunkId == id)
            {
                chunk = extra.Slice(offset + ExtraHeaderSize, (int)length - ExtraHeaderSize);
                return BootInfoError.Ok;
            }

            offset += (int)length;
        }

        return BootInfoError.ExtraChunkNotFound;
    }

    /// <summary>The device tree blob handed over by the kernel (extra chunk id 6).</summary>
    public static BootInfoError FindFdt(ReadOnlySpan<byte> extra, out ReadOnlySpan<byte> fdt) => FindExtra(extra, FdtChunkId, out fdt);

    /// <summary>Counts the device (or RAM) untypeds of a view and adds up their sizes.</summary>
    public static void SumUntyped(in BootInfoView view, bool device, out int count, out ulong totalBytes)
    {
        count = 0;
        totalBytes = 0;
        int n = view.UntypedCount;
        for (int i = 0; i < n; i++)
        {
            UntypedDesc desc = view.GetUntyped(i);
            if (desc.IsDevice == device)
            {
                count++;
                totalBytes += desc.SizeBytes;
            }
        }
    }

    /// <summary>A one-sentence explanation of <paramref name="error"/>.</summary>
    public static string Describe(BootInfoError error) => error switch
    {
        BootInfoError.Ok => "ok",
        BootInfoError.TooSmall => "too small: a seL4_BootInfo needs at least 3848 bytes",
        BootInfoError.BadEmptyRegion => "bad empty region: the empty slot region has start > end",
        BootInfoError.BadSharedFramesRegion => "bad sharedFrames region: start > end",
        BootInfoError.BadUserImageFramesRegion => "bad userImageFrames region: start > end",
        BootInfoError.BadUserImagePagingRegion => "bad userImagePaging region: start > end",
        BootInfoError.BadIOSpaceCapsRegion => "bad ioSpaceCaps region: start > end",
        BootInfoError.BadExtraBIPagesRegion => "bad extraBIPages region: start > end",
        BootInfoError.BadUntypedRegion => "bad untyped region: start > end",
        BootInfoError.TooManyUntypeds => "too many untypeds: untyped.end - untyped.start exceeds the 230 entries of untypedList",
        BootInfoError.BadUntypedSizeBits => "bad untyped sizeBits: an untypedList entry's sizeBits is outside 4..47",
        BootInfoError.BadUntypedDeviceFlag => "bad untyped isDevice: an untypedList entry's isDevice byte is neither 0 nor 1",
        BootInfoError.IndexOutOfRange => "index out of range: the untyped index is negative or not below the untyped count",
        BootInfoError.ExtraHeaderTruncated => "extra bootinfo truncated: fewer than 16 bytes remain for a chunk header",
        BootInfoError.ExtraChunkTooShort => "extra bootinfo chunk too short: its len is below the 16-byte header it includes (len 0 would loop forever)",
        BootInfoError.ExtraChunkPastEnd => "extra bootinfo chunk past end: its len runs past the end of the extra bootinfo",
        BootInfoError.ExtraChunkNotFound => "extra bootinfo chunk not found: no chunk has that id",
        _ => "unknown BootInfo error value",
    };

    private static bool RegionOk(ReadOnlySpan<byte> bytes, int offset) => Bytes.U64(bytes, offset) <= Bytes.U64(bytes, offset + 8);
}
