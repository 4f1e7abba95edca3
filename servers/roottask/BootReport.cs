// Prints what the kernel handed the root task: untyped memory (RAM and device) and the free slot range.
using Internal.Runtime;
using Smos.Formats;

namespace Smos.RootTask;

internal static class BootReport
{
    public static void Print(in BootInfoView bootInfo)
    {
        BootInfo.SumUntyped(bootInfo, device: false, out int ramCount, out ulong ramBytes);
        BootInfo.SumUntyped(bootInfo, device: true, out int deviceCount, out ulong deviceBytes);

        DebugConsole.Write("  RAM untypeds:    ");
        DebugConsole.WriteDecimal((ulong)ramCount);
        DebugConsole.Write(", ");
        WriteSize(ramBytes);
        DebugConsole.WriteLine("");

        DebugConsole.Write("  device untypeds: ");
        DebugConsole.WriteDecimal((ulong)deviceCount);
        DebugConsole.Write(", ");
        WriteSize(deviceBytes);
        DebugConsole.WriteLine("");

        DebugConsole.Write("  empty slots:     [");
        DebugConsole.WriteDecimal(bootInfo.Empty.Start);
        DebugConsole.Write(", ");
        DebugConsole.WriteDecimal(bootInfo.Empty.End);
        DebugConsole.Write(") = ");
        DebugConsole.WriteDecimal(bootInfo.Empty.End - bootInfo.Empty.Start);
        DebugConsole.WriteLine(" slots");

        DebugConsole.Write("  IPC buffer:      ");
        DebugConsole.WriteHex(bootInfo.IpcBuffer);
        DebugConsole.Write(", CNode ");
        DebugConsole.WriteDecimal(bootInfo.InitThreadCNodeSizeBits);
        DebugConsole.WriteLine(" bits");
    }

    // Bytes as "N bytes (M MiB)" or "(K KiB)".
    private static void WriteSize(ulong bytes)
    {
        DebugConsole.WriteDecimal(bytes);
        DebugConsole.Write(" bytes (");
        if (bytes >= 1UL << 20)
        {
            DebugConsole.WriteDecimal(bytes >> 20);
            DebugConsole.Write(" MiB)");
        }
        else
        {
            DebugConsole.WriteDecimal(bytes >> 10);
            DebugConsole.Write(" KiB)");
        }
    }
}
