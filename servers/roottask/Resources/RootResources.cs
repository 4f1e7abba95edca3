// The root task's own objects (test threads, scratch mappings) taken from the resource managers.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>Objects the root task keeps for itself; they are never returned.</summary>
internal sealed class RootResources
{
    /// <summary>Where frames mapped by the root task for its own use go (far above its image).</summary>
    public const ulong MappingBase = 0x1000_0000;

    private readonly UntypedManager _untyped;
    private readonly ServerKernel _kernel;
    private ulong _nextVaddr = MappingBase;

    /// <param name="growth">What grows the slots and block records (also set as the untyped manager's); null: they do not grow.</param>
    public RootResources(ServerKernel kernel, UntypedManager untyped, SlotAllocator slots, ResourceGrowth? growth = null)
    {
        _kernel = kernel;
        _untyped = untyped;
        Growth = growth;
        untyped.Growth = growth;
        Slots = new RootSlots(kernel, slots, growth);
        Mapper = new PageMapper(kernel, untyped);
        Devices = new DeviceGrants(untyped, Slots);
    }

    /// <summary>
    /// The device pages the root task hands out (init-list <c>mmio:</c> grants, and the root task's own UART mapping):
    /// <c>Devices.Frame(paddr, out RootSlot copy)</c> gives a copy of the page's frame capability to map.
    /// </summary>
    public DeviceGrants Devices { get; }

    /// <summary>
    /// The root task's image frames (the apps archive is in the image): an app's read-only ELF pages are mapped from
    /// them. <see cref="ImageFrames.None"/> until the root task sets them at boot (and in host tests that do not).
    /// </summary>
    public ImageFrames Image { get; set; } = ImageFrames.None;

    /// <summary>The root task's heap, for SystemStatus; null: its figures read 0 and no collection is made.</summary>
    public IHeapMeter? HeapMeter { get; set; }

    /// <summary>What grows the root task's CSpace and block records, or null.</summary>
    public ResourceGrowth? Growth { get; }

    /// <summary>The page-mapping service (frames into processes' VSpaces, with their page tables).</summary>
    public PageMapper Mapper { get; }

    /// <summary>The kernel operations every server performs (the real kernel, or a simulator in host tests).</summary>
    public ServerKernel Kernel => _kernel;

    public UntypedManager Untyped => _untyped;

    /// <summary>The slots servers hold beyond their objects' own (minted badges, copies, saved replies).</summary>
    public RootSlots Slots { get; }

    /// <summary>Creates one object the root task keeps; returns its slot or None.</summary>
    public RootSlot NewObject(ObjectType type, int sizeBits, out Sel4Result result)
    {
        Sel4Error e = _untyped.Allocate(type, sizeBits, out Allocation a);
        result = new Sel4Result(e, 0);
        return e == Sel4Error.NoError ? a.FirstSlot : RootSlot.None;
    }

    /// <summary>
    /// <see cref="MapNewFrame"/> for the heap's own growth, which runs inside a heap allocation: meanwhile the managers
    /// do not grow their own bookkeeping (that would allocate on the heap).
    /// </summary>
    public ulong MapHeapFrame()
    {
        Growth?.EnterHeapGrowth();
        ulong vaddr = MapNewFrame(out _, out _);
        Growth?.ExitHeapGrowth();
        return vaddr;
    }

    /// <summary>Maps a new 4 KiB frame into the root task's address space at the next free address.</summary>
    public ulong MapNewFrame(out RootSlot frameSlot, out Sel4Result result)
    {
        frameSlot = NewObject(ObjectType.SmallPage, 0, out result);
        if (frameSlot.IsNone)
        {
            return 0;
        }

        ulong vaddr = _nextVaddr;
        _nextVaddr += 4096;
        result = MapInRoot(frameSlot, vaddr);
        return result.IsOk ? vaddr : 0;
    }

    /// <summary>
    /// Maps the device page at <paramref name="paddr"/> into the root task's own address space, uncached, read-write and
    /// never executable, at the next free address (as <see cref="MapNewFrame"/>), through a copy of its frame capability
    /// from <see cref="Devices"/> (kept for the root task's life; the page stays grantable to a driver with
    /// <c>mmio:</c>, and the root task's copy makes no owner). Returns the address, or 0 with the error in
    /// <paramref name="result"/> (FailedLookup: not device memory; AlignmentError: not page aligned).
    /// </summary>
    /// <example><code>ulong uart = res.MapDevicePage(0x0900_0000, out Sel4Result r); // the PL011's registers</code></example>
    public ulong MapDevicePage(ulong paddr, out Sel4Result result)
    {
        Sel4Error e = Devices.Frame(paddr, out RootSlot copy);
        result = new Sel4Result(e, 0);
        if (e != Sel4Error.NoError)
        {
            return 0;
        }

        ulong vaddr = _nextVaddr;
        _nextVaddr += 4096;
        result = MapInRoot(copy, vaddr, VmAttributes.ExecuteNever);
        return result.IsOk ? vaddr : 0;
    }

    /// <summary>
    /// Maps a frame into the root task's address space, creating missing page tables (kept forever): normal cached
    /// memory by default; a device page with <see cref="VmAttributes.ExecuteNever"/> (uncached, e.g. a copy from
    /// <see cref="Devices"/>).
    /// </summary>
    public Sel4Result MapInRoot(RootSlot frameSlot, ulong vaddr, VmAttributes attributes = VmAttributes.Data)
    {
        Sel4Result result = default;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            result = new Sel4Result(_kernel.MapFrame(frameSlot, InitialSlots.VSpace, vaddr, CapRights.ReadWrite, attributes), 0);
            if (result.Error != Sel4Error.FailedLookup)
            {
                return result;
            }

            // A missing paging level: the kernel maps a new table at the first level that lacks one.
            RootSlot table = NewObject(ObjectType.PageTable, 0, out result);
            if (table.IsNone)
            {
                return result;
            }

            result = new Sel4Result(_kernel.MapPageTable(table, InitialSlots.VSpace, vaddr), 0);
            if (!result.IsOk)
            {
                return result;
            }
        }

        return result;
    }
}
