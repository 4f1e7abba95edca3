// seL4_BootInfo parser (seL4 16.0.0, AArch64, non-MCS layout) and the extra-bootinfo chunk walker.
using System;

namespace Smos.Formats;

/// <summary>Outcome of a BootInfo operation. Every failure of the parser is one of these values.</summary>
public enum BootInfoError
{
    Ok = 0,
    TooSmall,
    BadEmptyRegion,
    BadSharedFramesRegion,
    BadUserImageFramesRegion,
    BadUserImagePagingRegion,
    BadIOSpaceCapsRegion,
    BadExtraBIPagesRegion,
    BadUntypedRegion,
    TooManyUntypeds,
    BadUntypedSizeBits,
    BadUntypedDeviceFlag,
    IndexOutOfRange,
    ExtraHeaderTruncated,
    ExtraChunkTooShort,
    ExtraChunkPastEnd,
    ExtraChunkNotFound,
}

/// <summary>A range of capability slots [Start, End) in the root CNode.</summary>
public struct SlotRegion
{
    public ulong Start;
    public ulong End;

    public SlotRegion(ulong start, ulong end)
    {
        Start = start;
        End = end;
    }

    /// <summary>End - Start; only meaningful for a validated region (Start &lt;= End).</summary>
    public readonly ulong Count => End - Start;
}

/// <summary>One seL4_UntypedDesc: the physical memory behind one untyped capability.</summary>
public struct UntypedDesc
{
    public ulong PAddr;
    public byte SizeBits;
    public bool IsDevice;

    /// <summary>2^SizeBits (0 when SizeBits is not below 64, which a validated view never holds).</summary>
    public readonly ulong SizeBytes => SizeBits < 64 ? 1UL << SizeBits : 0;
}

/// <summary>
/// A validated view of a seL4_BootInfo. Obtain it from <see cref="BootInfo.Parse"/>; every accessor of a
/// default view returns zero.
/// </summary>
public readonly ref struct BootInfoView
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal BootInfoView(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
    }

    public ulong ExtraLen => Read(BootInfo.OffExtraLen);

    public ulong NodeId => Read(BootInfo.OffNodeId);

    public ulong NumNodes => Read(BootInfo.OffNumNodes);

    public ulong NumIOPTLevels => Read(BootInfo.OffNumIOPTLevels);

    public ulong IpcBuffer => Read(BootInfo.OffIpcBuffer);

    public SlotRegion Empty => Region(BootInfo.OffEmpty);

    public SlotRegion SharedFrames => Region(BootInfo.OffSharedFrames);

    public SlotRegion UserImageFrames => Region(BootInfo.OffUserImageFrames);

    public SlotRegion UserImagePaging => Region(BootInfo.OffUserImagePaging);

    public SlotRegion IOSpaceCaps => Region(BootInfo.OffIOSpaceCaps);

    public SlotRegion ExtraBIPages => Region(BootInfo.OffExtraBIPages);

    public ulong InitThreadCNodeSizeBits => Read(BootInfo.OffInitThreadCNodeSizeBits);

    public ulong InitThreadDomain => Read(BootInfo.OffInitThreadDomain);

    public SlotRegion Untyped => Region(BootInfo.OffUntyped);

    /// <summary>Number of untyped descriptors (Untyped.Count, at most 230 in a validated view).</summary>
    public int UntypedCount
    {
        get
        {
            ulong count = Untyped.Count;
            return count > BootInfo.MaxUntypeds ? 0 : (int)count;
        }
    }

    /// <summary>Descriptor <paramref name="index"/>, for the cap in slot Untyped.Start + index; all zero when out of range.</summary>
    public UntypedDesc GetUntyped(int index)
    {
        TryGetUntyped(index, out UntypedDesc desc);
        return desc;
    }

    /// <summary>Descriptor <paramref name="index"/>, or IndexOutOfRange when it is not below <see cref="UntypedCount"/>.</summary>
    public BootInfoError TryGetUntyped(int index, out UntypedDesc desc)
    {
        desc = default;
        if (index < 0 || index >= UntypedCount || _bytes.Length < BootInfo.Size)
        {
            return BootInfoError.IndexOutOfRange;
        }

        int offset = BootInfo.OffUntypedList + (index * BootInfo.UntypedDescSize);
        desc.PAddr = Bytes.U64(_bytes, offset);
        desc.SizeBits = _bytes[offset + 8];
        desc.IsDevice = _bytes[offset + 9] != 0;
        return BootInfoError.Ok;
    }

    private SlotRegion Region(int offset) => new SlotRegion(Read(offset), Read(offset + 8));

    /// <summary>A field of the BootInfo; 0 for a default (unparsed) view, so it can never read out of range.</summary>
    private ulong Read(int offset) => _bytes.Length >= BootInfo.Size ? Bytes.U64(_bytes, offset) : 0;
}
