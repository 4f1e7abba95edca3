// hog: allocates 16 pages at a time until the root task answers NoMemory, prints how many it got, and exits 0.
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>Exhausts the memory the root task grants one app, checking that each grant is zeroed, writable and contiguous.</summary>
public static unsafe class Hog
{
    private const int PagesPerRequest = 16;

    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        long pages = 0;
        ulong expected = ProcessAbi.HeapRegionBase;
        RootError error;
        while ((error = Memory.AllocPages(PagesPerRequest, out nuint vaddr)) == RootError.Ok)
        {
            if ((ulong)vaddr != expected)
            {
                Console.Write(Args.Get(0));
                Console.Write(": grant at ");
                Console.WriteHex((ulong)vaddr);
                Console.Write(", expected ");
                Console.WriteHex(expected);
                Console.WriteLine();
            }

            if (!TouchPages((ulong*)vaddr))
            {
                Console.Write(Args.Get(0));
                Console.Write(": a granted page was not zeroed at ");
                Console.WriteHex((ulong)vaddr);
                Console.WriteLine();
                return 1;
            }

            pages += PagesPerRequest;
            expected = (ulong)vaddr + (PagesPerRequest * ProcessAbi.PageSize);
        }

        Console.Write(Args.Get(0));
        if (error != RootError.NoMemory)
        {
            Console.Write(": Alloc failed: ");
            Console.WriteLine(ProcessAbi.Describe(error));
            return 1;
        }

        Console.Write(": got ");
        Console.WriteNumber(pages);
        Console.Write(" pages (");
        Console.WriteNumber(pages * 4);
        Console.WriteLine(" KiB) before NoMemory");
        return 0;
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
