// `buildsys archive list|extract`: the CPIO boot archive inside a built image's .smos_archive section.
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

    /// <summary>`archive list`.</summary>
    public static int RunList(string imagePath)
    {
        List(ReadArchive(imagePath), Console.Out);
        return 0;
    }

    /// <summary>`archive extract -o FILE`.</summary>
    public static int RunExtract(string imagePath, string outputPath)
    {
        byte[] archive = ReadArchive(imagePath);
        File.WriteAllBytes(outputPath, archive);
        Serilog.Log.Information("wrote {Bytes} bytes of CPIO archive to {Path}", archive.Length, outputPath);
        return 0;
    }
}
