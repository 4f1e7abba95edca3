// QEMU and GDB command lines for booting the SmosSharp image on the virt machine.
using System.Collections.Generic;

namespace Smos.Build;

/// <summary>
/// The machine the kernel is configured for: virt at EL1 with GICv2, a Cortex-A53 and 1 GiB of RAM
/// (the kernel's memory map is compiled in; less RAM or GICv3 makes it fault).
/// </summary>
internal static class Qemu
{
    public const int GdbPort = 1234;

    /// <summary>Machine options shared by every boot; <paramref name="el2"/> starts the CPU at EL2 (the loader drops to EL1).</summary>
    public static IReadOnlyList<string> MachineArgs(bool el2 = false) =>
        ["-machine", $"virt,virtualization={(el2 ? "on" : "off")},secure=off,gic-version=2", "-cpu", "cortex-a53", "-m", "1024"];

    /// <summary>Interactive boot: serial and monitor multiplexed on the terminal (Ctrl-A X quits); with <paramref name="disk"/>, the virtio disk (<see cref="Disk"/>).</summary>
    public static IReadOnlyList<string> Interactive(string image, bool gdb, bool el2 = false, string? disk = null, int gdbPort = GdbPort)
    {
        var args = new List<string>(MachineArgs(el2)) { "-nographic", "-serial", "mon:stdio", "-kernel", image };
        if (disk is not null)
        {
            args.AddRange(Disk.QemuArgs(disk));
        }

        if (gdb)
        {
            args.AddRange(GdbServer(gdbPort));
        }

        return args;
    }

    /// <summary>QEMU halted at its first instruction with a GDB server on <paramref name="port"/>.</summary>
    public static IReadOnlyList<string> GdbServer(int port) => ["-S", "-gdb", $"tcp::{port}"];

    /// <summary>Headless boot for tests: the serial port is QEMU's stdout, no monitor, no display; with <paramref name="disk"/>, the virtio disk.</summary>
    public static IReadOnlyList<string> Headless(string image, bool el2 = false, string? disk = null)
    {
        List<string> args = [.. MachineArgs(el2), "-display", "none", "-serial", "stdio", "-monitor", "none", "-kernel", image];
        if (disk is not null)
        {
            args.AddRange(Disk.QemuArgs(disk));
        }

        return args;
    }

    /// <summary>The gdb-multiarch arguments that load the loader, root task and kernel symbols (each when known) and attach.</summary>
    public static IReadOnlyList<string> GdbArgs(string loaderElf, string? rootTaskElf, string? kernelElf, int port = GdbPort)
    {
        var args = new List<string> { loaderElf, "-ex", "set confirm off" };
        if (rootTaskElf is not null)
        {
            args.AddRange(["-ex", $"add-symbol-file {rootTaskElf}"]);
        }

        if (kernelElf is not null)
        {
            args.AddRange(["-ex", $"add-symbol-file {kernelElf}"]);
        }

        args.AddRange(["-ex", $"target remote :{port}"]);
        return args;
    }
}
