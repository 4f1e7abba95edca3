// The device grants a SpawnGranted may give its child (SpawnGrants): their words inside the request (IRootTask.SpawnGranted).
using System;

namespace Smos.Protocol;

/// <summary>
/// What a child is granted at spawn: at most one interrupt, up to <see cref="MaxRegions"/> device-memory regions (mapped
/// uncached from <see cref="ProcessAbi.DeviceBase"/> in this order) and DMA pages (at <see cref="ProcessAbi.DmaBase"/>),
/// the same grants an init-list line's words give. Only a process whose init line gave it <c>may:grant=...</c> may ask,
/// within what that word names (docs/architecture.md, "Granting devices at spawn").
/// </summary>
/// <example><code>
/// SpawnGrants grants = SpawnGrants.None.WithInterrupt(39).WithDeviceMemory(0x0903_0000).WithDma(1);
/// RootError e = Process.Spawn("gpio", ["0"], grants, null, out ulong pid);
/// </code></example>
public readonly struct SpawnGrants
{
    /// <summary>Words the grants take in a message: interrupt, DMA pages, region count, then each region's address and pages.</summary>
    public const int Words = 3 + (2 * MaxRegions);

    /// <summary>The most device-memory regions one spawn may grant (as an init-list line).</summary>
    public const int MaxRegions = 4;

    private readonly ulong _paddr0, _paddr1, _paddr2, _paddr3;
    private readonly int _pages0, _pages1, _pages2, _pages3;
    private readonly long _irq;

    private SpawnGrants(long irq, int dma, int regions, ulong p0, int n0, ulong p1, int n1, ulong p2, int n2, ulong p3, int n3)
    {
        _irq = irq;
        DmaPages = dma;
        RegionCount = regions;
        _paddr0 = p0;
        _pages0 = n0;
        _paddr1 = p1;
        _pages1 = n1;
        _paddr2 = p2;
        _pages2 = n2;
        _paddr3 = p3;
        _pages3 = n3;
    }

    /// <summary>No grant (a plain spawn).</summary>
    public static SpawnGrants None => new(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The interrupt granted, or -1.</summary>
    public long Interrupt => _irq;

    /// <summary>Pages of DMA memory granted, or 0.</summary>
    public int DmaPages { get; }

    /// <summary>Device-memory regions granted.</summary>
    public int RegionCount { get; }

    /// <summary>Region <paramref name="index"/>: its first page's physical address and its page count (0, 0 past <see cref="RegionCount"/>).</summary>
    public void Region(int index, out ulong paddr, out int pages) =>
        (paddr, pages) = index switch
        {
            _ when index < 0 || index >= RegionCount => (0UL, 0),
            0 => (_paddr0, _pages0),
            1 => (_paddr1, _pages1),
            2 => (_paddr2, _pages2),
            _ => (_paddr3, _pages3),
        };

    /// <summary>These grants and interrupt <paramref name="irq"/> (replacing any interrupt named before).</summary>
    public SpawnGrants WithInterrupt(uint irq) =>
        new(irq, DmaPages, RegionCount, _paddr0, _pages0, _paddr1, _pages1, _paddr2, _pages2, _paddr3, _pages3);

    /// <summary>These grants and <paramref name="pages"/> pages of DMA memory (replacing any named before).</summary>
    public SpawnGrants WithDma(int pages) =>
        new(_irq, pages, RegionCount, _paddr0, _pages0, _paddr1, _pages1, _paddr2, _pages2, _paddr3, _pages3);

    /// <summary>
    /// These grants and the device pages from <paramref name="paddr"/> (page aligned) on. A fifth region is not added: the
    /// spawn is then refused with BadArgument, as are regions the root task finds malformed.
    /// </summary>
    public SpawnGrants WithDeviceMemory(ulong paddr, int pages = 1) => RegionCount switch
    {
        0 => new(_irq, DmaPages, 1, paddr, pages, 0, 0, 0, 0, 0, 0),
        1 => new(_irq, DmaPages, 2, _paddr0, _pages0, paddr, pages, 0, 0, 0, 0),
        2 => new(_irq, DmaPages, 3, _paddr0, _pages0, _paddr1, _pages1, paddr, pages, 0, 0),
        3 => new(_irq, DmaPages, 4, _paddr0, _pages0, _paddr1, _pages1, _paddr2, _pages2, paddr, pages),
        _ => new(_irq, DmaPages, MaxRegions + 1, _paddr0, _pages0, _paddr1, _pages1, _paddr2, _pages2, _paddr3, _pages3),
    };

    /// <summary>Writes the <see cref="Words"/> words: interrupt (-1: none), DMA pages, region count, each region's address and pages.</summary>
    public void Encode(Span<ulong> words)
    {
        words[0] = (ulong)_irq;
        words[1] = (ulong)DmaPages;
        words[2] = (ulong)RegionCount;
        for (int r = 0; r < MaxRegions; r++)
        {
            Region(r, out ulong paddr, out int pages);
            words[3 + (2 * r)] = paddr;
            words[4 + (2 * r)] = (ulong)pages;
        }
    }

    /// <summary>
    /// Reads <see cref="Words"/> words. BadArgument for an interrupt that is neither -1 nor below 2^32, DMA pages or a
    /// region's pages beyond 2^31 - 1, more than <see cref="MaxRegions"/> regions, or words after the last region that are
    /// not 0; the ranges of each value are the root task's to check (Smos.Formats.InitGrantSet).
    /// </summary>
    public static RootError Decode(ReadOnlySpan<ulong> words, out SpawnGrants grants)
    {
        grants = None;
        if (words.Length != Words)
        {
            return RootError.BadLength;
        }

        long irq = (long)words[0];
        ulong count = words[2];
        if ((irq < -1 || irq > uint.MaxValue) || words[1] > int.MaxValue || count > MaxRegions)
        {
            return RootError.BadArgument;
        }

        for (int r = 0; r < MaxRegions; r++)
        {
            ulong pages = words[4 + (2 * r)];
            if (pages > int.MaxValue || ((ulong)r >= count && (pages != 0 || words[3 + (2 * r)] != 0)))
            {
                return RootError.BadArgument;
            }
        }

        grants = new(irq, (int)words[1], (int)count, words[3], (int)words[4], words[5], (int)words[6], words[7], (int)words[8], words[9], (int)words[10]);
        return RootError.Ok;
    }
}
