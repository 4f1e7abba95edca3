// The validate step of the connection requests: each error of docs/protocol.md from the registry.
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Connections;
using Smos.RootTask.Resources;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class ConnectionRegistryTests
{
    private static byte[] N(string s) => Encoding.ASCII.GetBytes(s);

    private static ulong Publish(ConnectionRegistry r, ulong pid, string name)
    {
        Assert.Equal(RootError.Ok, r.CheckPublish(pid, N(name), out int index));
        return r.AddPublication(index, pid, N(name));
    }

    [Fact]
    public void DuplicatePublishIsNameTaken()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        Assert.Equal(RootError.NameTaken, r.CheckPublish(2, N("echo"), out _));
    }

    [Fact]
    public void AProcessMayHoldFourPublications()
    {
        var r = new ConnectionRegistry();
        for (int i = 0; i < ConnectionAbi.MaxPublicationsPerProcess; i++)
        {
            Publish(r, 7, "svc" + i);
        }

        Assert.Equal(RootError.TooManyConnections, r.CheckPublish(7, N("one-more"), out _));
        Assert.Equal(RootError.Ok, r.CheckPublish(8, N("one-more"), out _));
    }

    [Fact]
    public void OpenOfAnUnknownNameIsNoSuchName()
    {
        var r = new ConnectionRegistry();
        Assert.Equal(RootError.NoSuchName, r.CheckOpen(N("nobody"), out _, out _));
        Assert.Equal(RootError.BadName, r.CheckOpen(N("Bad Name"), out _, out _));
    }

    [Fact]
    public void ConnectionTableFullIsTooManyConnections()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        for (int i = 0; i < ConnectionRegistry.MaxConnections; i++)
        {
            Assert.Equal(RootError.Ok, r.CheckOpen(N("echo"), out int pub, out int c));
            r.AddConnection(c, pub, 2);
        }

        Assert.Equal(RootError.TooManyConnections, r.CheckOpen(N("echo"), out _, out _));
    }

    [Fact]
    public void CloseOfAHandleTheCallerDoesNotOwnIsBadHandle()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        r.CheckOpen(N("echo"), out int pub, out int c);
        ulong id = r.AddConnection(c, pub, 2);
        Assert.Equal(RootError.BadHandle, r.FindConnection(id, 3, out _));        // someone else's
        Assert.Equal(RootError.BadHandle, r.FindConnection(id + 1000, 2, out _)); // forged
        Assert.Equal(RootError.Ok, r.FindConnection(id, 2, out int found));
        r.RemoveConnection(found);
        Assert.Equal(RootError.BadHandle, r.FindConnection(id, 2, out _));        // stale
    }

    [Fact]
    public void DestroyNeedsTheOwnersLiveHandle()
    {
        var r = new ConnectionRegistry();
        ulong handle = Publish(r, 1, "echo");
        Assert.Equal(RootError.BadHandle, r.FindOwnedPublication(handle, 2, out _));
        Assert.Equal(RootError.BadHandle, r.FindOwnedPublication(handle ^ 1, 1, out _));
        Assert.Equal(RootError.Ok, r.FindOwnedPublication(handle, 1, out int index));
        r.RemovePublication(index);
        Assert.Equal(RootError.BadHandle, r.FindOwnedPublication(handle, 1, out _));
        Assert.Equal(RootError.Ok, r.CheckPublish(2, N("echo"), out _)); // the name is free again
    }

    [Theory]
    [InlineData(0x2000_0000UL, true)]
    [InlineData(0UL, false)]                  // null
    [InlineData(0x2000_0010UL, false)]        // unaligned
    [InlineData(0x7f00_0000_0000UL, false)]   // the start-info page and above
    [InlineData(0x1000_1000UL, false)]        // inside the heap region
    [InlineData(0x400000UL, false)]           // overlaps a mapping (the code)
    [InlineData(0x7ff0_0000_0000UL, false)]   // beyond
    public void BufferAddressesAreCheckedBeforeAnythingIsCreated(ulong vaddr, bool ok)
    {
        var space = new AddressSpace(8, 8, 8);
        var page = new Allocation { Count = 1, FirstSlot = Root(100), ObjectBits = 12, SizeBits = 12 };
        Assert.Equal(Smos.Sel4.Sel4Error.NoError, space.RecordTable(1, 0, page));
        Assert.Equal(Smos.Sel4.Sel4Error.NoError, space.RecordTable(2, 0, page));
        Assert.Equal(Smos.Sel4.Sel4Error.NoError, space.RecordTable(3, 0x400000, page));
        Assert.Equal(Smos.Sel4.Sel4Error.NoError, space.RecordPage(0x400000, page, 0));
        ulong heapBase = ProcessAbi.HeapRegionBase;
        Assert.Equal(ok, ConnectionRegistry.ValidBufferAddress(vaddr, heapBase, heapBase + (256 * 4096), space));
    }
}
