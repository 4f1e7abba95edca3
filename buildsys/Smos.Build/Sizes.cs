// The size report of a built image: loaded bytes of loader, kernel and root task, the DTB and the image file.
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Smos.Build;

/// <summary>Sizes in bytes of the parts of a boot image, and where the image and archive are.</summary>
internal sealed record ImageSizes(
    ulong LoaderBytes,
    ulong KernelBytes,
    ulong RootTaskBytes,
    long? DtbBytes,
    long ImageFileBytes,
    string ImagePath,
    string ArchivePath)
{
    /// <summary>Measures a built image: loader loaded size minus its embedded archive, the others as loaded.</summary>
    public static ImageSizes Measure(string imagePath, string archivePath, string kernelPath, string rootTaskPath, string? dtbPath)
    {
        ElfFile image = ElfFile.Read(imagePath);
        ulong archive = (ulong)(image.SectionBytes(ArchiveCommands.SectionName)?.Length ?? 0);
        return new ImageSizes(
            image.LoadedBytes() - archive,
            ElfFile.Read(kernelPath).LoadedBytes(),
            ElfFile.Read(rootTaskPath).LoadedBytes(),
            dtbPath is null ? null : new FileInfo(dtbPath).Length,
            image.FileSize,
            imagePath,
            archivePath);
    }

    /// <summary>One line per figure, e.g. "  kernel      245,760 bytes loaded".</summary>
    public IEnumerable<string> Lines()
    {
        yield return Line("loader", LoaderBytes, "loaded (without the archive)");
        yield return Line("kernel", KernelBytes, "loaded");
        yield return Line("root task", RootTaskBytes, "loaded");
        yield return DtbBytes is long dtb ? Line("dtb", (ulong)dtb, "file") : "  dtb         none";
        yield return Line("image", (ulong)ImageFileBytes, "file");
        yield return $"  image path  {ImagePath}";
        yield return $"  archive     {ArchivePath}";
    }

    private static string Line(string what, ulong bytes, string kind) =>
        string.Format(CultureInfo.InvariantCulture, "  {0,-10}{1,11:N0} bytes {2}", what, bytes, kind);
}
