// QEMU and GDB command lines: the machine the kernel needs, headless vs. interactive, the GDB server.
using Xunit;

namespace Smos.Build.Tests;

public class QemuTests
{
    private const string Machine = "-machine virt,virtualization=off,secure=off,gic-version=2 -cpu cortex-a53 -m 1024";

    [Fact]
    public void InteractiveLine()
    {
        Assert.Equal(
            Machine + " -nographic -serial mon:stdio -kernel out/smos-image.elf",
            string.Join(' ', Qemu.Interactive("out/smos-image.elf", gdb: false)));
    }

    [Fact]
    public void InteractiveLineWithGdbWaitsForTheDebugger()
    {
        Assert.Equal(
            Machine + " -nographic -serial mon:stdio -kernel img.elf -S -gdb tcp::1234",
            string.Join(' ', Qemu.Interactive("img.elf", gdb: true)));
    }

    [Fact]
    public void HeadlessLineHasNoMonitorNoDisplayAndSerialOnStdout()
    {
        string line = string.Join(' ', Qemu.Headless("img.elf"));
        Assert.Equal(Machine + " -display none -serial stdio -monitor none -kernel img.elf", line);
        Assert.DoesNotContain("-nographic", line, System.StringComparison.Ordinal);
    }

    [Fact]
    public void GdbCommandLoadsSymbolsAndAttaches()
    {
        string command = ProcessRunner.FormatCommand("gdb-multiarch", Qemu.GdbArgs("out/smos-image.elf", "out/roottask.elf", null));
        Assert.Equal(
            "gdb-multiarch out/smos-image.elf -ex 'set confirm off' -ex 'add-symbol-file out/roottask.elf' -ex 'target remote :1234'",
            command);
    }

    [Fact]
    public void GdbCommandAddsKernelSymbolsWhenKnown()
    {
        Assert.Contains("add-symbol-file /k/kernel.elf", Qemu.GdbArgs("a", "b", "/k/kernel.elf"));
    }

    [Fact]
    public void QuoteLeavesPlainWordsAndQuotesTheRest()
    {
        Assert.Equal("-machine", ProcessRunner.Quote("-machine"));
        Assert.Equal("virt,gic-version=2", ProcessRunner.Quote("virt,gic-version=2"));
        Assert.Equal("'a b'", ProcessRunner.Quote("a b"));
        Assert.Equal("'it'\\''s'", ProcessRunner.Quote("it's"));
        Assert.Equal("''", ProcessRunner.Quote(string.Empty));
    }
}
