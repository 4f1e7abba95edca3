// bigheap: arrays of megabytes within the memory quota, and the OutOfMemoryException naming the quota past it (issue 15).
using System;
using System.Runtime.CompilerServices;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// The `bigheap` demo. An app's heap once lived in a fixed 256-page region and grew by at most 64 pages a request, so no
/// array over about 256 KiB could be made and no app held more than 1 MiB of heap, whatever its memory quota. Now the
/// heap region is a 64 GiB window and the quotas bound it. <c>bigheap</c> (started with <c>quota:memory=64M</c>)
/// allocates a 40 MiB <c>long[]</c> in one piece, writes and reads every element, and checks that the chunk goes back
/// when the array is dead; then it runs three children with quotas of their own: <c>big</c> (24 MiB) holds a 4 MiB
/// <c>byte[]</c> and a 12 MiB <c>int[]</c> at once; <c>over</c> (4 MiB) asks for an 8 MiB array, catches the
/// OutOfMemoryException, which names the memory quota, and goes on to use a 1 MiB one; <c>slots</c> (16 MiB of memory
/// but 600 slots, one a page) is refused a 4 MiB array by its slot quota, and the exception says so.
/// </summary>
public static class BigHeap
{
    private const int MiB = 1 << 20;

    public static int Main(string[] args) => args.Length == 0 ? Parent() : args[0] switch
    {
        "big" => Big(),
        "over" => Over(),
        "slots" => Slots(),
        _ => 2,
    };

    private static int Parent()
    {
        int failures = 0;

        // 40 MiB: more than the 1 MiB every heap had, and more than a default child's whole quota (4 MiB). The array
        // lives in a method of its own, so that no word of this frame still points at it when it is collected.
        int pagesBefore = Memory.HeapPages;
        long bad = FortyMiB(out int length, out int pagesHeld, out ulong micros);
        Console.WriteLine($"bigheap: a 40 MiB long[] in one piece (quota:memory=64M): {length} elements written and read back, {bad} wrong; the heap grew by {pagesHeld - pagesBefore} pages");
        Console.WriteLine($"bigheap: the allocation (one Alloc of {pagesHeld - pagesBefore} pages, the array cleared) took {micros} us");
        failures += bad == 0 && pagesHeld - pagesBefore >= 40 * 256 ? 0 : 1;
        GC.Collect();
        int pagesAfter = Memory.HeapPages;
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        Console.WriteLine($"bigheap: the array dead and collected ({gc.PromotedBytes} bytes live), its chunk went back: the heap holds {pagesAfter} pages (it held {pagesHeld})");
        failures += pagesHeld - pagesAfter >= 40 * 256 ? 0 : 1;

        failures += Child("big", new ProcessQuota(24UL * MiB, 8192, 0, 4, 2, 4));
        failures += Child("over", new ProcessQuota(4UL * MiB, 2048, 0, 4, 2, 4));
        failures += Child("slots", new ProcessQuota(16UL * MiB, 600, 0, 4, 2, 4));

        Console.WriteLine($"bigheap: {failures} failures");
        return failures == 0 ? 0 : 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long FortyMiB(out int length, out int pagesHeld, out ulong micros)
    {
        ulong start = Clock.Ticks;
        long[] big = new long[40 * MiB / sizeof(long)];
        micros = Clock.TicksToMicroseconds(Clock.Ticks - start);
        for (int i = 0; i < big.Length; i++)
        {
            big[i] = ((long)i * 31) ^ 0x5A5A;
        }

        long bad = 0;
        for (int i = 0; i < big.Length; i++)
        {
            bad += big[i] == (((long)i * 31) ^ 0x5A5A) ? 0 : 1;
        }

        length = big.Length;
        pagesHeld = Memory.HeapPages;
        return bad;
    }

    // Runs a child and waits for it: 0 when it exited 0 (its checks held).
    private static int Child(string mode, in ProcessQuota quota)
    {
        RootError e = Process.Spawn("bigheap", [mode], quota, out ulong pid);
        if (e != RootError.Ok || Process.Wait(pid, out long code) != RootError.Ok || code != 0)
        {
            Console.WriteLine($"bigheap: child {mode} failed: {(e == RootError.Ok ? "it did not exit 0" : Process.Describe(e))}");
            return 1;
        }

        return 0;
    }

    // 24 MiB of quota: a 4 MiB byte[] and a 12 MiB int[] live at once.
    private static int Big()
    {
        byte[] bytes = new byte[4 * MiB];
        int[] ints = new int[12 * MiB / sizeof(int)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        for (int i = 0; i < ints.Length; i++)
        {
            ints[i] = i ^ 0x1234567;
        }

        int bad = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            bad += bytes[i] == (byte)(i * 7) ? 0 : 1;
        }

        for (int i = 0; i < ints.Length; i++)
        {
            bad += ints[i] == (i ^ 0x1234567) ? 0 : 1;
        }

        Console.WriteLine($"bigheap big: a 4 MiB byte[] and a 12 MiB int[] held at once in a 24 MiB quota: written and read back, {bad} wrong; the heap holds {Memory.HeapPages} pages");
        return bad == 0 ? 0 : 1;
    }

    // 4 MiB of quota: an 8 MiB array is refused with the quota's OutOfMemoryException; the process goes on.
    private static int Over()
    {
        string message = Refused(8 * MiB);
        Console.WriteLine($"bigheap over: new byte[8 MiB] in a 4 MiB quota: OutOfMemoryException: {message}");
        byte[] after = new byte[MiB];
        after.AsSpan().Fill(0xA5);
        int bad = 0;
        foreach (byte b in after)
        {
            bad += b == 0xA5 ? 0 : 1;
        }

        Console.WriteLine($"bigheap over: caught; then a 1 MiB byte[] fits and works ({bad} wrong)");
        return message.EndsWith(": the memory quota (4194304) is used up", StringComparison.Ordinal) && bad == 0 ? 0 : 1;
    }

    // 16 MiB of memory but 600 slots: a 4 MiB array (about 1,060 pages, a slot each) is refused by the slot quota.
    private static int Slots()
    {
        string message = Refused(4 * MiB);
        Console.WriteLine($"bigheap slots: new byte[4 MiB] with 600 slots: OutOfMemoryException: {message}");
        return message.EndsWith(": the slot quota (600) is used up", StringComparison.Ordinal) ? 0 : 1;
    }

    // The message of the OutOfMemoryException an array of `bytes` throws, or a note that it did not.
    private static string Refused(int bytes)
    {
        try
        {
            byte[] array = new byte[bytes];
            array[bytes - 1] = 1;
            return $"none: the {bytes}-byte array was made";
        }
        catch (OutOfMemoryException e)
        {
            return e.Message;
        }
    }
}
