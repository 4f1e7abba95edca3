// BootInfo parser: every accessor against the reference boot of docs/sel4-abi.md, extra-bootinfo chunks, and each malformed case.
using System;
using System.Linq;
using Xunit;

namespace Smos.Formats.Tests;

public class BootInfoTests
{
    [Fact]
    public void Reference_EveryAccessor()
    {
        BootInfoImage img = BootInfoFixture.Reference();
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(img.Page, out BootInfoView v));

        Assert.Equal(7649UL, v.ExtraLen);
        Assert.Equal((0UL, 1UL, 0UL), (v.NodeId, v.NumNodes, v.NumIOPTLevels));
        Assert.Equal(0x408000UL, v.IpcBuffer);
        Assert.Equal((90UL, 4096UL, 4006UL), (v.Empty.Start, v.Empty.End, v.Empty.Count));
        Assert.Equal((0UL, 0UL, 0UL), (v.SharedFrames.Start, v.SharedFrames.End, v.SharedFrames.Count));
        Assert.Equal((21UL, 29UL, 8UL), (v.UserImageFrames.Start, v.UserImageFrames.End, v.UserImageFrames.Count));
        Assert.Equal((16UL, 19UL), (v.UserImagePaging.Start, v.UserImagePaging.End));
        Assert.Equal((0UL, 0UL), (v.IOSpaceCaps.Start, v.IOSpaceCaps.End));
        Assert.Equal((19UL, 21UL), (v.ExtraBIPages.Start, v.ExtraBIPages.End));
        Assert.Equal(12UL, v.InitThreadCNodeSizeBits);
        Assert.Equal(0UL, v.InitThreadDomain);
        Assert.Equal((29UL, 90UL, 61UL), (v.Untyped.Start, v.Untyped.End, v.Untyped.Count));
        Assert.Equal(61, v.UntypedCount);

        var expected = BootInfoFixture.ReferenceUntypeds;
        Assert.Equal(61, expected.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            UntypedDesc d = v.GetUntyped(i);
            Assert.Equal(expected[i], (d.PAddr, d.SizeBits, d.IsDevice));
            Assert.Equal(1UL << expected[i].SizeBits, d.SizeBytes);
        }

        Assert.Equal(BootInfoError.IndexOutOfRange, v.TryGetUntyped(61, out _));
        Assert.Equal(BootInfoError.IndexOutOfRange, v.TryGetUntyped(-1, out _));
        Assert.Equal(default, v.GetUntyped(61));
    }

    [Fact]
    public void SumUntyped_SplitsDeviceAndRam()
    {
        BootInfoImage img = BootInfoFixture.Reference();
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(img.Page, out BootInfoView v));
        foreach (bool device in new[] { false, true })
        {
            var subset = BootInfoFixture.ReferenceUntypeds.Where(u => u.IsDevice == device).ToList();
            BootInfo.SumUntyped(v, device, out int count, out ulong total);
            Assert.Equal(subset.Count, count);
            Assert.Equal(subset.Aggregate(0UL, (sum, u) => sum + (1UL << u.SizeBits)), total);
        }
    }

    [Fact]
    public void Extra_FindsFdtChunk()
    {
        BootInfoImage img = BootInfoFixture.Reference();
        Assert.Equal(BootInfoError.Ok, BootInfo.FindExtra(img.Extra, BootInfo.FdtChunkId, out ReadOnlySpan<byte> fdt));
        Assert.Equal(BootInfoFixture.ReferenceFdtSize, fdt.Length);
        Assert.Equal([0xD0, 0x0D, 0xFE, 0xED], fdt[..4].ToArray());
        Assert.Equal(BootInfoError.Ok, BootInfo.FindFdt(img.Extra, out ReadOnlySpan<byte> again));
        Assert.Equal(fdt.Length, again.Length);
        Assert.Equal(BootInfoError.ExtraChunkNotFound, BootInfo.FindExtra(img.Extra, 99, out _));
        Assert.Equal(BootInfoError.ExtraChunkNotFound, BootInfo.FindExtra([], BootInfo.FdtChunkId, out _));

        byte[] padded = [.. BootInfoFixture.Chunk(BootInfo.PaddingChunkId, new byte[40]), .. BootInfoFixture.Chunk(1, []), .. img.Extra];
        Assert.Equal(BootInfoError.Ok, BootInfo.FindFdt(padded, out fdt));
        Assert.Equal(BootInfoFixture.ReferenceFdtSize, fdt.Length);
        Assert.Equal(BootInfoError.Ok, BootInfo.FindExtra(padded, 1, out ReadOnlySpan<byte> emptyBody));
        Assert.True(emptyBody.IsEmpty);
    }

    [Theory]
    [InlineData(0UL, BootInfoError.ExtraChunkTooShort)]
    [InlineData(15UL, BootInfoError.ExtraChunkTooShort)]
    [InlineData(7650UL, BootInfoError.ExtraChunkPastEnd)]
    [InlineData(ulong.MaxValue, BootInfoError.ExtraChunkPastEnd)]
    [InlineData(0x8000000000000010UL, BootInfoError.ExtraChunkPastEnd)]
    public void Extra_BadChunkLength(ulong length, BootInfoError expected)
    {
        byte[] extra = BootInfoFixture.Reference().Extra;
        BootInfoFixture.Put(extra, 8, length);
        Assert.Equal(expected, BootInfo.FindFdt(extra, out _));

        byte[] second = [.. BootInfoFixture.Chunk(0, new byte[8]), .. extra];
        Assert.Equal(expected, BootInfo.FindFdt(second, out _));
    }

    [Fact]
    public void Extra_TruncatedHeader()
    {
        byte[] extra = BootInfoFixture.Reference().Extra;
        Assert.Equal(BootInfoError.ExtraHeaderTruncated, BootInfo.FindFdt(extra.AsSpan(0, 10), out _));
        byte[] tail = [.. BootInfoFixture.Chunk(0, new byte[8]), 1, 2, 3];
        Assert.Equal(BootInfoError.ExtraHeaderTruncated, BootInfo.FindFdt(tail, out _));
        Assert.Equal(BootInfoError.ExtraChunkPastEnd, BootInfo.FindFdt(extra.AsSpan(0, extra.Length - 1), out _));
    }

    [Fact]
    public void ShortBuffer()
    {
        byte[] page = BootInfoFixture.Reference().Page;
        Assert.Equal(BootInfoError.TooSmall, BootInfo.Parse(page.AsSpan(0, 3847), out BootInfoView v));
        Assert.Equal(0, v.UntypedCount);
        Assert.Equal(BootInfoError.TooSmall, BootInfo.Parse([], out _));
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(page.AsSpan(0, 3848), out _));
    }

    [Theory]
    [InlineData(40, BootInfoError.BadEmptyRegion)]
    [InlineData(56, BootInfoError.BadSharedFramesRegion)]
    [InlineData(72, BootInfoError.BadUserImageFramesRegion)]
    [InlineData(88, BootInfoError.BadUserImagePagingRegion)]
    [InlineData(104, BootInfoError.BadIOSpaceCapsRegion)]
    [InlineData(120, BootInfoError.BadExtraBIPagesRegion)]
    [InlineData(152, BootInfoError.BadUntypedRegion)]
    public void RegionStartAfterEnd(int offset, BootInfoError expected)
    {
        byte[] page = BootInfoFixture.Reference().Page;
        BootInfoFixture.Region(page, offset, 100, 99);
        Assert.Equal(expected, BootInfo.Parse(page, out _));
        BootInfoFixture.Region(page, offset, ulong.MaxValue, 0);
        Assert.Equal(expected, BootInfo.Parse(page, out _));
    }

    [Fact]
    public void UntypedCountLimits()
    {
        byte[] page = BootInfoFixture.Reference().Page;
        for (int i = 61; i < 231; i++)
        {
            BootInfoFixture.SetUntyped(page, i, 0x1000UL * (ulong)i, 12, false);
        }

        BootInfoFixture.Region(page, 152, 29, 29 + 230);
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(page, out BootInfoView v));
        Assert.Equal(230, v.UntypedCount);
        Assert.Equal(0x1000UL * 229, v.GetUntyped(229).PAddr);

        BootInfoFixture.Region(page, 152, 29, 29 + 231);
        Assert.Equal(BootInfoError.TooManyUntypeds, BootInfo.Parse(page, out _));
        BootInfoFixture.Region(page, 152, 0, ulong.MaxValue);
        Assert.Equal(BootInfoError.TooManyUntypeds, BootInfo.Parse(page, out _));
        BootInfoFixture.Region(page, 152, 50, 50);
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(page, out v));
        Assert.Equal(0, v.UntypedCount);
    }

    [Theory]
    [InlineData(3, BootInfoError.BadUntypedSizeBits)]
    [InlineData(48, BootInfoError.BadUntypedSizeBits)]
    [InlineData(255, BootInfoError.BadUntypedSizeBits)]
    [InlineData(4, BootInfoError.Ok)]
    [InlineData(47, BootInfoError.Ok)]
    public void UntypedSizeBits(byte sizeBits, BootInfoError expected)
    {
        byte[] page = BootInfoFixture.Reference().Page;
        BootInfoFixture.SetUntyped(page, 60, 0x1000, sizeBits, false);
        Assert.Equal(expected, BootInfo.Parse(page, out _));

        // An entry past the untyped count is not validated.
        page = BootInfoFixture.Reference().Page;
        BootInfoFixture.SetUntyped(page, 61, 0x1000, sizeBits, false);
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(page, out _));
    }

    [Fact]
    public void UntypedDeviceFlag()
    {
        byte[] page = BootInfoFixture.Reference().Page;
        page[168 + (5 * 16) + 9] = 2;
        Assert.Equal(BootInfoError.BadUntypedDeviceFlag, BootInfo.Parse(page, out _));
    }

    [Fact]
    public void RecordedDumpSplit()
    {
        BootInfoImage reference = BootInfoFixture.Reference();
        byte[] dump = [.. reference.Page, .. reference.Extra, .. new byte[100]];
        BootInfoImage split = BootInfoFixture.FromRecordedDump(dump);
        Assert.Equal(reference.Page, split.Page);
        Assert.Equal(reference.Extra, split.Extra);
    }

    [Fact]
    public void Describe_IsDistinctForEveryValue()
    {
        string[] messages = Enum.GetValues<BootInfoError>().Select(BootInfo.Describe).ToArray();
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(messages.Length, messages.Distinct().Count());
        Assert.StartsWith("unknown", BootInfo.Describe((BootInfoError)999), StringComparison.Ordinal);
    }
}
