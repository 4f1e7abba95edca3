// `buildsys archive list|extract [--apps]`: the CPIO boot archive (.smos_archive) or apps archive (.smos_apps) of an image.
using System;
using System.IO;
using System.Text;
using Smos.Formats;

namespace Smos.Build;

/// <summary>
/// Reads the boot archive back out of an image. `buildsys archive extract -o x.cpio &amp;&amp; cpio -t &lt; x.cpio`
/// lists it with GNU cpio; `buildsys archive list` does the same with the project's own reader.
/// </summary>
internal static class ArchiveCommands
{
    /// <summary>The loader section that holds the archive (see kernel-glue/arch/aarch64/loader_archive.S).</summary>
    public const string SectionName = ".smos_archive";

    /// <summary>The root-task section that holds the apps archive (see kernel-glue/arch/aarch64/roottask_apps.S).</summary>
    public const string AppsSectionName = ".smos_apps";

    /// <summary>The root task's name in the boot archive.</summary>
    public const string RootTaskMember = "roottask.elf";

    /// <summary>The archive bytes of <paramref name="imagePath"/>.</summary>
    public static byte[] ReadArchive(string imagePath)
    {
        if (!File.Exists(imagePath))
        {
            throw new BuildsysException($"no image at {imagePath}: build one with `buildsys image` or name an image file");
        }

        ElfFile image = ElfFile.Read(imagePath);
        return image.SectionBytes(SectionName)
            ?? throw new BuildsysException($"{imagePath} has no {SectionName} section: is it a SmosSharp image (out/smos-image.elf)?");
    }

    /// <summary>
    /// The apps archive: the .smos_apps section of <paramref name="imagePath"/> when it is a root task, else of the
    /// roottask.elf inside the boot archive of an image.
    /// </summary>
    public static byte[] ReadAppsArchive(string imagePath)
    {
        if (!File.Exists(imagePath))
        {
            throw new BuildsysException($"no image at {imagePath}: build one with `buildsys image` or name an image or root task file");
        }

        ElfFile file = ElfFile.Read(imagePath);
        if (file.SectionBytes(AppsSectionName) is byte[] direct)
        {
            return direct;
        }

        byte[] boot = file.SectionBytes(SectionName)
            ?? throw new BuildsysException($"{imagePath} has neither {AppsSectionName} (a root task) nor {SectionName} (an image)");
        CpioResult found = Cpio.Find(boot, Encoding.ASCII.GetBytes(RootTaskMember), out ReadOnlySpan<byte> rootTask);
        if (found != CpioResult.Ok)
        {
            throw new BuildsysException($"{imagePath}: no {RootTaskMember} in its boot archive: {Cpio.Describe(found)}");
        }

        var root = new ElfFile($"{imagePath}:{RootTaskMember}", rootTask.ToArray());
        return root.SectionBytes(AppsSectionName)
            ?? throw new BuildsysException($"the root task in {imagePath} has no {AppsSectionName} section (built before apps existed?)");
    }

    /// <summary>Writes "name size" lines for every member to <paramref name="output"/>; returns the member count.</summary>
    public static int List(byte[] archive, TextWriter output)
    {
        var reader = new CpioReader(archive);
        int count = 0;
        while (true)
        {
            CpioResult result = reader.Next(out CpioEntry entry);
            if (result == CpioResult.End)
            {
                return count;
            }

            if (result != CpioResult.Ok)
            {
                throw new BuildsysException($"the archive is damaged at offset {reader.Offset}: {Cpio.Describe(result)}");
            }

            output.WriteLine($"{Encoding.UTF8.GetString(entry.Name),-16} {entry.FileSize,10}");
            count++;
        }
    }

    /// <summary>`archive list [--apps]`.</summary>
    public static int RunList(string imagePath, bool apps = false)
    {
        List(apps ? ReadAppsArchive(imagePath) : ReadArchive(imagePath), Console.Out);
        return 0;
    }

    /// <summary>`archive extract [--apps] -o FILE`.</summary>
    public static int RunExtract(string imagePath, string outputPath, bool apps = false)
    {
        byte[] archive = apps ? ReadAppsArchive(imagePath) : ReadArchive(imagePath);
        File.WriteAllBytes(outputPath, archive);
        Serilog.Log.Information("wrote {Bytes} bytes of CPIO archive to {Path}", archive.Length, outputPath);
        return 0;
    }
}
