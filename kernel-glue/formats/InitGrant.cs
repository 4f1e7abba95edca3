// The grant words of an init-list line ("irq:30", "mmio:0x9000000/2", "dma:4"): parsed without allocating, for the root task and buildsys.
using System;

namespace Smos.Formats;

/// <summary>Why a grant word was refused (<see cref="InitGrant.Parse"/>, <see cref="InitGrantSet.Add"/>); <see cref="InitGrant.Describe"/> says it in words.</summary>
public enum InitGrantError
{
    Ok,
    NotAGrantWord,
    BadNumber,
    TooLarge,

    /// <summary>mmio: the address is not a hexadecimal number starting 0x (at most 48 bits).</summary>
    BadAddress,

    /// <summary>mmio: the address is not page aligned.</summary>
    Unaligned,

    /// <summary>mmio: the page count is not a decimal 1..<see cref="InitGrant.MaxMmioPages"/>; dma: not 1..<see cref="InitGrant.MaxDmaPages"/>.</summary>
    BadPages,

    /// <summary>More than <see cref="InitGrant.MaxMmioRegions"/> mmio words on one line.</summary>
    TooManyRegions,

    /// <summary>A second irq: or dma: word on one line.</summary>
    Repeated,

    /// <summary>Two mmio words of one line name the same page.</summary>
    Overlap,
}

/// <summary>
/// An init-list line may start with grant words, before or after its quota word (docs/architecture.md, "Interrupt
/// grants" and "Device memory grants"): <c>irq:N</c> (N decimal, at most <see cref="MaxIrq"/>) gives the process an
/// IRQHandler for interrupt N delivered to its notification; <c>mmio:0xPADDR</c> or <c>mmio:0xPADDR/PAGES</c> (a page-aligned
/// hexadecimal physical address, PAGES decimal 1..<see cref="MaxMmioPages"/>, default 1) maps those device pages uncached at
/// ProcessAbi.DeviceBase; <c>dma:PAGES</c> (1..<see cref="MaxDmaPages"/>) maps physically contiguous zeroed RAM at
/// ProcessAbi.DmaBase. The init list grants, and so may a process whose line gave it <c>may:grant=...</c>
/// (<see cref="InitPrivilege"/>) when it spawns a child, within what that word names. Shared by the root task, which
/// reads the lines at boot, and buildsys, which checks them at build time.
/// </summary>
public static class InitGrant
{
    /// <summary>What starts an interrupt-grant word.</summary>
    public static ReadOnlySpan<byte> Prefix => "irq:"u8;

    /// <summary>What starts a device-memory grant word.</summary>
    public static ReadOnlySpan<byte> MmioPrefix => "mmio:"u8;

    /// <summary>What starts a DMA-memory grant word.</summary>
    public static ReadOnlySpan<byte> DmaPrefix => "dma:"u8;

    /// <summary>The largest interrupt number a word may name (the GIC's last shared interrupt, 1019); the kernel refuses those its platform lacks.</summary>
    public const ulong MaxIrq = 1019;

    /// <summary>The most pages one mmio word may name.</summary>
    public const int MaxMmioPages = 16;

    /// <summary>The most mmio words one line may carry.</summary>
    public const int MaxMmioRegions = 4;

    /// <summary>The most pages a dma word may name (1 MiB: one untyped block, one retype).</summary>
    public const int MaxDmaPages = 256;

    /// <summary>The page size of every grant (4 KiB).</summary>
    public const ulong PageSize = 4096;

    /// <summary>True when <paramref name="word"/> starts with one of the grant prefixes (irq:, mmio:, dma:).</summary>
    public static bool IsGrantWord(ReadOnlySpan<byte> word) =>
        word.StartsWith(Prefix) || word.StartsWith(MmioPrefix) || word.StartsWith(DmaPrefix);

    /// <summary>Parses <paramref name="word"/> ("irq:30") into the interrupt number <paramref name="irq"/>.</summary>
    public static InitGrantError Parse(ReadOnlySpan<byte> word, out ulong irq)
    {
        irq = 0;
        if (!word.StartsWith(Prefix))
        {
            return InitGrantError.NotAGrantWord;
        }

        ReadOnlySpan<byte> digits = word.Slice(Prefix.Length);
        if (digits.Length == 0)
        {
            return InitGrantError.BadNumber;
        }

        foreach (byte c in digits)
        {
            if (c < '0' || c > '9')
            {
                return InitGrantError.BadNumber;
            }

            irq = (irq * 10) + (ulong)(c - '0');
            if (irq > MaxIrq)
            {
                return InitGrantError.TooLarge;
            }
        }

        return InitGrantError.Ok;
    }

    /// <summary>
    /// Parses <paramref name="word"/> ("mmio:0x9000000" or "mmio:0x9000000/2") into the physical address
    /// <paramref name="paddr"/> of its first page and its page count <paramref name="pages"/> (1 when not given).
    /// </summary>
    public static InitGrantError ParseMmio(ReadOnlySpan<byte> word, out ulong paddr, out int pages)
    {
        paddr = 0;
        pages = 1;
        if (!word.StartsWith(MmioPrefix))
        {
            return InitGrantError.NotAGrantWord;
        }

        ReadOnlySpan<byte> rest = word.Slice(MmioPrefix.Length);
        int slash = rest.IndexOf((byte)'/');
        ReadOnlySpan<byte> hex = slash < 0 ? rest : rest.Slice(0, slash);
        if (hex.Length < 3 || hex.Length > 2 + 12 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X'))
        {
            return InitGrantError.BadAddress;
        }

        foreach (byte c in hex.Slice(2))
        {
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                return InitGrantError.BadAddress;
            }

            paddr = (paddr << 4) | (uint)digit;
        }

        if ((paddr & (PageSize - 1)) != 0)
        {
            return InitGrantError.Unaligned;
        }

        if (slash >= 0 && !Decimal(rest.Slice(slash + 1), MaxMmioPages, out pages))
        {
            return InitGrantError.BadPages;
        }

        return InitGrantError.Ok;
    }

    /// <summary>Parses <paramref name="word"/> ("dma:4") into its page count <paramref name="pages"/>.</summary>
    public static InitGrantError ParseDma(ReadOnlySpan<byte> word, out int pages)
    {
        pages = 0;
        if (!word.StartsWith(DmaPrefix))
        {
            return InitGrantError.NotAGrantWord;
        }

        return Decimal(word.Slice(DmaPrefix.Length), MaxDmaPages, out pages) ? InitGrantError.Ok : InitGrantError.BadPages;
    }

    // A decimal 1..max.
    private static bool Decimal(ReadOnlySpan<byte> digits, int max, out int value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (byte c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > max)
            {
                return false;
            }
        }

        return value >= 1;
    }

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(InitGrantError error) => error switch
    {
        InitGrantError.Ok => "ok",
        InitGrantError.NotAGrantWord => "not a grant word (it starts with \"irq:\", \"mmio:\" or \"dma:\")",
        InitGrantError.BadNumber => "the interrupt is not a decimal number (irq:N)",
        InitGrantError.TooLarge => "the interrupt number is larger than 1019, the GIC's last",
        InitGrantError.BadAddress => "the device address is not a hexadecimal number of at most 12 digits (mmio:0xPADDR)",
        InitGrantError.Unaligned => "the device address is not page aligned (a multiple of 0x1000)",
        InitGrantError.BadPages => "the page count is not a decimal number from 1 to the most allowed (mmio: 16, dma: 256)",
        InitGrantError.TooManyRegions => "more than 4 mmio words on one line",
        InitGrantError.Repeated => "a second irq: or dma: word on one line (one of each at most)",
        InitGrantError.Overlap => "two mmio words of the line name the same device page",
        _ => "unknown error",
    };
}
