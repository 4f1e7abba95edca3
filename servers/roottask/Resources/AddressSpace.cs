// Per-process VSpace bookkeeping: which page tables and 4 KiB pages exist, and the reserved regions (no kernel calls).
using System;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>A page table recorded in an address space. Level 1 covers 512 GiB, 2 covers 1 GiB, 3 covers 2 MiB.</summary>
public struct TableRecord
{
    public int Level;
    public ulong BaseVaddr;
    public Allocation Allocation;
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

/// <summary>
/// Bookkeeping of one AArch64 address space (4 levels of 9 index bits, 4 KiB pages). The VSpace root is
/// level 0 and always exists; a 4 KiB page needs tables at levels 1, 2 and 3 above it. Pages and regions are
/// kept sorted by address (binary search); tables are few and searched linearly. Capacities are fixed at
/// construction; <see cref="Reset"/> empties the object for reuse by another process.
/// </summary>
public sealed class AddressSpace
{
    /// <summary>First address above user space (seL4_UserTop + 1).</summary>
    public const ulong UserTop = 0x0000_8000_0000_0000;
    public const ulong PageSize = 4096;

    private readonly TableRecord[] _tables;
    private readonly PageRecord[] _pages;
    private readonly RegionRecord[] _regions;
    private int _tableCount;
    private int _pageCount;
    private int _regionCount;

    public AddressSpace(int tableCapacity, int pageCapacity, int regionCapacity)
    {
        _tables = new TableRecord[tableCapacity < 0 ? 0 : tableCapacity];
        _pages = new PageRecord[pageCapacity < 0 ? 0 : pageCapacity];
        _regions = new RegionRecord[regionCapacity < 0 ? 0 : regionCapacity];
    }

    public int TableCount => _tableCount;

    public int PageCount => _pageCount;

    public int RegionCount => _regionCount;

    public TableRecord GetTable(int i) => i >= 0 && i < _tableCount ? _tables[i] : default;

    /// <summary>Page <paramref name="i"/> in ascending address order.</summary>
    public PageRecord GetPage(int i) => i >= 0 && i < _pageCount ? _pages[i] : default;

    /// <summary>Region <paramref name="i"/> in ascending address order.</summary>
    public RegionRecord GetRegion(int i) => i >= 0 && i < _regionCount ? _regions[i] : default;

    /// <summary>Forgets every table, page and region.</summary>
    public void Reset()
    {
        _tableCount = 0;
        _pageCount = 0;
        _regionCount = 0;
    }

    /// <summary>log2 of the span a table at <paramref name="level"/> (1..3) covers: 39, 30, 21.</summary>
    public static int CoverageBits(int level) => 48 - (9 * level);

    /// <summary>The base address of the level-<paramref name="level"/> table that covers <paramref name="vaddr"/>.</summary>
    public static ulong TableBase(int level, ulong vaddr) => vaddr & ~((1UL << CoverageBits(level)) - 1);

    /// <summary>True when the table at <paramref name="level"/> covering <paramref name="vaddr"/> is recorded.</summary>
    public bool HasTable(int level, ulong vaddr)
    {
        if (level < 1 || level > 3)
        {
            return level == 0;
        }

        ulong b = TableBase(level, vaddr);
        for (int i = 0; i < _tableCount; i++)
        {
            if (_tables[i].Level == level && _tables[i].BaseVaddr == b)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How many tables must be created, and mapped in this order, before a 4 KiB page at <paramref name="vaddr"/>
    /// can be mapped; their base addresses go to <paramref name="tableBases"/> top-down (the missing levels are
    /// always the last ones, so base i belongs to level 4 - count + i). -1 when vaddr is not below
    /// <see cref="UserTop"/> or <paramref name="tableBases"/> is too short for the answer.
    /// </summary>
    public int MissingTables(ulong vaddr, Span<ulong> tableBases)
    {
        if (vaddr >= UserTop)
        {
            return -1;
        }

        int firstMissing = 4;
        for (int level = 1; level <= 3; level++)
        {
            if (!HasTable(level, vaddr))
            {
                firstMissing = level;
                break;
            }
        }

        int count = 4 - firstMissing;
        if (count > tableBases.Length)
        {
            return -1;
        }

        for (int i = 0; i < count; i++)
        {
            tableBases[i] = TableBase(firstMissing + i, vaddr);
        }

        return count;
    }

    /// <summary>
    /// Records a table. RangeError: level not 1..3 or base not below UserTop; AlignmentError: base not aligned to
    /// what the level covers; FailedLookup: the table above it is missing; DeleteFirst: already recorded;
    /// NotEnoughMemory: table capacity reached.
    /// </summary>
    public Sel4Error RecordTable(int level, ulong baseVaddr, in Allocation a)
    {
        if (level < 1 || level > 3 || baseVaddr >= UserTop)
        {
            return Sel4Error.RangeError;
        }

        if (TableBase(level, baseVaddr) != baseVaddr)
        {
            return Sel4Error.AlignmentError;
        }

        if (!HasTable(level - 1, baseVaddr))
        {
            return Sel4Error.FailedLookup;
        }

        if (HasTable(level, baseVaddr))
        {
            return Sel4Error.DeleteFirst;
        }

        if (_tableCount == _tables.Length)
        {
            return Sel4Error.NotEnoughMemory;
        }

        _tables[_tableCount].Level = level;
        _tables[_tableCount].BaseVaddr = baseVaddr;
        _tables[_tableCount].Allocation = a;
        _tableCount++;
        return Sel4Error.NoError;
    }

    /// <summary>
    /// Records object <paramref name="index"/> of <paramref name="a"/> mapped at <paramref name="vaddr"/>.
    /// AlignmentError: vaddr not page-aligned; RangeError: not below UserTop or index outside the allocation;
    /// FailedLookup: its level-3 table is missing; DeleteFirst: a page is mapped there already;
    /// NotEnoughMemory: page capacity reached.
    /// </summary>
    public Sel4Error RecordPage(ulong vaddr, in Allocation a, int index)
    {
        if ((vaddr & (PageSize - 1)) != 0)
        {
            return Sel4Error.AlignmentError;
        }

        if (vaddr >= UserTop || index < 0 || index >= a.Count)
        {
            return Sel4Error.RangeError;
        }

        if (!HasTable(3, vaddr))
        {
            return Sel4Error.FailedLookup;
        }

        int at = LowerBoundPage(vaddr);
        if (at < _pageCount && _pages[at].Vaddr == vaddr)
        {
            return Sel4Error.DeleteFirst;
        }

        if (_pageCount == _pages.Length)
        {
            return Sel4Error.NotEnoughMemory;
        }

        for (int i = _pageCount; i > at; i--)
        {
            _pages[i] = _pages[i - 1];
        }

        _pages[at].Vaddr = vaddr;
        _pages[at].Allocation = a;
        _pages[at].Index = index;
        _pageCount++;
        return Sel4Error.NoError;
    }

    /// <summary>Forgets the page at <paramref name="vaddr"/> (after the caller unmapped it); false when none is recorded.</summary>
    public bool RemovePage(ulong vaddr, out PageRecord page)
    {
        page = default;
        int at = LowerBoundPage(vaddr);
        if (at >= _pageCount || _pages[at].Vaddr != vaddr)
        {
            return false;
        }

        page = _pages[at];
        for (int i = at; i < _pageCount - 1; i++)
        {
            _pages[i] = _pages[i + 1];
        }

        _pageCount--;
        return true;
    }

    /// <summary>True when a 4 KiB page is recorded at the page containing <paramref name="vaddr"/>.</summary>
    public bool IsMapped(ulong vaddr)
    {
        ulong page = vaddr & ~(PageSize - 1);
        int at = LowerBoundPage(page);
        return at < _pageCount && _pages[at].Vaddr == page;
    }

    /// <summary>The page recorded at the page containing <paramref name="vaddr"/>.</summary>
    public bool FindPage(ulong vaddr, out PageRecord page)
    {
        page = default;
        ulong p = vaddr & ~(PageSize - 1);
        int at = LowerBoundPage(p);
        if (at >= _pageCount || _pages[at].Vaddr != p)
        {
            return false;
        }

        page = _pages[at];
        return true;
    }

    /// <summary>
    /// Reserves [start, start + size). AlignmentError: start or size not page-aligned; RangeError: empty, or not
    /// below UserTop; DeleteFirst: overlaps a reserved region; NotEnoughMemory: region capacity reached.
    /// </summary>
    public Sel4Error Reserve(ulong start, ulong size)
    {
        if (((start | size) & (PageSize - 1)) != 0)
        {
            return Sel4Error.AlignmentError;
        }

        if (!RangeOk(start, size))
        {
            return Sel4Error.RangeError;
        }

        int at = LowerBoundRegion(start);
        if ((at < _regionCount && _regions[at].Start < start + size) || (at > 0 && _regions[at - 1].End > start))
        {
            return Sel4Error.DeleteFirst;
        }

        if (_regionCount == _regions.Length)
        {
            return Sel4Error.NotEnoughMemory;
        }

        for (int i = _regionCount; i > at; i--)
        {
            _regions[i] = _regions[i - 1];
        }

        _regions[at].Start = start;
        _regions[at].Size = size;
        _regionCount++;
        return Sel4Error.NoError;
    }

    /// <summary>True when [start, start + size) is valid user space that no reserved region overlaps and no page is mapped in.</summary>
    public bool IsFreeRange(ulong start, ulong size)
    {
        if (!RangeOk(start, size))
        {
            return false;
        }

        ulong end = start + size;
        int r = LowerBoundRegion(start);
        if ((r < _regionCount && _regions[r].Start < end) || (r > 0 && _regions[r - 1].End > start))
        {
            return false;
        }

        int p = LowerBoundPage(start & ~(PageSize - 1));
        return p >= _pageCount || _pages[p].Vaddr >= end;
    }

    private static bool RangeOk(ulong start, ulong size) => size != 0 && start < UserTop && size <= UserTop - start;

    /// <summary>Index of the first page whose vaddr is &gt;= <paramref name="vaddr"/>.</summary>
    private int LowerBoundPage(ulong vaddr)
    {
        int lo = 0;
        int hi = _pageCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (_pages[mid].Vaddr < vaddr)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of the first region whose start is &gt;= <paramref name="start"/>.</summary>
    private int LowerBoundRegion(ulong start)
    {
        int lo = 0;
        int hi = _regionCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (_regions[mid].Start < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
