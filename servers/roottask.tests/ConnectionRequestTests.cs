// The connection server's requests end to end on the host: publish, open, close, destroy, and process exit.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class ConnectionRequestTests
{
    private const ulong Buffer = 0x2000_0000;

    private static ulong[] Ring(ServerWorld w, Process server) => ReadRing(w.PageOf(server, Buffer)!.Object);

    private static ulong[] ReadRing(SimObject frame)
    {
        var words = new ulong[ConnectionAbi.BufferBytes / 8];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = frame.Word64(i);
        }

        return words;
    }

    [Fact]
    public void PublishGivesTheServerItsEndpointAndMapsTheNotificationBuffer()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Outcome o = w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Assert.Equal(RootError.Ok, o.Error);
        Assert.True(o.Replied);
        Assert.NotEqual(0UL, o.Value);

        SimCap endpoint = w.Kernel.CapAt(o.CapSlot)!;
        Assert.Equal(ObjectType.Endpoint, endpoint.Type);
        Assert.Equal(0UL, endpoint.Badge); // the listening endpoint is unbadged

        // The buffer is mapped read-write in the server and in the root task's window, the same frame.
        SimCap mapped = w.PageOf(server, Buffer)!;
        Assert.Equal(CapRights.ReadWrite, mapped.MappedRights);
        Assert.Same(mapped.Object, w.Kernel.PageAt(InitialCaps.InitThreadVSpace, Connections.ConnectionServer.RootBufferWindow)!.Object);
        Assert.All(Ring(w, server), word => Assert.Equal(0UL, word));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Theory]
    [InlineData(0UL)] // zero
    [InlineData(Buffer + 8)] // unaligned
    [InlineData(ProcessAbi.StartInfoVaddr)] // the process's own pages
    [InlineData(ProcessAbi.HeapRegionBase)] // inside the heap region
    [InlineData(ProcessAbi.StackBottom)] // the stack
    [InlineData(ProcessAbi.AppLinkBase)] // the ELF
    [InlineData(ProcessAbi.StackBottom - 4096)] // the stack guard page
    public void PublishWithABufferAddressThatIsNotFreeIsBadAddress(ulong vaddr)
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.BadAddress, 0, 0), w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", vaddr)));
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void PublishChecksNameAndOwnership()
    {
        var w = new ServerWorld { StartQuota = ProcessQuota.DefaultChild }; // 4 publications each
        Process a = w.Start("server");
        Process b = w.Start("server");
        Assert.Equal(RootError.Ok, w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)).Error);
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.NameTaken, 0, 0), w.Call(b, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)));
        Assert.Equal(new Outcome(true, RootError.BadAddress, 0, 0), w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("other", Buffer))); // overlaps its first buffer
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("Echo!", Buffer + 4096)));
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("", Buffer + 4096)));
        Assert.Equal(before, w.Snapshot());

        for (int i = 1; i < 4; i++)
        {
            Assert.Equal(RootError.Ok, w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("n" + i, Buffer + ((ulong)i * 4096))).Error);
        }

        Assert.Equal(new Outcome(true, RootError.QuotaPublications, 0, 0), w.Call(a, RootRequest.ConnPublish, ServerWorld.Named("n9", Buffer + 0x10000)));
        Assert.Equal(RootError.Ok, w.Call(b, RootRequest.ConnPublish, ServerWorld.Named("n9", Buffer)).Error); // only a's own quota
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OpenGivesABadgedEndpointAndTellsTheServer()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process client = w.Start("client");
        Outcome pub = w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        Assert.Equal(RootError.Ok, open.Error);
        SimCap badged = w.Kernel.CapAt(open.CapSlot)!;
        Assert.Same(w.Kernel.CapAt(pub.CapSlot)!.Object, badged.Object);
        Assert.Equal(open.Value, badged.Badge);

        ulong[] ring = Ring(w, server);
        Assert.Equal(1UL, ring[ConnectionAbi.HeadWord]);
        int r = ConnectionAbi.RecordWord(0);
        Assert.Equal(new ulong[] { (ulong)ConnectionEvent.Opened, open.Value, client.Pid, 0 }, ring[r..(r + 4)]);
        SimObject notification = w.Kernel.CapAt(server.NotificationSlot)!.Object;
        Assert.Equal(ConnectionAbi.EventBadge, notification.Word);

        // A second client gets another badge.
        Outcome second = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        Assert.NotEqual(open.Value, second.Value);
        Assert.Equal(second.Value, w.Kernel.CapAt(second.CapSlot)!.Badge);
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("nobody")));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OneClientCannotFillTheConnectionTable()
    {
        // The original problem: one process opened all 64 connections and nobody else could open one. Its connection
        // quota stops it now (there is no fixed per-process limit): 40 here, then QuotaConnections.
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process other = w.Start("client");
        w.StartQuota = new Smos.Protocol.ProcessQuota(4 << 20, 1024, 0, 40, 4, 16);
        Process hog = w.Start("client");
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        int opened = 0;
        while (w.Call(hog, RootRequest.ConnOpen, ServerWorld.Named("echo")).Error == RootError.Ok)
        {
            opened++;
        }

        Assert.Equal(40, opened);
        Assert.Equal(new Outcome(true, RootError.QuotaConnections, 0, 0), w.Call(hog, RootRequest.ConnOpen, ServerWorld.Named("echo")));
        Assert.Equal(RootError.Ok, w.Call(other, RootRequest.ConnOpen, ServerWorld.Named("echo")).Error);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void ConnectionsGrowPastTheOldTableAndAllComeBackWhenTheirClientsEnd()
    {
        // The old table held 64 connections for everyone: 20 clients now hold 320, each at its connection quota of 16.
        var w = new ServerWorld();
        w.StartQuota = new Smos.Protocol.ProcessQuota(4 << 20, 1024, 0, 16, 4, 16); // more processes than the pool holds at the default
        Process server = w.Start("server");
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        var before = w.Snapshot();
        var clients = new System.Collections.Generic.List<Process>();
        var ids = new System.Collections.Generic.HashSet<ulong>();
        for (int i = 0; i < 20 * 16; i++)
        {
            if (i % 16 == 0)
            {
                clients.Add(w.Start("client"));
            }

            Outcome o = w.Call(clients[^1], RootRequest.ConnOpen, ServerWorld.Named("echo"));
            Assert.Equal(RootError.Ok, o.Error);
            Assert.True(ids.Add(o.Value));
        }

        Assert.Equal(new Outcome(true, RootError.QuotaConnections, 0, 0), w.Call(clients[0], RootRequest.ConnOpen, ServerWorld.Named("echo"))); // its quota
        Assert.Equal(320, w.Dispatcher.Connections.Registry.ConnectionCount);
        Assert.True(w.Dispatcher.Connections.Registry.ConnectionCapacity >= 320);

        // The server's ring got the first 126 Opened records, the rest counted as dropped.
        ulong[] ring = Ring(w, server);
        Assert.Equal((ulong)ConnectionAbi.RingRecords, ring[ConnectionAbi.HeadWord]);
        Assert.Equal(320UL - ConnectionAbi.RingRecords, ring[ConnectionAbi.DroppedWord]);

        // Close one by its id, then end every client: every connection's slot comes back.
        Assert.Equal(RootError.Ok, w.Call(clients[3], RootRequest.ConnClose, w.Dispatcher.Connections.Registry.ConnectionId(
            FirstOf(w, clients[3].Pid))).Error);
        foreach (Process c in clients)
        {
            w.Call(c, RootRequest.Exit, 0);
        }

        Assert.Equal(0, w.Dispatcher.Connections.Registry.ConnectionCount);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    private static int FirstOf(ServerWorld w, ulong client)
    {
        Connections.ConnectionRegistry r = w.Dispatcher.Connections.Registry;
        for (int i = 0; i < r.ConnectionCapacity; i++)
        {
            if (r.ConnectionInUse(i) && r.ConnectionClient(i) == client)
            {
                return i;
            }
        }

        return -1;
    }

    [Fact]
    public void CloseRemovesTheClientsCapabilityAndTellsTheServer()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process client = w.Start("client");
        Process other = w.Start("client");
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(other, RootRequest.ConnClose, open.Value)); // someone else's
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(client, RootRequest.ConnClose, open.Value ^ 0x100)); // forged
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(client, RootRequest.ConnClose, open.Value));
        Assert.Null(w.Kernel.CapAt(open.CapSlot));
        ulong[] ring = Ring(w, server);
        int r = ConnectionAbi.RecordWord(1);
        Assert.Equal(new ulong[] { (ulong)ConnectionEvent.Closed, open.Value, client.Pid, 0 }, ring[r..(r + 4)]);
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(client, RootRequest.ConnClose, open.Value)); // stale
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void DestroyRemovesThePublicationAndEveryClientsCapability()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process client = w.Start("client");
        // The page table under the buffer stays with the server until it ends: compare with a first round.
        Outcome first = w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnDestroy, first.Value).Error);
        var before = w.Snapshot();
        Outcome pub = w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(client, RootRequest.ConnDestroy, pub.Value)); // not the owner
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(server, RootRequest.ConnDestroy, first.Value)); // stale
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(server, RootRequest.ConnDestroy, pub.Value));
        Assert.Null(w.Kernel.CapAt(open.CapSlot));
        Assert.Null(w.Kernel.CapAt(pub.CapSlot));
        Assert.Null(w.PageOf(server, Buffer));
        Assert.Null(w.Kernel.PageAt(InitialCaps.InitThreadVSpace, Connections.ConnectionServer.RootBufferWindow));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo")));
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)).Error); // the name and address are free again
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void WhenProcessesEndTheirConnectionsAndPublicationsGoAndEverythingIsReturned()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process server = w.Start("server");
        Process client = w.Start("client");
        ulong clientPid = client.Pid;
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        w.Call(client, RootRequest.Exit, 0);
        ulong[] ring = Ring(w, server);
        int r = ConnectionAbi.RecordWord(1);
        Assert.Equal(new ulong[] { (ulong)ConnectionEvent.Closed, open.Value, clientPid, 1 }, ring[r..(r + 4)]); // 1: the client ended
        Assert.Null(w.Kernel.CapAt(open.CapSlot));

        Process again = w.Start("client");
        Outcome reopen = w.Call(again, RootRequest.ConnOpen, ServerWorld.Named("echo"));
        w.Call(server, RootRequest.Exit, 0);
        Assert.Null(w.Kernel.CapAt(reopen.CapSlot)); // the server's end took the client's capability
        w.Call(again, RootRequest.Exit, 0);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }
}
