// devices: the grants demo. "granted" (mmio:0x9010000 dma:2) reads the PL031 RTC through its device page and uses its DMA
// pages; "grantor" (may:grant=...) spawns "gpio" with grants of its own choosing; "probe" (no grant) checks it has neither.
using System;
using System.Threading;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>The device-memory and DMA grants seen from an app (docs/architecture.md, "Device memory grants").</summary>
public static unsafe class Devices
{
    /// <summary>The QEMU virt PL031 real-time clock the demo's init line grants (one page).</summary>
    public const ulong RtcPaddr = 0x0901_0000;

    /// <summary>The QEMU virt PL061 GPIO controller the demo's grantor gives its child (one page; the next is unused).</summary>
    public const ulong GpioPaddr = 0x0903_0000;

    /// <summary>The PL061's interrupt (SPI 7).</summary>
    public const uint GpioIrq = 39;

    private static int s_failures;

    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : "probe"u8;
        if (Ascii.Equal(mode, "granted"u8))
        {
            Granted();
        }
        else if (Ascii.Equal(mode, "grantor"u8))
        {
            Grantor();
        }
        else if (Ascii.Equal(mode, "gpio"u8))
        {
            Gpio();
        }
        else if (Ascii.Equal(mode, "touch"u8))
        {
            // Nothing is mapped at DeviceBase without a grant: the root task reports this read and ends the process.
            Console.WriteLine($"{Args.Name} touch: reading 0x{ProcessAbi.DeviceBase:x} without a grant");
            uint value = Volatile.Read(ref *(uint*)ProcessAbi.DeviceBase);
            Console.WriteLine($"{Args.Name} touch: read 0x{value:x}: device memory was mapped without a grant");
            return 1;
        }
        else
        {
            Probe();
        }

        Console.WriteLine(s_failures == 0 ? $"{Args.Name} {Args.GetString(1)}: every check held" : $"{Args.Name}: {s_failures} check(s) failed");
        return s_failures == 0 ? 0 : 1;
    }

    private static void Granted()
    {
        Check(DeviceMemory.Count == 1, $"one device region, got {DeviceMemory.Count}");
        Check((ulong)DeviceMemory.Base == ProcessAbi.DeviceBase, $"DeviceMemory.Base 0x{(ulong)DeviceMemory.Base:x}");
        Check(DeviceMemory.Region(0, out nuint vaddr, out ulong paddr, out int pages) && paddr == RtcPaddr && pages == 1 && vaddr == DeviceMemory.Base,
            $"region 0: 0x{paddr:x}, {pages} page(s)");
        Check(!DeviceMemory.Region(1, out _, out _, out _) && DeviceMemory.Pages == 1, "one page in all");

        // The PL031's identification registers (the PrimeCell id 0xB105F00D, part number 0x031) and its clock (seconds).
        var rtc = (uint*)DeviceMemory.Base;
        PrimeCell(rtc, out uint cellId, out uint part);
        uint seconds = Volatile.Read(ref rtc[0]);
        Console.WriteLine($"{Args.Name}: PL031 at 0x{paddr:x} mapped at 0x{(ulong)vaddr:x}: cell id 0x{cellId:x}, part 0x{part:x}, clock {seconds} s");
        Check(cellId == 0xB105_F00D, $"PrimeCell id 0x{cellId:x}, expected 0xb105f00d");
        Check(part == 0x031, $"part number 0x{part:x}, expected 0x31");
        Check(seconds != 0, "the RTC reads 0");

        // DMA: two contiguous zeroed pages, their physical address page aligned, written and read back.
        ulong phys = DmaMemory.PhysicalAddress;
        Console.WriteLine($"{Args.Name}: DMA {DmaMemory.Pages} pages at 0x{(ulong)DmaMemory.Base:x}, physical 0x{phys:x}");
        Check(DmaMemory.Pages == 2 && (ulong)DmaMemory.Base == ProcessAbi.DmaBase, $"DMA {DmaMemory.Pages} pages at 0x{(ulong)DmaMemory.Base:x}");
        Check(phys != 0 && (phys & 0xFFF) == 0, $"DMA physical address 0x{phys:x} not page aligned or 0");
        var words = (ulong*)DmaMemory.Base;
        int count = DmaMemory.Pages * 512;
        bool zero = true;
        for (int i = 0; i < count; i++)
        {
            zero &= words[i] == 0;
            words[i] = ((ulong)i * 0x9E37_79B9_7F4A_7C15) ^ phys;
        }

        bool same = true;
        for (int i = 0; i < count; i++)
        {
            same &= words[i] == (((ulong)i * 0x9E37_79B9_7F4A_7C15) ^ phys);
        }

        Check(zero, "the DMA pages were not zeroed");
        Check(same, "the DMA pages did not keep what was written");
    }

    // Started with may:grant=irq:39,mmio:0x9030000/2,dma:1: gives a child what lies within that, twice (the first child's
    // grants return when it ends), and is refused what lies outside it or is malformed.
    private static void Grantor()
    {
        SpawnGrants gpio = SpawnGrants.None.WithInterrupt(GpioIrq).WithDeviceMemory(GpioPaddr).WithDma(1);
        for (int round = 1; round <= 2; round++)
        {
            RootError e = Process.Spawn("devices", ["gpio"], gpio, null, out ulong pid);
            Check(e == RootError.Ok, $"spawn devices gpio with irq {GpioIrq}, mmio 0x{GpioPaddr:x}, dma 1: {Process.Describe(e)}");
            if (e == RootError.Ok)
            {
                e = Process.Wait(pid, out long code);
                Console.WriteLine($"{Args.Name} grantor: devices gpio (pid {pid}, round {round}) ended with code {code}");
                Check(e == RootError.Ok && code == 0, $"devices gpio ended with {code}");
            }
        }

        Refused(SpawnGrants.None.WithDeviceMemory(RtcPaddr), RootError.NotPermitted, "the RTC's page (outside its may:grant)");
        Refused(SpawnGrants.None.WithInterrupt(33), RootError.NotPermitted, "interrupt 33");
        Refused(SpawnGrants.None.WithDeviceMemory(GpioPaddr, 3), RootError.NotPermitted, "three pages from the GPIO's (two allowed)");
        Refused(SpawnGrants.None.WithDma(2), RootError.NotPermitted, "two DMA pages (one allowed)");
        Refused(SpawnGrants.None.WithDeviceMemory(GpioPaddr + 0x200), RootError.BadArgument, "an unaligned device address");
    }

    private static void Refused(in SpawnGrants grants, RootError expected, string what)
    {
        RootError e = Process.Spawn("devices", ["gpio"], grants, null, out ulong pid);
        Console.WriteLine($"{Args.Name} grantor: granting {what}: {Process.Describe(e)}");
        Check(e == expected, $"granting {what}: {Process.Describe(e)}, expected {Process.Describe(expected)}");
        if (e == RootError.Ok)
        {
            Process.Wait(pid, out _);
        }
    }

    // Spawned by "grantor" with irq:39, the PL061 GPIO's page and one DMA page.
    private static void Gpio()
    {
        Check(DeviceMemory.Region(0, out nuint vaddr, out ulong paddr, out int pages) && paddr == GpioPaddr && pages == 1 && DeviceMemory.Count == 1,
            $"region 0: 0x{paddr:x}, {pages} page(s), {DeviceMemory.Count} region(s)");
        var regs = (uint*)vaddr;
        uint cellId = 0;
        uint part = 0;
        if (vaddr != 0)
        {
            PrimeCell(regs, out cellId, out part);
        }

        Console.WriteLine($"{Args.Name} gpio: PL061 at 0x{paddr:x}: cell id 0x{cellId:x}, part 0x{part:x}; DMA {DmaMemory.Pages} page(s)");
        Check(cellId == 0xB105_F00D && part == 0x061, $"PL061 cell id 0x{cellId:x}, part 0x{part:x}");
        Check(DmaMemory.Pages == 1 && DmaMemory.PhysicalAddress != 0, $"DMA {DmaMemory.Pages} pages at 0x{DmaMemory.PhysicalAddress:x}");
        Sel4Result ack = new IrqHandler(CapSlots.IrqHandler).Ack();
        Check(ack.IsOk, $"IRQHandler_Ack of the granted interrupt: {Sel4Result.Describe(ack.Error)}");
    }

    private static void Probe()
    {
        Check(DeviceMemory.Count == 0 && DeviceMemory.Base == 0 && DeviceMemory.Pages == 0, "device memory without a grant");
        Check(DmaMemory.Pages == 0 && DmaMemory.Base == 0 && DmaMemory.PhysicalAddress == 0, "DMA memory without a grant");

        // No interrupt: the handler slot is empty, so acknowledging through it is refused.
        Sel4Result ack = new IrqHandler(CapSlots.IrqHandler).Ack();
        Console.WriteLine($"{Args.Name} probe: IRQHandler_Ack on slot {CapSlots.IrqHandler}: {Sel4Result.Describe(ack.Error)}");
        Check(!ack.IsOk, "an app without a grant acknowledged an interrupt");

        // Without may:grant, no spawn may grant a device.
        RootError refused = Process.Spawn("devices", ["gpio"], SpawnGrants.None.WithDeviceMemory(GpioPaddr), null, out _);
        Console.WriteLine($"{Args.Name} probe: spawning with a device grant: {Process.Describe(refused)}");
        Check(refused == RootError.NotPermitted, $"a spawn with a grant from an app without may:grant: {Process.Describe(refused)}");

        // A child without a grant that reads DeviceBase: the root task ends it (exit code -1, a fault) and says so.
        RootError e = Process.Spawn("devices"u8, "touch\0"u8, out ulong pid);
        Check(e == RootError.Ok, $"spawn devices touch: {ProcessAbi.Describe(e)}");
        if (e == RootError.Ok)
        {
            e = Process.Wait(pid, out long code);
            Console.WriteLine($"{Args.Name} probe: devices touch (pid {pid}) ended with code {code}");
            Check(e == RootError.Ok && code == ExitCodes.Faulted, $"devices touch ended with {code}, expected {ExitCodes.Faulted}");
        }
    }

    // A PrimeCell device's identification registers (the last 32 bytes of its page): cell id and part number.
    private static void PrimeCell(uint* regs, out uint cellId, out uint part)
    {
        cellId = (Volatile.Read(ref regs[0xFF0 / 4]) & 0xFF) | ((Volatile.Read(ref regs[0xFF4 / 4]) & 0xFF) << 8) |
            ((Volatile.Read(ref regs[0xFF8 / 4]) & 0xFF) << 16) | ((Volatile.Read(ref regs[0xFFC / 4]) & 0xFF) << 24);
        part = (Volatile.Read(ref regs[0xFE0 / 4]) & 0xFF) | ((Volatile.Read(ref regs[0xFE4 / 4]) & 0xF) << 8);
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            s_failures++;
            Console.WriteLine($"{Args.Name}: check failed: {what}");
        }
    }
}
