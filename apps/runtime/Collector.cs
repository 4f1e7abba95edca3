// The collector: churn with a live set, random object graphs with cycles and arrays of references, bounded memory, memory given back.
using System;
using System.Runtime.CompilerServices;
using Smos.Lib;

namespace Smos.Apps.RuntimeDemo;

internal sealed class Node
{
    public Node? Next;
    public Node? Other;
    public object?[]? Children;
    public long Value;
    public long Check;

    public Node(long value)
    {
        Value = value;
        Check = value * 31 + 7;
    }

    public bool Intact => Check == Value * 31 + 7;
}

internal static class Collector
{
    private static ulong s_random = 0x9E3779B97F4A7C15;

    private static int Random(int bound)
    {
        s_random ^= s_random << 13;
        s_random ^= s_random >> 7;
        s_random ^= s_random << 17;
        return (int)(s_random % (ulong)bound);
    }

    public static void Run()
    {
        int collectionsBefore = GC.CollectionCount(0);

        // 1. Churn: 64 MiB of short-lived objects while a ~100 KiB live set (a ring of 2,000 nodes) survives.
        var live = new Node[2000];
        for (int i = 0; i < live.Length; i++)
        {
            live[i] = new Node(i);
        }

        for (int i = 0; i < live.Length; i++)
        {
            live[i].Next = live[(i + 1) % live.Length];
        }

        long churned = 0;
        for (int round = 0; churned < 64L * 1024 * 1024; round++)
        {
            var garbage = new Node(round);
            garbage.Children = new object?[4];
            garbage.Children[0] = new Node(round + 1);
            churned += 48 + 56 + 48;
            if ((round & 1023) == 0)
            {
                var big = new byte[8192];
                big[8191] = 1;
                churned += 8192 + 24;
            }
        }

        bool ringIntact = true;
        Node walker = live[0];
        for (int i = 0; i < live.Length; i++)
        {
            ringIntact &= walker.Intact && walker.Value == i && walker == live[i];
            walker = walker.Next!;
        }

        Check.True(ringIntact, "a 2,000-node ring survives 64 MiB of churn intact");
        Check.True(GC.CollectionCount(0) > collectionsBefore + 10, "the churn ran collections by itself");
        long total = GC.GetTotalMemory(true);
        Check.True(total < 4 * 1024 * 1024, "GC.GetTotalMemory(true) after the churn is under 4 MiB");
        Console.WriteLine($"runtime: after 64 MiB of churn: {total} bytes in use (GC.GetTotalMemory(true)), heap {GC.GetGCMemoryInfo().HeapSizeBytes} bytes, {GC.CollectionCount(0) - collectionsBefore} collections");

        // 2. Torture: a random graph (cycles, arrays of references) rebuilt piecewise through 1,000,000 allocations;
        // every reachable node must still hold its own value.
        var roots = new Node[512];
        for (int i = 0; i < roots.Length; i++)
        {
            roots[i] = new Node(i);
        }

        long allocated = roots.Length;
        while (allocated < 1_000_000)
        {
            int slot = Random(roots.Length);
            var node = new Node(allocated);
            node.Other = roots[Random(roots.Length)];
            node.Next = roots[Random(roots.Length)];
            if (Random(8) == 0)
            {
                node.Children = new object?[1 + Random(6)];
                for (int c = 0; c < node.Children.Length; c++)
                {
                    node.Children[c] = Random(3) == 0 ? roots[Random(roots.Length)] : new Node(allocated + c + 1);
                }

                allocated += node.Children.Length;
            }

            // The replaced root lets go of what it held, so the live set stays bounded (roots and what they hold).
            Node replaced = roots[slot];
            replaced.Next = null;
            replaced.Children = null;
            roots[slot] = node;
            roots[Random(roots.Length)].Other = node; // a cycle back to the new node
            allocated++;
        }

        GC.Collect();
        long visited = 0;
        bool graphIntact = true;
        for (int i = 0; i < roots.Length; i++)
        {
            Node? n = roots[i];
            for (int depth = 0; n != null && depth < 64; depth++)
            {
                graphIntact &= n.Intact && (n.Other == null || n.Other.Intact);
                if (n.Children != null)
                {
                    for (int c = 0; c < n.Children.Length; c++)
                    {
                        graphIntact &= n.Children[c] is Node child && child.Intact;
                    }
                }

                visited++;
                n = n.Next;
            }
        }

        Check.True(graphIntact, "every node of the random graph is intact after 1,000,000 allocations");
        Check.True(visited > roots.Length, "the random graph was walked");

        // 3. An interior pointer (a ref into an array element) keeps its array alive across a collection.
        ref long inside = ref MakeArray()[100];
        GC.Collect();
        new Node(1).Children = new object?[64];
        Check.Equal(100 * 3, inside, "an interior ref keeps its array alive");

        GivesMemoryBack();
    }

    // 4. A 600 KiB temporary live set grows the heap by chunks from the root task (within the memory quota); dropped and
    // collected, the chunks it left wholly free go back (down to what the collector keeps free for the next
    // allocations), and the heap grows again when it needs to.
    private static void GivesMemoryBack()
    {
        const int Arrays = 150;
        const int ArrayBytes = 4096; // 150 x 4 KiB arrays: 600 KiB
        GC.Collect();
        int pagesBefore = Memory.HeapPages;
        Grow(Arrays, ArrayBytes, out int pagesPeak, out long heapPeak, out bool intact);
        Check.True(intact, "a 600 KiB live set is intact");
        Check.True(pagesPeak > pagesBefore, "a 600 KiB live set grows the heap by pages from the root task");

        // Inside an IPC-buffer scope no request may be made: a collection there keeps every chunk.
        ulong releasedBefore = Internal.Runtime.Heap.Released;
        int pagesInScope;
        using (Smos.Sel4.IpcWriter w = Smos.Sel4.Ipc.Write())
        {
            GC.Collect();
            pagesInScope = Memory.HeapPages;
        }

        Check.Equal(pagesPeak, pagesInScope, "a collection inside an IPC-buffer scope gives nothing back");
        Check.True(Internal.Runtime.Heap.Released == releasedBefore, "Heap.Released unchanged inside the scope");
        GC.Collect();
        int pagesAfter = Memory.HeapPages;
        long heapAfter = GC.GetGCMemoryInfo().HeapSizeBytes;
        long released = (long)(Internal.Runtime.Heap.Released - releasedBefore);
        Check.True(pagesAfter < pagesPeak, "dropped and collected, the live set's pages go back to the root task (Memory.HeapPages fell)");
        Check.True(heapAfter < heapPeak, "GC.GetGCMemoryInfo().HeapSizeBytes fell");
        Check.Equal((pagesPeak - pagesAfter) * (long)Memory.PageSize, heapPeak - heapAfter, "the heap shrank by exactly the pages given back");
        Check.Equal(heapPeak - heapAfter, released, "Heap.Released counts them");
        Check.True(GC.GetTotalMemory(false) < heapAfter, "what is left holds what is live");

        Grow(Arrays, ArrayBytes, out int pagesAgain, out long heapAgain, out intact);
        Check.True(intact && pagesAgain > pagesAfter, "the heap grows again for a second 600 KiB live set");
        GC.Collect();
        Console.WriteLine($"runtime: a 600 KiB live set grew the heap from {pagesBefore} to {pagesPeak} pages ({heapPeak} bytes); dropped and collected: {pagesAfter} pages ({heapAfter} bytes), {released} bytes given back ({releasedBefore} before this check); grown again to {pagesAgain} pages, {Memory.HeapPages} after the next collection");
    }

    // The live set exists only inside this frame: once it returns, nothing references it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow(int arrays, int bytes, out int pages, out long heap, out bool intact)
    {
        var held = new byte[arrays][];
        for (int i = 0; i < arrays; i++)
        {
            held[i] = new byte[bytes];
            held[i][0] = (byte)i;
            held[i][bytes - 1] = (byte)(i + 1);
        }

        pages = Memory.HeapPages;
        heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        intact = true;
        for (int i = 0; i < arrays; i++)
        {
            intact &= held[i][0] == (byte)i && held[i][bytes - 1] == (byte)(i + 1);
        }
    }

    private static long[] MakeArray()
    {
        var a = new long[256];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = i * 3;
        }

        return a;
    }
}
