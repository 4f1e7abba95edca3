// Quotas through the whole request path: each quota's exhaustion and its error, usage back to zero, and the process list.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class QuotaRequestTests
{
    private const ulong Buffer = 0x2000_0000;

    // A roomy quota for a test child, with one kind changed.
    private static ProcessQuota With(QuotaKind kind, ulong value)
    {
        var q = new ProcessQuota(8 << 20, 1024, 4, 4, 2, 4);
        q.Set(kind, value);
        return q;
    }

    private static Process Child(ServerWorld w, Process parent, ProcessQuota q, string name = "client")
    {
        Outcome o = w.Call(parent, RootRequest.Spawn, ServerWorld.SpawnWords(name, "", q));
        Assert.Equal(RootError.Ok, o.Error);
        return w.Find(o.Value)!;
    }

    [Fact]
    public void Error17QuotaMemoryWhenGrantsPassItAndWhenAChildsQuotaCannotHoldItsApp()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Process c = Child(w, p, With(QuotaKind.Memory, 1 << 20));
        RootError e = RootError.Ok;
        int grants = 0;
        while (e == RootError.Ok && grants < 8)
        {
            e = w.Call(c, RootRequest.Alloc, 64).Error;
            grants += e == RootError.Ok ? 1 : 0;
        }

        Assert.Equal(RootError.QuotaMemory, e); // 1 MiB holds the app and some 256 KiB grants, not 8 of them
        Assert.True(c.Account.Used.Memory <= 1 << 20);
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "", With(QuotaKind.Memory, 16 << 10))));
        Assert.Equal(new Outcome(true, RootError.QuotaMemory, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "", With(QuotaKind.Memory, 1UL << 40))));
    }

    [Fact]
    public void Error18QuotaSlots()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Process c = Child(w, p, With(QuotaKind.Slots, 60));
        Assert.Equal(RootError.QuotaSlots, w.Call(c, RootRequest.Alloc, 64).Error); // 64 frame slots more than it has
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.Alloc, 8).Error);
        Assert.Equal(new Outcome(true, RootError.QuotaSlots, 0, 0), w.Call(p, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "", With(QuotaKind.Slots, 4))));
    }

    [Fact]
    public void Error19QuotaChildren()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Process c = Child(w, p, With(QuotaKind.Children, 1));
        Process g = Child(w, c, With(QuotaKind.Children, 0).Min(new ProcessQuota(1 << 20, 128, 0, 0, 0, 0)));
        Assert.Equal(new Outcome(true, RootError.QuotaChildren, 0, 0), w.Call(c, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
        Assert.Equal(new Outcome(true, RootError.QuotaChildren, 0, 0), w.Call(g, RootRequest.Spawn, ServerWorld.SpawnWords("hello", "")));
    }

    [Fact]
    public void Error20QuotaConnections()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("svc", Buffer)).Error);
        Process c = Child(w, w.Start("hello"), With(QuotaKind.Connections, 1));
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.ConnOpen, ServerWorld.Named("svc")).Error);
        Assert.Equal(new Outcome(true, RootError.QuotaConnections, 0, 0), w.Call(c, RootRequest.ConnOpen, ServerWorld.Named("svc")));
    }

    [Fact]
    public void Error21QuotaPublications()
    {
        var w = new ServerWorld();
        Process c = Child(w, w.Start("hello"), With(QuotaKind.Publications, 1), "server");
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.ConnPublish, ServerWorld.Named("one", Buffer)).Error);
        Assert.Equal(new Outcome(true, RootError.QuotaPublications, 0, 0), w.Call(c, RootRequest.ConnPublish, ServerWorld.Named("two", Buffer + 4096)));
    }

    [Fact]
    public void Error22QuotaSubscriptions()
    {
        var w = new ServerWorld();
        Process c = Child(w, w.Start("hello"), With(QuotaKind.Subscriptions, 0));
        Assert.Equal(new Outcome(true, RootError.QuotaSubscriptions, 0, 0), w.Call(c, RootRequest.Subscribe, ServerWorld.Named("temp")));
    }

    [Fact]
    public void WhatAChildHoldsReturnsToItsParentAndUsageGoesBackToZero()
    {
        var w = new ServerWorld();
        var poolBefore = (w.Server.Table.Pool.Used, w.Server.Table.Pool.Given);
        var before = w.Snapshot();
        Process p = w.Start("hello");
        var parentBefore = (p.Account.Used, p.Account.Given);
        Process c = Child(w, p, new ProcessQuota(4 << 20, 512, 2, 4, 2, 4), "server");
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.Alloc, 16).Error);
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.ConnPublish, ServerWorld.Named("svc", Buffer)).Error);
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.ConnOpen, ServerWorld.Named("svc")).Error);
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.Subscribe, ServerWorld.Named("temp")).Error);
        Process g = Child(w, c, new ProcessQuota(1 << 20, 128, 0, 0, 0, 0));
        Assert.True(c.Account.Used.Memory > 0 && c.Account.Given.Memory == 1 << 20);

        // A child's objects are its own, charged exactly: every allocation it holds (a block's bytes, a slot per object),
        // the start code's copy, its publication's endpoint, buffer and their 4 slots, its connection's badged endpoint
        // and its subscription's badged notification.
        ulong bytes = 0, slots = 0;
        foreach (var a in c.Allocations)
        {
            bytes += a.SizeBytes;
            slots += (ulong)a.Count;
        }

        Assert.Equal(bytes + Connections.ConnectionServer.PublicationBytes, c.Account.Used.Memory);
        Assert.Equal(slots + 1 + Connections.ConnectionServer.PublicationSlotCount + 1 + 1, c.Account.Used.Slots);

        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Kill, c.Pid).Error); // c and g end
        Assert.True(g.State == ProcessState.Free);
        Assert.True(c.Account.IsIdle);
        Assert.Equal(1UL, p.Account.Used.Children); // c is a zombie until p waits
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.Wait, c.Pid).Error);
        Assert.Equal(parentBefore, (p.Account.Used, p.Account.Given));
        w.Dispatcher.End(p, EndReason.Killed, ExitCodes.Killed);
        Assert.Equal(poolBefore, (w.Server.Table.Pool.Used, w.Server.Table.Pool.Given));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(0, p.Account.Underflows + c.Account.Underflows + w.Server.Table.Pool.Underflows);
    }

    [Fact]
    public void ConnectionObjectsAreChargedToWhoHoldsThemAndAShareMovesToTheServerWhenTheClientCloses()
    {
        var w = new ServerWorld();
        Process server = w.Start("server");
        Process client = w.Start("client");
        ProcessQuota serverStart = server.Account.Used, clientStart = client.Account.Used;
        Outcome pub = w.Call(server, RootRequest.ConnPublish, ServerWorld.Named("svc", Buffer));
        Assert.Equal(RootError.Ok, pub.Error);
        Assert.True(server.Account.Used.Memory >= serverStart.Memory + Connections.ConnectionServer.PublicationBytes);
        Assert.True(server.Account.Used.Slots >= serverStart.Slots + Connections.ConnectionServer.PublicationSlotCount); // and the buffer's tables
        ProcessQuota serverPublished = server.Account.Used;

        Outcome open = w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("svc"));
        Assert.Equal(clientStart.Slots + 1, client.Account.Used.Slots);
        ProcessQuota clientOpen = client.Account.Used;
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnShare, open.Value, 0x4800_0000).Error);
        Assert.True(client.Account.Used.Memory >= clientOpen.Memory + 4096);   // the frame, and tables it needed
        Assert.True(client.Account.Used.Slots >= clientOpen.Slots + 2);
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnNotify, open.Value).Error);
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnNotify, open.Value).Error);
        ProcessQuota serverShared = server.Account.Used;

        // The client closes: all of it leaves its quota; the page (unacknowledged) is now the server's.
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnClose, open.Value).Error);
        Assert.Equal(clientStart, client.Account.Used);
        Assert.Equal(serverShared.Memory + 4096, server.Account.Used.Memory);
        Assert.Equal(serverShared.Slots + 2 - 1, server.Account.Used.Slots); // its doorbell went with the connection

        // Destroying the publication frees the page and the publication: the server is back at its start.
        Assert.Equal(RootError.Ok, w.Call(server, RootRequest.ConnDestroy, pub.Value).Error);
        Assert.Equal(serverStart.Memory, server.Account.Used.Memory);
        Assert.Equal(serverStart.Slots, server.Account.Used.Slots);
        Assert.Equal(0, server.Account.Underflows + client.Account.Underflows);
        Assert.True(serverPublished.Memory > serverStart.Memory);
    }

    [Fact]
    public void SlotsForConnectionsDoorbellsAndSubscriptionsAreRefusedWhenTheSlotQuotaIsFull()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, w.Call(w.Start("server"), RootRequest.ConnPublish, ServerWorld.Named("svc", Buffer)).Error);
        Process p = w.Start("hello");
        Process c = Child(w, p, With(QuotaKind.Slots, 200));
        int grants = 0;
        while (w.Call(c, RootRequest.Alloc, 1).Error == RootError.Ok)
        {
            grants++; // one slot each, until none is free
        }

        Assert.True(grants > 0);
        Assert.Equal(0UL, c.Account.Free(QuotaKind.Slots));
        Assert.Equal(new Outcome(true, RootError.QuotaSlots, 0, 0), w.Call(c, RootRequest.ConnOpen, ServerWorld.Named("svc")));
        Assert.Equal(new Outcome(true, RootError.QuotaSlots, 0, 0), w.Call(c, RootRequest.Subscribe, ServerWorld.Named("temp")));
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.Free, ProcessAbi.HeapRegionBase, 1).Error);
        Assert.Equal(RootError.Ok, w.Call(c, RootRequest.Subscribe, ServerWorld.Named("temp")).Error);
        Assert.Equal(0UL, c.Account.Free(QuotaKind.Slots));
    }

    [Fact]
    public void TheProcessListGivesEveryProcessInPidOrderPagedWithItsUsageAndQuota()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        var kids = new List<Process>();
        for (int i = 0; i < 6; i++)
        {
            kids.Add(Child(w, p, new ProcessQuota(1 << 20, 128, 0, 1, 1, 1)));
        }

        w.Dispatcher.End(kids[2], EndReason.Exited, 5); // a zombie: p has not waited
        var listed = new List<ProcessEntry>();
        ulong next = 0;
        int pages = 0;
        do
        {
            Outcome o = w.Call(p, RootRequest.ListProcesses, next);
            Assert.Equal(RootError.Ok, o.Error);
            Assert.Equal(RootError.Ok, ListProcessesRequest.DecodeReply(o.Page, out next, out int count));
            for (int k = 0; k < count; k++)
            {
                listed.Add(ListProcessesRequest.DecodeEntry(o.Page, k));
            }

            pages++;
        }
        while (next != 0);

        Assert.Equal(2, pages);
        Assert.Equal(7, listed.Count);
        Assert.Equal(p.Pid, listed[0].Pid);
        Assert.Equal(0UL, listed[0].ParentPid);
        Assert.Equal(6UL, listed[0].Used.Children);
        Assert.Equal(5UL << 20, listed[0].Given.Memory); // the zombie's quota came back at its end
        Assert.Equal(ProcessQuota.RootDefault.Memory, listed[0].Quota.Memory);
        Assert.Equal(p.Account.Used.Memory, listed[0].Used.Memory);
        var name = new byte[32];
        for (int i = 0; i < 6; i++)
        {
            ProcessEntry e = listed[i + 1];
            Assert.Equal(kids[i].Pid, e.Pid);
            Assert.Equal(p.Pid, e.ParentPid);
            Assert.Equal(i == 2 ? ListedState.Zombie : ListedState.Running, e.State);
            Assert.Equal("client", System.Text.Encoding.ASCII.GetString(name, 0, e.NameBytes(name)));
            Assert.Equal(1UL << 20, e.Quota.Memory);
            Assert.Equal(i == 2 ? 0UL : kids[i].Account.Used.Memory, e.Used.Memory);
        }

        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ListProcesses).Error);
    }
}
