// records: one process holds 250 single-page grants, 16 pages shared with itself far apart and a deep stack at once (past the root task's old per-process records), then gives them back.
using System;
using System.Runtime.CompilerServices;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// The `records` demo. The root task once kept each process's records in fixed arrays: 96 allocations (so 82 single-page
/// grants after what a spawn takes), 320 mapped pages, 16 page tables (returned only at exit) and 8 regions; past them
/// a grant failed and, worse, a first touch of a stack page killed the process on a legitimate address. This app, within
/// its quotas and every per-process limit: takes <see cref="Singles"/> single-page grants and writes each; while
/// it holds them, publishes a name, opens <see cref="Shares"/> connections to itself and shares a page on each at
/// addresses 512 GiB apart (three new page tables each), checks each page through both of its mappings, and recurses
/// until its stack is <see cref="StackPagesDeep"/> pages deep (each new page a fault the root task serves); then checks
/// every grant's contents, closes, unpublishes and gives every page back. The boot script's peaks line shows the most
/// records the process held and how many page tables were returned before it ended.
/// </summary>
public static unsafe class Records
{
    private const int Singles = 250;
    private const int Shares = ConnectionAbi.MaxSharedPagesPerServer; // it serves itself: the most shared pages a server holds
    private const int StackPagesDeep = 14;
    private const ulong Spread = 0x80_0000_0000; // 512 GiB: what one level-1 table covers
    private const ulong PageWords = ProcessAbi.PageSize / 8;

    private static int _failures;

    public static int Main(string[] args)
    {
        // Nothing before the last line allocates from the heap: the quota is the grants'.
        Span<nuint> grants = stackalloc nuint[Singles];
        int granted = 0;
        for (; granted < Singles; granted++)
        {
            RootError e = Memory.AllocPages(1, out grants[granted]);
            if (e != RootError.Ok)
            {
                Fail("single-page grant refused after "u8, granted, e);
                break;
            }

            new Span<ulong>((void*)grants[granted], (int)PageWords)[(int)PageWords - 1] = Marker(granted);
        }

        int shared = ShareFarApart(out int checkedThroughServer);
        ulong deepest = Deepest(0, ProcessAbi.StackTop - (StackPagesDeep * ProcessAbi.PageSize));
        ulong stackPages = (ProcessAbi.StackTop - deepest + ProcessAbi.PageSize - 1) / ProcessAbi.PageSize;

        int intact = 0;
        for (int i = 0; i < granted; i++)
        {
            intact += new Span<ulong>((void*)grants[i], (int)PageWords)[(int)PageWords - 1] == Marker(i) ? 1 : 0;
            if (Memory.FreePages(grants[i], 1) != RootError.Ok)
            {
                Fail("a grant was not taken back: "u8, i, RootError.Ok);
            }
        }

        if (intact != granted)
        {
            Fail("grants with the wrong contents: "u8, granted - intact, RootError.Ok);
        }

        if (stackPages < StackPagesDeep)
        {
            Fail("the stack grew to only "u8, (int)stackPages, RootError.Ok);
        }

        Console.WriteLine($"records: {granted} single-page grants held at once, checked and given back; {shared} pages shared with " +
            $"itself 512 GiB apart ({checkedThroughServer} checked through the server's mapping), all unmapped; the stack grew " +
            $"to {stackPages} pages while they were held; {_failures} failures");
        return _failures == 0 && granted == Singles && shared == Shares ? 0 : 1;
    }

    // Publishes a name, opens Shares connections to it and shares a page on each at (k + 1) * 512 GiB; checks each page
    // through the server side's mapping (the address its Shared event carries); closes and unpublishes. Returns how many
    // pages were shared.
    private static int ShareFarApart(out int checkedThroughServer)
    {
        checkedThroughServer = 0;
        if (Connections.Publish("records.self"u8, out Publication pub) != RootError.Ok)
        {
            Fail("could not publish records.self"u8, -1, RootError.Ok);
            return 0;
        }

        Span<Connection> conns = stackalloc Connection[Shares];
        int opened = 0;
        int shared = 0;
        for (; opened < Shares; opened++)
        {
            RootError e = Connections.Open("records.self"u8, out conns[opened]);
            if (e != RootError.Ok)
            {
                Fail("open refused after "u8, opened, e);
                break;
            }

            e = Connections.Share(conns[opened], (ulong)(opened + 1) * Spread, out SharedBuffer page);
            if (e != RootError.Ok)
            {
                Fail("share refused after "u8, shared, e);
                opened++;
                break;
            }

            page.Words.Set(0, Marker(1000 + opened));
            shared++;
        }

        // Each Shared event names the server side's address of one page: the same frame, so the client's word is there.
        while (pub.NextEvent(out ConnectionEvent kind, out _, out _, out ulong serverAddress))
        {
            if (kind == ConnectionEvent.Shared)
            {
                ulong word = SharedBuffer.At(serverAddress).Words[0];
                bool mine = false;
                for (int k = 0; k < shared; k++)
                {
                    mine |= word == Marker(1000 + k);
                }

                checkedThroughServer += mine ? 1 : 0;
            }
        }

        for (int k = 0; k < opened; k++)
        {
            if (Connections.Close(conns[k]) != RootError.Ok)
            {
                Fail("close refused: "u8, k, RootError.Ok);
            }
        }

        if (Connections.Unpublish(pub) != RootError.Ok)
        {
            Fail("unpublish refused"u8, -1, RootError.Ok);
        }

        if (checkedThroughServer != shared)
        {
            Fail("pages not seen through the server's mapping: "u8, shared - checkedThroughServer, RootError.Ok);
        }

        return shared;
    }

    // Recurses with a 512-byte frame until the stack reaches `target`, touching every frame (so every stack page is a
    // first touch the root task maps), and checks each frame is intact on the way back. Returns the deepest address.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Deepest(int level, ulong target)
    {
        byte* frame = stackalloc byte[512];
        for (int i = 0; i < 512; i += 64)
        {
            frame[i] = (byte)level;
        }

        ulong here = (ulong)frame;
        ulong deepest = here <= target ? here : Deepest(level + 1, target);
        for (int i = 0; i < 512; i += 64)
        {
            if (frame[i] != (byte)level)
            {
                _failures++;
            }
        }

        return deepest;
    }

    private static ulong Marker(int i) => 0x5EC0_0000_0000_0000UL | (uint)i;

    // One failure line without heap allocation (the quota may be full): what, n (unless -1) and the error's number.
    private static void Fail(ReadOnlySpan<byte> what, int n, RootError e)
    {
        _failures++;
        Console.Write("records: FAIL ");
        for (int i = 0; i < what.Length; i++)
        {
            Console.Write((char)what[i]);
        }

        if (n >= 0)
        {
            Console.Write(n);
        }

        if (e != RootError.Ok)
        {
            Console.Write(" (");
            Console.Write((int)e);
            Console.Write(")");
        }

        Console.WriteLine();
    }
}
