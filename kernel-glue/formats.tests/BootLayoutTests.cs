// The loader's placement plan (BootLayout.Plan) on ELF files built with GNU ld: a kernel-shaped ELF and a root task.
using System.IO;
using Xunit;

namespace Smos.Formats.Tests;

public sealed class BootLayoutTests : System.IDisposable
{
    // Shaped like seL4's kernel.elf: linked at 0xffffff8040000000, loaded at physical 0x40000000.
    private const string KernelScript = """
        ENTRY(_start)
        SECTIONS {
            . = 0xffffff8040000000;
            .text : AT(0x40000000) { *(.text) }
            .bss : { *(.bss) }
        }
        """;

    private readonly TempDir _dir = new();
    private readonly byte[] _kernel;
    private readonly byte[] _rootTask;

    public BootLayoutTests()
    {
        string asm = Tools.Require("aarch64-linux-gnu-as", "binutils-aarch64-linux-gnu");
        string ld = Tools.Require("aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu");
        File.WriteAllText(_dir.File("t.s"), ElfSamples.AArch64Source);
        File.WriteAllText(_dir.File("kernel.ld"), KernelScript);
        Tools.RunOk(asm, ["-o", "t.o", "t.s"], _dir.Path);
        Tools.RunOk(ld, ["-z", "max-page-size=4096", "-T", "kernel.ld", "-o", "kernel.elf", "t.o"], _dir.Path);
        Tools.RunOk(ld, ["-z", "max-page-size=4096", "-Ttext=0x400000", "-o", "root.elf", "t.o"], _dir.Path);
        _kernel = File.ReadAllBytes(_dir.File("kernel.elf"));
        _rootTask = File.ReadAllBytes(_dir.File("root.elf"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PlacesDtbAndRootTaskOnPagesAfterTheKernel()
    {
        Assert.Equal(BootLayoutError.None, BootLayout.Plan(_kernel, 7633, _rootTask, 0x48000000, out BootLayout layout));
        Assert.Equal(0xffffff8040000000UL, layout.KernelEntry);
        Assert.Equal(0x40000000UL, layout.KernelPhysStart);
        Assert.Equal(0UL, layout.DtbPhys % BootLayout.PageSize);
        Assert.True(layout.DtbPhys >= layout.KernelPhysEnd);
        Assert.Equal(7633UL, layout.DtbSize);
        Assert.Equal(BootLayout.AlignUp(layout.DtbPhys + 7633, 4096), layout.UserPhysStart);
        Assert.Equal(ElfError.Ok, Elf.Parse(_rootTask, out ElfHeader rh));
        Assert.Equal(ElfError.Ok, Elf.GetLoadBounds(_rootTask, rh, out ulong low, out ulong high));
        Assert.Equal(BootLayout.AlignDown(low, 4096), layout.UserVirtStart);
        Assert.Equal(BootLayout.AlignUp(high, 4096) - layout.UserVirtStart, layout.UserPhysEnd - layout.UserPhysStart);
        Assert.Equal(layout.UserPhysStart - layout.UserVirtStart, layout.PvOffset);
        Assert.Equal(0UL, (layout.UserPhysEnd - layout.UserPhysStart) % 4096);
        Assert.Equal(Elf.Parse(_rootTask, out ElfHeader h) == ElfError.Ok ? h.Entry : 0, layout.UserEntry);
    }

    [Fact]
    public void WithoutDtbTheRootTaskFollowsTheKernel()
    {
        Assert.Equal(BootLayoutError.None, BootLayout.Plan(_kernel, 0, _rootTask, 0x48000000, out BootLayout layout));
        Assert.Equal(0UL, layout.DtbPhys);
        Assert.Equal(0UL, layout.DtbSize);
        Assert.Equal(BootLayout.AlignUp(layout.KernelPhysEnd, 4096), layout.UserPhysStart);
    }

    [Fact]
    public void RejectsWhatCannotBoot()
    {
        Assert.Equal(BootLayoutError.KernelNotElf, BootLayout.Plan(new byte[100], 0, _rootTask, 0x48000000, out _));
        Assert.Equal(BootLayoutError.RootTaskNotElf, BootLayout.Plan(_kernel, 0, new byte[3], 0x48000000, out _));
        // The root task is linked in low memory, so as a "kernel" it loads outside RAM.
        Assert.Equal(BootLayoutError.KernelOutsideRam, BootLayout.Plan(_rootTask, 0, _rootTask, 0x48000000, out _));
        Assert.Equal(BootLayoutError.DoesNotFit, BootLayout.Plan(_kernel, 0, _rootTask, 0x40001000, out _));
        Assert.NotEqual("unknown boot layout error", BootLayout.Describe(BootLayoutError.DoesNotFit));
    }
}
