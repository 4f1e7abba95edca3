// The loader's C# half: read the boot archive, copy kernel, DTB and root task into place, enter seL4.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Formats;

namespace Smos.Loader;

public static unsafe class Loader
{
    [UnmanagedCallersOnly(EntryPoint = "smos_loader_main")]
    private static void Main(nuint firmwareDtb, nuint startEl)
    {
        DebugConsole.Write("SmosSharp loader: started at EL");
        DebugConsole.WriteDecimal(startEl);
        DebugConsole.Write(", running at EL");
        DebugConsole.WriteDecimal(Machine.CurrentEl());
        DebugConsole.WriteLine(" with an identity map");

        byte* start;
        byte* end;
        Machine.ArchiveBounds(&start, &end);
        var archive = new ReadOnlySpan<byte>(start, (int)(end - start));
        Boot(archive);
    }

    private static void Boot(ReadOnlySpan<byte> archive)
    {
        if (!FindFile(archive, "kernel.elf"u8, out ReadOnlySpan<byte> kernel) ||
            !FindFile(archive, "roottask.elf"u8, out ReadOnlySpan<byte> rootTask))
        {
            Fail("the boot archive must hold kernel.elf and roottask.elf");
            return;
        }

        CpioResult dtbResult = Cpio.Find(archive, "kernel.dtb"u8, out ReadOnlySpan<byte> dtb);
        if (dtbResult != CpioResult.Ok)
        {
            dtb = default;
        }

        ulong loaderEnd;
        ulong loaderStart = Machine.SelfBounds(&loaderEnd);
        BootLayoutError planError = BootLayout.Plan(kernel, (ulong)dtb.Length, rootTask, loaderStart, out BootLayout layout);
        if (planError != BootLayoutError.None)
        {
            Fail(BootLayout.Describe(planError));
            return;
        }

        Report("kernel", layout.KernelPhysStart, layout.KernelPhysEnd);
        LoadKernel(kernel);
        if (dtb.Length != 0)
        {
            Report("dtb", layout.DtbPhys, layout.DtbPhys + layout.DtbSize);
            Copy(layout.DtbPhys, dtb);
            Machine.CleanDCache(layout.DtbPhys, layout.DtbSize);
        }

        Report("root task", layout.UserPhysStart, layout.UserPhysEnd);
        LoadRootTask(rootTask, layout);

        ulong ttbr1 = PageTables.BuildKernelWindow();
        DebugConsole.Write("loader: entering seL4 at ");
        DebugConsole.WriteHex(layout.KernelEntry);
        DebugConsole.WriteLine("");
        Machine.EnterKernel(
            layout.UserPhysStart, layout.UserPhysEnd, layout.PvOffset, layout.UserEntry,
            layout.DtbPhys, layout.DtbSize, ttbr1, layout.KernelEntry);
    }

    private static bool FindFile(ReadOnlySpan<byte> archive, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        CpioResult result = Cpio.Find(archive, name, out data);
        if (result == CpioResult.Ok)
        {
            return true;
        }

        DebugConsole.Write("loader: ");
        DebugConsole.Write(name);
        DebugConsole.Write(": ");
        DebugConsole.WriteLine(Cpio.Describe(result));
        return false;
    }

    // Copies every PT_LOAD segment of the kernel to its physical address.
    private static void LoadKernel(ReadOnlySpan<byte> image)
    {
        Elf.Parse(image, out ElfHeader header);
        for (int i = 0; i < header.PhNum; i++)
        {
            Elf.GetProgramHeader(image, header, i, out ProgramHeader ph);
            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ulong target = ph.PAddr;
            Copy(target, image.Slice((int)ph.Offset, (int)ph.FileSize));
            Zero(target + ph.FileSize, ph.MemSize - ph.FileSize);
            Machine.CleanDCache(target, ph.MemSize);
        }
    }

    // Copies the root task's PT_LOAD segments into its region and zeroes the rest of the region (the gaps the page
    // rounding leaves, and each segment's part past its file bytes), each byte once: the segments cover most of the
    // region (the boot archive is in the first), so zeroing the whole region first wrote ~10 MB twice. One cache clean
    // of the region at the end. ELF puts PT_LOAD entries in ascending address order; the cursor never moves back, so an
    // out-of-order segment leaves a gap unzeroed at worst and never zeroes a segment already copied.
    private static void LoadRootTask(ReadOnlySpan<byte> image, in BootLayout layout)
    {
        Elf.Parse(image, out ElfHeader header);
        ulong cursor = layout.UserPhysStart;
        for (int i = 0; i < header.PhNum; i++)
        {
            Elf.GetProgramHeader(image, header, i, out ProgramHeader ph);
            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ulong target = ph.VAddr + layout.PvOffset;
            if (target > cursor)
            {
                Zero(cursor, target - cursor);
            }

            Copy(target, image.Slice((int)ph.Offset, (int)ph.FileSize));
            Zero(target + ph.FileSize, ph.MemSize - ph.FileSize);
            cursor = target + ph.MemSize > cursor ? target + ph.MemSize : cursor;
        }

        if (layout.UserPhysEnd > cursor)
        {
            Zero(cursor, layout.UserPhysEnd - cursor);
        }

        Machine.CleanDCache(layout.UserPhysStart, layout.UserPhysEnd - layout.UserPhysStart);
    }

    private static void Copy(ulong physical, ReadOnlySpan<byte> data) =>
        data.CopyTo(new Span<byte>((void*)physical, data.Length));

    private static void Zero(ulong physical, ulong length) =>
        RawMemory.Clear(ref *(byte*)physical, (nuint)length);

    private static void Report(string what, ulong start, ulong end)
    {
        DebugConsole.Write("loader: ");
        DebugConsole.Write(what);
        DebugConsole.Write(" at ");
        DebugConsole.WriteHex(start);
        DebugConsole.Write("-");
        DebugConsole.WriteHex(end);
        DebugConsole.Write(" (");
        DebugConsole.WriteDecimal(end - start);
        DebugConsole.WriteLine(" bytes)");
    }

    private static void Fail(string message)
    {
        DebugConsole.Write("loader: FAIL ");
        DebugConsole.WriteLine(message);
        Platform.Halt();
    }
}

/// <summary>The loader's assembly (kernel-glue/arch/aarch64/loader.S).</summary>
internal static unsafe class Machine
{
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_archive_bounds")]
    public static extern void ArchiveBounds(byte** start, byte** end);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_loader_self_bounds")]
    public static extern ulong SelfBounds(ulong* end);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_page_tables")]
    public static extern ulong* PageTableArea();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_current_el")]
    public static extern ulong CurrentEl();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_dcache_clean")]
    public static extern void CleanDCache(ulong start, ulong length);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_enter_kernel")]
    public static extern void EnterKernel(ulong userStart, ulong userEnd, ulong pvOffset, ulong userEntry, ulong dtb, ulong dtbSize, ulong ttbr1, ulong entry);
}
