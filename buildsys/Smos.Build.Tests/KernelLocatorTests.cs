// KernelLocator: SEL4_PREFIX, --kernel, --dtb/--no-dtb, the missing-kernel message, and rejected ELF files.
using System.IO;
using Xunit;

namespace Smos.Build.Tests;

public class KernelLocatorTests
{
    [Fact]
    public void FindsKernelAndDtbUnderPrefix()
    {
        using var dir = new TempDir();
        string kernel = dir.Write("prefix/bin/kernel.elf", TempDir.KernelElf());
        string dtb = dir.Write("prefix/support/kernel.dtb", TempDir.Dtb());

        KernelSelection found = KernelLocator.Locate(new KernelOptions(), Path.Combine(dir.Path, "prefix"));
        Assert.Equal(kernel, found.KernelPath);
        Assert.Equal(dtb, found.DtbPath);
        Assert.StartsWith("SEL4_PREFIX=", found.Origin, System.StringComparison.Ordinal);
    }

    [Fact]
    public void BinDtbWinsOverSupportDtb()
    {
        using var dir = new TempDir();
        dir.Write("p/bin/kernel.elf", TempDir.KernelElf());
        string bin = dir.Write("p/bin/kernel.dtb", TempDir.Dtb());
        dir.Write("p/support/kernel.dtb", TempDir.Dtb());
        Assert.Equal(bin, KernelLocator.Locate(new KernelOptions(), Path.Combine(dir.Path, "p")).DtbPath);
    }

    [Fact]
    public void NoDtbOmitsIt()
    {
        using var dir = new TempDir();
        dir.Write("p/bin/kernel.elf", TempDir.KernelElf());
        dir.Write("p/bin/kernel.dtb", TempDir.Dtb());
        Assert.Null(KernelLocator.Locate(new KernelOptions(NoDtb: true), Path.Combine(dir.Path, "p")).DtbPath);
    }

    [Fact]
    public void KernelOptionWinsOverPrefixAndDtbOptionIsUsed()
    {
        using var dir = new TempDir();
        dir.Write("p/bin/kernel.elf", TempDir.KernelElf());
        string mine = dir.Write("mine/k.elf", TempDir.KernelElf());
        string dtb = dir.Write("other/board.dtb", TempDir.Dtb());

        KernelSelection found = KernelLocator.Locate(new KernelOptions(mine, dtb), Path.Combine(dir.Path, "p"));
        Assert.Equal(mine, found.KernelPath);
        Assert.Equal(dtb, found.DtbPath);
        Assert.Equal("--kernel", found.Origin);
    }

    [Fact]
    public void KernelOptionWithoutDtbAnywhereHasNone()
    {
        using var dir = new TempDir();
        string mine = dir.Write("k/kernel.elf", TempDir.KernelElf());
        Assert.Null(KernelLocator.Locate(new KernelOptions(mine), null).DtbPath);
    }

    [Fact]
    public void MissingKernelNamesTheRequirementAndHowToPointAtIt()
    {
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(), null));
        Assert.Equal(KernelLocator.MissingKernelMessage, e.Message);
        Assert.Contains("seL4 16.0.0 for AArch64 qemu-arm-virt (cortex-a53), non-MCS, root CNode 12 bits, the timer exported to user level (KernelArmExportPCNTUser and KernelArmExportPTMRUser ON), 1 GiB RAM, GICv2; " +
            "a debug build (KernelDebugBuild ON, KernelPrinting ON) or a release build (KernelDebugBuild OFF)", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("SEL4_PREFIX", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("--kernel", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("docs/kernel.md", e.Message, System.StringComparison.Ordinal);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void EmptyPrefixCountsAsMissing()
    {
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(), string.Empty));
        Assert.Equal(KernelLocator.MissingKernelMessage, e.Message);
    }

    [Fact]
    public void PrefixWithoutKernelIsNamed()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(), dir.Path));
        Assert.Contains("has no bin/kernel.elf", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKernelFileIsNamed()
    {
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions("/nonexistent/kernel.elf"), null));
        Assert.Equal("--kernel /nonexistent/kernel.elf: no such file", e.Message);
    }

    [Fact]
    public void RejectsAnX86Elf()
    {
        using var dir = new TempDir();
        string x86 = dir.Write("true", File.ReadAllBytes("/bin/true"));
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(x86), null));
        Assert.Contains("not AArch64", e.Message, System.StringComparison.Ordinal);
        Assert.Contains(x86, e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void CheckExplainsEachProblem()
    {
        Assert.Null(KernelLocator.Check(TempDir.KernelElf()));
        Assert.Equal("not an ELF file", KernelLocator.Check("hello, world, this is text"u8));
        Assert.Equal("a 32-bit ELF file, not ELF64", KernelLocator.Check(TempDir.ElfHeader(183, 0, elfClass: 1)));
        Assert.Equal("an ELF file for x86-64, not AArch64", KernelLocator.Check(TempDir.ElfHeader(62, 0xffffff8040000000)));
        Assert.Equal(
            "entry point 0x400000, not 0xffffff8040000000 (not an seL4 kernel for qemu-arm-virt)",
            KernelLocator.Check(TempDir.ElfHeader(183, 0x400000)));
    }

    [Fact]
    public void DtbAndNoDtbConflict()
    {
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(null, "x.dtb", NoDtb: true), null));
        Assert.Equal("--dtb and --no-dtb exclude each other", e.Message);
    }

    [Fact]
    public void RejectsAFileThatIsNotADtb()
    {
        using var dir = new TempDir();
        string kernel = dir.Write("kernel.elf", TempDir.KernelElf());
        string bogus = dir.Write("x.dtb", [1, 2, 3, 4, 5]);
        var e = Assert.Throws<BuildsysException>(() => KernelLocator.Locate(new KernelOptions(kernel, bogus), null));
        Assert.Contains("not a flattened device tree", e.Message, System.StringComparison.Ordinal);
    }
}
