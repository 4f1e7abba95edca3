// BootInfo parsing on a byte image recorded from a real boot (seL4 16.0.0, QEMU virt, SmosSharp loader).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Xunit;

namespace Smos.Formats.Tests;

/// <summary>
/// The fixture was printed by the root task built with <c>--define SMOS_DUMP_BOOTINFO</c>
/// (lines "BOOTINFO &lt;offset&gt; &lt;64 hex digits&gt;"): the BootInfo page and its two extra pages.
/// </summary>
public class RecordedBootInfoTests
{
    private static byte[] LoadDump()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "bootinfo-qemu-virt-sel4-16.0.0.txt");
        var bytes = new List<byte>();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] parts = line.Split(' ');
            Assert.Equal("BOOTINFO", parts[0]);
            Assert.Equal(bytes.Count, Convert.ToInt32(parts[1], 16));
            for (int i = 0; i < parts[2].Length; i += 2)
            {
                bytes.Add(byte.Parse(parts[2].AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return bytes.ToArray();
    }

    [Fact]
    public void RecordedBootInfoMatchesWhatTheRootTaskPrinted()
    {
        BootInfoImage image = BootInfoFixture.FromRecordedDump(LoadDump());
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(image.Page, out BootInfoView view));

        // Values the root task printed on that boot.
        Assert.Equal(0x455000UL, view.IpcBuffer);
        Assert.Equal(166UL, view.Empty.Start);
        Assert.Equal(4096UL, view.Empty.End);
        Assert.Equal(12UL, view.InitThreadCNodeSizeBits);
        Assert.Equal(0UL, view.NodeId);
        Assert.Equal(1UL, view.NumNodes);

        BootInfo.SumUntyped(view, device: false, out int ramCount, out ulong ramBytes);
        BootInfo.SumUntyped(view, device: true, out int deviceCount, out ulong deviceBytes);
        Assert.Equal(30, ramCount);
        Assert.Equal(1070934560UL, ramBytes);
        Assert.Equal(30, deviceCount);
        Assert.Equal(1098437877760UL, deviceBytes);
        Assert.Equal(view.Untyped.Count, (ulong)(ramCount + deviceCount));

        // Every RAM untyped lies in the 1 GiB of QEMU virt RAM.
        for (int i = 0; i < (int)view.Untyped.Count; i++)
        {
            UntypedDesc d = view.GetUntyped(i);
            if (!d.IsDevice)
            {
                Assert.InRange(d.PAddr, 0x40000000UL, 0x80000000UL - d.SizeBytes);
            }
        }
    }

    [Fact]
    public void RecordedExtraBootInfoHoldsTheDeviceTree()
    {
        BootInfoImage image = BootInfoFixture.FromRecordedDump(LoadDump());
        Assert.Equal(BootInfoError.Ok, BootInfo.FindFdt(image.Extra, out ReadOnlySpan<byte> fdt));
        // Flattened device tree magic, big-endian 0xd00dfeed, and the DTB size the loader passed (7633).
        Assert.Equal(new byte[] { 0xd0, 0x0d, 0xfe, 0xed }, fdt[..4].ToArray());
        Assert.Equal(7633, (fdt[4] << 24) | (fdt[5] << 16) | (fdt[6] << 8) | fdt[7]);
    }
}
