// The memory-object requests' layouts: each decode error, round trips, and the handle badge's bits.
using System;
using Xunit;

namespace Smos.Protocol.Tests;

public class MemoryObjectCodecTests
{
    private static RootError E(ProtocolError decoded) => RootReplies.ErrorOf(decoded);

    // The ranges (1-256 pages, a page-aligned address other than 0) are the root task's rules, after the decoder
    // (MemoryObjectServer; roottask.tests/MemoryObjectTests check them).
    [Fact]
    public void CreateTakesOneWord()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemCreate([], out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemCreate([1, 2], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemCreate([256], out MemCreateArgs create)));
        Assert.Equal(256UL, create.Pages);
        Span<ulong> m = stackalloc ulong[1];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemCreate(m.Slice(0, RootTaskProtocol.EncodeMemCreate(3, m)), out create)));
        Assert.Equal(3UL, create.Pages);
        Assert.Equal(40UL, RootTaskProtocol.MemCreateLabel);
    }

    [Fact]
    public void HandleAndMapTakeRightsZeroOrOne()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemHandle([], out _)));
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodeMemHandle([2], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemHandle([1], out MemHandleArgs handle)));
        Assert.Equal(MemoryRights.ReadWrite, handle.Rights);
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemHandle([0], out handle)));
        Assert.Equal(MemoryRights.ReadOnly, handle.Rights);

        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemMap([0x5000_0000], out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemMap([0x5000_0000, 0, 0], out _)));
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodeMemMap([0x5000_0000, 7], out _)));
        Span<ulong> m = stackalloc ulong[2];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemMap(m.Slice(0, RootTaskProtocol.EncodeMemMap(0x5000_0000, MemoryRights.ReadWrite, m)), out MemMapArgs args)));
        Assert.Equal((0x5000_0000UL, MemoryRights.ReadWrite), (args.Vaddr, args.Rights));
    }

    [Fact]
    public void UnmapAndCloseHaveTheirLengths()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemUnmap([], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemUnmap([0x5000_0000], out MemUnmapArgs unmap)));
        Assert.Equal(0x5000_0000UL, unmap.Vaddr);
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeMemClose([])));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeMemClose([1])));
        Assert.Equal(0, RootTaskProtocol.EncodeMemClose([]));
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
