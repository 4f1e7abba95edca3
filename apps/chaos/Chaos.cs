// chaos: a hostile app: N (default 3000) random requests and targeted bad inputs to the root task; every reply must be a RootError.
using System;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Sends the root task malformed and hostile requests over its endpoint (cap slot 4): first targeted bad inputs for
/// every request (names, buffer addresses, handles, limits, pids, page counts), each checked against the error
/// docs/protocol.md gives, then N random messages from a fixed-seed xorshift generator (random labels, lengths, message
/// registers, sometimes a capability). Every reply must carry a known <see cref="RootError"/> label; a message with the
/// (unwrapped) root endpoint capability must be BadArgument and an unknown label UnknownRequest. It never sends Exit, never Kills itself, only
/// Waits on pids no process can have (above 0x10000) and never names a real app in Spawn. Whatever it creates by
/// chance (a publication, a connection) it undoes; it creates one topic ("chaos-topic"), since topics are never freed.
/// </summary>
public static unsafe class Chaos
{
    private const ulong Seed = 0x9E37_79B9_7F4A_7C15;
    private static ulong s_receiveSlot; // taken from libsmos's CapSpace once, so no connection of ours gets it
    private const int KnownErrors = (int)ProcessAbi.LastError + 1;
    private const int MaxFailurePrints = 20;

    private static ulong s_rng = Seed;
    private static ulong[] s_counts = null!;
    private static long s_requests;
    private static long s_badReplies;
    private static long s_failures;
    private static long s_capsReceived;
    private static long s_undone;
    private static long s_pagesGranted;
    private static ulong s_dataWord;

    public static int Main(string[] args)
    {
        long n = 3000;
        if (Args.Count > 1 && (!Args.TryGetNumber(1, out n) || n < 0 || n > 1_000_000))
        {
            Console.WriteLine("chaos: usage: chaos [requests] (0..1000000)");
            return 2;
        }

        s_counts = new ulong[KnownErrors];
        if (CapSpace.Alloc(out s_receiveSlot) != RootError.Ok)
        {
            Console.WriteLine("chaos: no capability slot for replies");
            return 1;
        }

        Console.Write("chaos: pid ");
        Console.Write((long)Process.Pid);
        Console.Write(", targeted bad inputs, then ");
        Console.Write(n);
        Console.Write(" random requests (seed ");
        Console.Write($"0x{Seed:x}");
        Console.WriteLine(")");

        Names();
        BufferAddresses();
        Handles();
        TooManyPublications();
        TooManyConnections();
        TopicRequests();
        Processes();
        long targeted = s_requests;
        Console.Write("chaos: ");
        Console.Write(targeted);
        Console.Write(" targeted requests, ");
        Console.Write(s_failures);
        Console.WriteLine(" unexpected answers");

        for (long i = 0; i < n; i++)
        {
            RandomRequest();
            if (i % 500 == 499)
            {
                StillSane();
            }
        }

        // A generated server gets garbage too (apps/kv, started by the demo), when one is published.
        long typedFailures = TypedChaos.Run(n);
        FinalChecks();
        Summary(n);
        return s_failures == 0 && s_badReplies == 0 && typedFailures == 0 ? 0 : 1;
    }

    // ---- targeted inputs --------------------------------------------------------------------------------------

    private static void Names()
    {
        // ConnPublish (header 2: MR0 = buffer vaddr, MR1 = n), all with a good buffer address. A count past the message's
        // end is a length error (the generated decoder's); a name that decodes is then checked (BadName).
        ulong va = 0x3000_0000;
        Expect("publish n=0"u8, Name(10, 0, default, 2, va, -1, out _), RootError.BadName);
        Expect("publish n=33"u8, Name(10, 33, "abcdefghijklmnopqrstuvwxyz0123456"u8, 2, va, -1, out _), RootError.BadName);
        Expect("publish n=2^64-1"u8, Name(10, ulong.MaxValue, "chaos"u8, 2, va, -1, out _), RootError.BadLength);
        Expect("publish n=2^32+5 (int truncation)"u8, Name(10, (1UL << 32) | 5, "chaos"u8, 2, va, -1, out _), RootError.BadLength);
        Expect("publish upper case"u8, Name(10, 5, "Chaos"u8, 2, va, -1, out _), RootError.BadName);
        Expect("publish space"u8, Name(10, 5, "ch os"u8, 2, va, -1, out _), RootError.BadName);
        Expect("publish NUL inside"u8, Name(10, 5, "ch\0os"u8, 2, va, -1, out _), RootError.BadName);
        Expect("publish slash"u8, Name(10, 7, "chaos/x"u8, 2, va, -1, out _), RootError.BadName);
        // "\xff" is U+00FF, two bytes in UTF-8 (0xc3 0xbf): the name is 6 bytes, none of them allowed past the third.
        Expect("publish a non-ASCII byte"u8, Name(10, 6, "cha\xffs"u8, 2, va, -1, out _), RootError.BadName);
        Expect("publish length 2+2 for n=5"u8, Name(10, 5, "chaos"u8, 2, va, 4, out _), RootError.BadLength);
        Expect("publish length 2 for n=5"u8, Name(10, 5, "chaos"u8, 2, va, 2, out _), RootError.BadLength);
        Expect("publish length 120 for n=5"u8, Name(10, 5, "chaos"u8, 2, va, 120, out _), RootError.BadLength);
        ExpectEither("publish length 1"u8, Name(10, 5, "chaos"u8, 2, va, 1, out _), RootError.BadLength, RootError.BadName);
        ExpectEither("publish length 0"u8, Name(10, 5, "chaos"u8, 2, va, 0, out _), RootError.BadLength, RootError.BadName);

        // The longest name (32 bytes) is fine; the bytes after n in the last word must be zero (the decoder checks them).
        RootError e = Name(10, 32, "abcdefghijklmnopqrstuvwxyz-_.789"u8, 2, va, -1, out ulong handle);
        Expect("publish a 32-byte name"u8, e, RootError.Ok);
        UndoPublish(e, handle);
        e = Name(10, 7, "chaos-ntXYZ"u8, 2, va, 3, out handle);
        Expect("publish n=7 with garbage after the name in its word"u8, e, RootError.BadArgument);
        UndoPublish(e, handle);

        // ConnOpen (header 1).
        Expect("open n=0"u8, Name(11, 0, default, 1, 0, -1, out _), RootError.BadName);
        Expect("open n=33"u8, Name(11, 33, "abcdefghijklmnopqrstuvwxyz0123456"u8, 1, 0, -1, out _), RootError.BadName);
        Expect("open n=2^63"u8, Name(11, 1UL << 63, "x"u8, 1, 0, -1, out _), RootError.BadLength);
        Expect("open upper case"u8, Name(11, 4, "NOPE"u8, 1, 0, -1, out _), RootError.BadName);
        Expect("open unknown name"u8, Name(11, 12, "no-such-name"u8, 1, 0, -1, out _), RootError.NoSuchName);
        Expect("open length 1+3 for n=12"u8, Name(11, 12, "no-such-name"u8, 1, 0, 4, out _), RootError.BadLength);
        ExpectEither("open length 0"u8, Name(11, 4, "echo"u8, 1, 0, 0, out _), RootError.BadLength, RootError.BadName);
    }

    private static void BufferAddresses()
    {
        ulong dataPage;
        fixed (ulong* p = &s_dataWord)
        {
            dataPage = (ulong)p & ~(ProcessAbi.PageSize - 1);
        }

        BadBuffer("buffer at 0"u8, 0);
        BadBuffer("buffer unaligned +1"u8, 0x3000_0001);
        BadBuffer("buffer unaligned +0x800"u8, 0x3000_0800);
        BadBuffer("buffer on our code"u8, CodePage());
        BadBuffer("buffer on our data/.bss"u8, dataPage);
        BadBuffer("buffer at the heap base"u8, ProcessAbi.HeapRegionBase);
        BadBuffer("buffer in the heap region past the old 256-page one"u8, ProcessAbi.HeapRegionBase + (4096 * ProcessAbi.PageSize));
        BadBuffer("buffer on the heap region's last page"u8, ProcessAbi.HeapRegionEnd - ProcessAbi.PageSize);
        BadBuffer("buffer on the start-info page"u8, ProcessAbi.StartInfoVaddr);
        BadBuffer("buffer on the IPC buffer"u8, ProcessAbi.IpcBufferVaddr);
        BadBuffer("buffer on the stack guard page"u8, ProcessAbi.StackBottom - ProcessAbi.PageSize);
        BadBuffer("buffer on the stack"u8, ProcessAbi.StackTop - ProcessAbi.PageSize);
        BadBuffer("buffer at the top of the user range"u8, 0x0000_ffff_ffff_f000);
        BadBuffer("buffer in the kernel half"u8, 0xffff_ffff_ffff_f000);
        BadBuffer("buffer at 2^63"u8, 1UL << 63);

        // Overlapping another publication's buffer.
        RootError e = Connections.Publish("chaos-a"u8, out Publication a);
        s_requests++;
        Expect("publish chaos-a"u8, e, RootError.Ok);
        if (e == RootError.Ok)
        {
            BadBuffer("buffer on chaos-a's buffer"u8, a.BufferAddress);
            RootError again = Name(10, 7, "chaos-a"u8, 2, 0x3000_0000, -1, out ulong h);
            Expect("publish chaos-a twice"u8, again, RootError.NameTaken);
            UndoPublish(again, h);
            Expect("unpublish chaos-a"u8, Unpublish(a), RootError.Ok);
        }

        // Where the old 256-page heap region was (0x1000_0000) and just below the start-info page are allowed (the heap
        // region is above the stack: a buffer may not go there at all).
        RootError ok = Name(10, 9, "chaos-buf"u8, 2, 0x1000_0000, -1, out ulong handle);
        Expect("buffer where the old 256-page heap region was"u8, ok, RootError.Ok);
        UndoPublish(ok, handle);
        ok = Name(10, 9, "chaos-buf"u8, 2, ProcessAbi.StartInfoVaddr - ProcessAbi.PageSize, -1, out handle);
        Expect("buffer just below the start-info page"u8, ok, RootError.Ok);
        UndoPublish(ok, handle);
    }

    // The page of our code: buildsys links each app at a base of its own (AppLinkBases.cs), not at ProcessAbi.AppLinkBase.
    private static ulong CodePage() => (ulong)(delegate*<void>)&BufferAddresses & ~(ProcessAbi.PageSize - 1);

    private static void BadBuffer(ReadOnlySpan<byte> what, ulong vaddr)
    {
        RootError e = Name(10, 9, "chaos-buf"u8, 2, vaddr, -1, out ulong handle);
        Expect(what, e, RootError.BadAddress);
        UndoPublish(e, handle);
    }

    private static void Handles()
    {
        RootError e = Connections.Publish("chaos-h"u8, out Publication pub);
        s_requests++;
        Expect("publish chaos-h"u8, e, RootError.Ok);
        if (e != RootError.Ok)
        {
            return;
        }

        e = Connections.Open("chaos-h"u8, out Connection c);
        s_requests++;
        Expect("open chaos-h"u8, e, RootError.Ok);
        ulong ph = pub.Handle;
        ulong ch = e == RootError.Ok ? c.Handle : 0;
        Expect("close the publication's handle"u8, One(12, ph, 1), RootError.BadHandle);
        Expect("unpublish the connection's handle"u8, One(13, ch, 1), RootError.BadHandle);
        Expect("close handle 0"u8, One(12, 0, 1), RootError.BadHandle);
        Expect("close handle 2^64-1"u8, One(12, ulong.MaxValue, 1), RootError.BadHandle);
        Expect("close a forged handle (+1000)"u8, One(12, ch + 1000, 1), RootError.BadHandle);
        Expect("close handle + 2^32"u8, One(12, ch + (1UL << 32), 1), RootError.BadHandle);
        Expect("unpublish handle 0"u8, One(13, 0, 1), RootError.BadHandle);
        Expect("unpublish a forged handle (+1)"u8, One(13, ph + 1, 1), RootError.BadHandle);
        Expect("unpublish a forged handle (other index)"u8, One(13, ph ^ (1UL << 33), 1), RootError.BadHandle);
        Expect("unpublish a forged handle (low 32 bits)"u8, One(13, ph & 0xFFFF_FFFF, 1), RootError.BadHandle);
        Expect("close with length 0"u8, One(12, ch, 0), RootError.BadLength);
        Expect("close with length 2"u8, One(12, ch, 2), RootError.BadLength);
        Expect("unpublish with length 0"u8, One(13, ph, 0), RootError.BadLength);
        Expect("unpublish with length 120"u8, One(13, ph, 120), RootError.BadLength);
        Shares(ph, ch);
        if (ch != 0)
        {
            Expect("close the real connection"u8, One(12, ch, 1), RootError.Ok);
            Expect("close it again"u8, One(12, ch, 1), RootError.BadHandle);
            CapSpace.Free(c.Endpoint.Cptr);
        }

        Expect("unpublish chaos-h"u8, Unpublish(pub), RootError.Ok);
        Expect("unpublish chaos-h again"u8, One(13, ph, 1), RootError.BadHandle);
    }

    // ConnShare on our own connection (this process is its server too): bad inputs, then a real page seen twice.
    private static void Shares(ulong ph, ulong ch)
    {
        const ulong Page = 0x4900_0000;
        Expect("share with a forged handle"u8, Two(14, ch + 1000, Page, 2), RootError.BadHandle);
        Expect("share with the publication's handle"u8, Two(14, ph, Page, 2), RootError.BadHandle);
        Expect("share at an unaligned address"u8, Two(14, ch, Page + 8, 2), RootError.BadAddress);
        Expect("share inside the servers' shared window"u8, Two(14, ch, ConnectionAbi.SharedWindowBase, 2), RootError.BadAddress);
        Expect("share over the IPC buffer"u8, Two(14, ch, ProcessAbi.IpcBufferVaddr, 2), RootError.BadAddress);
        Expect("share at address 0"u8, Two(14, ch, 0, 2), RootError.BadAddress);
        Expect("share with length 1"u8, Two(14, ch, Page, 1), RootError.BadLength);
        Expect("share with length 3"u8, Two(14, ch, Page, 3), RootError.BadLength);
        if (ch == 0)
        {
            return;
        }

        Expect("doorbell with a forged handle"u8, One(15, ch + 1000, 1), RootError.BadHandle);
        Expect("doorbell with the publication's handle"u8, One(15, ph, 1), RootError.BadHandle);
        Expect("doorbell with length 0"u8, One(15, ch, 0), RootError.BadLength);
        Expect("doorbell with length 2"u8, One(15, ch, 2), RootError.BadLength);
        Expect("a doorbell on our own connection"u8, One(15, ch, 1), RootError.Ok);
        RootError e = Two(14, ch, Page, 2, out ulong serverAddress);
        Expect("share a page"u8, e, RootError.Ok);
        Expect("share a second page on the same connection"u8, Two(14, ch, Page + 4096, 2), RootError.NotPermitted);
        if (e == RootError.Ok)
        {
            // Written through the client's mapping, read through the server's: one page.
            SharedBuffer.At(Page).Words.Set(0, 0x5EED_0000_C4A0);
            bool same = SharedBuffer.At(serverAddress).Words[0] == 0x5EED_0000_C4A0;
            Expect("the client's and the server's mappings are one page"u8, same ? RootError.Ok : RootError.BadAddress, RootError.Ok);
        }
    }

    // SystemStatus's reply: the 13 fields of SystemStatus.
    private const int StatusWords = 13;

    private static void TooManyPublications()
    {
        // As many publications as our publications quota has free (the demo line gives 8; topics we hold count too),
        // then QuotaPublications: there is no fixed per-process limit.
        // Our own entry of the process list, read without allocating (the heap stays where the random Allocs expect it).
        Span<ulong> words = stackalloc ulong[1 + ListProcessesRequest.MaxReplyWords];
        Span<ulong> request = stackalloc ulong[1];
        int requestLength = RootTaskProtocol.EncodeListProcesses(Process.Pid, request);
        Load(request.Slice(0, requestLength));
        MessageInfo list = new Endpoint(CapSlots.RootEndpoint).Call(new MessageInfo(RootTaskProtocol.ListProcessesLabel, 0, 0, requestLength));
        int length = list.Length < words.Length ? list.Length : words.Length;
        using (var r = Ipc.Read())
        {
            r.MessageRegisters.Slice(0, length).CopyTo(words.Slice(0, length));
        }

        s_requests++;
        scoped ReadOnlySpan<ulong> page = default;
        ulong free = list.Label == (ulong)RootError.Ok && RootTaskProtocol.DecodeListProcessesReply(words.Slice(0, length), out page) &&
            ListProcessesRequest.DecodeReply(page, out _, out int entries) == RootError.Ok && entries > 0
            ? ListProcessesRequest.DecodeEntry(page, 0).Free(QuotaKind.Publications)
            : ulong.MaxValue;
        Span<ulong> handles = stackalloc ulong[9];
        int count = 0;
        RootError e = RootError.Ok;
        Span<byte> name = stackalloc byte[8];
        "chaos-p0"u8.CopyTo(name);
        ulong va = 0x3000_0000;
        while (count < handles.Length)
        {
            name[7] = (byte)('0' + count);
            e = Name(10, 8, name, 2, va + ((ulong)count * ProcessAbi.PageSize), -1, out handles[count]);
            if (e != RootError.Ok)
            {
                break;
            }

            count++;
        }

        Expect("the publication past our free quota"u8, e, RootError.QuotaPublications);
        Expect("as many publications as the quota had free"u8, (ulong)count == free ? RootError.Ok : RootError.BadArgument, RootError.Ok);

        // A topic we would create is ours too: with the quota used up, a new one is refused and nothing is created.
        Expect("a Subscribe that would create a topic past the quota"u8, Name(20, 8, "chaos-tq"u8, 1, 0, -1, out _), RootError.QuotaPublications);
        Expect("a PublishTopic that would create one"u8, Name(22, 8, "chaos-tq"u8, 2, 1, -1, out _), RootError.QuotaPublications);
        Expect("and the topic does not exist"u8, Name(23, 8, "chaos-tq"u8, 1, 0, -1, out _), RootError.NoSuchName);
        for (int i = 0; i < count; i++)
        {
            Expect("unpublish"u8, One(13, handles[i], 1), RootError.Ok);
            Expect("unpublish again"u8, One(13, handles[i], 1), RootError.BadHandle);
        }
    }

    private static void TooManyConnections()
    {
        // Open our own publication until our connection quota refuses one (there is no fixed per-process limit), close
        // them all, and again, without reading the event ring, until more events were posted than the ring holds.
        RootError e = Connections.Publish("chaos-c"u8, out Publication pub);
        s_requests++;
        Expect("publish chaos-c"u8, e, RootError.Ok);
        if (e != RootError.Ok)
        {
            return;
        }

        // Our connection quota (16: the demo line's quota word) is what stops each round; no allocation here, so the
        // heap (and where the random Allocs below are granted) stays as it was.
        const int Rounds = 4;
        const int MaxPerRound = 64;
        Span<ulong> conns = stackalloc ulong[Rounds * MaxPerRound];
        int count = 0;
        int perRound = 0;
        for (int round = 0; round < Rounds; round++)
        {
            int opened = 0;
            while (true)
            {
                e = Name(11, 7, "chaos-c"u8, 1, 0, -1, out ulong handle);
                if (e != RootError.Ok || opened == MaxPerRound)
                {
                    if (e == RootError.Ok)
                    {
                        One(12, handle, 1); // more than we can keep track of was granted: close it (and fail below)
                    }

                    break;
                }

                conns[count + opened] = handle;
                opened++;
            }

            perRound = round == 0 ? opened : perRound;
            Expect("the open after our free connection quota is QuotaConnections"u8, e, RootError.QuotaConnections);
            Expect("each round opened as many as the first"u8, opened == perRound && opened > 0 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
            for (int i = 0; i < opened; i++)
            {
                Expect("close"u8, One(12, conns[count + i], 1), RootError.Ok);
            }

            count += opened;
        }

        // 2 * count events went to a ring of 126 records: the rest must be counted as dropped, in order.
        var ring = new VolatileSpan<ulong>((ulong*)pub.BufferAddress, ConnectionAbi.BufferBytes / 8);
        ulong posted = 2 * (ulong)count;
        ulong kept = posted < ConnectionAbi.RingRecords ? posted : ConnectionAbi.RingRecords;
        bool inOrder = ring[ConnectionAbi.HeadWord] == kept && ring[ConnectionAbi.DroppedWord] == posted - kept;
        for (ulong i = 0; i < kept; i++)
        {
            bool got = pub.NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid);
            ulong per = (ulong)perRound;
            ulong round = i / (2 * per);
            ulong j = i % (2 * per);
            ConnectionEvent want = j < per ? ConnectionEvent.Opened : ConnectionEvent.Closed;
            ulong wantBadge = conns[(int)((round * per) + (j % per))];
            inOrder &= got && kind == want && badge == wantBadge && pid == Process.Pid;
        }

        inOrder &= !pub.NextEvent(out _, out _, out _);
        Console.Write("chaos: ");
        Console.Write(count);
        Console.Write(" connections in rounds of ");
        Console.Write(perRound);
        Console.Write(" until QuotaConnections; ring kept ");
        Console.Write((long)kept);
        Console.Write(" events, dropped ");
        Console.Write((long)ring[ConnectionAbi.DroppedWord]);
        Console.WriteLine();
        Expect("the event ring holds the first 126 events in order and counts the rest as dropped"u8, inOrder ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        Notifications.Poll();
        Expect("unpublish chaos-c"u8, Unpublish(pub), RootError.Ok);
    }

    private static void TopicRequests()
    {
        // Bad names and lengths (never a valid new name: topics are never freed).
        Expect("subscribe n=0"u8, Name(20, 0, default, 1, 0, -1, out _), RootError.BadName);
        Expect("subscribe n=33"u8, Name(20, 33, "abcdefghijklmnopqrstuvwxyz0123456"u8, 1, 0, -1, out _), RootError.BadName);
        Expect("subscribe n=2^32+5"u8, Name(20, (1UL << 32) | 5, "chaos"u8, 1, 0, -1, out _), RootError.BadLength);
        Expect("subscribe upper case"u8, Name(20, 5, "CHAOS"u8, 1, 0, -1, out _), RootError.BadName);
        Expect("subscribe length 1+2 for n=5"u8, Name(20, 5, "chaos"u8, 1, 0, 3, out _), RootError.BadLength);
        Expect("subscribe length 0"u8, Name(20, 5, "chaos"u8, 1, 0, 0, out _), RootError.BadLength);
        Expect("publish-topic length 1"u8, Name(22, 5, "chaos"u8, 2, 7, 1, out _), RootError.BadLength);
        Expect("publish-topic NUL inside"u8, Name(22, 5, "ch\0os"u8, 2, 7, -1, out _), RootError.BadName);
        Expect("read an unknown topic"u8, Name(23, 11, "chaos-never"u8, 1, 0, -1, out _), RootError.NoSuchName);
        Expect("unsubscribe an unknown topic"u8, Name(21, 11, "chaos-never"u8, 1, 0, -1, out _), RootError.NoSuchName);
        Expect("read n=0"u8, Name(23, 0, default, 1, 0, -1, out _), RootError.BadName);

        // One real topic, end to end.
        RootError e = Name(20, 11, "chaos-topic"u8, 1, 0, -1, out ulong bit);
        Expect("subscribe chaos-topic"u8, e, RootError.Ok);
        Expect("subscribe chaos-topic again gives the same bit"u8, Name(20, 11, "chaos-topic"u8, 1, 0, -1, out ulong bit2) == RootError.Ok && bit2 == bit && bit != 0 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        Notifications.Poll();
        e = Name(22, 11, "chaos-topic"u8, 2, 42, -1, out ulong signalled);
        Expect("publish 42 to chaos-topic signals 1"u8, e == RootError.Ok && signalled == 1 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        Expect("our notification has the topic's bit"u8, (Notifications.Poll() & bit) != 0 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        e = Name(23, 11, "chaos-topic"u8, 1, 0, -1, out ulong value);
        Expect("read chaos-topic gives 42"u8, e == RootError.Ok && value == 42 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        Expect("unsubscribe chaos-topic"u8, Name(21, 11, "chaos-topic"u8, 1, 0, -1, out _), RootError.Ok);
        Expect("unsubscribe chaos-topic again"u8, Name(21, 11, "chaos-topic"u8, 1, 0, -1, out _), RootError.NoSuchName);
        e = Name(22, 11, "chaos-topic"u8, 2, 43, -1, out signalled);
        Expect("publish after unsubscribing signals nobody"u8, e == RootError.Ok && signalled == 0 ? RootError.Ok : RootError.BadArgument, RootError.Ok);
    }

    private static void Processes()
    {
        ulong pid = Process.Pid;

        // Alloc: 1 page to the whole heap region (2^24 pages); what the memory quota cannot hold is its error.
        Expect("alloc 0 pages"u8, One(6, 0, 1), RootError.BadArgument);
        Expect("alloc 2^24+1 pages (more than the heap region)"u8, One(6, (ulong)ProcessAbi.HeapRegionPages + 1, 1), RootError.BadArgument);
        Expect("alloc 2^24 pages (64 GiB: the whole region, past the quota)"u8, One(6, (ulong)ProcessAbi.HeapRegionPages, 1), RootError.QuotaMemory);
        Expect("alloc 2^32+1 pages"u8, One(6, (1UL << 32) | 1, 1), RootError.BadArgument);
        Expect("alloc 2^64-1 pages"u8, One(6, ulong.MaxValue, 1), RootError.BadArgument);
        Expect("alloc with length 0"u8, One(6, 1, 0), RootError.BadLength);
        Expect("alloc with length 2"u8, One(6, 1, 2), RootError.BadLength);

        // Free: exactly one earlier Alloc of ours, nothing else (any grant of our heap is 16 pages or more).
        ulong heap = ProcessAbi.HeapRegionBase;
        Expect("free 1 page at the heap region (never granted)"u8, Two(8, heap, 1, 2), RootError.BadArgument);
        Expect("free 0 pages"u8, Two(8, heap, 0, 2), RootError.BadArgument);
        Expect("free our code"u8, Two(8, CodePage(), 1, 2), RootError.BadArgument);
        Expect("free our stack's top page"u8, Two(8, ProcessAbi.StackTop - ProcessAbi.PageSize, 1, 2), RootError.BadArgument);
        Expect("free our IPC buffer"u8, Two(8, ProcessAbi.IpcBufferVaddr, 1, 2), RootError.BadArgument);
        Expect("free with length 1"u8, Two(8, heap, 1, 1), RootError.BadLength);
        Expect("free with length 3"u8, Two(8, heap, 1, 3), RootError.BadLength);
        RootError granted = Two(6, 4, 4, 1, out ulong at);
        Expect("alloc 4 pages to free"u8, granted, RootError.Ok);
        if (granted == RootError.Ok)
        {
            Expect("free 3 of the 4"u8, Two(8, at, 3, 2), RootError.BadArgument);
            Expect("free the 4 at an address one page up"u8, Two(8, at + ProcessAbi.PageSize, 4, 2), RootError.BadArgument);
            Expect("free the 4 pages"u8, Two(8, at, 4, 2), RootError.Ok);
            Expect("free the 4 pages again"u8, Two(8, at, 4, 2), RootError.BadArgument);
        }

        // Kill: nobody we may end (we started no process; ourselves is excluded on purpose).
        Expect("kill pid 0"u8, One(5, 0, 1), RootError.NoSuchProcess);
        Expect("kill pid 0xfffff"u8, One(5, 0xF_FFFF, 1), RootError.NoSuchProcess);
        Expect("kill our pid + 2^16 (a 16-bit mask would hit us)"u8, One(5, pid + (1UL << 16), 1), RootError.NoSuchProcess);
        Expect("kill our pid + 2^32 (a 32-bit cast would hit us)"u8, One(5, pid + (1UL << 32), 1), RootError.NoSuchProcess);
        Expect("kill with length 0"u8, One(5, 0, 0), RootError.BadLength);
        Expect("kill with length 2"u8, One(5, 0xF_FFFF, 2), RootError.BadLength);

        // Wait: only pids no process can have.
        Expect("wait pid 0x10001"u8, One(4, 0x1_0001, 1), RootError.NoSuchProcess);
        Expect("wait pid 2^64-1"u8, One(4, ulong.MaxValue, 1), RootError.NoSuchProcess);
        Expect("wait with length 0"u8, One(4, 0x1_0001, 0), RootError.BadLength);
        Expect("wait with length 2"u8, One(4, 0x1_0001, 2), RootError.BadLength);

        // Spawn: names that are not apps.
        Expect("spawn nosuchapp"u8, Spawn("nosuchapp"u8, 9, default, 0, -1), RootError.NoSuchApp);
        Expect("spawn 31 z's"u8, Spawn("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"u8, 31, default, 0, -1), RootError.NoSuchApp);
        Expect("spawn an empty name"u8, Spawn(default, 0, default, 0, -1), RootError.BadArgument);
        Expect("spawn a 32-byte name"u8, Spawn("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"u8, 32, default, 0, -1), RootError.BadArgument);
        Expect("spawn name length 2^64-1"u8, Spawn("nosuchapp"u8, ulong.MaxValue, default, 0, 3), RootError.BadLength);
        Expect("spawn upper case"u8, Spawn("Hello"u8, 5, default, 0, -1), RootError.BadArgument);
        Expect("spawn a path"u8, Spawn("demos/echo"u8, 10, default, 0, -1), RootError.BadArgument);
        Expect("spawn args without a final NUL"u8, Spawn("nosuchapp"u8, 9, "abc"u8, 3, -1), RootError.BadArgument);
        Expect("spawn args length 3001"u8, Spawn("nosuchapp"u8, 9, "a\0"u8, 3001, -1), RootError.BadLength); // past the message's end
        Expect("spawn length mismatch"u8, Spawn("nosuchapp"u8, 9, "a\0"u8, 2, 10), RootError.BadLength);
        Expect("spawn length 1"u8, Spawn("nosuchapp"u8, 9, default, 0, 1), RootError.BadLength);
        ExpectEither("spawn init (the init list, not an app)"u8, Spawn("init"u8, 4, default, 0, -1), RootError.NoSuchApp, RootError.BadArgument);

        // Print: too long, and lengths that do not match (a count past the message's end is a length error).
        Expect("print n=801"u8, Print(801, 1 + 101), RootError.BadArgument);
        Expect("print n=2^64-1"u8, Print(ulong.MaxValue, 1), RootError.BadLength);
        Expect("print n=2^32 (int truncation)"u8, Print(1UL << 32, 1), RootError.BadLength);
        Expect("print with a padding byte set"u8, Print(1, 2), RootError.BadArgument);
        Expect("print n=9 with length 2"u8, Print(9, 2), RootError.BadLength);
        // Alloc 0 is refused, but its reply's MR0 may hold a word from before: a Print without MR0 must not be
        // judged by that stale word.
        Expect("alloc 0 pages (again)"u8, One(6, 0, 1), RootError.BadArgument);
        ExpectEither("print length 0 (no MR0 sent)"u8, Print(0, 0), RootError.BadLength, RootError.BadArgument);
        Expect("print n=0"u8, Print(0, 1), RootError.Ok);

        // Labels: unknown, huge, and ones that alias GetPid (7) if truncated; capabilities are refused.
        Expect("label 0"u8, Call(0, 0, 0, out _), RootError.UnknownRequest);
        Expect("label 17"u8, Call(17, 1, 0, out _), RootError.UnknownRequest);
        Expect("label 2^20+7"u8, Call((1UL << 20) | 7, 0, 0, out _), RootError.UnknownRequest);
        Expect("label 2^32+7"u8, Call((1UL << 32) | 7, 0, 0, out _), RootError.UnknownRequest);
        Expect("label 2^51+7"u8, Call((1UL << 51) | 7, 0, 0, out _), RootError.UnknownRequest);
        Expect("label 2^52-1"u8, Call((1UL << 52) - 1, 120, 0, out _), RootError.UnknownRequest);
        Expect("GetPid with the root endpoint attached (unwrapped)"u8, Call(7, 0, CapSlots.RootEndpoint, out _), RootError.BadArgument);
        Expect("Alloc with the root endpoint attached"u8, One(6, 1, 1, CapSlots.RootEndpoint), RootError.BadArgument);
        Expect("publish with the root endpoint attached"u8, Name(10, 9, "chaos-cap"u8, 2, 0x3000_0000, -1, out _, CapSlots.RootEndpoint), RootError.BadArgument);
        Expect("kill pid+2^40 with the root endpoint attached"u8, One(5, Process.Pid | (1UL << 40), 1, CapSlots.RootEndpoint), RootError.BadArgument);

        // Our notification is dropped by the kernel (the root task has no empty receive slot): an ordinary GetPid.
        RootError e = Call(7, 0, CapSlots.Notification, out ulong self);
        Expect("GetPid with our notification attached (dropped by the kernel)"u8, e == RootError.Ok && self == Process.Pid ? RootError.Ok : e, RootError.Ok);
        Expect("our notification is still ours"u8, Debug.IdentifyCap(CapSlots.Notification) == CapTag.Notification ? RootError.Ok : RootError.BadArgument, RootError.Ok);
        StillSane();
    }

    // ---- random requests --------------------------------------------------------------------------------------

    private static void RandomRequest()
    {
        ulong label;
        ulong pick = Next() % 100;
        if (pick < 50)
        {
            label = Next() % 52; // every label the protocol has, and some between and after
        }
        else if (pick < 90)
        {
            label = KnownLabel(Next() % 27);
        }
        else
        {
            label = HugeLabel(Next() % 6);
        }

        if (label == (ulong)RootRequest.Exit || label == (ulong)RootRequest.Panic)
        {
            label = 31; // never Exit, never last words: either would end chaos itself
        }

        // Half the lengths are small (what requests take), so more messages get past the length checks.
        ulong lengthKind = Next() % 4;
        int length = lengthKind == 0 ? (int)(Next() % 121) : lengthKind == 3 ? 1 : (int)(Next() % 5);
        ulong cap = Next() % 8 == 0 ? ((Next() & 1) == 0 ? CapSlots.Notification : CapSlots.RootEndpoint) : 0;
        // One write scope, ended before the call (not a using block: Sanitize takes it by ref).
        IpcWriter w = Ipc.Write();
        for (int i = 0; i < length; i++)
        {
            w.SetMr(i, RandomWord());
        }

        Sanitize(label, length, ref w);
        ulong mr0 = length > 0 ? w.GetMr(0) : 0;
        w.Dispose();

        RootError e = Call(label, length, cap, out ulong value);
        // The root endpoint's capability travels unwrapped (its badge), so the root task sees it and must refuse the
        // message. Our notification cannot be put in the root task's CSpace: the kernel drops it, and the root task
        // sees an ordinary message (seL4 counts only the capabilities it transferred in extraCaps).
        RootError want = e;
        if (cap == CapSlots.RootEndpoint)
        {
            want = RootError.BadArgument;
        }
        else if (!IsRequest(label))
        {
            want = RootError.UnknownRequest;
        }

        if (e != want)
        {
            Failure("random request: the root endpoint capability or an unknown label was not refused"u8, label, e, want);
        }

        if (e != RootError.Ok)
        {
            return;
        }

        // Whatever chance created, undo; check what chance allocated.
        switch ((RootRequest)label)
        {
            case RootRequest.ConnPublish:
                UndoPublish(e, value);
                break;
            case RootRequest.ConnOpen:
                s_undone++;
                Expect("close a connection opened by chance"u8, One(12, value, 1), RootError.Ok);
                break;
            case RootRequest.Alloc:
                if (value != ProcessAbi.HeapRegionBase + ((ulong)s_pagesGranted * ProcessAbi.PageSize))
                {
                    Failure("random Alloc: the grant is not at the heap break"u8, label, e, e);
                }

                s_pagesGranted += (long)mr0;
                break;
        }
    }

    /// <summary>Keeps random requests from doing what chaos must not: Exit, Kill itself, Wait on a live pid, Spawn an app, print garbage, create topics or memory objects.</summary>
    private static void Sanitize(ulong label, int length, ref IpcWriter w)
    {
        if (length == 0)
        {
            return;
        }

        ulong n = w.GetMr(0);
        switch ((RootRequest)label)
        {
            case RootRequest.Print:
                if (n != 0 && n <= ProcessAbi.MaxPrintBytes && (ulong)length == 1 + ((n + 7) / 8))
                {
                    w.SetMr(0, n + ProcessAbi.MaxPrintBytes); // valid otherwise: would print random bytes
                }

                break;
            case RootRequest.Spawn:
                if (length > 1)
                {
                    w.SetMr(1, (w.GetMr(1) & ~0xFFUL) | 'Z'); // app names are lower case: never a real app
                }

                break;
            case RootRequest.Wait:
                if (n <= 0x1_0000)
                {
                    w.SetMr(0, 0x1_0001 + (n & 0xFFFF_FFFF));
                }

                break;
            case RootRequest.Free:
                w.SetMr(0, n | 0x800); // never a page address: chance must not take back a grant the checks count
                break;
            case RootRequest.MemCreate:
                if (n >= 1 && n <= MemoryObjectAbi.MaxPages)
                {
                    w.SetMr(0, n + MemoryObjectAbi.MaxPages);
                }

                break;
            case RootRequest.Kill:
                if (n == Process.Pid)
                {
                    w.SetMr(0, n + 0x1_0000);
                }

                break;
            case RootRequest.Subscribe:
            case RootRequest.PublishTopic:
                int header = label == (ulong)RootRequest.Subscribe ? 1 : 2;
                if (length > header)
                {
                    w.SetMr(header, (w.GetMr(header) & ~0xFFUL) | 'A'); // never a valid (new, never freed) topic
                }

                break;
        }
    }

    // Exit (2) and Panic (9) are left out: either would end chaos itself.
    private static bool IsRequest(ulong label) => label != (ulong)RootRequest.Exit && label != (ulong)RootRequest.Panic && RootReplies.IsRequest(label);

    // Every request but Exit (which would end chaos itself), from the protocol's labels.
    private static ulong KnownLabel(ulong i) => (ulong)(i switch
    {
        0 => RootRequest.Print,
        1 => RootRequest.Spawn,
        2 => RootRequest.Wait,
        3 => RootRequest.Kill,
        4 => RootRequest.Alloc,
        5 => RootRequest.GetPid,
        6 => RootRequest.ConnPublish,
        7 => RootRequest.ConnOpen,
        8 => RootRequest.ConnClose,
        9 => RootRequest.ConnDestroy,
        10 => RootRequest.Subscribe,
        11 => RootRequest.Unsubscribe,
        12 => RootRequest.PublishTopic,
        13 => RootRequest.ConnShare,
        14 => RootRequest.ConnNotify,
        15 => RootRequest.CSpaceGrow, // grows chaos's CSpace by a CNode when its length is 0, until a quota or 64 CNodes stop it
        16 => RootRequest.SystemStatus,
        17 => RootRequest.MemCreate, // sanitized: never a valid page count (an object chaos could not close would stay)
        18 => RootRequest.MemHandle, // these four take a handle: chaos has none, so they are refused
        19 => RootRequest.MemMap,
        20 => RootRequest.MemUnmap,
        21 => RootRequest.MemClose,
        22 => RootRequest.ConsoleAttach, // chaos has no may:console: NotPermitted
        23 => RootRequest.PowerOff, // nor may:shell: NotPermitted
        24 => RootRequest.OpenTopic,
        25 => RootRequest.PublishHandle, // a random handle: BadHandle unless it names a topic (then a publish)
        _ => RootRequest.ReadTopic,
    });

    private static ulong HugeLabel(ulong i) => i switch
    {
        0 => (1UL << 52) - 1,
        1 => (1UL << 32) | 7,
        2 => (1UL << 16) | 10,
        3 => 1UL << 51,
        4 => 0xFFFF_FFFF,
        _ => 1000 + (Next() % 100_000),
    };

    /// <summary>A message word: fully random, a small number, or a value near a boundary.</summary>
    private static ulong RandomWord()
    {
        ulong kind = Next() % 10;
        if (kind < 4)
        {
            return Next();
        }

        if (kind < 7)
        {
            return Next() % 41;
        }

        return (Next() % 12) switch
        {
            0 => 0,
            1 => ulong.MaxValue,
            2 => 1UL << 63,
            3 => (1UL << 32) | 5,
            4 => ProcessAbi.AppLinkBase,
            5 => ProcessAbi.HeapRegionBase,
            6 => 0x3000_0000,
            7 => ProcessAbi.StartInfoVaddr,
            8 => 0x7f00_000e_f000,
            9 => 0x2e_6f68_6365, // "echo." packed
            10 => 0x6f68_6365, // "echo" packed
            _ => 64,
        };
    }

    private static ulong Next()
    {
        // xorshift64
        ulong x = s_rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s_rng = x;
        return x;
    }

    // ---- message helpers --------------------------------------------------------------------------------------

    /// <summary>Sends the message already composed in the MRs with this label, length and (optional) capability; counts the reply.</summary>
    private static RootError Call(ulong label, int length, ulong cap, out ulong value)
    {
        using (var w = Ipc.Write())
        {
            w.SetReceiveSlot(CapSlots.SelfCNode, s_receiveSlot, 64);
            if (cap != 0)
            {
                w.SetCap(0, cap);
            }
        }

        MessageInfo reply = new Endpoint(CapSlots.RootEndpoint).Call(new MessageInfo(label, 0, cap != 0 ? 1 : 0, length));
        using (var r = Ipc.Read())
        {
            value = r.GetMr(0);
        }

        s_requests++;
        if (reply.ExtraCaps != 0)
        {
            // A publication or connection made by chance: its capability is not needed (the handle undoes it).
            s_capsReceived++;
            new CNode(CapSlots.SelfCNode, 64).Delete(s_receiveSlot);
        }

        // Every reply is one word, but a process list's (a count word, then a page of 2 + 26 words per process, up to
        // 4), an app list's (a count word, then 2 + 4 words per name, up to 16) and a status's (13).
        bool list = (label == (ulong)RootRequest.ListProcesses && reply.Label == 0 && reply.Length >= 3 && reply.Length <= 1 + ListProcessesRequest.MaxReplyWords) ||
            (label == (ulong)RootRequest.ListApps && reply.Label == 0 && reply.Length >= 3 && (reply.Length - 3) % ListAppsRequest.NameWords == 0 &&
             reply.Length <= 1 + ListAppsRequest.ReplyLength(ListAppsRequest.MaxEntries)) ||
            (label == (ulong)RootRequest.SystemStatus && reply.Label == 0 && reply.Length == StatusWords);
        if (reply.Label >= KnownErrors || (reply.Length != 1 && !list) || (reply.ExtraCaps != 0 && reply.Label != 0))
        {
            s_badReplies++;
            if (s_badReplies <= MaxFailurePrints)
            {
                Console.Write("chaos: a reply outside the protocol: label ");
                Console.Write($"0x{reply.Label:x}");
                Console.Write(" length ");
                Console.Write(reply.Length);
                Console.Write(" caps ");
                Console.Write(reply.ExtraCaps);
                Console.Write(" for request label ");
                Console.Write($"0x{label:x}");
                Console.WriteLine();
            }

            return (RootError)reply.Label;
        }

        s_counts[(int)reply.Label]++;
        return (RootError)reply.Label;
    }

    private static RootError One(ulong label, ulong mr0, int length, ulong cap = 0)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, mr0);
            w.SetMr(1, mr0);
        }

        return Call(label, length, cap, out _);
    }

    private static RootError Two(ulong label, ulong mr0, ulong mr1, int length) => Two(label, mr0, mr1, length, out _);

    private static RootError Two(ulong label, ulong mr0, ulong mr1, int length, out ulong value)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, mr0);
            w.SetMr(1, mr1);
            w.SetMr(2, mr1);
        }

        return Call(label, length, 0, out value);
    }

    /// <summary>
    /// A name request as RootTaskProtocol encodes it (header 2: ConnPublish/PublishTopic, <paramref name="extra"/> then the
    /// name; header 1: the name alone), then corrupted: the name's count word becomes <paramref name="n"/> and the length
    /// <paramref name="length"/> (-1 = the encoded one).
    /// </summary>
    private static RootError Name(ulong label, ulong n, ReadOnlySpan<byte> bytes, int header, ulong extra, int length, out ulong value, ulong cap = 0)
    {
        Span<ulong> m = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        int encoded = header == 2 ? RootTaskProtocol.EncodeConnPublish(extra, bytes, m) : RootTaskProtocol.EncodeConnOpen(bytes, m);
        m[header - 1] = n;
        Load(m.Slice(0, encoded));
        return Call(label, length < 0 ? encoded : length, cap, out value);
    }

    /// <summary>
    /// A Spawn as RootTaskProtocol encodes it (the name's count and words, the args' count and words, no quota), with its
    /// two counts replaced and the length <paramref name="length"/> (-1 = encoded).
    /// </summary>
    private static RootError Spawn(ReadOnlySpan<byte> name, ulong nameLength, ReadOnlySpan<byte> args, ulong argsLength, int length)
    {
        Span<ulong> m = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        int encoded = RootTaskProtocol.EncodeSpawn(name, args, default, m);
        m[0] = nameLength;
        m[1 + ProtocolWords.ForBytes(name.Length) - 1] = argsLength;
        Load(m.Slice(0, encoded < 0 ? ProcessAbi.MaxMessageRegisters : encoded));
        return Call((ulong)RootRequest.Spawn, length < 0 ? encoded : length, 0, out _);
    }

    /// <summary>Copies a message into the IPC buffer (one write scope, ended before any call).</summary>
    private static void Load(ReadOnlySpan<ulong> message)
    {
        using var w = Ipc.Write();
        w.MessageRegisters.Slice(0, message.Length).CopyFrom(message);
    }

    private static RootError Print(ulong n, int length)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, n);
            for (int i = 1; i < length; i++)
            {
                w.SetMr(i, 0x2121_2121_2121_2121); // "!!!!!!!!" if it were ever printed
            }
        }

        return Call((ulong)RootRequest.Print, length, 0, out _);
    }

    private static RootError Unpublish(in Publication pub)
    {
        s_requests++;
        RootError e = Connections.Unpublish(pub);
        if (e < (RootError)KnownErrors)
        {
            s_counts[(int)e]++;
        }

        return e;
    }

    private static void UndoPublish(RootError e, ulong handle)
    {
        if (e == RootError.Ok)
        {
            s_undone++;
            Expect("unpublish what was published"u8, One(13, handle, 1), RootError.Ok);
        }
    }

    private static void StillSane()
    {
        RootError e = Call((ulong)RootRequest.GetPid, 0, 0, out ulong pid);
        Expect("GetPid still answers our pid"u8, e == RootError.Ok && pid == Process.Pid ? RootError.Ok : RootError.BadArgument, RootError.Ok);
    }

    private static void FinalChecks()
    {
        // The memory quota (not a page count) holds across everything granted so far: grants of 64 pages until it
        // refuses one, then single pages until it refuses one (the check counts each page's tables too, so a page
        // refused means less than a page and its tables is free).
        RootError refused;
        while ((refused = One(6, 64, 1)) == RootError.Ok)
        {
            s_pagesGranted += 64;
        }

        Expect("alloc of 64 pages beyond the memory quota"u8, refused, RootError.QuotaMemory);
        while ((refused = One(6, 1, 1)) == RootError.Ok)
        {
            s_pagesGranted++;
        }

        Expect("alloc of 1 page beyond the memory quota"u8, refused, RootError.QuotaMemory);
        Console.Write("chaos: ");
        Console.Write(s_pagesGranted);
        Console.Write(" pages granted in all (with the heap's ");
        Console.Write(Memory.HeapPages);
        Console.Write(": ");
        Console.Write(s_pagesGranted + Memory.HeapPages);
        Console.WriteLine(") before the memory quota refused one page");
        Expect("more than the old 256-page quota was granted"u8, s_pagesGranted + Memory.HeapPages > 256 ? RootError.Ok : RootError.NoMemory, RootError.Ok);
        StillSane();
    }

    // ---- results ----------------------------------------------------------------------------------------------

    private static void Expect(ReadOnlySpan<byte> what, RootError got, RootError want)
    {
        if (got != want)
        {
            Report(what, got, want);
        }
    }

    private static void ExpectEither(ReadOnlySpan<byte> what, RootError got, RootError want, RootError alsoAccepted)
    {
        if (got != want && got != alsoAccepted)
        {
            Report(what, got, want);
        }
        else if (got != want)
        {
            Console.Write("chaos: note: ");
            Console.Write(Encoding.UTF8.GetString(what));
            Console.Write(": ");
            Console.Write(ErrorName(got));
            Console.Write(" (docs/protocol.md suggests ");
            Console.Write(ErrorName(want));
            Console.WriteLine(")");
        }
    }

    private static void Report(ReadOnlySpan<byte> what, RootError got, RootError want)
    {
        s_failures++;
        if (s_failures <= MaxFailurePrints)
        {
            Console.Write("chaos: unexpected answer: ");
            Console.Write(Encoding.UTF8.GetString(what));
            Console.Write(": got ");
            Console.Write(ErrorName(got));
            Console.Write(", expected ");
            Console.WriteLine(ErrorName(want));
        }
    }

    private static void Failure(ReadOnlySpan<byte> what, ulong label, RootError got, RootError want)
    {
        s_failures++;
        if (s_failures <= MaxFailurePrints)
        {
            Console.Write("chaos: unexpected answer: ");
            Console.Write(Encoding.UTF8.GetString(what));
            Console.Write(" (label ");
            Console.Write($"0x{label:x}");
            Console.Write("): got ");
            Console.Write(ErrorName(got));
            Console.Write(", expected ");
            Console.WriteLine(ErrorName(want));
        }
    }

    private static void Summary(long random)
    {
        Console.Write("chaos: ");
        Console.Write(s_requests);
        Console.Write(" requests (");
        Console.Write(random);
        Console.Write(" random), replies by error:");
        for (int i = 0; i < KnownErrors; i++)
        {
            if (s_counts[i] != 0)
            {
                Console.Write(' ');
                Console.Write(ErrorName((RootError)i));
                Console.Write('=');
                Console.Write((long)s_counts[i]);
            }
        }

        Console.WriteLine();
        Console.Write("chaos: ");
        Console.Write(s_badReplies);
        Console.Write(" replies outside the protocol, ");
        Console.Write(s_failures);
        Console.Write(" unexpected answers, ");
        Console.Write(s_undone);
        Console.Write(" chance creations undone, ");
        Console.Write(s_capsReceived);
        Console.WriteLine(" capabilities received");
    }

    private static string ErrorName(RootError e) => e switch
    {
        RootError.Ok => "Ok",
        RootError.UnknownRequest => "UnknownRequest",
        RootError.BadLength => "BadLength",
        RootError.NoSuchApp => "NoSuchApp",
        RootError.NoMemory => "NoMemory",
        RootError.NoSuchProcess => "NoSuchProcess",
        RootError.NotPermitted => "NotPermitted",
        RootError.BadArgument => "BadArgument",
        RootError.TooManyProcesses => "TooManyProcesses",
        RootError.NameTaken => "NameTaken",
        RootError.NoSuchName => "NoSuchName",
        RootError.BadAddress => "BadAddress",
        RootError.TooManyConnections => "TooManyConnections",
        RootError.BadHandle => "BadHandle",
        RootError.BadName => "BadName",
        RootError.ProcessLimit => "ProcessLimit",
        RootError.ServerLimit => "ServerLimit",
        RootError.QuotaMemory => "QuotaMemory",
        RootError.QuotaSlots => "QuotaSlots",
        RootError.QuotaChildren => "QuotaChildren",
        RootError.QuotaConnections => "QuotaConnections",
        RootError.QuotaPublications => "QuotaPublications",
        RootError.QuotaSubscriptions => "QuotaSubscriptions",
        RootError.NoMemoryObject => "NoMemoryObject",
        RootError.ReadOnlyHandle => "ReadOnlyHandle",
        RootError.InterruptTaken => "InterruptTaken",
        RootError.DeviceTaken => "DeviceTaken",
        RootError.OutputBusy => "OutputBusy",
        _ => "(not a RootError)",
    };
}
