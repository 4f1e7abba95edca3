// The memory an init-list line granted a driver: device registers (mmio:) mapped uncached, and DMA memory (dma:) with its physical address.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The device memory this process was granted by its init-list line (<c>mmio:0xPADDR</c> or <c>mmio:0xPADDR/PAGES</c>;
/// apps/README.md): each region's pages mapped uncached, read-write and never executable, the regions one after
/// another from <see cref="ProcessAbi.DeviceBase"/> in the order of the line's words. A process without such a grant
/// has none (<see cref="Count"/> is 0) and faults if it touches that address. Only the init list grants device memory.
/// </summary>
/// <example><code>
/// // apps/init: &amp;irq:33 mmio:0x9000000 pl011
/// var dr = (uint*)DeviceMemory.Base;                  // the PL011's data register
/// if (DeviceMemory.Region(0, out nuint vaddr, out ulong paddr, out int pages)) { Console.WriteLine($"0x{paddr:x}: {pages} page(s)"); }
/// </code></example>
public static unsafe class DeviceMemory
{
    /// <summary>Regions granted (one per mmio word, at most <see cref="ProcessAbi.MaxDeviceRegions"/>).</summary>
    public static int Count
    {
        get
        {
            ulong n = Word(ProcessAbi.StartInfoDeviceOffset);
            return n > ProcessAbi.MaxDeviceRegions ? 0 : (int)n;
        }
    }

    /// <summary>Where the first region is mapped (<see cref="ProcessAbi.DeviceBase"/>), or 0 without a grant.</summary>
    public static nuint Base => Region(0, out nuint vaddr, out _, out _) ? vaddr : 0;

    /// <summary>Pages of every region together (0 without a grant).</summary>
    public static int Pages
    {
        get
        {
            int total = 0;
            for (int i = 0; Region(i, out _, out _, out int pages); i++)
            {
                total += pages;
            }

            return total;
        }
    }

    /// <summary>
    /// Region <paramref name="index"/> (0..<see cref="Count"/> - 1): where it is mapped, the physical address of its first
    /// page and its pages. False (all 0) for an index past the regions granted.
    /// </summary>
    public static bool Region(int index, out nuint vaddr, out ulong paddr, out int pages)
    {
        vaddr = 0;
        paddr = 0;
        pages = 0;
        if (index < 0 || index >= Count)
        {
            return false;
        }

        int at = ProcessAbi.StartInfoDeviceOffset + 8 + (index * 24);
        vaddr = (nuint)Word(at);
        paddr = Word(at + 8);
        pages = (int)Word(at + 16);
        return true;
    }

    // A u64 of the start-info page (shared with the root task: a volatile load); 0 where there is none (the host).
    internal static ulong Word(int offset)
    {
        StartInfo* info = AppState.StartInfo;
        return info == null ? 0 : VolatileAccess.Read((ulong*)((byte*)info + offset));
    }
}

/// <summary>
/// The DMA memory this process was granted by its init-list line (<c>dma:PAGES</c>; apps/README.md): physically
/// contiguous RAM, zeroed at start, mapped cached and read-write at <see cref="ProcessAbi.DmaBase"/>, charged to the
/// process's memory quota. A device is given <see cref="PhysicalAddress"/>; the driver reads and writes
/// <see cref="Base"/>. Without a grant every property is 0.
/// </summary>
/// <example><code>
/// // apps/init: &amp;mmio:0xa003000 dma:4 virtio-blk
/// var ring = (byte*)DmaMemory.Base; ulong bus = DmaMemory.PhysicalAddress; int pages = DmaMemory.Pages;
/// </code></example>
public static unsafe class DmaMemory
{
    /// <summary>Where the DMA memory is mapped (<see cref="ProcessAbi.DmaBase"/>), or 0 without a grant.</summary>
    public static nuint Base => (nuint)DeviceMemory.Word(ProcessAbi.StartInfoDmaOffset);

    /// <summary>The physical address of its first byte (page aligned; the pages follow contiguously), or 0.</summary>
    public static ulong PhysicalAddress => DeviceMemory.Word(ProcessAbi.StartInfoDmaOffset + 8);

    /// <summary>Its pages (4 KiB each), or 0.</summary>
    public static int Pages => (int)DeviceMemory.Word(ProcessAbi.StartInfoDmaOffset + 16);
}
