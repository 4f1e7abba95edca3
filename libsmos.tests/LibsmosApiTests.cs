// More of libsmos end to end on the host: blocking Wait, heap growth, console limits, names and handles refused, slots, servers with shared pages and doorbells.
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class LibsmosApiTests
{
    private const string Name32 = "abcdefghijklmnopqrstuvwxyz-_.789";
    private const string Name33 = Name32 + "x";

    private static byte[] B(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    [Fact]
    public async System.Threading.Tasks.Task WaitBlocksUntilTheChildExitsAndThenReturnsItsCode()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord parent = h.Start("hello");
        ulong child = h.As(parent, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("client"u8, default, out ulong c));
            return c;
        });

        // The parent waits on a thread of its own: the root task keeps its reply capability and does not answer yet.
        System.Threading.Tasks.Task<int> waiting = h.Begin(parent, () =>
        {
            RootError e = Process.Wait(child, out long code);
            return e == RootError.Ok ? (int)code : -1000 - (int)e;
        });
        Thread.Sleep(200);
        Assert.False(waiting.IsCompleted, "Wait returned before the child ended");
        Assert.True(h.World.Find(child) is not null);

        ProcessRecord childRecord = h.World.Find(child)!;
        var ended = Assert.Throws<InvalidOperationException>(() => h.As(childRecord, () =>
        {
            Console.Write("bye"); // Exit sends the partial line first
            Process.Exit(7);
        }));
        Assert.IsType<NoReplyException>(ended.InnerException);

        Assert.Equal(7, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains($"client[{child}]: bye", h.Console, StringComparison.Ordinal);
        Assert.Null(h.World.Find(child)); // reaped by the Wait: no zombie left
        h.As(parent, () => Assert.Equal(RootError.NoSuchProcess, Process.Wait(child, out _)));
        h.End(parent);
        Assert.Equal(before, h.World.Snapshot());
    }

    [Fact]
    public async System.Threading.Tasks.Task AWaiterThatIsKilledStopsWaitingAtOnceAndItsParentSeesKilled()
    {
        var h = new HostWorld();
        ProcessRecord top = h.Start("hello");
        ulong middle = h.As(top, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("server"u8, default, out ulong m));
            return m;
        });
        ProcessRecord middleRecord = h.World.Find(middle)!;
        ulong bottom = h.As(middleRecord, () =>
        {
            Assert.Equal(RootError.Ok, Process.Spawn("client"u8, default, out ulong b));
            return b;
        });

        System.Threading.Tasks.Task<int> waiting = h.Begin(middleRecord, () => (int)Process.Wait(bottom, out _));
        Thread.Sleep(100);
        Assert.False(waiting.IsCompleted);

        var clock = Stopwatch.StartNew();
        h.As(top, () =>
        {
            Assert.Equal(RootError.Ok, Process.Kill(middle)); // the middle and, below it, the bottom end
            Assert.Equal(RootError.Ok, Process.Wait(middle, out long code));
            Assert.Equal(ExitCodes.Killed, code);
        });
        // The waiter stops at once either way the host world's threads interleave: its Wait is answered (the bottom was
        // seen to end first) or it gets no reply (the middle ended first). It must never hang until the timeout.
        Exception? stopped = null;
        try
        {
            await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException e)
        {
            stopped = e;
        }

        Assert.True(stopped is null || stopped.InnerException is NoReplyException, $"the waiter stopped with {stopped}");
        Assert.True(waiting.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the killed waiter took {clock.Elapsed} to stop");
        Assert.Null(h.World.Find(bottom));
    }

    [Fact]
    public unsafe void TheHeapGrowsBySixteenPagesOrWhatOneAllocationNeedsWithinTheMemoryQuota()
    {
        var h = new HostWorld();
        h.World.StartQuota = new ProcessQuota(8UL << 20, 4096, 4, 16, 4, 16);
        ProcessRecord p = h.Start("hello");
        ulong heap = ProcessAbi.HeapRegionBase;
        int pages = 0, appGrant = 0;
        h.As(p, () =>
        {
            nuint chunk;
            nint at = AppRuntime.GrowHeap(1, &chunk);
            Assert.Equal((nint)heap, at);
            Assert.Equal((nuint)(AppRuntime.HeapGrowthPages * Memory.PageSize), chunk);
            Assert.Equal(16, Memory.HeapPages);

            at = AppRuntime.GrowHeap((nuint)(20 * Memory.PageSize) - 5, &chunk); // bigger than 16 pages: what it needs
            Assert.Equal((nint)heap + (16 * Memory.PageSize), at);
            Assert.Equal((nuint)(20 * Memory.PageSize), chunk);
            Assert.Equal(36, Memory.HeapPages);

            // A 4 MiB array's chunk (its bytes, header and the chunk's bitmaps): one request, past the old 64 pages.
            at = AppRuntime.GrowHeap((nuint)(4 << 20) + 40_000, &chunk);
            Assert.Equal((nint)heap + (36 * Memory.PageSize), at);
            Assert.Equal((nuint)(1034 * Memory.PageSize), chunk);
            Assert.Equal(1070, Memory.HeapPages);

            // More than the whole heap region: refused without a request; more than the quota: the quota's refusal.
            Assert.Equal(0, AppRuntime.GrowHeap(unchecked((nuint)(65UL << 30)), &chunk));
            Assert.Equal((nuint)0, chunk);
            Assert.Equal(0, AppRuntime.GrowHeap((nuint)(8 << 20), &chunk));
            Assert.Equal((nuint)0, chunk);
            Assert.Equal(1070, Memory.HeapPages);

            // Fill the quota to less than 16 pages (and their tables) free: a growth is then exactly what is needed.
            Process.TryGetInfo(Process.Pid, out ProcessInfo? me);
            ulong free = me!.Free(QuotaKind.Memory) / (ulong)Memory.PageSize;
            appGrant = (int)free - 12;
            Assert.Equal(RootError.Ok, Memory.AllocPages(appGrant, out _));
            at = AppRuntime.GrowHeap((nuint)(3 * Memory.PageSize), &chunk); // not 16: exactly 3
            Assert.NotEqual(0, at);
            Assert.Equal((nuint)(3 * Memory.PageSize), chunk);
            Assert.Equal(1073, Memory.HeapPages);
            Assert.Equal(0, AppRuntime.GrowHeap((nuint)(16 * Memory.PageSize), &chunk));
            Assert.Equal(1073, Memory.HeapPages);
            pages = Memory.HeapPages;
        });

        // Every page the heap took is mapped in the process, one after another from the region's start.
        for (ulong page = 0; page < 1070; page += 7)
        {
            Assert.NotNull(h.World.PageOf(p, heap + (page * ProcessAbi.PageSize)));
        }

        Assert.NotNull(h.World.PageOf(p, heap + (1069 * ProcessAbi.PageSize)));
        Assert.Equal(pages + appGrant, p.HeapPages); // the root task counts the app's own grant too, the heap does not
    }

    [Fact]
    public unsafe void AHeapGrowthTheQuotaRefusesIsDescribedNamingTheQuotaAndItsSize()
    {
        var h = new HostWorld();
        h.World.StartQuota = new ProcessQuota(4UL << 20, 4096, 4, 16, 4, 16);
        h.As(h.Start("hello"), () =>
        {
            nuint chunk;
            byte* text = stackalloc byte[240];
            Assert.Equal(0, AppRuntime.GrowHeap((nuint)(8 << 20), &chunk)); // 8 MiB in a 4 MiB quota
            int n = AppRuntime.DescribeHeapFailure((nuint)(8 << 20), text, 240);
            Assert.Equal("out of memory: the heap could not grow by 8388608 bytes: the memory quota (4194304) is used up",
                System.Text.Encoding.ASCII.GetString(text, n));

            Assert.Equal(0, AppRuntime.GrowHeap(unchecked((nuint)(65UL << 30)), &chunk)); // more than the whole region
            n = AppRuntime.DescribeHeapFailure(unchecked((nuint)(65UL << 30)), text, 240);
            Assert.Equal("out of memory: the heap could not grow by 69793218560 bytes: more than the whole heap region (68719476736 bytes)",
                System.Text.Encoding.ASCII.GetString(text, n));

            n = AppRuntime.DescribeHeapFailure(1, text, 20); // cut to what fits, never past it
            Assert.Equal("out of memory: the h", System.Text.Encoding.ASCII.GetString(text, n));
        });

        // The slot quota: memory for 4 MiB of pages, slots for some 500.
        h.World.StartQuota = new ProcessQuota(16UL << 20, 600, 4, 16, 4, 16);
        h.As(h.Start("hello"), () =>
        {
            nuint chunk;
            byte* text = stackalloc byte[240];
            Assert.Equal(0, AppRuntime.GrowHeap((nuint)(4 << 20), &chunk));
            int n = AppRuntime.DescribeHeapFailure((nuint)(4 << 20), text, 240);
            Assert.Equal("out of memory: the heap could not grow by 4194304 bytes: the slot quota (600) is used up",
                System.Text.Encoding.ASCII.GetString(text, n));
        });
    }

    [Fact]
    public void ConsoleSendsFullBuffersPrintsNonAsciiBytesAsQuestionMarksAndWritesExtremeNumbers()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        int printsBefore = 0;
        h.As(p, () =>
        {
            Console.Write((string?)null);
            Console.Write(new string('a', 1000)); // 800 bytes go at once (a full buffer), 200 stay
            printsBefore = h.Console.Count(c => c == 'a');
            Console.WriteLine();
            Console.Write("caf\u00e9 ");
            Console.Write('\u00fc');
            Console.Write(' ');
            Console.Write(long.MinValue);
            Console.Write(' ');
            Console.Write($"0x{0:x}");
            Console.Write(' ');
            Console.Write($"0x{ulong.MaxValue:x}");
            Console.WriteLine(" end");
        });
        Assert.Equal(ProcessAbi.MaxPrintBytes, printsBefore);
        Assert.Contains($"hello[{p.Pid}]: {new string('a', 1000)}\n", h.Console, StringComparison.Ordinal);
        Assert.Contains($"hello[{p.Pid}]: caf?? ?? -9223372036854775808 0x0 0xffffffffffffffff end\n", h.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void AsciiNumbersAndArgsAtTheirLimits()
    {
        Assert.True(Ascii.TryParseNumber("9223372036854775807"u8, out long max) && max == long.MaxValue);
        Assert.True(Ascii.TryParseNumber("-9223372036854775808"u8, out long min) && min == long.MinValue);
        Assert.False(Ascii.TryParseNumber("9223372036854775808"u8, out _));
        Assert.False(Ascii.TryParseNumber("99999999999999999999"u8, out _));
        Assert.False(Ascii.TryParseNumber("-"u8, out _));
        Assert.False(Ascii.TryParseNumber(""u8, out _));
        Assert.False(Ascii.TryParseNumber("1a"u8, out _));
        Assert.False(Ascii.TryParseNumber(" 1"u8, out _));
        Assert.True(Ascii.Equal(""u8, default));
        Assert.False(Ascii.Equal("ab"u8, "abc"u8));

        var h = new HostWorld();
        h.As(h.Start("hello"), () =>
        {
            Assert.Equal(4, Args.Count);
            Assert.True(Args.Get(-1).IsEmpty);
            Assert.True(Args.Get(4).IsEmpty);
            Assert.True(Args.Get(2).IsEmpty); // an empty argument is an argument
            Assert.Equal("last", System.Text.Encoding.ASCII.GetString(Args.Get(3)));
            Assert.False(Args.TryGetNumber(2, out _));
            Assert.True(Args.TryGetNumber(1, out long n) && n == 0);
        }, "0", "", "last");
    }

    [Fact]
    public void NamesMayBeStringsAndMeanTheirUtf8()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        h.As(server, () =>
        {
            Assert.True(ServerApp.TryPublish("kv-store", out Publication _));
            Assert.Equal(RootError.BadName, Connections.Publish(new string('n', 33), out _)); // 33 bytes
            Assert.Equal(RootError.BadName, Connections.Publish("", out _));
            Assert.Equal(RootError.BadName, Connections.Publish("h\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", out _)); // 17 chars, 33 bytes
            Assert.Equal(RootError.Ok, Topics.Subscribe("temperature", out ulong bit));
            Assert.NotEqual(0UL, bit);
        });
        h.As(client, () =>
        {
            Assert.Equal(RootError.Ok, Connections.Open("kv-store", out Connection c)); // the same name as "kv-store"u8
            Assert.Equal(RootError.Ok, Connections.Close(c));
            Assert.Equal(RootError.Ok, Connections.OpenWhenPublished("kv-store", out c, attempts: 2));
            Assert.Equal(RootError.Ok, Connections.Close(c));
            Assert.Equal(RootError.Ok, Topics.Publish("temperature", 21, out ulong signalled));
            Assert.Equal(1UL, signalled);
            Assert.Equal(RootError.Ok, Topics.Read("temperature"u8, out ulong value));
            Assert.Equal(21UL, value);
        });
    }

    [Fact]
    public void NamesAreCheckedBeforeAndByTheRootTask()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        Publication pub = h.As(server, () =>
        {
            Assert.Equal(RootError.BadName, Connections.Publish(B(Name33), out _));
            Assert.Equal(RootError.BadName, Connections.Publish(default(ReadOnlySpan<byte>), out _));
            Assert.Equal(RootError.BadName, Connections.Publish("Upper"u8, out _)); // the root task's rule
            Assert.Equal(RootError.Ok, Connections.Publish(B(Name32), out Publication p));
            Assert.Equal(RootError.NameTaken, Connections.Publish(B(Name32), out _));
            Assert.Equal(RootError.BadAddress, Connections.Publish("other"u8, p.BufferAddress, out _)); // its ring's page
            Assert.Equal(RootError.BadName, Topics.Subscribe(B(Name33), out _));
            Assert.Equal(RootError.BadName, Topics.Publish(default(ReadOnlySpan<byte>), 1, out _));
            Assert.Equal(RootError.NoSuchName, Topics.Unsubscribe("never"u8));
            return p;
        });
        h.As(client, () =>
        {
            Assert.Equal(RootError.BadName, Connections.Open(B(Name33), out _));
            Assert.Equal(RootError.BadName, Connections.Open(default(ReadOnlySpan<byte>), out _));
            Assert.Equal(RootError.NoSuchName, Connections.OpenWhenPublished("later"u8, out _, attempts: 3));
            Assert.True(CapSpace.TryAlloc(out ulong first)); // failed opens gave their slots back
            Assert.Equal(CapSlots.FirstFree, first);
            CapSpace.Free(first);
            Assert.Equal(RootError.Ok, Connections.Open(B(Name32), out Connection c));
            Assert.Equal(RootError.Ok, Connections.Close(c));
            Assert.Equal(RootError.BadHandle, Connections.Close(c));
            Assert.Equal(RootError.BadHandle, Connections.Unpublish(pub)); // not ours
        });
        h.As(server, () =>
        {
            Assert.Equal(RootError.Ok, Connections.Unpublish(pub));
            Assert.Equal(RootError.BadHandle, Connections.Unpublish(pub));
        });
        h.As(client, () => Assert.Equal(RootError.NoSuchName, Connections.Open(B(Name32), out _)));
    }

    [Fact]
    public void EachProcessHasItsOwnCapabilitySlotsAndTheyRunOut()
    {
        var h = new HostWorld();
        ulong used = h.Start("hello").Account.UsedOf(QuotaKind.Slots);
        ProcessQuota q = ProcessQuota.RootDefault;
        q.Slots = used + 100; // no room for one more CNode (257 slots)
        h.World.StartQuota = q;
        ProcessRecord a = h.Start("server");
        h.World.StartQuota = null;
        ProcessRecord b = h.Start("client");
        h.As(a, () =>
        {
            for (int i = 0; i < CapSlots.FirstCNodeSlots - (int)CapSlots.FirstFree; i++)
            {
                Assert.True(CapSpace.TryAlloc(out ulong slot));
                Assert.Equal(CapSlots.FirstFree + (ulong)i, slot);
            }

            Assert.False(CapSpace.TryAlloc(out _));
            Assert.Equal(RootError.QuotaSlots, Connections.Publish("full"u8, out _)); // the CNode it needs is refused
            Assert.Equal(RootError.QuotaSlots, Connections.Open("full"u8, out _));
            CapSpace.Free(CapSlots.Cptr(1, 0)); // not one of ours: ignored
            CapSpace.Free(3);
            Assert.False(CapSpace.TryAlloc(out _));
            CapSpace.Free(CapSlots.FirstFree + 9);
        });

        // Another process's slots are its own; the first one's state carries over to its next run.
        h.As(b, () => Assert.True(CapSpace.TryAlloc(out ulong s) && s == CapSlots.FirstFree));
        h.As(a, () => Assert.True(CapSpace.TryAlloc(out ulong s) && s == CapSlots.FirstFree + 9));
    }

    [Fact]
    public void SharedPagesAndDoorbellsRefuseBadRequests()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        h.As(server, () => Assert.Equal(RootError.Ok, Connections.Publish("bulk"u8, out _)));
        h.As(client, () =>
        {
            Assert.False(default(SharedBuffer).IsMapped);
            Assert.Equal(0, default(SharedBuffer).Bytes.Length);
            Assert.False(default(Doorbell).IsValid);
            Assert.Equal(RootError.BadHandle, Connections.Share(default, out SharedBuffer none));
            Assert.False(none.IsMapped);
            Assert.Equal(RootError.BadHandle, Connections.Doorbell(default(Connection), out Doorbell noBell));
            Assert.False(noBell.IsValid);
            Assert.Equal(RootError.Ok, Connections.Open("bulk"u8, out Connection c));
            Assert.Equal(RootError.BadAddress, Connections.Share(c, Connections.SharedBase + 8, out _));
            Assert.Equal(RootError.BadAddress, Connections.Share(c, ProcessAbi.IpcBufferVaddr, out _));
            Assert.Equal(RootError.Ok, Connections.Share(c, out SharedBuffer page));
            Assert.Equal(Connections.SharedBase, page.Address);
            Assert.Equal(SharedBuffer.Size, page.Bytes.Length);
            Assert.Equal(SharedBuffer.Size / 8, page.Words.Length);
            Assert.Equal(0UL, page.Words[0]); // zeroed
            Assert.Equal(RootError.NotPermitted, Connections.Share(c, out _)); // one per connection
            Assert.Equal(RootError.Ok, Connections.Close(c));
        });
        Assert.Null(h.World.PageOf(client, Connections.SharedBase)); // unmapped from the client when it closed
    }

    [Fact]
    public void TopicsSignalEverySubscriberAndKeepTheLastValue()
    {
        var h = new HostWorld();
        ProcessRecord[] subs = [h.Start("hello"), h.Start("server"), h.Start("client")];
        ulong[] bits = subs.Take(2).Select(s => h.As(s, () =>
        {
            Assert.Equal(RootError.Ok, Topics.Subscribe("load"u8, out ulong bit));
            Assert.Equal(RootError.Ok, Topics.Subscribe("load"u8, out ulong again));
            Assert.Equal(bit, again);
            return bit;
        })).ToArray();
        h.As(subs[2], () =>
        {
            Assert.Equal(RootError.Ok, Topics.Publish("load"u8, 5, out ulong signalled));
            Assert.Equal(2UL, signalled);
            Assert.Equal(RootError.Ok, Topics.Publish("load"u8, 6, out _));
            Assert.Equal(RootError.Ok, Topics.Read("load"u8, out ulong value));
            Assert.Equal(6UL, value);
            Assert.Equal(0UL, Notifications.Poll()); // not a subscriber
        });
        for (int i = 0; i < 2; i++)
        {
            ulong bit = bits[i];
            h.As(subs[i], () => Assert.Equal(bit, Notifications.Poll() & bit));
        }

        h.As(subs[0], () => Assert.Equal(RootError.Ok, Topics.Unsubscribe("load"u8)));
        h.As(subs[2], () =>
        {
            Assert.Equal(RootError.Ok, Topics.Publish("load"u8, 7, out ulong signalled));
            Assert.Equal(1UL, signalled);
        });
    }

    [Fact]
    public void AProcessThatKillsItselfGetsNoAnswerAndIsGone()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        ulong pid = p.Pid;
        var ended = Assert.Throws<InvalidOperationException>(() => h.As(p, () => Process.Kill(Process.Pid)));
        Assert.IsType<NoReplyException>(ended.InnerException);
        Assert.Null(h.World.Find(pid));
    }

    [Fact]
    public unsafe void TheHeapGivesAGrownChunkBackAndGrowsIntoItsRangeAgain()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            nuint chunk;
            nint first = AppRuntime.GrowHeap(1, &chunk);
            nint second = AppRuntime.GrowHeap(1, &chunk);
            Assert.Equal(32, Memory.HeapPages);

            Assert.True(AppRuntime.ReleaseHeap(first, chunk));
            Assert.Equal(16, Memory.HeapPages);
            Assert.False(AppRuntime.ReleaseHeap(first, chunk)); // not a grant any more: refused, nothing changes
            Assert.False(AppRuntime.ReleaseHeap(second, chunk / 2)); // part of a grant
            Assert.Equal(16, Memory.HeapPages);

            // Inside an IPC-buffer scope the releaser makes no request (the scope rules forbid one) and keeps the chunk.
            using (IpcWriter w = Ipc.Write())
            {
                Assert.False(AppRuntime.ReleaseHeap(second, chunk));
            }

            Assert.Equal(16, Memory.HeapPages);
            Assert.Equal(first, AppRuntime.GrowHeap(1, &chunk)); // the lowest free range: the one given back
            Assert.Equal(32, Memory.HeapPages);
        });

        Assert.NotNull(h.World.PageOf(p, ProcessAbi.HeapRegionBase));
        Assert.NotNull(h.World.PageOf(p, ProcessAbi.HeapRegionBase + (31 * ProcessAbi.PageSize)));
        Assert.Equal(32, p.HeapPages);
    }

    [Fact]
    public void MemoryFreePagesTakesBackExactlyOneGrant()
    {
        var h = new HostWorld();
        ProcessRecord p = h.Start("hello");
        h.As(p, () =>
        {
            Assert.Equal(RootError.Ok, Memory.AllocPages(4, out nuint a));
            Assert.Equal(RootError.Ok, Memory.AllocPages(8, out nuint b));
            Assert.Equal(RootError.BadArgument, Memory.FreePages(a, 0));
            Assert.Equal(RootError.BadArgument, Memory.FreePages(a, -1));
            Assert.Equal(RootError.BadArgument, Memory.FreePages(a, 12)); // both grants at once
            Assert.Equal(RootError.BadArgument, Memory.FreePages(b + (nuint)Memory.PageSize, 7));
            Assert.Equal(RootError.Ok, Memory.FreePages(a, 4));
            Assert.Equal(RootError.BadArgument, Memory.FreePages(a, 4)); // twice
            Assert.Equal(0, Memory.HeapPages); // the app's own pages are not the heap's
            Assert.Equal(RootError.Ok, Memory.AllocPages(4, out nuint again));
            Assert.Equal(a, again);
        });

        Assert.Equal(12, p.HeapPages);
    }

    [Fact]
    public void MemoryRefusesBadCounts()
    {
        var h = new HostWorld();
        h.As(h.Start("hello"), () =>
        {
            Assert.Equal(RootError.BadArgument, Memory.AllocPages(-1, out nuint at));
            Assert.Equal((nuint)0, at);
            Assert.Equal(RootError.BadArgument, Memory.AllocPages(ProcessAbi.HeapRegionPages + 1, out _)); // more than the region
            Assert.Equal(RootError.Ok, Memory.AllocPages(65, out at)); // past the old limit of 64 a request
            Assert.Equal(unchecked((nuint)ProcessAbi.HeapRegionBase), at);
        });
    }

    // A server of two clients that each share a page and ring its doorbell: OnShared, OnDoorbell, OnEvent and the
    // client limit, with the reply computed from the client's shared page.
    private sealed class Summer : RequestHandler
    {
        private readonly System.Collections.Generic.Dictionary<ulong, SharedBuffer> _pages = new();

        public Summer()
            : base(2)
        {
        }

        public int Doorbells { get; private set; }

        public int Opened { get; private set; }

        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            ulong sum = 0;
            if (_pages.TryGetValue(badge, out SharedBuffer page))
            {
                for (int i = 0; i < (int)request.Label; i++)
                {
                    sum += page.Words[i];
                }
            }

            using (var w = Ipc.Write())
            {
                w.SetMr(0, sum);
            }

            return new MessageInfo(_pages.ContainsKey(badge) ? 0UL : 1UL, 0, 0, 1);
        }

        public override void OnShared(ulong badge, ulong pid, SharedBuffer buffer) => _pages[badge] = buffer;

        public override void OnDoorbell(ulong bits) => Doorbells += (bits & ConnectionAbi.DoorbellBadge) != 0 ? 1 : 0;

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            Opened += kind == ConnectionEvent.Opened ? 1 : 0;
            if (kind == ConnectionEvent.Closed)
            {
                _pages.Remove(badge); // the page may go now
            }
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task AServerSeesSharedPagesAndDoorbellsAndStopsAfterItsClientLimit()
    {
        var h = new HostWorld();
        var before = h.World.Snapshot();
        ProcessRecord server = h.Start("server");
        ProcessRecord[] clients = [h.Start("client"), h.Start("client")];
        var handler = new Summer();
        // Published before the client starts (no race with OpenWhenPublished); served on a thread of its own.
        Publication pub = h.As(server, () =>
        {
            Assert.True(ServerApp.TryPublish("summer"u8, out Publication published));
            return published;
        });
        System.Threading.Tasks.Task<int> serving = h.Begin(server, () =>
        {
            Server.Run(pub, handler);
            return ServerApp.Unpublish(pub);
        });

        for (int k = 0; k < clients.Length; k++)
        {
            ulong scale = (ulong)k + 1;
            h.As(clients[k], () =>
            {
                Assert.Equal(RootError.Ok, Connections.OpenWhenPublished("summer"u8, out Connection c));
                MessageInfo plain = c.Endpoint.Call(new MessageInfo(3, 0, 0, 0));
                Assert.Equal(1UL, plain.Label); // no page yet
                Assert.Equal(RootError.Ok, Connections.Share(c, out SharedBuffer page));
                for (int i = 0; i < 4; i++)
                {
                    page.Words.Set(i, scale * (ulong)(i + 1));
                }

                Assert.Equal(RootError.Ok, Connections.Doorbell(c, out Doorbell bell));
                bell.Ring();
                MessageInfo reply = c.Endpoint.Call(new MessageInfo(3, 0, 0, 0));
                ulong sum;
                using (var r = Ipc.Read())
                {
                    sum = r.GetMr(0);
                }

                Assert.Equal((0UL, 6 * scale), (reply.Label, sum));
                Assert.Equal(RootError.Ok, Connections.Close(c));
            });
        }

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, handler.Opened);
        Assert.Equal(2, handler.ClientsClosed);
        Assert.False(handler.KeepServing);
        Assert.Equal(2, handler.Doorbells);
        h.End(server);
        foreach (ProcessRecord c in clients)
        {
            h.End(c);
        }

        Assert.Equal(before, h.World.Snapshot());
        Assert.Empty(h.World.Kernel.Misuse);
    }

    [Fact]
    public void ACallOnAConnectionWhoseServerIsGoneIsTheKernelsError()
    {
        var h = new HostWorld();
        ProcessRecord server = h.Start("server");
        ProcessRecord client = h.Start("client");
        h.As(server, () => Assert.Equal(RootError.Ok, Connections.Publish("brief"u8, out _)));
        Connection c = h.As(client, () =>
        {
            Assert.Equal(RootError.Ok, Connections.Open("brief"u8, out Connection opened));
            return opened;
        });
        h.End(server);
        h.As(client, () =>
        {
            MessageInfo reply = c.Endpoint.Call(new MessageInfo(1, 0, 0, 0));
            Assert.Equal((ulong)Sel4Error.InvalidCapability, reply.Label);
            Assert.Equal(RootError.BadHandle, Connections.Close(c)); // the connection went with the publication
        });
    }
}
