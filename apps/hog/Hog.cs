// hog: fills more than the 8 KiB .bss heap with objects (the heap must grow), then allocates 16 pages at a time until
// the root task refuses, which must be its memory quota's refusal with less than one more grant of it free; prints how
// many it got (with the heap's) and what was left, and exits 0.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// Exhausts the memory the root task grants one app, checking that each grant is zeroed, writable and contiguous: its
/// memory quota (48 MiB for an init-list process), not a fixed page count, is what stops it (the heap region is 64 GiB).
/// </summary>
public static unsafe class Hog
{
    private const int PagesPerRequest = 16;

    private const int Arrays = 40;
    private const int ArrayBytes = 1000;

    public static int Main(string[] args)
    {
        if (!FillHeap())
        {
            return 1;
        }

        long pages = 0;
        ulong expected = ProcessAbi.HeapRegionBase + ((ulong)Memory.HeapPages * ProcessAbi.PageSize); // after any pages the heap took
        nuint last = 0;
        RootError error;
        while ((error = Memory.AllocPages(PagesPerRequest, out nuint vaddr)) == RootError.Ok)
        {
            last = vaddr;
            if ((ulong)vaddr != expected)
            {
                Console.Write(Args.Name);
                Console.Write(": grant at ");
                Console.Write($"0x{(ulong)vaddr:x}");
                Console.Write(", expected ");
                Console.Write($"0x{expected:x}");
                Console.WriteLine();
            }

            if (!TouchPages((ulong*)vaddr))
            {
                Console.Write(Args.Name);
                Console.Write(": a granted page was not zeroed at ");
                Console.Write($"0x{(ulong)vaddr:x}");
                Console.WriteLine();
                return 1;
            }

            pages += PagesPerRequest;
            expected = (ulong)vaddr + (PagesPerRequest * ProcessAbi.PageSize);
        }

        // The last grant goes back first: what follows may need the heap to grow, and the quota is used up.
        int heapPages = Memory.HeapPages;
        if (last == 0 || Memory.FreePages(last, PagesPerRequest) != RootError.Ok ||
            Process.TryGetInfo(Process.Pid, out ProcessInfo? me) != RootError.Ok)
        {
            Console.WriteLine($"{Args.Name}: no grant to give back, or no entry in the process list");
            return 1;
        }

        // Left before the last grant went back (and before the heap grew into it, if it did): less than another grant and
        // the page tables it could need.
        const ulong Grant = PagesPerRequest * ProcessAbi.PageSize;
        ulong left = me!.Free(QuotaKind.Memory) + ((ulong)(Memory.HeapPages - heapPages) * ProcessAbi.PageSize) - Grant;
        Console.WriteLine($"{Args.Name}: got {pages} pages ({pages * 4} KiB) in grants of {PagesPerRequest} before {Process.Describe(error)}; " +
            $"with the heap's {Memory.HeapPages}: {pages + Memory.HeapPages} pages in all, {left} bytes of the quota left");
        if (error != RootError.QuotaMemory || left >= Grant + (3 * ProcessAbi.PageSize))
        {
            Console.WriteLine($"{Args.Name}: the refusal was not the memory quota's with less than a grant of it left");
            return 1;
        }

        return 0;
    }

    // 40 arrays of 1000 bytes (40 KB) outgrow the 8 KiB .bss heap: each must arrive zeroed and stay distinct.
    private static bool FillHeap()
    {
        var arrays = new byte[Arrays][];
        for (int i = 0; i < Arrays; i++)
        {
            byte[] a = new byte[ArrayBytes];
            for (int j = 0; j < a.Length; j++)
            {
                if (a[j] != 0)
                {
                    Console.WriteLine("hog: a new array was not zeroed");
                    return false;
                }

                a[j] = (byte)i;
            }

            arrays[i] = a;
        }

        for (int i = 0; i < Arrays; i++)
        {
            if (arrays[i][0] != (byte)i || arrays[i][ArrayBytes - 1] != (byte)i)
            {
                Console.WriteLine("hog: two arrays overlap");
                return false;
            }
        }

        Console.Write("hog: 40 KB of objects; the heap grew by ");
        Console.Write(Memory.HeapPages);
        Console.WriteLine(" pages");
        return Memory.HeapPages > 0;
    }

    /// <summary>Checks the first word of each granted page is zero, then writes it (the page must be mapped writable).</summary>
    private static bool TouchPages(ulong* first)
    {
        for (int i = 0; i < PagesPerRequest; i++)
        {
            ulong* word = first + (i * Memory.PageSize / sizeof(ulong));
            if (*word != 0)
            {
                return false;
            }

            *word = (ulong)word;
        }

        return true;
    }
}
