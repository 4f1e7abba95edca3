// ConnShare end to end on the host: one page mapped in a client and its server, events, errors and reclaiming.
using System;
using System.Buffers.Binary;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class SharedPageTests
{
    private const ulong Buffer = 0x2000_0000;
    private const ulong ClientPage = 0x4800_0000;

    private sealed class Pair
    {
        public Pair()
        {
            W = new ServerWorld();
            Before = W.Snapshot();
            Server = W.Start("server");
            Client = W.Start("client");
            Assert.Equal(RootError.Ok, W.Call(Server, RootRequest.ConnPublish, ServerWorld.Named("bulk", Buffer)).Error);
            Open = W.Call(Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
            Assert.Equal(RootError.Ok, Open.Error);
        }

        public ServerWorld W { get; }

        public (ulong, int, int, int) Before { get; }

        internal Process Server { get; }

        internal Process Client { get; }

        public Outcome Open { get; }
    }

    [Fact]
    public void ShareMapsOnePageInBothProcessesAndTellsTheServerWhere()
    {
        var t = new Pair();
        Outcome o = t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, ClientPage);
        Assert.Equal(RootError.Ok, o.Error);
        Assert.True(o.Value >= ConnectionAbi.SharedWindowBase && o.Value < ConnectionAbi.SharedWindowBase + (ConnectionAbi.SharedWindowPages * 4096UL));
        SimCap inClient = t.W.PageOf(t.Client, ClientPage)!;
        SimCap inServer = t.W.PageOf(t.Server, o.Value)!;
        Assert.Same(inClient.Object, inServer.Object);
        Assert.Equal(CapRights.ReadWrite, inClient.MappedRights);
        Assert.Equal(CapRights.ReadWrite, inServer.MappedRights);

        SimObject ring = t.W.PageOf(t.Server, Buffer)!.Object;
        Assert.Equal(2UL, ring.Word64(ConnectionAbi.HeadWord)); // Opened, then Shared
        int r = ConnectionAbi.RecordWord(1);
        Assert.Equal((ulong)ConnectionEvent.Shared, ring.Word64(r));
        Assert.Equal(t.Open.Value, ring.Word64(r + 1));
        Assert.Equal(t.Client.Pid, ring.Word64(r + 2));
        Assert.Equal(o.Value, ring.Word64(r + 3));
        Assert.Equal(new Outcome(true, RootError.NotPermitted, 0, 0), t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, ClientPage + 4096));
        Assert.Empty(t.W.Kernel.Misuse);
    }

    [Theory]
    [InlineData(ClientPage + 1)]
    [InlineData(ConnectionAbi.SharedWindowBase)]
    [InlineData(ConnectionAbi.SharedWindowBase + (63 * 4096))]
    [InlineData(ProcessAbi.IpcBufferVaddr)]
    public void ShareAtAnAddressThatIsNotFreeOrInTheWindowIsBadAddress(ulong vaddr)
    {
        var t = new Pair();
        var before = t.W.Snapshot();
        Assert.Equal(new Outcome(true, RootError.BadAddress, 0, 0), t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, vaddr));
        Assert.Equal(before, t.W.Snapshot());
    }

    [Fact]
    public void ShareChecksLengthAndHandle()
    {
        var t = new Pair();
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value));
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), t.W.Call(t.Server, RootRequest.ConnShare, t.Open.Value, ClientPage)); // not its connection
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value + 1, ClientPage));
    }

    // The server consumes records of its event ring up to (not including) `tail`, as Publication.NextEvent does.
    private static void Consume(Pair t, ulong tail) =>
        BinaryPrimitives.WriteUInt64LittleEndian(t.W.PageOf(t.Server, Buffer)!.Object.Memory.AsSpan(ConnectionAbi.TailWord * 8), tail);

    private static ulong Head(Pair t) => t.W.PageOf(t.Server, Buffer)!.Object.Word64(ConnectionAbi.HeadWord);

    [Fact]
    public void AClosedConnectionsPageStaysMappedInTheServerUntilItTakesTheClosedRecordThenEverythingComesBack()
    {
        // The original problem: ConnClose unmapped the page from the server at once, under a server that may still use it.
        var t = new Pair();

        // One round first, so that the page tables for both addresses exist (they belong to the processes).
        Outcome warm = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnShare, warm.Value, ClientPage).Error);
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnClose, warm.Value).Error);
        Consume(t, Head(t));
        Assert.Equal(RootError.BadHandle, t.W.Call(t.Client, RootRequest.ConnClose, warm.Value).Error);
        var beforeOpen = t.W.Snapshot();

        Outcome open = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        ulong serverAddress = t.W.Call(t.Client, RootRequest.ConnShare, open.Value, ClientPage).Value;
        SimObject frame = t.W.PageOf(t.Server, serverAddress)!.Object;
        frame.Memory[0] = 0x5a;
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnClose, open.Value).Error);
        ulong closedAt = Head(t) - 1; // its records: Opened, Shared, Closed
        Assert.Equal((ulong)ConnectionEvent.Closed, t.W.PageOf(t.Server, Buffer)!.Object.Word64(ConnectionAbi.RecordWord(closedAt)));

        // Gone from the client (it asked), still in the server, through later requests of anyone.
        Assert.Null(t.W.PageOf(t.Client, ClientPage));
        Assert.Same(frame, t.W.PageOf(t.Server, serverAddress)?.Object);
        Assert.Equal(RootError.BadHandle, t.W.Call(t.Client, RootRequest.ConnClose, open.Value).Error);
        Consume(t, closedAt); // every record before the Closed one
        Assert.Equal(RootError.BadHandle, t.W.Call(t.Server, RootRequest.ConnNotify, open.Value).Error);
        Assert.Same(frame, t.W.PageOf(t.Server, serverAddress)?.Object);
        Assert.Equal(0x5a, frame.Memory[0]);

        // The server has taken the Closed record: the next connection request returns the page, and with it every
        // frame, slot and untyped byte the connection had.
        Consume(t, closedAt + 1);
        Assert.Equal(RootError.BadHandle, t.W.Call(t.Client, RootRequest.ConnClose, open.Value).Error);
        Assert.Null(t.W.PageOf(t.Server, serverAddress));
        Assert.True(frame.Destroyed);
        Assert.Equal(beforeOpen, t.W.Snapshot());
        Assert.Empty(t.W.Kernel.Misuse);
    }

    [Fact]
    public void AClientThatEndsLeavesTheServersPageUntilTheServerIsDoneAndDestroyOrTheServersEndReturnIt()
    {
        var t = new Pair();
        ulong serverAddress = t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, ClientPage).Value;
        t.W.Call(t.Client, RootRequest.Exit, 0);
        Assert.Null(t.W.Find(t.Client.Pid));
        Assert.NotNull(t.W.PageOf(t.Server, serverAddress));
        Assert.Equal(RootError.NoSuchName, t.W.Call(t.Server, RootRequest.ConnOpen, ServerWorld.Named("nothing")).Error);
        Assert.NotNull(t.W.PageOf(t.Server, serverAddress)); // not acknowledged: still there

        // A second client's page, closed and not acknowledged either; the server ends: everything comes back.
        Process second = t.W.Start("client");
        Outcome open = t.W.Call(second, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        ulong secondAddress = t.W.Call(second, RootRequest.ConnShare, open.Value, ClientPage).Value;
        Assert.Equal(RootError.Ok, t.W.Call(second, RootRequest.ConnClose, open.Value).Error);
        Assert.NotNull(t.W.PageOf(t.Server, secondAddress));
        t.W.Call(t.Server, RootRequest.Exit, 0);
        t.W.Call(second, RootRequest.Exit, 0);
        Assert.Equal(t.Before, t.W.Snapshot());
        Assert.Empty(t.W.Kernel.Misuse);
    }

    [Fact]
    public void DestroyReturnsThePagesOfClosedConnectionsTheServerHasNotAcknowledged()
    {
        var t = new Pair();
        Outcome pub = t.W.Call(t.Server, RootRequest.ConnPublish, ServerWorld.Named("other", Buffer + 4096));
        Outcome open = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("other"));
        ulong serverAddress = t.W.Call(t.Client, RootRequest.ConnShare, open.Value, ClientPage).Value;
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnClose, open.Value).Error);
        Assert.NotNull(t.W.PageOf(t.Server, serverAddress));
        Assert.Equal(RootError.Ok, t.W.Call(t.Server, RootRequest.ConnDestroy, pub.Value).Error);
        Assert.Null(t.W.PageOf(t.Server, serverAddress));
        Assert.Equal(RootError.Ok, t.W.Call(t.Server, RootRequest.ConnPublish, ServerWorld.Named("other", Buffer + 4096)).Error); // its buffer address is free again
        t.W.Call(t.Server, RootRequest.Exit, 0);
        t.W.Call(t.Client, RootRequest.Exit, 0);
        Assert.Equal(t.Before, t.W.Snapshot());
        Assert.Empty(t.W.Kernel.Misuse);
    }

    [Fact]
    public void AClientCannotFillTheConnectionTableThroughAServerThatNeverAcknowledges()
    {
        // Open, share, close, again: each closed page waits for the server, and counts against the server's shared pages.
        var t = new Pair();
        int shared = 0;
        RootError e = RootError.Ok;
        for (int i = 0; i < ConnectionAbi.SharedWindowPages && e == RootError.Ok; i++)
        {
            Outcome open = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
            Assert.Equal(RootError.Ok, open.Error);
            e = t.W.Call(t.Client, RootRequest.ConnShare, open.Value, ClientPage).Error;
            shared += e == RootError.Ok ? 1 : 0;
            Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnClose, open.Value).Error);
        }

        Assert.Equal(RootError.ServerLimit, e);
        Assert.Equal(ConnectionAbi.MaxSharedPagesPerServer, shared);

        // Another server and its clients are not affected.
        Process server2 = t.W.Start("server");
        Process client2 = t.W.Start("client");
        Assert.Equal(RootError.Ok, t.W.Call(server2, RootRequest.ConnPublish, ServerWorld.Named("bulk2", Buffer)).Error);
        Outcome o2 = t.W.Call(client2, RootRequest.ConnOpen, ServerWorld.Named("bulk2"));
        Assert.Equal(RootError.Ok, t.W.Call(client2, RootRequest.ConnShare, o2.Value, ClientPage).Error);

        // Once the server has read its ring, its pages come back and sharing works again.
        Consume(t, Head(t));
        Outcome again = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnShare, again.Value, ClientPage).Error);
        foreach (Process p in new[] { t.Server, t.Client, server2, client2 })
        {
            t.W.Call(p, RootRequest.Exit, 0);
        }

        Assert.Equal(t.Before, t.W.Snapshot());
        Assert.Empty(t.W.Kernel.Misuse);
    }

    [Fact]
    public void AShareThatFailsAtAnyKernelCallReturnsEverything()
    {
        var t = new Pair();
        int failures = 0;
        for (int failAt = 0; ; failAt++)
        {
            t.W.Kernel.FailCall(failAt, Sel4Error.NotEnoughMemory);
            Outcome o = t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, ClientPage);
            if (o.Error == RootError.Ok)
            {
                t.W.Kernel.FailCall(-1, Sel4Error.NoError);
                break;
            }

            Assert.Equal(RootError.NoMemory, o.Error);
            Assert.Null(t.W.PageOf(t.Client, ClientPage));
            failures++;
        }

        Assert.True(failures >= 4, $"only {failures} failure points");
        t.W.Call(t.Server, RootRequest.Exit, 0);
        t.W.Call(t.Client, RootRequest.Exit, 0);
        Assert.Equal(t.Before, t.W.Snapshot());
        Assert.Empty(t.W.Kernel.Misuse);
    }
}
