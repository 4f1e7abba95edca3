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
    public void TheDiskIsAModernVirtioBlockDeviceOnTheRawImage()
    {
        string line = string.Join(' ', Qemu.Headless("img.elf", disk: "out/disk.img"));
        Assert.EndsWith("-kernel img.elf -global virtio-mmio.force-legacy=false -drive if=none,file=out/disk.img,format=raw,id=hd " +
            "-device virtio-blk-device,drive=hd", line, System.StringComparison.Ordinal);
        Assert.Contains("-device virtio-blk-device,drive=hd", string.Join(' ', Qemu.Interactive("img.elf", gdb: false, disk: "d.img")), System.StringComparison.Ordinal);
    }

    [Fact]
    public void TheDiskIsMadeOnceAndKeptUntilReset()
    {
        string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smos-disk-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            var repo = new Repo(root, System.IO.Path.Combine(root, "out"));
            string path = Disk.Prepare(repo, 2, reset: false);
            Assert.Equal(2L << 20, new System.IO.FileInfo(path).Length);
            System.IO.File.WriteAllBytes(path, [1, 2, 3]); // what the system wrote
            Assert.Equal(path, Disk.Prepare(repo, 2, reset: false));
            Assert.Equal(3, new System.IO.FileInfo(path).Length); // kept
            Disk.Prepare(repo, 4, reset: true);
            byte[] start = new byte[3];
            using (var file = System.IO.File.OpenRead(path))
            {
                Assert.Equal(3, file.Read(start));
                Assert.Equal(4L << 20, file.Length);
            }

            Assert.Equal(new byte[3], start); // zeros again
            var e = Assert.Throws<BuildsysException>(() => Disk.Prepare(repo, 0, reset: false));
            Assert.Equal("--disk-size 0: the disk takes 1 to 65536 MiB", e.Message);
        }
        finally
        {
            if (System.IO.Directory.Exists(root))
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }
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
