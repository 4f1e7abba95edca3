// The validate step of the connection requests: each error of docs/protocol.md from the registry.
using System.Linq;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Connections;
using Smos.RootTask.Resources;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

public class ConnectionRegistryTests
{
    private const int PerClient = 16;

    private static byte[] N(string s) => Encoding.ASCII.GetBytes(s);

    private static ulong Publish(ConnectionRegistry r, ulong pid, string name)
    {
        Assert.Equal(RootError.Ok, r.CheckPublish(pid, N(name), out int index));
        return r.AddPublication(index, pid, N(name));
    }

    // The records on a client's list, walked from its head.
    private static System.Collections.Generic.List<int> ClientList(ConnectionRegistry r, ulong pid)
    {
        var list = new System.Collections.Generic.List<int>();
        for (int i = r.FirstOfClient(pid); i >= 0 && list.Count <= r.ConnectionCapacity; i = r.NextOfClient(i))
        {
            list.Add(i);
        }

        return list;
    }

    private static int Open(ConnectionRegistry r, ulong pid, string name)
    {
        Assert.Equal(RootError.Ok, r.CheckOpen(pid, N(name), out int pub, out int connection));
        r.AddConnection(connection, pub, pid);
        return connection;
    }

    [Fact]
    public void EachClientsListHoldsExactlyItsOwnConnectionsThroughRemovalsAtEitherEndAndInTheMiddle()
    {
        // A process's end walks only this list (not every connection record), so it must never lose or borrow one.
        var r = new ConnectionRegistry();
        Publish(r, 1, "a");
        Publish(r, 1, "b");
        var mine = new System.Collections.Generic.List<int>();
        var theirs = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 10; i++)
        {
            mine.Add(Open(r, 5, i % 2 == 0 ? "a" : "b"));
            theirs.Add(Open(r, 6, "a"));
        }

        Assert.Equal(mine.OrderBy(x => x), ClientList(r, 5).OrderBy(x => x));
        Assert.Equal(theirs.OrderBy(x => x), ClientList(r, 6).OrderBy(x => x));
        foreach (int gone in new[] { mine[9], mine[0], mine[4] }) // the head (newest), the tail (oldest), one between
        {
            r.RemoveConnection(gone);
            mine.Remove(gone);
            Assert.Equal(mine.OrderBy(x => x), ClientList(r, 5).OrderBy(x => x));
        }

        r.MarkClosing(mine[1], 3); // a closing record stays on the list until it is removed
        Assert.Contains(mine[1], ClientList(r, 5));
        foreach (int c in mine)
        {
            r.RemoveConnection(c);
        }

        Assert.Equal(-1, r.FirstOfClient(5));
        Assert.Equal(theirs.OrderBy(x => x), ClientList(r, 6).OrderBy(x => x));
        int reused = Open(r, 5, "b"); // a record taken again starts a fresh list
        Assert.Equal([reused], ClientList(r, 5));
    }

    [Fact]
    public void EachOwnersListHoldsExactlyItsOwnPublicationsThroughRemovalsAtEitherEndAndInTheMiddle()
    {
        // A server's end (its farewell and the destruction of its publications) walks only this list.
        var r = new ConnectionRegistry();
        var mine = new System.Collections.Generic.List<int>();
        var theirs = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 10; i++)
        {
            Publish(r, 5, $"m{i}");
            mine.Add(r.FindPublication(N($"m{i}")));
            Publish(r, 6, $"t{i}");
            theirs.Add(r.FindPublication(N($"t{i}")));
        }

        Assert.Equal(mine.OrderBy(x => x), OwnerList(r, 5).OrderBy(x => x));
        Assert.Equal(theirs.OrderBy(x => x), OwnerList(r, 6).OrderBy(x => x));
        foreach (int gone in new[] { mine[9], mine[0], mine[4] }) // the head (newest), the tail (oldest), one between
        {
            r.RemovePublication(gone);
            mine.Remove(gone);
            Assert.Equal(mine.OrderBy(x => x), OwnerList(r, 5).OrderBy(x => x));
            Assert.Equal(mine.Count, r.Owned(5));
        }

        foreach (int p in mine)
        {
            r.RemovePublication(p);
        }

        Assert.Equal(-1, r.FirstOfOwner(5));
        Assert.Equal(theirs.OrderBy(x => x), OwnerList(r, 6).OrderBy(x => x));
        Publish(r, 5, "again"); // a record taken again starts a fresh list
        Assert.Equal([r.FindPublication(N("again"))], OwnerList(r, 5));
    }

    private static System.Collections.Generic.List<int> OwnerList(ConnectionRegistry r, ulong pid)
    {
        var list = new System.Collections.Generic.List<int>();
        for (int i = r.FirstOfOwner(pid); i >= 0; i = r.NextOfOwner(i))
        {
            Assert.Equal(pid, r.PublicationOwner(i));
            list.Add(i);
        }

        return list;
    }

    [Fact]
    public void DuplicatePublishIsNameTaken()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        Assert.Equal(RootError.NameTaken, r.CheckPublish(2, N("echo"), out _));
    }

    [Fact]
    public void TheRegistryHasNoPerProcessPublicationLimitThePublicationsQuotaIsTheBound()
    {
        var r = new ConnectionRegistry();
        for (int i = 0; i < 100; i++)
        {
            Publish(r, 7, "svc" + i);
        }

        Assert.Equal(100, r.Owned(7));
        Assert.Equal(RootError.Ok, r.CheckPublish(7, N("one-more"), out _));
    }

    [Fact]
    public void PublicationsGrowPastTheOldTableWhileEachProcessKeepsItsOwnLimit()
    {
        // The old table held 16 publications for everyone; now 1,000 processes hold 4 each.
        var r = new ConnectionRegistry();
        var handles = new ulong[4000];
        for (int i = 0; i < handles.Length; i++)
        {
            handles[i] = Publish(r, 1 + ((ulong)i / 4), "svc" + i);
        }

        Assert.Equal(4000, r.PublicationCount);
        Assert.Equal(4000, r.PeakPublications);
        Assert.True(r.PublicationCapacity >= 4000);
        Assert.Equal(RootError.Ok, r.CheckPublish(1, N("one-more"), out _));
        Assert.Equal(RootError.Ok, r.CheckPublish(5000, N("one-more"), out _));
        for (int i = 0; i < handles.Length; i++)
        {
            ulong owner = 1 + ((ulong)i / 4);
            int found = r.FindPublication(N("svc" + i));
            Assert.Equal(RootError.Ok, r.FindOwnedPublication(handles[i], owner, out int index));
            Assert.Equal(found, index);
            Assert.Equal(RootError.BadHandle, r.FindOwnedPublication(handles[i], owner + 1, out _));
            r.RemovePublication(index);
        }

        Assert.Equal(0, r.PublicationCount);
        Assert.Equal(0, r.Owned(1));
        Assert.Equal(-1, r.FindPublication(N("svc7")));

        // The records are reused: publishing as many again makes none.
        int capacity = r.PublicationCapacity;
        for (int i = 0; i < 4000; i++)
        {
            Publish(r, 1 + ((ulong)i / 4), "again" + i);
        }

        Assert.Equal(capacity, r.PublicationCapacity);
    }

    [Fact]
    public void PublicationsStopAtTheRootTasksBufferWindowForEveryone()
    {
        var r = new ConnectionRegistry();
        for (int i = 0; i < ConnectionRegistry.MaxPublicationsAtOnce; i++)
        {
            Publish(r, 1 + ((ulong)i / 4), "p" + i);
        }

        Assert.Equal(RootError.TooManyConnections, r.CheckPublish(1_000_000, N("one-more"), out _));
        Assert.Equal(RootError.TooManyConnections, r.CheckPublish(1, N("one-more"), out _)); // the same for an owner
        Assert.Equal(ConnectionRegistry.MaxPublicationsAtOnce, r.PublicationCapacity);
        Assert.Equal(RootError.Ok, r.FindOwnedPublication(r.PublicationHandle(77), r.PublicationOwner(77), out int index));
        r.RemovePublication(index);
        Assert.Equal(RootError.Ok, r.CheckPublish(1_000_000, N("one-more"), out int reused));
        Assert.Equal(77, reused);
    }

    [Fact]
    public void OpenOfAnUnknownNameIsNoSuchName()
    {
        var r = new ConnectionRegistry();
        Assert.Equal(RootError.NoSuchName, r.CheckOpen(2, N("nobody"), out _, out _));
        Assert.Equal(RootError.BadName, r.CheckOpen(2, N("Bad Name"), out _, out _));
    }

    [Fact]
    public void ConnectionsGrowPastTheOldTableAndEachIdFindsItsOwn()
    {
        // The old table held 64 connections for everyone; now 10,000 (625 clients of 16, as the scale demo's workers).
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        Publish(r, 1, "other");
        var ids = new ulong[10_000];
        for (int i = 0; i < ids.Length; i++)
        {
            ulong client = 2 + ((ulong)i / PerClient);
            Assert.Equal(RootError.Ok, r.CheckOpen(client, N(i % 3 == 0 ? "other" : "echo"), out int pub, out int c));
            ids[i] = r.AddConnection(c, pub, client);
        }

        Assert.Equal(10_000, r.ConnectionCount);
        Assert.Equal(RootError.Ok, r.CheckOpen(2, N("echo"), out _, out _)); // no per-process limit here: its quotas bound it
        Assert.Equal(RootError.Ok, r.CheckOpen(99_999, N("echo"), out _, out _));
        Assert.Equal(10_000, new System.Collections.Generic.HashSet<ulong>(ids).Count);
        int listed = 0;
        for (int c = r.FirstConnectionOf(r.FindPublication(N("other"))); c >= 0; c = r.NextConnectionOf(c))
        {
            listed++;
        }

        Assert.Equal(3334, listed); // every third connection
        for (int i = 0; i < ids.Length; i++)
        {
            ulong client = 2 + ((ulong)i / PerClient);
            Assert.Equal(RootError.Ok, r.FindConnection(ids[i], client, out int index));
            Assert.Equal(ids[i], r.ConnectionId(index));
            Assert.Equal(RootError.Ok, r.FindServedConnection(ids[i], 1, out int served));
            Assert.Equal(index, served);
            Assert.Equal(RootError.BadHandle, r.FindConnection(ids[i], client + 1, out _));
            r.RemoveConnection(index);
            Assert.Equal(RootError.BadHandle, r.FindConnection(ids[i], client, out _));
        }

        Assert.Equal(0, r.ConnectionCount);
        Assert.Equal(-1, r.FirstConnectionOf(r.FindPublication(N("echo"))));
        Assert.Equal(0, r.Held(2));
    }

    [Fact]
    public void TheRegistryCountsAClientsConnectionsWithoutAFixedLimit()
    {
        // One client may hold as many as its quotas allow (ConnectionServer checks the connection quota): the table grows.
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(RootError.Ok, r.CheckOpen(2, N("echo"), out int pub, out int c));
            r.AddConnection(c, pub, 2);
        }

        Assert.Equal(1000, r.Held(2));
        Assert.Equal(RootError.Ok, r.CheckOpen(3, N("echo"), out _, out _));
    }

    [Fact]
    public void AClosingConnectionKeepsItsRecordButNoLongerCountsForItsClient()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        r.CheckOpen(2, N("echo"), out int pub, out int c);
        ulong id = r.AddConnection(c, pub, 2);
        r.MarkShared(c);
        r.MarkClosing(c, 5);
        Assert.False(r.ConnectionInUse(c));
        Assert.True(r.SlotInUse(c));
        Assert.True(r.ConnectionClosing(c));
        Assert.Equal(5UL, r.ConnectionAckSequence(c));
        Assert.Equal(RootError.BadHandle, r.FindConnection(id, 2, out _));
        Assert.Equal(RootError.BadHandle, r.FindServedConnection(id, 1, out _));
        Assert.Equal(RootError.Ok, r.CheckOpen(2, N("echo"), out _, out int next));
        Assert.NotEqual(c, next); // the record stays taken

        // The count that lets every request skip the scan for acknowledged pages when nothing waits.
        Assert.Equal(1, r.ClosingCount);
        r.MarkClosing(c, 6);
        Assert.Equal(1, r.ClosingCount);
        r.RemoveConnection(c);
        Assert.Equal(0, r.ClosingCount);
    }

    [Fact]
    public void AServerHoldsAtMostItsShareOfSharedPagesCountingClosedOnesItHasNotAcknowledged()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        Publish(r, 1, "other");
        Publish(r, 9, "elsewhere");
        int last = -1;
        for (int i = 0; i < ConnectionAbi.MaxSharedPagesPerServer + 1; i++)
        {
            ulong client = 100 + (ulong)i;
            Assert.Equal(RootError.Ok, r.CheckOpen(client, N(i % 2 == 0 ? "echo" : "other"), out int pub, out last));
            r.AddConnection(last, pub, client);
            if (i < ConnectionAbi.MaxSharedPagesPerServer)
            {
                Assert.Equal(RootError.Ok, r.CheckShare(last));
                r.MarkShared(last);
                if (i == 0)
                {
                    r.MarkClosing(last, 0); // closed, not yet acknowledged: still the server's page
                }
            }
        }

        Assert.Equal(RootError.ServerLimit, r.CheckShare(last));
        Assert.Equal(RootError.Ok, r.CheckOpen(200, N("elsewhere"), out int p2, out int c2));
        r.AddConnection(c2, p2, 200);
        Assert.Equal(RootError.Ok, r.CheckShare(c2)); // another server is not affected
    }

    [Fact]
    public void CloseOfAHandleTheCallerDoesNotOwnIsBadHandle()
    {
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        r.CheckOpen(2, N("echo"), out int pub, out int c);
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
    [InlineData(ProcessAbi.HeapRegionBase, false)]                // the heap region's first page
    [InlineData(ProcessAbi.HeapRegionBase + 0x1000_1000, false)]  // inside it, past the old 256-page region
    [InlineData(ProcessAbi.HeapRegionEnd - 0x1000, false)]        // its last page
    [InlineData(ProcessAbi.HeapRegionEnd, false)]                 // the first page above it: above the start-info page
    [InlineData(0x1000_1000UL, true)]                             // where the old heap region was
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
        Assert.Equal(ok, ConnectionRegistry.ValidBufferAddress(vaddr, ProcessAbi.HeapRegionBase, ProcessAbi.HeapRegionEnd, space));
    }

    [Fact]
    public void TheHeldCountsAgreeWithTheRecordsThroughRandomOpensClosesAndRemovals()
    {
        // The per-process limit reads counts kept on the side instead of scanning: they must equal a scan, always.
        var r = new ConnectionRegistry();
        Publish(r, 1, "echo");
        var rng = new System.Random(7);
        for (int step = 0; step < 5000; step++)
        {
            ulong pid = 2 + (ulong)rng.Next(5);
            int op = rng.Next(3);
            if (op == 0 && r.CheckOpen(pid, N("echo"), out int pub, out int c) == RootError.Ok)
            {
                r.AddConnection(c, pub, pid);
            }
            else if (op == 1)
            {
                int i = rng.Next(r.ConnectionCapacity);
                if (r.ConnectionInUse(i))
                {
                    r.MarkClosing(i, 1);
                }
            }
            else
            {
                int i = rng.Next(r.ConnectionCapacity);
                if (r.SlotInUse(i))
                {
                    r.RemoveConnection(i);
                }
            }

            for (ulong p = 2; p < 7; p++)
            {
                int scanned = 0;
                for (int i = 0; i < r.ConnectionCapacity; i++)
                {
                    scanned += r.ConnectionInUse(i) && r.ConnectionClient(i) == p ? 1 : 0;
                }

                Assert.True(scanned == r.Held(p), $"step {step}: pid {p} holds {scanned}, counted {r.Held(p)}");
            }
        }
    }
}
