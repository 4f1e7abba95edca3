// ConnNotify end to end on the host: doorbells between a client and its server, their errors and their revocation.
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class DoorbellTests
{
    private const ulong Buffer = 0x2000_0000;

    [Fact]
    public void ClientAndServerEachGetADoorbellToTheOthersNotification()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process server = w.Start("server");
        Process client = w.Start("client");
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("door", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("door"));
        Assert.Equal(CapRights.Write | CapRights.Grant | CapRights.GrantReply, w.Kernel.CapAt(open.CapSlot)!.Rights); // no Read: no receiving the server's requests

        Outcome toServer = w.Call(client, RootRequest.ConnNotify, open.Value);
        Assert.Equal(RootError.Ok, toServer.Error);
        SimCap bell = w.Kernel.CapAt(toServer.CapSlot)!;
        Assert.Equal(ObjectType.Notification, bell.Type);
        Assert.Same(w.Kernel.CapAt(server.NotificationSlot)!.Object, bell.Object);
        Assert.Equal(ConnectionAbi.DoorbellBadge, bell.Badge);
        Assert.Equal(CapRights.Write, bell.Rights); // signal only: the client cannot wait on the server's notification
        Assert.Equal(toServer.CapSlot, w.Call(client, RootRequest.ConnNotify, open.Value).CapSlot); // asked again: the same

        Outcome toClient = w.Call(server, RootRequest.ConnNotify, open.Value); // the server names the client by its badge
        Assert.Equal(RootError.Ok, toClient.Error);
        Assert.Same(w.Kernel.CapAt(client.NotificationSlot)!.Object, w.Kernel.CapAt(toClient.CapSlot)!.Object);
        Assert.Equal(CapRights.Write, w.Kernel.CapAt(toClient.CapSlot)!.Rights);

        // Closing the connection revokes both; the processes' ends return everything.
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnClose, open.Value).Error);
        Assert.Null(w.Kernel.CapAt(toServer.CapSlot));
        Assert.Null(w.Kernel.CapAt(toClient.CapSlot));
        w.Call(client, RootRequest.Exit, 0);
        w.Call(server, RootRequest.Exit, 0);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OnlyTheTwoEndsOfALiveConnectionGetDoorbells()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process client = w.Start("client");
        Process stranger = w.Start("client");
        w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("door", Buffer));
        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("door"));
        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(stranger, RootRequest.ConnNotify, open.Value));
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(client, RootRequest.ConnNotify, open.Value + 1));
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(client, RootRequest.ConnNotify));
        Assert.Equal(before, w.Snapshot());
    }
}
