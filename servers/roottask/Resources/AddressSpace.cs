// Per-process VSpace bookkeeping: which page tables and 4 KiB pages exist, and the reserved regions (no kernel calls).
using System;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Bookkeeping of one AArch64 address space (4 levels of 9 index bits, 4 KiB pages). The VSpace root is level 0 and
/// always exists; a 4 KiB page needs tables at levels 1, 2 and 3 above it. Tables, pages and regions are each kept in an
/// array sorted by address (tables by <see cref="TableRecord.Key"/>), found by binary search: a page fault's lookups cost
/// O(log n), and range questions (is anything mapped or reserved in [a, b)?) are two searches. The arrays grow with
/// demand: <see cref="MakeRoom"/>, called by a request's validate step, makes room for what it will record, so that the
/// records themselves cannot fail for room; they never shrink, and <see cref="Reset"/> empties the object for reuse by
/// another process. Each table counts its entries, so the tables a removed page leaves empty are forgotten with it.
/// </summary>
public sealed class AddressSpace
{
    /// <summary>First address above user space (seL4_UserTop + 1).</summary>
    public const ulong UserTop = 0x0000_8000_0000_0000;
    public const ulong PageSize = 4096;

    /// <summary>
    /// The most records of each kind (2^20 pages is 4 GiB mapped): a bound on growth, so that a count cannot overflow
    /// and a request for absurd room is refused before anything is allocated.
    /// </summary>
    public const int MaxRecords = 1 << 20;

    private TableRecord[] _tables;
    private PageRecord[] _pages;
    private RegionRecord[] _regions;
    private int _tableCount;
    private int _pageCount;
    private int _regionCount;

    /// <summary>An empty space with room for the given records before it first grows.</summary>
    public AddressSpace(int tableCapacity, int pageCapacity, int regionCapacity)
    {
        _tables = new TableRecord[Math.Clamp(tableCapacity, 0, MaxRecords)];
        _pages = new PageRecord[Math.Clamp(pageCapacity, 0, MaxRecords)];
        _regions = new RegionRecord[Math.Clamp(regionCapacity, 0, MaxRecords)];
    }

    public int TableCount => _tableCount;

    public int PageCount => _pageCount;

    public int RegionCount => _regionCount;

    /// <summary>Tables that fit before the table array must grow.</summary>
    public int TableCapacity => _tables.Length;

    public int PageCapacity => _pages.Length;

    public int RegionCapacity => _regions.Length;

    /// <summary>Table <paramref name="i"/>: level 1 first, each level in ascending address order.</summary>
    public TableRecord GetTable(int i) => i >= 0 && i < _tableCount ? _tables[i] : default;

    /// <summary>Page <paramref name="i"/> in ascending address order.</summary>
    public PageRecord GetPage(int i) => i >= 0 && i < _pageCount ? _pages[i] : default;

    /// <summary>Region <paramref name="i"/> in ascending address order.</summary>
    public RegionRecord GetRegion(int i) => i >= 0 && i < _regionCount ? _regions[i] : default;

    /// <summary>Forgets every table, page and region (the arrays keep their room; what lies past the counts is never read).</summary>
    public void Reset()
    {
        _tableCount = 0;
        _pageCount = 0;
        _regionCount = 0;
    }

    /// <summary>
    /// Makes room for <paramref name="tables"/>, <paramref name="pages"/> and <paramref name="regions"/> more records, so
    /// that recording that many cannot fail for room. False, with nothing changed, when a count is negative or would
    /// pass <see cref="MaxRecords"/>; throws <see cref="OutOfMemoryException"/>, with nothing changed, when the heap
    /// cannot grow (every new array is allocated before any is used).
    /// </summary>
    public bool MakeRoom(int tables, int pages, int regions)
    {
        if (tables < 0 || pages < 0 || regions < 0 ||
            tables > MaxRecords - _tableCount || pages > MaxRecords - _pageCount || regions > MaxRecords - _regionCount)
        {
            return false;
        }

        int t = RecordGrowth.Capacity(_tables.Length, _tableCount + tables, MaxRecords);
        int p = RecordGrowth.Capacity(_pages.Length, _pageCount + pages, MaxRecords);
        int r = RecordGrowth.Capacity(_regions.Length, _regionCount + regions, MaxRecords);
        TableRecord[] newTables = t != _tables.Length ? new TableRecord[t] : _tables;
        PageRecord[] newPages = p != _pages.Length ? new PageRecord[p] : _pages;
        RegionRecord[] newRegions = r != _regions.Length ? new RegionRecord[r] : _regions;
        _tables = newTables != _tables ? RecordGrowth.Copy(_tables, _tableCount, newTables) : _tables;
        _pages = newPages != _pages ? RecordGrowth.Copy(_pages, _pageCount, newPages) : _pages;
        _regions = newRegions != _regions ? RecordGrowth.Copy(_regions, _regionCount, newRegions) : _regions;
        return true;
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

        return FindTable(level, TableBase(level, vaddr)) >= 0;
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

        // A table is recorded only under its parent and a parent goes only when empty: a level-3 table means all three.
        int firstMissing = 4;
        for (int level = HasTable(3, vaddr) ? 4 : 1; level <= 3; level++)
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
    /// How many tables mapping <paramref name="pages"/> pages from <paramref name="start"/> would create: for each level,
    /// the tables covering the range less those recorded (two binary searches per level). -1 when the range is empty or
    /// not below <see cref="UserTop"/>.
    /// </summary>
    public int TablesToMap(ulong start, int pages)
    {
        ulong size = (ulong)(pages < 0 ? 0 : pages) * PageSize;
        if (!RangeOk(start, size))
        {
            return -1;
        }

        ulong last = start + size - 1;
        long missing = 0;
        for (int level = 1; level <= 3; level++)
        {
            int bits = CoverageBits(level);
            ulong first = TableBase(level, start);
            ulong lastBase = TableBase(level, last);
            long covering = (long)((lastBase - first) >> bits) + 1;
            int present = LowerBoundTable(TableRecord.Key(level, lastBase) + 1) - LowerBoundTable(TableRecord.Key(level, first));
            missing += covering - present;
        }

        return missing > MaxRecords ? MaxRecords : (int)missing;
    }

    /// <summary>
    /// Records a table. RangeError: level not 1..3 or base not below UserTop; AlignmentError: base not aligned to
    /// what the level covers; FailedLookup: the table above it is missing; DeleteFirst: already recorded;
    /// NotEnoughMemory: no room (<see cref="MakeRoom"/> first). The table above counts it as an entry.
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

        int parent = level == 1 ? -1 : FindTable(level - 1, TableBase(level - 1, baseVaddr));
        if (level > 1 && parent < 0)
        {
            return Sel4Error.FailedLookup;
        }

        ulong key = TableRecord.Key(level, baseVaddr);
        int at = LowerBoundTable(key);
        if (at < _tableCount && TableRecord.Key(_tables[at].Level, _tables[at].BaseVaddr) == key)
        {
            return Sel4Error.DeleteFirst;
        }

        if (_tableCount == _tables.Length)
        {
            return Sel4Error.NotEnoughMemory;
        }

        RecordGrowth.ShiftUp(_tables, at, _tableCount);
        _tables[at] = new TableRecord { Level = level, BaseVaddr = baseVaddr, Allocation = a };
        _tableCount++;
        if (parent >= 0)
        {
            // The parent is of a lower level, so it sorts before the new record: its index did not move.
            _tables[parent].Entries++;
        }

        return Sel4Error.NoError;
    }

    /// <summary>
    /// Records object <paramref name="index"/> of <paramref name="a"/> mapped at <paramref name="vaddr"/>.
    /// AlignmentError: vaddr not page-aligned; RangeError: not below UserTop or index outside the allocation;
    /// FailedLookup: its level-3 table is missing; DeleteFirst: a page is mapped there already;
    /// NotEnoughMemory: no room (<see cref="MakeRoom"/> first).
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

        int table = FindTable(3, TableBase(3, vaddr));
        if (table < 0)
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

        RecordGrowth.ShiftUp(_pages, at, _pageCount);
        _pages[at] = new PageRecord { Vaddr = vaddr, Allocation = a, Index = index };
        _pageCount++;
        _tables[table].Entries++;
        return Sel4Error.NoError;
    }

    /// <summary>
    /// Forgets the table of <paramref name="level"/> at <paramref name="baseVaddr"/> when it holds no entries (a table
    /// just recorded for a page whose mapping then failed); the table above loses it as an entry. False, with nothing
    /// changed, when there is no such table or it is not empty.
    /// </summary>
    public bool RemoveEmptyTable(int level, ulong baseVaddr, out TableRecord table)
    {
        table = default;
        int t = level >= 1 && level <= 3 ? FindTable(level, baseVaddr) : -1;
        if (t < 0 || _tables[t].Entries > 0)
        {
            return false;
        }

        table = _tables[t];
        RecordGrowth.ShiftDown(_tables, t, _tableCount);
        _tableCount--;
        int parent = level == 1 ? -1 : FindTable(level - 1, TableBase(level - 1, baseVaddr));
        if (parent >= 0)
        {
            _tables[parent].Entries--;
        }

        return true;
    }

    /// <summary>Forgets the page at <paramref name="vaddr"/> (after the caller unmapped it), keeping its tables; false when none is recorded.</summary>
    public bool RemovePage(ulong vaddr, out PageRecord page) => RemovePage(vaddr, out page, default) >= 0;

    /// <summary>
    /// Forgets the page at <paramref name="vaddr"/> (after the caller unmapped it) and the tables it leaves empty: its
    /// level-3 table when that held only this page, then the level-2 table when that held only the level-3 one, and so
    /// on, as many as <paramref name="emptied"/> has room for (3 takes all; an empty span keeps them). The forgotten
    /// tables go to <paramref name="emptied"/> deepest first, the order to delete them in. Returns how many, or -1 (and
    /// nothing changes) when no page is recorded there.
    /// </summary>
    public int RemovePage(ulong vaddr, out PageRecord page, Span<TableRecord> emptied)
    {
        page = default;
        int at = LowerBoundPage(vaddr);
        if (at >= _pageCount || _pages[at].Vaddr != vaddr)
        {
            return -1;
        }

        page = _pages[at];
        RecordGrowth.ShiftDown(_pages, at, _pageCount);
        _pageCount--;
        int n = 0;
        for (int level = 3; level >= 1; level--)
        {
            int t = FindTable(level, TableBase(level, vaddr));
            if (t < 0 || --_tables[t].Entries > 0 || n == emptied.Length)
            {
                break;
            }

            emptied[n++] = _tables[t];
            RecordGrowth.ShiftDown(_tables, t, _tableCount);
            _tableCount--;
            // The level above loses this table as an entry: decremented on the next turn.
        }

        return n;
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
    /// below UserTop; DeleteFirst: overlaps a reserved region; NotEnoughMemory: no room (<see cref="MakeRoom"/> first).
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

        RecordGrowth.ShiftUp(_regions, at, _regionCount);
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

    /// <summary>The index of the level-<paramref name="level"/> table at <paramref name="baseVaddr"/>, or -1.</summary>
    private int FindTable(int level, ulong baseVaddr)
    {
        ulong key = TableRecord.Key(level, baseVaddr);
        int at = LowerBoundTable(key);
        return at < _tableCount && _tables[at].Level == level && _tables[at].BaseVaddr == baseVaddr ? at : -1;
    }

    /// <summary>Index of the first table whose key is &gt;= <paramref name="key"/>.</summary>
    private int LowerBoundTable(ulong key)
    {
        int lo = 0;
        int hi = _tableCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (TableRecord.Key(_tables[mid].Level, _tables[mid].BaseVaddr) < key)
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
