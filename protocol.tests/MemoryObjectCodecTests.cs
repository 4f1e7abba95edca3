// The memory-object requests' layouts: each decode error, round trips, and the handle badge's bits.
using System;
using Xunit;

namespace Smos.Protocol.Tests;

public class MemoryObjectCodecTests
{
    [Fact]
    public void CreateTakesOneWordOf1To256Pages()
    {
        Assert.Equal(RootError.BadLength, MemCreateRequest.Decode([], out _));
        Assert.Equal(RootError.BadLength, MemCreateRequest.Decode([1, 2], out _));
        Assert.Equal(RootError.BadArgument, MemCreateRequest.Decode([0], out _));
        Assert.Equal(RootError.BadArgument, MemCreateRequest.Decode([257], out _));
        Assert.Equal(RootError.BadArgument, MemCreateRequest.Decode([ulong.MaxValue], out _));
        Assert.Equal(RootError.Ok, MemCreateRequest.Decode([256], out int pages));
        Assert.Equal(256, pages);
        Span<ulong> m = stackalloc ulong[1];
        Assert.Equal(RootError.Ok, MemCreateRequest.Decode(m.Slice(0, MemCreateRequest.Encode(3, m)), out pages));
        Assert.Equal(3, pages);
        Assert.Equal(40UL, (ulong)MemCreateRequest.Label);
    }

    [Fact]
    public void HandleAndMapTakeRightsZeroOrOneAndMapAPageAlignedAddress()
    {
        Assert.Equal(RootError.BadLength, MemHandleRequest.Decode([], out _));
        Assert.Equal(RootError.BadArgument, MemHandleRequest.Decode([2], out _));
        Assert.Equal(RootError.Ok, MemHandleRequest.Decode([1], out bool writable));
        Assert.True(writable);
        Assert.Equal(RootError.Ok, MemHandleRequest.Decode([0], out writable));
        Assert.False(writable);

        Assert.Equal(RootError.BadLength, MemMapRequest.Decode([0x5000_0000], out _));
        Assert.Equal(RootError.BadLength, MemMapRequest.Decode([0x5000_0000, 0, 0], out _));
        Assert.Equal(RootError.BadArgument, MemMapRequest.Decode([0x5000_0000, 7], out _)); // rights before the address
        Assert.Equal(RootError.BadAddress, MemMapRequest.Decode([0, 0], out _));
        Assert.Equal(RootError.BadAddress, MemMapRequest.Decode([0x5000_0008, 0], out _));
        Span<ulong> m = stackalloc ulong[2];
        Assert.Equal(RootError.Ok, MemMapRequest.Decode(m.Slice(0, MemMapRequest.Encode(0x5000_0000, true, m)), out MemMapArgs args));
        Assert.Equal((0x5000_0000UL, true), (args.Vaddr, args.Writable));
    }

    [Fact]
    public void UnmapAndCloseHaveTheirLengths()
    {
        Assert.Equal(RootError.BadLength, MemUnmapRequest.Decode([], out _));
        Assert.Equal(RootError.Ok, MemUnmapRequest.Decode([0x5000_0000], out ulong vaddr));
        Assert.Equal(0x5000_0000UL, vaddr);
        Assert.Equal(RootError.Ok, MemCloseRequest.Decode([]));
        Assert.Equal(RootError.BadLength, MemCloseRequest.Decode([1]));
        Assert.Equal(0, MemCloseRequest.Encode([]));
    }

    [Fact]
    public void AHandlesBadgeNeverLooksLikeAProcesssAndCarriesItsRights()
    {
        const ulong pidMax = (1UL << 48) - 1, faultFlag = 1UL << 48;
        Assert.False(MemoryObjectAbi.IsHandle(pidMax | faultFlag));
        ulong rw = MemoryObjectAbi.Badge(pidMax, writable: true);
        ulong ro = MemoryObjectAbi.Badge(7, writable: false);
        Assert.True(MemoryObjectAbi.IsHandle(rw) && MemoryObjectAbi.IsHandle(ro));
        Assert.Equal(pidMax, rw & MemoryObjectAbi.IdMask);
        Assert.NotEqual(0UL, rw & MemoryObjectAbi.WritableFlag);
        Assert.Equal(0UL, ro & MemoryObjectAbi.WritableFlag);
        Assert.Equal(0UL, (rw | ro) & faultFlag);
        foreach (RootRequest r in new[] { RootRequest.MemCreate, RootRequest.MemHandle, RootRequest.MemMap, RootRequest.MemUnmap, RootRequest.MemClose })
        {
            Assert.True(RootReplies.IsRequest((ulong)r));
        }

        Assert.Contains("revoked", ProtocolAbiText(RootError.NoMemoryObject));
        Assert.Contains("read-only", ProtocolAbiText(RootError.ReadOnlyHandle));
    }

    private static string ProtocolAbiText(RootError e) => ProcessAbi.Describe(e);
}
