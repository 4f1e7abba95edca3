// The table of bare-metal programs buildsys compiles: project, main assembly, assembly sources, linker script.
using System.Collections.Generic;

namespace Smos.Build;

/// <summary>An assembly source of a program. <see cref="NeedsArchive"/> sources .incbin the boot archive.</summary>
internal sealed record AsmSource(string Path, bool NeedsArchive = false)
{
    /// <summary>The object name part: the file name without directory and extension.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>
/// One bare-metal program: a C# project compiled against Smos.CoreLib, then ILC, then assembled and linked.
/// Paths are relative to the repository root.
/// </summary>
internal sealed record BareMetalProgram(
    string Name,
    string Project,
    string MainAssembly,
    IReadOnlyList<AsmSource> Sources,
    string LinkerScript,
    string ElfName);

/// <summary>Every program buildsys knows. Add new applications here.</summary>
internal static class Programs
{
    private const string Arch = "kernel-glue/arch/aarch64/";

    /// <summary>The seL4 root task (servers/roottask), linked at 0x400000.</summary>
    public static readonly BareMetalProgram RootTask = new(
        "roottask",
        "servers/roottask/Smos.RootTask.csproj",
        "Smos.RootTask",
        [new(Arch + "roottask_start.S"), new(Arch + "sel4.S"), new(Arch + "runtime.S")],
        Arch + "roottask.ld",
        "roottask.elf");

    /// <summary>The boot loader; its linked ELF, with the boot archive inside, is the bootable image.</summary>
    public static readonly BareMetalProgram Loader = new(
        "loader",
        "buildsys/loader/Smos.Loader.csproj",
        "Smos.Loader",
        [new(Arch + "loader.S"), new(Arch + "runtime.S"), new(Arch + "loader_archive.S", NeedsArchive: true)],
        Arch + "loader.ld",
        "smos-image.elf");

    public static IReadOnlyList<BareMetalProgram> All { get; } = [RootTask, Loader];
}
