// SystemStatus through the whole request path: the counts follow what exists, memory and slots go and come back, the
// collection flag reaches the heap, and malformed requests get their precise error.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class SystemStatusTests
{
    private const ulong Buffer = 0x2000_0000;

    private sealed class FakeHeap : IHeapMeter
    {
        public int Collections;

        public ulong Size => 1 << 20;

        public ulong Used => Collections == 0 ? 300_000UL : 200_000UL;

        public void Collect() => Collections++;
    }

    private static SystemStatus Status(ServerWorld w, Process caller, ulong flags = 0)
    {
        Outcome o = w.Call(caller, RootRequest.SystemStatus, flags);
        Assert.Equal(RootError.Ok, o.Error);
        Assert.Equal(13, o.ReplyWords.Length);
        Assert.True(RootTaskProtocol.DecodeSystemStatusReply(o.ReplyWords, out SystemStatus s));
        return s;
    }

    [Fact]
    public void CountsFollowWhatExistsAndMemoryAndSlotsComeBack()
    {
        var w = new ServerWorld();
        Process server = w.Start("hello");
        SystemStatus start = Status(w, server);
        Assert.Equal(1UL, start.Processes);
        Assert.Equal(0UL, start.Zombies);
        Assert.True(start.FreeUntypedBytes > 0 && start.FreeUntypedBytes < start.UntypedBytes);
        Assert.True(start.FreeRootSlots > 0 && start.FreeRootSlots < start.RootSlots);

        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("echo", Buffer)).Error);
        Outcome spawn = w.Call(server, RootRequest.Spawn, ServerWorld.SpawnWords("hello", ""));
        Assert.Equal(RootError.Ok, spawn.Error);
        Process client = w.Find(spawn.Value)!;
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("echo")).Error);
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.Subscribe, ServerWorld.Named("temp")).Error);
        SystemStatus held = Status(w, client);
        Assert.Equal(2UL, held.Processes);
        Assert.Equal(1UL, held.Publications);
        Assert.Equal(1UL, held.Connections);
        Assert.Equal(1UL, held.Topics);
        Assert.Equal(1UL, held.Subscriptions);
        Assert.Equal(0UL, held.MemoryObjects);
        Assert.True(held.FreeUntypedBytes < start.FreeUntypedBytes, "a process, a connection and a subscription take untyped memory");
        Assert.True(held.FreeRootSlots < start.FreeRootSlots, "and root-task slots");
        Assert.Equal(start.UntypedBytes, held.UntypedBytes);

        w.Dispatcher.End(client, EndReason.Exited, 0);
        SystemStatus ended = Status(w, server);
        Assert.Equal(1UL, ended.Processes);
        Assert.Equal(1UL, ended.Zombies); // its parent has not waited
        Assert.Equal(0UL, ended.Connections);
        Assert.Equal(0UL, ended.Subscriptions);
        Assert.Equal(1UL, ended.Publications);
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.Wait, spawn.Value).Error);
        Assert.Equal(0UL, Status(w, server).Zombies);
    }

    [Fact]
    public void TheCollectFlagCollectsTheRootHeapFirst()
    {
        var w = new ServerWorld();
        var heap = new FakeHeap();
        w.Resources.HeapMeter = heap;
        Process p = w.Start("hello");
        SystemStatus plain = Status(w, p);
        Assert.Equal(0, heap.Collections);
        Assert.Equal(1UL << 20, plain.HeapBytes);
        Assert.Equal(300_000UL, plain.HeapUsedBytes);
        SystemStatus collected = Status(w, p, (ulong)StatusFlags.CollectFirst);
        Assert.Equal(1, heap.Collections);
        Assert.Equal(200_000UL, collected.HeapUsedBytes);
    }

    [Fact]
    public void WithoutAHeapMeterTheHeapReadsZero()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        SystemStatus s = Status(w, p, (ulong)StatusFlags.CollectFirst);
        Assert.Equal(0UL, s.HeapBytes);
        Assert.Equal(0UL, s.HeapUsedBytes);
    }

    [Fact]
    public void MalformedRequestsGetTheirError()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.SystemStatus).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.SystemStatus, 0, 0).Error);
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.SystemStatus, 2).Error);
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.SystemStatus, ulong.MaxValue).Error);
        Assert.Single(w.Call(p, RootRequest.SystemStatus, 2).ReplyWords); // an error's reply is one word
    }
}
