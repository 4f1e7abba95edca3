// Image sizes for `buildsys bench`: each ELF split into its own code and data, the archive it embeds, and .bss.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Smos.Formats;

namespace Smos.Build;

/// <summary>
/// One ELF's sizes in bytes. <see cref="Loaded"/> is what it occupies in memory (sum of PT_LOAD MemSize);
/// <see cref="Initialized"/> the part with file contents (FileSize); <see cref="Bss"/> the rest (stack, heap, zeroed
/// data); <see cref="Archive"/> an embedded archive section (the root task's apps, the loader's boot archive).
/// </summary>
internal sealed record ElfSize(string Name, ulong Loaded, ulong Initialized, ulong Archive)
{
    public ulong Bss => Loaded - Initialized;

    /// <summary>The program's own code, read-only data and data: initialized bytes without the embedded archive.</summary>
    public ulong Own => Initialized - Archive;

    /// <summary>"N own code+data, N .bss (stack, heap), N archive".</summary>
    public string Describe() => Archive == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Own:N0} B own code+data, {Bss:N0} B .bss (stack, heap)")
        : string.Create(CultureInfo.InvariantCulture, $"{Own:N0} B own code+data, {Bss:N0} B .bss (stack, heap), {Archive:N0} B embedded archive");

    /// <summary>Measures <paramref name="path"/>; <paramref name="archiveSection"/> names its embedded archive, if any.</summary>
    public static ElfSize Measure(string name, string path, string? archiveSection = null) =>
        FromImage(name, File.ReadAllBytes(path), archiveSection, path);

    public static ElfSize FromImage(string name, byte[] image, string? archiveSection, string path = "ELF")
    {
        ElfError error = Elf.Parse(image, out ElfHeader header);
        if (error != ElfError.Ok)
        {
            throw new BuildsysException($"{path}: not a valid ELF64 file: {Elf.Describe(error)}");
        }

        ulong loaded = 0;
        ulong initialized = 0;
        for (int i = 0; i < header.PhNum; i++)
        {
            if (Elf.GetProgramHeader(image, header, i, out ProgramHeader ph) == ElfError.Ok && ph.IsLoad)
            {
                loaded += ph.MemSize;
                initialized += ph.FileSize;
            }
        }

        ulong archive = 0;
        if (archiveSection is not null
            && Elf.FindSection(image, header, Encoding.ASCII.GetBytes(archiveSection), out SectionHeader section) == ElfError.Ok)
        {
            archive = section.Size;
        }

        return new ElfSize(name, loaded, initialized, Math.Min(archive, initialized));
    }

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteNumber("loaded", Loaded);
        w.WriteNumber("initialized", Initialized);
        w.WriteNumber("own", Own);
        w.WriteNumber("bss", Bss);
        w.WriteNumber("archive", Archive);
        w.WriteEndObject();
    }
}

/// <summary>The sizes `buildsys bench` reports: loader, kernel, root task, each app, and the whole image file.</summary>
internal sealed record BenchSizes(ElfSize Loader, ElfSize Kernel, ElfSize RootTask, IReadOnlyList<ElfSize> Apps, ulong ImageFileBytes)
{
    public static BenchSizes Measure(Repo repo, string kernelPath, IEnumerable<string> appNames)
    {
        return new BenchSizes(
            ElfSize.Measure("loader", repo.ImagePath, ArchiveCommands.SectionName),
            ElfSize.Measure("kernel", kernelPath),
            ElfSize.Measure("root task", repo.ElfPath(Programs.RootTask), ArchiveCommands.AppsSectionName),
            appNames.Select(n => ElfSize.Measure(n, Path.Combine(repo.Out, Programs.AppsFolder, n + ".elf"))).ToList(),
            (ulong)new FileInfo(repo.ImagePath).Length);
    }

    /// <summary>One line per ELF, then the image file.</summary>
    public IEnumerable<string> Lines()
    {
        yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,12}{2,12}{3,12}{4,12}", "", "loaded", "own", ".bss", "archive");
        foreach (ElfSize s in new[] { Loader, Kernel, RootTask }.Concat(Apps))
        {
            yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,12:N0}{2,12:N0}{3,12:N0}{4,12:N0}", s.Name, s.Loaded, s.Own, s.Bss, s.Archive);
        }

        yield return string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,12:N0} bytes (file: loader with kernel, DTB, root task and apps inside)", "image", ImageFileBytes);
    }

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject("sizes");
        w.WriteNumber("imageFile", ImageFileBytes);
        w.WritePropertyName("loader");
        Loader.WriteJson(w);
        w.WritePropertyName("kernel");
        Kernel.WriteJson(w);
        w.WritePropertyName("rootTask");
        RootTask.WriteJson(w);
        w.WriteStartArray("apps");
        foreach (ElfSize app in Apps)
        {
            app.WriteJson(w);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
