// Where the loader puts the kernel, the DTB and the root task in RAM, and the six kernel entry arguments.
// Pure logic over ELF headers: compiled into the loader and into the host tests.
using System;

namespace Smos.Formats;

/// <summary>Why a boot layout could not be made.</summary>
public enum BootLayoutError
{
    None = 0,
    KernelNotElf,
    KernelNoLoadSegments,
    KernelOutsideRam,
    RootTaskNotElf,
    RootTaskNoLoadSegments,
    RootTaskTooHigh,
    DoesNotFit,
}

/// <summary>The physical placement of everything the kernel needs, and its entry arguments (docs/sel4-abi.md, "Entering the kernel").</summary>
public struct BootLayout
{
    public const ulong PageSize = 4096;
    public const ulong RamStart = 0x40000000;
    public const ulong RamEnd = 0x80000000;
    public const ulong UserTop = 0x00007fffffffffff;

    public ulong KernelEntry;
    public ulong KernelPhysStart;
    public ulong KernelPhysEnd;
    public ulong DtbPhys;
    public ulong DtbSize;
    public ulong UserPhysStart;
    public ulong UserPhysEnd;
    public ulong UserVirtStart;
    public ulong UserEntry;

    /// <summary>x2 at kernel entry: user physical minus virtual address (two's complement).</summary>
    public readonly ulong PvOffset => UserPhysStart - UserVirtStart;

    public static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);

    public static ulong AlignDown(ulong value, ulong align) => value & ~(align - 1);

    public static string Describe(BootLayoutError error) => error switch
    {
        BootLayoutError.None => "no error",
        BootLayoutError.KernelNotElf => "kernel.elf is not a valid ELF64 file",
        BootLayoutError.KernelNoLoadSegments => "kernel.elf has no loadable segment",
        BootLayoutError.KernelOutsideRam => "kernel.elf loads outside RAM (0x40000000-0x80000000): is it built for qemu-arm-virt with 1 GiB?",
        BootLayoutError.RootTaskNotElf => "the root task is not a valid ELF64 file",
        BootLayoutError.RootTaskNoLoadSegments => "the root task has no loadable segment",
        BootLayoutError.RootTaskTooHigh => "the root task lies above seL4_UserTop",
        BootLayoutError.DoesNotFit => "kernel, DTB and root task do not fit below the loader",
        _ => "unknown boot layout error",
    };

    /// <summary>
    /// Plans the layout: kernel segments at their physical addresses, the DTB on the page after the kernel,
    /// the root task on the page after that, all below <paramref name="limit"/> (the loader's own start).
    /// </summary>
    public static BootLayoutError Plan(ReadOnlySpan<byte> kernel, ulong dtbSize, ReadOnlySpan<byte> rootTask, ulong limit, out BootLayout layout)
    {
        layout = default;
        if (Elf.Parse(kernel, out ElfHeader kh) != ElfError.Ok)
        {
            return BootLayoutError.KernelNotElf;
        }

        if (!PhysBounds(kernel, kh, out ulong kStart, out ulong kEnd))
        {
            return BootLayoutError.KernelNoLoadSegments;
        }

        if (kStart < RamStart || kEnd > RamEnd)
        {
            return BootLayoutError.KernelOutsideRam;
        }

        if (Elf.Parse(rootTask, out ElfHeader uh) != ElfError.Ok)
        {
            return BootLayoutError.RootTaskNotElf;
        }

        if (Elf.GetLoadBounds(rootTask, uh, out ulong vLow, out ulong vHigh) != ElfError.Ok || vHigh <= vLow)
        {
            return BootLayoutError.RootTaskNoLoadSegments;
        }

        vLow = AlignDown(vLow, PageSize);
        vHigh = AlignUp(vHigh, PageSize);
        if (vHigh > UserTop)
        {
            return BootLayoutError.RootTaskTooHigh;
        }

        layout.KernelEntry = kh.Entry;
        layout.KernelPhysStart = kStart;
        layout.KernelPhysEnd = kEnd;
        ulong next = AlignUp(kEnd, PageSize);
        if (dtbSize != 0)
        {
            layout.DtbPhys = next;
            layout.DtbSize = dtbSize;
            next = AlignUp(next + dtbSize, PageSize);
        }

        layout.UserPhysStart = next;
        layout.UserPhysEnd = next + (vHigh - vLow);
        layout.UserVirtStart = vLow;
        layout.UserEntry = uh.Entry;
        if (layout.UserPhysEnd > limit || layout.UserPhysEnd < next)
        {
            return BootLayoutError.DoesNotFit;
        }

        return BootLayoutError.None;
    }

    private static bool PhysBounds(ReadOnlySpan<byte> image, in ElfHeader header, out ulong start, out ulong end)
    {
        start = ulong.MaxValue;
        end = 0;
        for (int i = 0; i < header.PhNum; i++)
        {
            if (Elf.GetProgramHeader(image, header, i, out ProgramHeader ph) != ElfError.Ok)
            {
                return false;
            }

            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            if (ph.PAddr < start)
            {
                start = ph.PAddr;
            }

            if (ph.PAddr + ph.MemSize > end)
            {
                end = ph.PAddr + ph.MemSize;
            }
        }

        return end > start;
    }
}
