// Archive listing with the project's CPIO reader, and the size report lines.
using System.IO;
using Smos.Formats;
using Xunit;

namespace Smos.Build.Tests;

public class ArchiveTests
{
    [Fact]
    public void ListsNamesAndSizes()
    {
        var writer = new CpioWriter();
        writer.Add("kernel.elf", new byte[1000]);
        writer.Add("roottask.elf", new byte[7]);
        using var output = new StringWriter();

        Assert.Equal(2, ArchiveCommands.List(writer.ToArray(), output));
        string[] lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal("kernel.elf             1000", lines[0].TrimEnd('\r'));
        Assert.Equal("roottask.elf              7", lines[1].TrimEnd('\r'));
    }

    [Fact]
    public void DamagedArchiveIsAnError()
    {
        var e = Assert.Throws<BuildsysException>(() => ArchiveCommands.List(new byte[200], TextWriter.Null));
        Assert.Contains("damaged", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ImageWithoutArchiveSectionIsExplained()
    {
        using var dir = new TempDir();
        string elf = dir.Write("plain.elf", TempDir.KernelElf());
        var e = Assert.Throws<BuildsysException>(() => ArchiveCommands.ReadArchive(elf));
        Assert.Contains(".smos_archive", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AppsArchiveOfAFileWithoutEitherSectionIsExplained()
    {
        using var dir = new TempDir();
        string elf = dir.Write("plain.elf", TempDir.KernelElf());
        var e = Assert.Throws<BuildsysException>(() => ArchiveCommands.ReadAppsArchive(elf));
        Assert.Contains(".smos_apps", e.Message, System.StringComparison.Ordinal);
        Assert.Contains(".smos_archive", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void SizeLinesListEveryApp()
    {
        var sizes = new ImageSizes(1, 2, 3, 4, 5, "/i", "/a")
        {
            Apps = [new AppSize("hello", 85_425), new AppSize("counter", 85_213)],
            AppsArchiveBytes = 172_828,
        };
        string text = string.Join('\n', sizes.Lines());
        Assert.Contains("  apps          172,828 bytes archive (2 apps and init)", text, System.StringComparison.Ordinal);
        Assert.Contains("    hello        85,425 bytes loaded", text, System.StringComparison.Ordinal);
        Assert.Contains("    counter      85,213 bytes loaded", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void SizeLinesCoverEveryPart()
    {
        var sizes = new ImageSizes(1234, 2_347_008, 17_000, null, 1_005_624, "/o/smos-image.elf", "/o/image/smos-boot.cpio");
        string text = string.Join('\n', sizes.Lines());
        Assert.Contains("  loader          1,234 bytes loaded (without the archive)", text, System.StringComparison.Ordinal);
        Assert.Contains("  kernel      2,347,008 bytes loaded", text, System.StringComparison.Ordinal);
        Assert.Contains("  dtb         none", text, System.StringComparison.Ordinal);
        Assert.Contains("/o/image/smos-boot.cpio", text, System.StringComparison.Ordinal);
    }
}
