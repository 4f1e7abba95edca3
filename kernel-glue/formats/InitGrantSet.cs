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
            if ((e = InitGrant.Parse(word, out ulong irq)) != InitGrantError.Ok)
            {
                return e;
            }

            if (Irq >= 0)
            {
                return InitGrantError.Repeated;
            }

            Irq = (long)irq;
            return InitGrantError.Ok;
        }

        if (word.StartsWith(InitGrant.DmaPrefix))
        {
            if ((e = InitGrant.ParseDma(word, out int dma)) != InitGrantError.Ok)
            {
                return e;
            }

            if (DmaPages != 0)
            {
                return InitGrantError.Repeated;
            }

            DmaPages = dma;
            return InitGrantError.Ok;
        }

        if ((e = InitGrant.ParseMmio(word, out ulong paddr, out int pages)) != InitGrantError.Ok)
        {
            return e;
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
