// The virtio block driver's entry: find the disk among the granted virtio-mmio transports, set it up, publish "blk", serve.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.VirtioBlkDriver;

/// <summary>
/// drivers/virtio-blk: owns the virtio block device of QEMU virt, granted by the init list
/// (<c>&amp;irq:79 mmio:0xa000000/4 dma:4 virtio-blk</c>: the 32 virtio-mmio transports' four pages, the interrupt of the
/// last transport, where QEMU puts the first <c>-device</c>, and four DMA pages), and serves <see cref="BlockAbi"/>.
/// It runs until the system stops; without a disk it says so and exits.
/// </summary>
public static unsafe class VirtioBlkMain
{
    /// <summary>The interrupt of virtio-mmio transport 0; transport t interrupts on FirstIrq + t.</summary>
    public const int FirstIrq = 48;

    /// <summary>The interrupt the init list grants: the last transport's (31), where QEMU puts the first virtio device.</summary>
    public const int GrantedIrq = FirstIrq + 31;

    public static int Main(string[] args)
    {
        // A request's bookkeeping is garbage once answered: collect it rather than grow (and keep what was grown), so the
        // driver's heap settles once instead of growing by a chunk every few thousand requests.
        Memory.UseServerHeap();
        if (!DeviceMemory.Region(0, out nuint mmio, out ulong paddr, out int pages) || DmaMemory.Pages < BlockDevice.DmaPages)
        {
            Console.WriteLine($"virtio-blk: start it with mmio:0xa000000/4 and dma:{BlockDevice.DmaPages} in the init list (granted: {DeviceMemory.Pages} device pages, {DmaMemory.Pages} DMA pages)");
            return 1;
        }

        BlockDevice? disk = BlockDevice.Find(mmio, pages, (byte*)DmaMemory.Base, DmaMemory.PhysicalAddress, out string why);
        if (disk is null)
        {
            Console.WriteLine($"virtio-blk: {why}");
            return 1;
        }

        int irq = FirstIrq + (int)((paddr - 0x0a00_0000) / 0x200) + disk.Transport;
        if (irq != GrantedIrq)
        {
            Console.WriteLine($"virtio-blk: the disk is on transport {disk.Transport}, interrupt {irq}: grant irq:{irq} instead of irq:{GrantedIrq}");
            return 1;
        }

        Sel4Result ack = new IrqHandler(CapSlots.IrqHandler).Ack();
        if (!ack.IsOk)
        {
            Console.WriteLine($"virtio-blk: no interrupt grant in slot {CapSlots.IrqHandler} ({Sel4Result.Describe(ack.Error)}): start it with irq:{GrantedIrq}");
            return 1;
        }

        if (Connections.Publish(BlockAbi.Name, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("virtio-blk: cannot publish \"blk\" (another block driver runs?)");
            return 1;
        }

        Console.WriteLine($"virtio-blk: serving \"blk\": {disk.Capacity} sectors ({disk.Capacity / 2048} MiB){(disk.ReadOnly ? ", read-only" : "")}, interrupt {irq}");
        Server.Run(publication, new BlockService(disk));
        return 0;
    }
}
