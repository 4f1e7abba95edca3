// A server that ends says farewell: its thread answers the caller it served and every queued caller with ServerGone.
using System;
using System.Linq;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class ServerGoneTests
{
    private const ulong Buffer = 0x2000_0000;

    [Fact]
    public void AServerWithMorePublicationsThanTheTopLevelHasSlotsSaysFarewellOnEachThroughOneSlot()
    {
        // No per-process publication maximum: 12 publications (the publications quota allows 256), one farewell each.
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process server = w.Start("server");
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("svc" + i, Buffer + ((ulong)i * 0x1000))).Error);
        }

        int calls = w.Kernel.Calls.Count;
        w.Dispatcher.End(server, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(12, w.Kernel.Yields);
        var ops = w.Kernel.Calls.Skip(calls).ToArray();
        Assert.Equal(12, ops.Count(c => c.Op == "CopyInto" && c.Result == Sel4Error.NoError));
        Assert.Equal(11, ops.Count(c => c.Op == "DeleteIn" && c.Result == Sel4Error.NoError));
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AnEndingServerRunsItsFarewellOncePerPublicationThenEverythingComesBack()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process server = w.Start("server");
        Process client = w.Start("client");
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)).Error);
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo2", Buffer + 0x1000)).Error);
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo")).Error);
        SimObject tcb = w.Kernel.CapAt(server.TcbSlot)!.Object;
        SimObject top = w.Kernel.CapAt(server.CSpaceSlot)!.Object;
        int calls = w.Kernel.Calls.Count;

        w.Dispatcher.End(server, EndReason.Killed, ExitCodes.Killed);

        // Two farewells: the thread raised to the root task's priority, each endpoint copied into the top level, the
        // thread pointed at the farewell code with that cptr and the ServerGone message info, and a yield each.
        Assert.Equal(2, w.Kernel.Yields);
        var farewell = w.Kernel.Calls.Skip(calls).Where(c => c.Op is "WriteRegisters" or "CopyInto" or "DeleteIn" or "SetPriority" or "Suspend").Select(c => c.Op).ToArray();
        Assert.Equal(["Suspend", "SetPriority", "CopyInto", "WriteRegisters", "DeleteIn", "CopyInto", "WriteRegisters", "Suspend"], farewell);
        Assert.Equal(ProcessAbi.StartCodeVaddr + StartCode.FarewellOffset, tcb.Registers.Pc);
        Assert.Equal(2UL << 61, tcb.Registers.X0); // the second publication's endpoint, in top-level slot 2 (the first's copy deleted)
        Assert.Equal(new MessageInfo(ConnectionAbi.ServerGone, 0, 0, 0).Word, tcb.Registers.X1);
        Assert.Equal((ulong)(Sel4Config.NumPriorities - 1), tcb.Priority);
        Assert.True(top.Destroyed || top.Caps == 0);

        // The client's connection is gone; once it ends too, every object, slot and capability is back.
        Assert.False(w.Call(client, RootRequest.Exit, 0).Replied);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AProcessWithoutPublicationsEndsWithoutAFarewell()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        w.Dispatcher.End(p, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(0, w.Kernel.Yields);
        Assert.DoesNotContain(w.Kernel.Calls, c => c.Op == "WriteRegisters");
    }
}
