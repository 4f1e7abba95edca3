// The size report of a built image: loaded bytes of loader, kernel, root task and each app, the DTB and the image file.
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Smos.Build;

/// <summary>An app's loaded size (sum of its PT_LOAD memory sizes: code, data, .bss with its heap).</summary>
internal sealed record AppSize(string Name, ulong LoadedBytes);

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
    /// <summary>The apps, in archive order.</summary>
    public IReadOnlyList<AppSize> Apps { get; init; } = [];

    /// <summary>Bytes of the apps archive inside the root task (counted in <see cref="RootTaskBytes"/>).</summary>
    public ulong AppsArchiveBytes { get; init; }

    /// <summary>Measures a built image: loader loaded size minus its embedded archive, the others as loaded.</summary>
    public static ImageSizes Measure(
        string imagePath, string archivePath, string kernelPath, string rootTaskPath, string? dtbPath, IReadOnlyList<(string Name, string ElfPath)> apps)
    {
        ElfFile image = ElfFile.Read(imagePath);
        ElfFile rootTask = ElfFile.Read(rootTaskPath);
        ulong archive = (ulong)(image.SectionBytes(ArchiveCommands.SectionName)?.Length ?? 0);
        return new ImageSizes(
            image.LoadedBytes() - archive,
            ElfFile.Read(kernelPath).LoadedBytes(),
            rootTask.LoadedBytes(),
            dtbPath is null ? null : new FileInfo(dtbPath).Length,
            image.FileSize,
            imagePath,
            archivePath)
        {
            Apps = apps.Select(a => new AppSize(a.Name, ElfFile.Read(a.ElfPath).LoadedBytes())).ToList(),
            AppsArchiveBytes = (ulong)(rootTask.SectionBytes(ArchiveCommands.AppsSectionName)?.Length ?? 0),
        };
    }

    /// <summary>One line per figure, e.g. "  kernel      245,760 bytes loaded".</summary>
    public IEnumerable<string> Lines()
    {
        yield return Line("loader", LoaderBytes, "loaded (without the archive)");
        yield return Line("kernel", KernelBytes, "loaded");
        if (AppsArchiveBytes == 0 && Apps.Count == 0)
        {
            // A root task that is not SmosSharp's (image --roottask): no apps archive inside.
            yield return Line("root task", RootTaskBytes, "loaded");
        }
        else
        {
            yield return Line("root task", RootTaskBytes, "loaded (with the apps archive)");
            yield return Line("apps", AppsArchiveBytes, Apps.Count == 1 ? "archive (1 app and init)" : $"archive ({Apps.Count} apps and init)");
        }

        foreach (AppSize app in Apps)
        {
            yield return Line("  " + app.Name, app.LoadedBytes, "loaded");
        }

        yield return DtbBytes is long dtb ? Line("dtb", (ulong)dtb, "file") : "  dtb         none";
        yield return Line("image", (ulong)ImageFileBytes, "file");
        yield return $"  image path  {ImagePath}";
        yield return $"  archive     {ArchivePath}";
    }

    private static string Line(string what, ulong bytes, string kind) =>
        string.Format(CultureInfo.InvariantCulture, "  {0,-10}{1,11:N0} bytes {2}", what, bytes, kind);
}
