// The serial driver's entry: check its device and interrupt grants, start the UART's interrupts, publish "uart", serve.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Pl011Driver;

/// <summary>
/// drivers/pl011: owns the PL011 UART, granted by the init list (<c>&amp;irq:33 mmio:0x9000000 pl011</c>: its registers
/// mapped uncached at the first device address, its interrupt in <see cref="CapSlots.IrqHandler"/>), and serves
/// <see cref="UartAbi"/> to the console server. It runs until the system stops.
/// </summary>
public static class Pl011Main
{
    public static int Main(string[] args)
    {
        // A service runs for good: collect garbage rather than grow, and keep what was grown (no chunk grown and given
        // back in the middle of a demo's memory check; libsmos Memory.UseServerHeap).
        Memory.UseServerHeap();
        Sel4Result ack = new IrqHandler(CapSlots.IrqHandler).Ack();
        if (!ack.IsOk)
        {
            Console.WriteLine($"pl011: no interrupt grant in slot {CapSlots.IrqHandler} ({Sel4Result.Describe(ack.Error)}): start it with irq:33 in the init list");
            return 1;
        }

        if (DeviceMemory.Pages < 1)
        {
            Console.WriteLine("pl011: no device memory granted: start it with mmio:0x9000000 in the init list");
            return 1;
        }

        var uart = new Pl011(DeviceMemory.Base);
        uart.Start();
        var service = new UartService(uart);
#if SMOS_BENCH
        if (BenchCounter.Start())
        {
            service.Measure();
        }
        else
        {
            Console.WriteLine("pl011: the kernel does not export the PMU (KernelArmExportPMUUser): keys are not timed");
        }
#endif
        uart.Mask = Pl011.ReceiveInterrupt | Pl011.ReceiveTimeoutInterrupt;
        if (Connections.Publish(UartAbi.Name, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("pl011: cannot publish \"uart\" (another serial driver runs?)");
            return 1;
        }

        Console.WriteLine("pl011: serving \"uart\" on interrupt 33");
        Server.Run(publication, service);
        return 0;
    }
}
