// ConnShare end to end on the host: one page mapped in a client and its server, events, errors and reclaiming.
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

    [Fact]
    public void CloseAndExitsUnmapTheSharedPageAndReturnEverything()
    {
        var t = new Pair();
        ulong serverAddress = t.W.Call(t.Client, RootRequest.ConnShare, t.Open.Value, ClientPage).Value;
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnClose, t.Open.Value).Error);
        Assert.Null(t.W.PageOf(t.Client, ClientPage));
        Assert.Null(t.W.PageOf(t.Server, serverAddress));

        // Shared again on a new connection, then both processes end: everything comes back.
        Outcome again = t.W.Call(t.Client, RootRequest.ConnOpen, ServerWorld.Named("bulk"));
        Assert.Equal(RootError.Ok, t.W.Call(t.Client, RootRequest.ConnShare, again.Value, ClientPage).Error);
        t.W.Call(t.Server, RootRequest.Exit, 0);
        Assert.Null(t.W.PageOf(t.Client, ClientPage));
        t.W.Call(t.Client, RootRequest.Exit, 0);
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
