// Every grant of one init-list line (an interrupt, up to 4 device-memory regions, DMA pages), gathered word by word without allocating.
using System;

namespace Smos.Formats;

/// <summary>
/// The grants of one init-list line (<see cref="InitGrant"/>): at most one interrupt, up to
/// <see cref="InitGrant.MaxMmioRegions"/> device-memory regions (in the order of their words, which is the order the
/// root task maps them from ProcessAbi.DeviceBase) and at most one DMA grant. <see cref="None"/> grants nothing.
/// </summary>
public struct InitGrantSet
{
    private ulong _paddr0, _paddr1, _paddr2, _paddr3;
    private int _pages0, _pages1, _pages2, _pages3;

    /// <summary>The interrupt granted, or -1.</summary>
    public long Irq;

    /// <summary>Pages of physically contiguous DMA memory granted, or 0.</summary>
    public int DmaPages;

    /// <summary>Device-memory regions granted (0..<see cref="InitGrant.MaxMmioRegions"/>).</summary>
    public int MmioCount;

    /// <summary>A set granting nothing.</summary>
    public static InitGrantSet None => new() { Irq = -1 };

    /// <summary>A set granting only interrupt <paramref name="irq"/> (-1: nothing).</summary>
    public static InitGrantSet Interrupt(long irq) => new() { Irq = irq };

    /// <summary>True when the set grants nothing.</summary>
    public readonly bool IsEmpty => Irq < 0 && DmaPages == 0 && MmioCount == 0;

    /// <summary>Device pages of every region together.</summary>
    public readonly int MmioPages => _pages0 + _pages1 + _pages2 + _pages3;

    /// <summary>Region <paramref name="index"/> (0..<see cref="MmioCount"/> - 1): its first page's physical address and its page count.</summary>
    public readonly void Mmio(int index, out ulong paddr, out int pages)
    {
        (paddr, pages) = index switch
        {
            0 => (_paddr0, _pages0),
            1 => (_paddr1, _pages1),
            2 => (_paddr2, _pages2),
            3 => (_paddr3, _pages3),
            _ => (0UL, 0),
        };
    }

    /// <summary>
    /// Adds the grant <paramref name="word"/> names ("irq:N", "mmio:0xPADDR[/PAGES]", "dma:PAGES"); the set is unchanged
    /// on an error: the word's own (<see cref="InitGrant.Parse"/>, <see cref="InitGrant.ParseMmio"/>,
    /// <see cref="InitGrant.ParseDma"/>), <see cref="InitGrantError.Repeated"/> for a second irq or dma word,
    /// <see cref="InitGrantError.TooManyRegions"/>, or <see cref="InitGrantError.Overlap"/> for a page named twice.
    /// </summary>
    public InitGrantError Add(ReadOnlySpan<byte> word)
    {
        InitGrantError e;
        if (word.StartsWith(InitGrant.Prefix))
        {
            return (e = InitGrant.Parse(word, out ulong irq)) != InitGrantError.Ok ? e : AddInterrupt(irq);
        }

        if (word.StartsWith(InitGrant.DmaPrefix))
        {
            return (e = InitGrant.ParseDma(word, out int dma)) != InitGrantError.Ok ? e : AddDma(dma);
        }

        return (e = InitGrant.ParseMmio(word, out ulong paddr, out int pages)) != InitGrantError.Ok ? e : AddMmio(paddr, pages);
    }

    /// <summary>Adds interrupt <paramref name="irq"/>: <see cref="InitGrantError.TooLarge"/> beyond <see cref="InitGrant.MaxIrq"/>, <see cref="InitGrantError.Repeated"/> for a second one.</summary>
    public InitGrantError AddInterrupt(ulong irq)
    {
        if (irq > InitGrant.MaxIrq)
        {
            return InitGrantError.TooLarge;
        }

        if (Irq >= 0)
        {
            return InitGrantError.Repeated;
        }

        Irq = (long)irq;
        return InitGrantError.Ok;
    }

    /// <summary>Adds <paramref name="pages"/> of DMA memory: <see cref="InitGrantError.BadPages"/> outside 1..<see cref="InitGrant.MaxDmaPages"/>, <see cref="InitGrantError.Repeated"/> for a second grant.</summary>
    public InitGrantError AddDma(int pages)
    {
        if (pages < 1 || pages > InitGrant.MaxDmaPages)
        {
            return InitGrantError.BadPages;
        }

        if (DmaPages != 0)
        {
            return InitGrantError.Repeated;
        }

        DmaPages = pages;
        return InitGrantError.Ok;
    }

    /// <summary>
    /// Adds the device region of <paramref name="pages"/> pages from <paramref name="paddr"/>: the checks of an mmio word
    /// (<see cref="InitGrantError.BadAddress"/> beyond 48 bits, <see cref="InitGrantError.Unaligned"/>,
    /// <see cref="InitGrantError.BadPages"/>), then <see cref="InitGrantError.TooManyRegions"/> or
    /// <see cref="InitGrantError.Overlap"/>.
    /// </summary>
    public InitGrantError AddMmio(ulong paddr, int pages)
    {
        if (paddr >= 1UL << 48)
        {
            return InitGrantError.BadAddress;
        }

        if ((paddr & (InitGrant.PageSize - 1)) != 0)
        {
            return InitGrantError.Unaligned;
        }

        if (pages < 1 || pages > InitGrant.MaxMmioPages)
        {
            return InitGrantError.BadPages;
        }

        if (MmioCount >= InitGrant.MaxMmioRegions)
        {
            return InitGrantError.TooManyRegions;
        }

        ulong end = paddr + ((ulong)pages * InitGrant.PageSize);
        for (int i = 0; i < MmioCount; i++)
        {
            Mmio(i, out ulong other, out int otherPages);
            if (paddr < other + ((ulong)otherPages * InitGrant.PageSize) && other < end)
            {
                return InitGrantError.Overlap;
            }
        }

        switch (MmioCount)
        {
            case 0: _paddr0 = paddr; _pages0 = pages; break;
            case 1: _paddr1 = paddr; _pages1 = pages; break;
            case 2: _paddr2 = paddr; _pages2 = pages; break;
            default: _paddr3 = paddr; _pages3 = pages; break;
        }

        MmioCount++;
        return InitGrantError.Ok;
    }

    /// <summary>
    /// Whether this set (what a <c>may:grant=...</c> word lets a process pass on) covers <paramref name="wanted"/>: its
    /// interrupt is this set's, its DMA pages at most this set's, each of its device regions lies within one region of
    /// this set. The first grant that is not covered is <see cref="GrantKind.None"/> when all are, else its kind, with
    /// the interrupt, or the first device page outside, or the DMA pages asked in <paramref name="refused"/>.
    /// </summary>
    public readonly GrantKind Uncovered(in InitGrantSet wanted, out ulong refused)
    {
        refused = 0;
        if (wanted.Irq >= 0 && wanted.Irq != Irq)
        {
            refused = (ulong)wanted.Irq;
            return GrantKind.Interrupt;
        }

        for (int r = 0; r < wanted.MmioCount; r++)
        {
            wanted.Mmio(r, out ulong paddr, out int pages);
            for (int i = 0; i < pages; i++)
            {
                ulong page = paddr + ((ulong)i * InitGrant.PageSize);
                if (!CoversPage(page))
                {
                    refused = page;
                    return GrantKind.DeviceMemory;
                }
            }
        }

        if (wanted.DmaPages > DmaPages)
        {
            refused = (ulong)wanted.DmaPages;
            return GrantKind.Dma;
        }

        return GrantKind.None;
    }

    private readonly bool CoversPage(ulong page)
    {
        for (int r = 0; r < MmioCount; r++)
        {
            Mmio(r, out ulong paddr, out int pages);
            if (page >= paddr && page < paddr + ((ulong)pages * InitGrant.PageSize))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds every grant word of <paramref name="words"/> (words separated by spaces or tabs; quota words among them are
    /// skipped, other words are <see cref="InitGrantError.NotAGrantWord"/>). Stops at the first error.
    /// </summary>
    public InitGrantError AddAll(ReadOnlySpan<byte> words)
    {
        int pos = 0;
        while (pos < words.Length)
        {
            while (pos < words.Length && IsSpace(words[pos]))
            {
                pos++;
            }

            int start = pos;
            while (pos < words.Length && !IsSpace(words[pos]))
            {
                pos++;
            }

            ReadOnlySpan<byte> word = words.Slice(start, pos - start);
            if (word.IsEmpty || InitQuota.IsQuotaWord(word))
            {
                continue;
            }

            InitGrantError e = InitGrant.IsGrantWord(word) ? Add(word) : InitGrantError.NotAGrantWord;
            if (e != InitGrantError.Ok)
            {
                return e;
            }
        }

        return InitGrantError.Ok;
    }

    private static bool IsSpace(byte c) => c == ' ' || c == '\t' || c == '\r';
}

/// <summary>The kinds of grant (<see cref="InitGrantSet.Uncovered"/>: the first one a set does not cover).</summary>
public enum GrantKind
{
    /// <summary>Nothing: every grant is covered.</summary>
    None,

    /// <summary>An interrupt (irq:N).</summary>
    Interrupt,

    /// <summary>A device page (mmio:0xPADDR).</summary>
    DeviceMemory,

    /// <summary>DMA memory (dma:PAGES).</summary>
    Dma,
}
