// The records of one address space: page tables (with how many entries each holds), 4 KiB pages and reserved regions.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// A page table recorded in an address space. Level 1 covers 512 GiB, 2 covers 1 GiB, 3 covers 2 MiB. A table goes when
/// its last entry does (<see cref="AddressSpace.RemovePage(ulong, out PageRecord, System.Span{TableRecord})"/>).
/// </summary>
public struct TableRecord
{
    public int Level;
    public ulong BaseVaddr;
    public Allocation Allocation;

    /// <summary>What the table holds: pages (level 3) or tables of the next level (levels 1 and 2).</summary>
    public int Entries;

    /// <summary>The sort key of the table list: the level above the address bits, so each level's tables are consecutive by address.</summary>
    public static ulong Key(int level, ulong baseVaddr) => ((ulong)level << 56) | baseVaddr;
}

/// <summary>A mapped 4 KiB page: object <see cref="Index"/> of <see cref="Allocation"/>.</summary>
public struct PageRecord
{
    public ulong Vaddr;
    public Allocation Allocation;
    public int Index;

    public readonly RootSlot FrameSlot => Allocation.Slot(Index);
}

/// <summary>A reserved virtual range (ELF segment, stack, IPC buffer, start-info page, guard page...).</summary>
public struct RegionRecord
{
    public ulong Start;
    public ulong Size;

    public readonly ulong End => Start + Size;
}

/// <summary>Growing a record array: doubling from a small start, never past a hard bound.</summary>
internal static class RecordGrowth
{
    /// <summary>The capacity to grow <paramref name="capacity"/> to so that it holds <paramref name="needed"/> (at most <paramref name="max"/>).</summary>
    public static int Capacity(int capacity, int needed, int max)
    {
        if (needed <= capacity)
        {
            return capacity;
        }

        long c = capacity < 4 ? 4 : capacity;
        while (c < needed)
        {
            c *= 2;
        }

        return c > max ? max : (int)c;
    }

    /// <summary>
    /// Opens a hole at <paramref name="at"/> in the first <paramref name="count"/> items (count &lt; length): items move up
    /// one by one, whole records at a time (a byte-wise overlapping move would cost several times more).
    /// </summary>
    public static void ShiftUp<T>(T[] items, int at, int count)
        where T : struct
    {
        for (int i = count; i > at; i--)
        {
            items[i] = items[i - 1];
        }
    }

    /// <summary>Closes the hole at <paramref name="at"/> in the first <paramref name="count"/> items and clears the last one.</summary>
    public static void ShiftDown<T>(T[] items, int at, int count)
        where T : struct
    {
        for (int i = at; i < count - 1; i++)
        {
            items[i] = items[i + 1];
        }

        items[count - 1] = default;
    }

    /// <summary>A copy of the first <paramref name="count"/> items of <paramref name="items"/> in <paramref name="into"/>.</summary>
    public static T[] Copy<T>(T[] items, int count, T[] into)
    {
        System.Array.Copy(items, into, count);
        return into;
    }
}
