// Test set-up: the boot untypeds recorded from a real boot, loaded into a simulated kernel, slot allocator and manager.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Smos.Formats;
using Smos.RootTask.Resources;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

/// <summary>One boot untyped: its slot, physical address, size and kind.</summary>
public sealed record BootUntyped(ulong Slot, ulong PAddr, int SizeBits, bool IsDevice)
{
    public ulong End => PAddr + (1UL << SizeBits);
}

/// <summary>The recorded BootInfo of seL4 16.0.0 on QEMU virt (fixtures/bootinfo-qemu-virt-sel4-16.0.0.txt).</summary>
public static class RecordedBoot
{
    private static readonly Lazy<(List<BootUntyped> Untypeds, ulong EmptyStart, ulong EmptyEnd, SlotRegion ImageFrames)> s_boot = new(Load);

    /// <summary>The slots of the root task's image frames (userImageFrames).</summary>
    public static SlotRegion ImageFrames => s_boot.Value.ImageFrames;

    public static IReadOnlyList<BootUntyped> Untypeds => s_boot.Value.Untypeds;

    public static ulong EmptyStart => s_boot.Value.EmptyStart;

    public static ulong EmptyEnd => s_boot.Value.EmptyEnd;

    private static (List<BootUntyped>, ulong, ulong, SlotRegion) Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "bootinfo-qemu-virt-sel4-16.0.0.txt");
        var bytes = new List<byte>();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] parts = line.Split(' ');
            for (int i = 0; i < parts[2].Length; i += 2)
            {
                bytes.Add(byte.Parse(parts[2].AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        byte[] page = bytes.GetRange(0, 4096).ToArray();
        Assert.Equal(BootInfoError.Ok, BootInfo.Parse(page, out BootInfoView view));
        var list = new List<BootUntyped>();
        for (int i = 0; i < view.UntypedCount; i++)
        {
            UntypedDesc d = view.GetUntyped(i);
            list.Add(new BootUntyped(view.Untyped.Start + (ulong)i, d.PAddr, d.SizeBits, d.IsDevice));
        }

        return (list, view.Empty.Start, view.Empty.End, view.UserImageFrames);
    }
}

/// <summary>A simulated kernel, a slot allocator over the empty slots and a manager holding every boot untyped.</summary>
public sealed class BootWorld
{
    public BootWorld(int blockCapacity = 4096, IReadOnlyList<BootUntyped>? untypeds = null, ulong emptyStart = 0, ulong emptyEnd = 0)
    {
        Untypeds = untypeds ?? RecordedBoot.Untypeds;
        if (untypeds == null)
        {
            emptyStart = RecordedBoot.EmptyStart;
            emptyEnd = RecordedBoot.EmptyEnd;
        }

        Kernel = new SimulatedKernel();
        Slots = new SlotAllocator(emptyStart, emptyEnd);
        Manager = new UntypedManager(Kernel, Slots, blockCapacity);
        foreach (BootUntyped u in Untypeds)
        {
            Kernel.AddBootUntyped(u.Slot, u.PAddr, u.SizeBits, u.IsDevice);
            Assert.Equal(Smos.Sel4.Sel4Error.NoError, Manager.AddUntyped(Root(u.Slot), u.PAddr, u.SizeBits, u.IsDevice));
        }
    }

    public IReadOnlyList<BootUntyped> Untypeds { get; }

    public SimulatedKernel Kernel { get; }

    public SlotAllocator Slots { get; }

    public UntypedManager Manager { get; }

    /// <summary>Everything a failed call must leave unchanged.</summary>
    public (ulong Free, ulong Used, ulong DeviceFree, int Blocks, int Slots, int Caps) Snapshot() =>
        (Manager.FreeBytes, Manager.UsedBytes, Manager.DeviceFreeBytes, Manager.BlockCount, Slots.FreeCount, Kernel.LiveCaps);

    /// <summary>The free RAM block the manager should pick for 2^bits bytes: smallest size, then lowest address.</summary>
    public BlockInfo? ExpectedBlock(int bits)
    {
        BlockInfo? best = null;
        for (int i = 0; i < Manager.BlockCapacity; i++)
        {
            if (Manager.GetBlock(i, out BlockInfo b) && b.State == BlockState.Free && !b.IsDevice && b.SizeBits >= bits
                && (best == null || b.SizeBits < best.Value.SizeBits || (b.SizeBits == best.Value.SizeBits && b.PAddr < best.Value.PAddr)))
            {
                best = b;
            }
        }

        return best;
    }
}
