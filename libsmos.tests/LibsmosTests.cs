// libsmos end to end on the host: each API as an app calls it, through the codec and the real root task, checked in the simulated world.
using System;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Tests;
using Smos.Sel4;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class LibsmosTests
{
    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    [Fact]
    public void ConsoleLinesArePrintedWithTheProcesssNameAndPidNumbersInDecimalAndHex()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            Console.Write("answer ");
            Console.Write(-42);
            Console.Write(' ');
            Console.Write($"0x{0xbeef:x}");
            Console.WriteLine();
            Console.Write("partial");
            Assert.Equal(RootError.Ok, AppConsole.Flush());
            Assert.Equal(RootError.Ok, AppConsole.Flush()); // nothing buffered
            Console.Write(", then more through Console.Out");
            Console.Out.Flush();
        });
        Assert.Contains($"hello[{p.Pid}]: answer -42 0xbeef\n", h.Console, StringComparison.Ordinal);
        Assert.Contains($"hello[{p.Pid}]: partial, then more through Console.Out", h.Console, StringComparison.Ordinal); // one line: no newline between
    }

    [Fact]
    public void ArgsComeFromTheBlobWithTheNameAsArgZero()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            Assert.Equal(3, Args.Count);
            Assert.Equal("hello", Text(Args.Get(0)));
            Assert.Equal("one", Text(Args.Get(1)));
            Assert.True(Args.TryGetNumber(2, out long n) && n == -7);
            Assert.False(Args.TryGetNumber(1, out _));
            Assert.True(Args.Get(3).IsEmpty);
            Assert.True(Ascii.Equal(Args.Get(1), "one"u8));
        }, "one", "-7");
    }

    [Fact]
    public void ProcessesSpawnWaitKillAndExitThroughTheRootTask()
    {
        var h = new HostWorld();
        ProcessRecord parent = h.Start("hello");
        ulong stranger = h.Start("client").Pid;
        ulong child = h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.QueryPid(out ulong pid));
            Assert.Equal(Process.Pid, pid);
            Assert.Equal(RootError.NoSuchApp, Process.Spawn("nosuch"u8, default, out _));
            Assert.Equal(RootError.BadArgument, Process.Spawn(default(ReadOnlySpan<byte>), default, out _));
            Assert.Equal(RootError.Ok, Process.Spawn("server"u8, "x\0"u8, out ulong c));
            return c;
        });

        // The child exits 5 on its own thread; Exit never returns (the root task does not answer it).
        ProcessRecord childRecord = h.World.Find(child)!;
        var ended = Assert.Throws<InvalidOperationException>(() => h.As(childRecord, () => Process.Exit(5)));
        Assert.IsType<NoReplyException>(ended.InnerException);

        h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.Wait(child, out long code));
            Assert.Equal(5, code);
            Assert.Equal(RootError.NoSuchProcess, Process.Wait(child, out _));
            Assert.Equal(RootError.Ok, Process.Spawn("server"u8, default, out ulong second));
            Assert.Equal(RootError.Ok, Process.Kill(second));
            Assert.Equal(RootError.Ok, Process.Wait(second, out code));
            Assert.Equal(ExitCodes.Killed, code);
            Assert.Equal(RootError.NoSuchProcess, Process.Kill(1_000_000));
            Assert.Equal(RootError.NotPermitted, Process.Kill(stranger)); // not a descendant
        });
    }

    [Fact]
    public void MemoryPagesComeAtTheHeapBreakWithinTheMemoryQuota()
    {
        var h = new HostWorld();
        h.World.StartQuota = new ProcessQuota(4UL << 20, 4096, 4, 16, 4, 16);
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            Assert.Equal(RootError.BadArgument, Memory.AllocPages(0, out _));
            Assert.Equal(RootError.Ok, Memory.AllocPages(2, out nuint a));
            Assert.Equal(unchecked((nuint)ProcessAbi.HeapRegionBase), a);
            Assert.Equal(RootError.Ok, Memory.AllocPages(64, out nuint b));
            Assert.Equal(a + (2 * (nuint)Memory.PageSize), b);
            RootError e = RootError.Ok;
            int grants = 0;
            for (; grants < 20 && e == RootError.Ok; grants++)
            {
                e = Memory.AllocPages(64, out _);
            }

            Assert.Equal(RootError.QuotaMemory, e); // 4 MiB: the app and some 256 KiB grants, past the old 256 pages
            Assert.True(grants > 4, $"{grants} grants");
            Assert.Equal("the memory quota (4194304) is used up", Process.Describe(e));
            Assert.Equal(0, Memory.HeapPages);
        });
    }

    [Fact]
    public void TopicsSubscribePublishReadAndUnsubscribe()
    {
        var h = new HostWorld();
        ProcessRecord a = h.Start("hello");
        ProcessRecord b = h.Start("server");
        ulong bit = h.As(a, () =>
        {
            Assert.Equal(RootError.Ok, Topics.Subscribe("temperature"u8, out ulong mask));
            return mask;
        });
        Assert.NotEqual(0UL, bit);
        h.As(b, () =>
        {
            Assert.Equal(RootError.Ok, Topics.Publish("temperature"u8, 21, out ulong signalled));
            Assert.Equal(1UL, signalled);
            Assert.Equal(RootError.NoSuchName, Topics.Read("humidity"u8, out _));
            Assert.Equal(RootError.BadName, Topics.Read("Bad Name"u8, out _));
        });
        h.As(a, () =>
        {
            Assert.Equal(RootError.Ok, Topics.Read("temperature"u8, out ulong value));
            Assert.Equal(21UL, value);
            Assert.Equal(RootError.Ok, Topics.Unsubscribe("temperature"u8));
        });
        Assert.Equal(1, h.World.Kernel.CapAt(a.NotificationSlot)!.Object.Signals);
    }

    [Fact]
    public void ConnectionsPublishOpenShareRingCloseAndUnpublishEndToEnd()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        Publication pub = h.As(server, () =>
        {
            Assert.True(ServerApp.TryPublish("echo"u8, out Publication published));
            return published;
        });
        Assert.Equal(ObjectType.Endpoint, h.World.CapOf(server, pub.Endpoint.Cptr)!.Type);

        Connection conn = h.As(client, () =>
        {
            Assert.Equal(RootError.NoSuchName, Connections.Open("nobody"u8, out _));
            Assert.Equal(RootError.BadName, Connections.Open("No Such"u8, out _));
            Assert.Equal(RootError.Ok, Connections.Open("echo"u8, out Connection c));
            Assert.Equal(RootError.Ok, Connections.Share(c, out SharedBuffer page));
            page.Bytes.Set(0, 42);
            page.Words.Set(1, 0x1122334455667788);
            Assert.Equal(RootError.Ok, Connections.Doorbell(c, out Doorbell bell));
            Assert.True(bell.IsValid);
            return c;
        });
        Assert.Same(h.World.CapOf(server, pub.Endpoint.Cptr)!.Object, h.World.CapOf(client, conn.Endpoint.Cptr)!.Object);

        // The server reads its event ring (the root task's writes, through the simulated frame) and the shared page.
        h.As(server, () =>
        {
            Assert.True(pub.NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid));
            Assert.Equal((ConnectionEvent.Opened, conn.Handle, client.Pid), (kind, badge, pid));
            Assert.True(pub.NextEvent(out kind, out badge, out pid, out ulong where));
            Assert.Equal(ConnectionEvent.Shared, kind);
            SharedBuffer seen = SharedBuffer.At(where);
            Assert.Equal(42, seen.Bytes[0]);
            Assert.Equal(0x1122334455667788UL, seen.Words[1]);
            Assert.False(pub.NextEvent(out _, out _, out _));
        });

        h.As(client, () => Assert.Equal(RootError.Ok, Connections.Close(conn)));
        h.As(server, () =>
        {
            Assert.True(pub.NextEvent(out ConnectionEvent kind, out ulong badge, out _));
            Assert.Equal((ConnectionEvent.Closed, conn.Handle), (kind, badge));
            Assert.Equal(0, ServerApp.Unpublish(pub));
        });

        foreach (ProcessRecord p in new[] { server, client })
        {
            h.World.Dispatcher.End(p, EndReason.Exited, 0);
        }

        Assert.Equal(before, h.World.Snapshot());
        Assert.Empty(h.World.Kernel.Misuse);
    }

    [Fact]
    public void CapSpaceHandsOutSlotsFromTheFirstFreeOneAndTakesThemBack()
    {
        var h = new HostWorld();
        h.As(h.Start("hello"), () =>
        {
            Assert.True(CapSpace.TryAlloc(out ulong a));
            Assert.True(CapSpace.TryAlloc(out ulong b));
            Assert.True(a >= CapSlots.FirstFree && b == a + 1);
            CapSpace.Free(a);
            Assert.True(CapSpace.TryAlloc(out ulong again));
            Assert.Equal(a, again);
            CapSpace.Free(again);
            CapSpace.Free(b);
        });
    }

    [Fact]
    public void ServerAppReadsItsClientCountAndRefusesBadOnes()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("server");
        h.As(p, () =>
        {
            Assert.True(ServerApp.TryGetClientCount(1, 1, 8, out long clients));
            Assert.Equal(3, clients);
        }, "3");
        h.As(p, () => Assert.False(ServerApp.TryGetClientCount(1, 1, 8, out _)), "9");
        h.As(p, () =>
        {
            ServerApp.WritePrefix();
            Console.WriteLine("ready");
        });
        Assert.Contains($"server[{p.Pid}]: server: ready", h.Console, StringComparison.Ordinal);
        h.As(p, () =>
        {
            Assert.True(ServerApp.TryGetClientCount(2, 1, 8, out long clients));
            Assert.Equal(2, clients);
        });
    }

    [Fact]
    public void SpawnWithStringsEncodesUtf8ArgumentsAndRefusesWhatCannotBeSent()
    {
        var h = new HostWorld();
        ProcessRecord parent = h.Start("hello");
        h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("server", ["x", "y z", "h\u00e9"], out ulong child));
            Assert.NotEqual(0UL, child);
            Assert.Equal(RootError.Ok, Process.Spawn("server", [], out _));
            Assert.Equal(RootError.NoSuchApp, Process.Spawn("nosuch", [], out _));
            Assert.Equal(RootError.BadArgument, Process.Spawn("", [], out _));
            Assert.Equal(RootError.BadLength, Process.Spawn(new string('s', ProcessAbi.MaxAppNameBytes + 1), [], out _));
            Assert.Equal(RootError.BadArgument, Process.Spawn("server", ["a\0b"], out _));
            Assert.Equal(RootError.BadLength, Process.Spawn("server", [new string('a', ProcessAbi.MaxSpawnBytes)], out _));
        });
    }

    [Fact]
    public void APanicsLastWordsReachTheRootTask()
    {
        // What libsmos's panic hook sends (AppRuntime.SendLastWords, on seL4): the codec's Panic request.
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        ulong pid = p.Pid;
        Assert.Throws<InvalidOperationException>(() => h.As(p, () =>
        {
            Span<ulong> m = stackalloc ulong[4 + (ProcessAbi.MaxPanicBytes / 8)];
            int n = RootTaskProtocol.EncodePanic(0, 0, [], "boom"u8, m);
            LastWords.Send(CapSlots.RootEndpoint, (ulong)RootRequest.Panic, m.Slice(0, n));
        }));
        Assert.Contains($"FAULT pid={pid} name=hello kind=panic (boom)", h.Console, StringComparison.Ordinal);
        Assert.Null(h.World.Find(pid));
    }

    [Fact]
    public void DoorbellsAndTopicsRingTheirNotificationsAndTheOwnerSeesTheBits()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        Publication pub = h.As(server, () =>
        {
            Assert.Equal(RootError.Ok, Connections.Publish("bells"u8, out Publication published));
            Assert.Equal(0UL, Notifications.Poll()); // publishing posts no event
            return published;
        });
        h.As(client, () =>
        {
            Assert.Equal(RootError.Ok, Connections.OpenWhenPublished("bells"u8, out Connection c));
            Assert.Equal(RootError.Ok, Connections.Doorbell(c, out Doorbell bell));
            bell.Ring();
            Assert.Equal(RootError.Ok, Topics.Subscribe("news"u8, out ulong bit));
            Assert.Equal(RootError.Ok, Topics.Publish("news"u8, 1, out _));
            Assert.Equal(bit, Notifications.Wait() & bit); // our own publish signalled our subscription
            Assert.Equal(0UL, Notifications.Poll());
        });
        h.As(server, () =>
        {
            ulong bits = Notifications.Wait();
            Assert.Equal(ConnectionAbi.DoorbellBadge, bits & ConnectionAbi.DoorbellBadge); // the client rang
            Assert.Equal(ConnectionAbi.EventBadge, bits & ConnectionAbi.EventBadge); // and the Opened event was posted
            Assert.True(pub.NextEvent(out ConnectionEvent kind, out ulong clientBadge, out _) && kind == ConnectionEvent.Opened);
            Assert.Throws<NoReplyException>(() => Notifications.Wait()); // nothing more: a real Wait would block
            Assert.Equal(RootError.Ok, Connections.Doorbell(clientBadge, out Doorbell back)); // the server's bell to its client
            back.Ring();
        });
        h.As(client, () => Assert.Equal(ConnectionAbi.DoorbellBadge, Notifications.Poll() & ConnectionAbi.DoorbellBadge));
    }

    private sealed class AddOne : RequestHandler
    {
        public AddOne()
            : base(1)
        {
        }

        public int Opened { get; private set; }

        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            ulong v;
            using (var r = Ipc.Read())
            {
                v = r.GetMr(0);
            }

            using (var w = Ipc.Write())
            {
                w.SetMr(0, v + 1);
                w.SetMr(1, badge);
            }

            return new MessageInfo(0, 0, 0, 2);
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid) => Opened += kind == ConnectionEvent.Opened ? 1 : 0;
    }

    [Fact]
    public async System.Threading.Tasks.Task ServerRunServesARealClientUntilItCloses()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        var handler = new AddOne();
        // Published before the client starts (no race with OpenWhenPublished); served on a thread of its own.
        Publication pub = h.As(server, () =>
        {
            Assert.True(ServerApp.TryPublish("adder"u8, out Publication published));
            return published;
        });
        System.Threading.Tasks.Task<int> serving = h.Begin(server, () =>
        {
            Server.Run(pub, handler); // returns once its one client has closed
            return ServerApp.Unpublish(pub);
        });

        h.As(client, () =>
        {
            Assert.Equal(RootError.Ok, Connections.OpenWhenPublished("adder"u8, out Connection c));
            for (ulong i = 0; i < 3; i++)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 41 + i);
                }

                MessageInfo reply = c.Endpoint.Call(new MessageInfo(1, 0, 0, 1));
                using var r = Ipc.Read();
                Assert.Equal((0UL, 2, 42 + i, c.Handle), (reply.Label, reply.Length, r.GetMr(0), r.GetMr(1)));
            }

            Assert.Equal(RootError.Ok, Connections.Close(c));
        });

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30))); // the server loop returned after its client closed
        Assert.Equal(1, handler.Opened);
        Assert.Equal(1, handler.ClientsClosed);
        foreach (ProcessRecord p in new[] { server, client })
        {
            h.World.Dispatcher.End(p, EndReason.Exited, 0);
        }

        Assert.Equal(before, h.World.Snapshot());
    }

    private sealed class FastSwap : FastRequestHandler
    {
        public FastSwap()
            : base(1)
        {
        }

        public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage message)
        {
            message = new FastMessage(message.Mr3, message.Mr2, message.Mr1, message.Mr0 + badge);
            return new MessageInfo(7, 0, 0, 4);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task TheRegisterPathServesAFastMessageBothWays()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        // Published before the client starts (no race with OpenWhenPublished); served on a thread of its own.
        Publication pub = h.As(server, () =>
        {
            Assert.True(ServerApp.TryPublish("swap"u8, out Publication published));
            return published;
        });
        System.Threading.Tasks.Task<int> serving = h.Begin(server, () =>
        {
            Server.Run(pub, new FastSwap()); // the register path: RecvFast / ReplyRecvFast
            return ServerApp.Unpublish(pub);
        });

        h.As(client, () =>
        {
            Assert.Equal(RootError.Ok, Connections.OpenWhenPublished("swap"u8, out Connection c));
            var m = new FastMessage(1, 2, 3, 4);
            MessageInfo reply = c.Endpoint.Call(new MessageInfo(1, 0, 0, 4), ref m);
            Assert.Equal(7UL, reply.Label);
            Assert.Equal((4UL, 3UL, 2UL, 1 + c.Handle), (m.Mr0, m.Mr1, m.Mr2, m.Mr3));
            Assert.Equal(RootError.Ok, Connections.Close(c));
        });

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
