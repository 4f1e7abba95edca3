// The build steps: dotnet build, ILC, assemble, link for each program; then the boot archive and final image.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Serilog;
using Smos.Formats;

namespace Smos.Build;

/// <summary>
/// Drives the pipeline. <see cref="Build"/>: the root task completely, the loader up to its final link (which
/// needs the archive). <see cref="Image"/>: build, write out/image/smos-boot.cpio, assemble the archive
/// source and link the loader into out/smos-image.elf.
/// </summary>
internal sealed partial class Pipeline(Repo repo, Toolchain tools, ProcessRunner runner)
{
    /// <summary>Checks that every tool the build needs is installed (before any work starts).</summary>
    public static void RequireBuildTools()
    {
        Toolchain.Require(Toolchain.Dotnet);
        Toolchain.Require(Toolchain.Assembler);
        Toolchain.Require(Toolchain.Linker);
    }

    /// <summary>Rejects preprocessor symbols that are not C# identifiers (they are passed through MSBuild).</summary>
    public static void ValidateDefines(IReadOnlyList<string> defines)
    {
        foreach (string define in defines)
        {
            if (!IdentifierRegex().IsMatch(define))
            {
                throw new BuildsysException($"--define {define}: not a C# preprocessor symbol (letters, digits and _, not starting with a digit)");
            }
        }
    }

    /// <summary>Steps 1-4 for the root task, and steps 1-3 (all but the archive source) for the loader.</summary>
    public void Build(IReadOnlyList<string> defines)
    {
        ValidateDefines(defines);
        RequireBuildTools();
        Directory.CreateDirectory(repo.ObjDir);
        Compile(Programs.RootTask, defines);
        Step(Programs.RootTask, "link", () => Link(Programs.RootTask));
        Compile(Programs.Loader, defines);
    }

    /// <summary>Build, then the boot archive and the final loader link. Returns the size report.</summary>
    public ImageSizes Image(IReadOnlyList<string> defines, KernelSelection kernel)
    {
        Build(defines);
        BareMetalProgram loader = Programs.Loader;
        Step(loader, "boot archive", () => WriteArchive(kernel));
        Step(loader, "assemble archive", () =>
        {
            foreach (AsmSource source in loader.Sources.Where(s => s.NeedsArchive))
            {
                Assemble(loader, source);
            }
        });
        Step(loader, "link image", () => Link(loader));
        return ImageSizes.Measure(repo.ImagePath, repo.ArchivePath, kernel.KernelPath, repo.ElfPath(Programs.RootTask), kernel.DtbPath);
    }

    private void Compile(BareMetalProgram program, IReadOnlyList<string> defines)
    {
        Step(program, "dotnet build", () => ManagedBuild(program, defines));
        Step(program, "ilc", () => Ilc(program));
        Step(program, "assemble", () =>
        {
            foreach (AsmSource source in program.Sources.Where(s => !s.NeedsArchive))
            {
                Assemble(program, source);
            }
        });
    }

    private void ManagedBuild(BareMetalProgram program, IReadOnlyList<string> defines)
    {
        var args = new List<string> { "build", repo.InRepo(program.Project), "-c", "Release", "-o", repo.ManagedDir(program.Name), "-nologo" };
        if (defines.Count > 0)
        {
            // ';' separates properties on MSBuild's command line; %3B is an escaped ';' inside the value.
            args.Add("-p:SmosDefines=" + string.Join("%3B", defines));
        }

        runner.RunChecked($"dotnet build of {program.Name}", Toolchain.Require(Toolchain.Dotnet), args, repo.Root);
    }

    private void Ilc(BareMetalProgram program)
    {
        string managed = repo.ManagedDir(program.Name);
        string main = Path.Combine(managed, program.MainAssembly + ".dll");
        if (!File.Exists(main))
        {
            throw new BuildsysException($"dotnet build did not produce {main}");
        }

        // Every referenced library may export entry points the assembly code calls ([RuntimeExport] in the corelib,
        // [UnmanagedCallersOnly(EntryPoint=...)] anywhere): ILC only keeps those of the assemblies named here.
        var args = new List<string> { main };
        foreach (string dll in Directory.GetFiles(managed, "*.dll").Where(d => d != main).Order(StringComparer.Ordinal))
        {
            args.AddRange(["-r", dll, "--generateunmanagedentrypoints:" + Path.GetFileNameWithoutExtension(dll)]);
        }

        args.AddRange([
            "--systemmodule", "Smos.CoreLib", "--targetarch", "arm64", "--targetos", "linux", "-O", "--nativelib",
            "-o", Path.Combine(repo.ObjDir, program.Name + ".o"),
            "--map", Path.Combine(repo.ObjDir, program.Name + ".map"),
        ]);
        runner.RunChecked($"ILC of {program.Name}", tools.Ilc(), args, repo.Root);
    }

    private void Assemble(BareMetalProgram program, AsmSource source)
    {
        var args = new List<string>();
        if (source.NeedsArchive)
        {
            args.AddRange(["-I", repo.ImageDir]);
        }

        args.AddRange(["-o", ObjectPath(program, source), repo.InRepo(source.Path)]);
        runner.RunChecked($"assembling {source.Path}", Toolchain.Require(Toolchain.Assembler), args, repo.Root);
    }

    private void Link(BareMetalProgram program)
    {
        var args = new List<string> { "-T", repo.InRepo(program.LinkerScript), "-z", "max-page-size=4096", "-o", repo.ElfPath(program) };
        args.Add(Path.Combine(repo.ObjDir, program.Name + ".o"));
        args.AddRange(program.Sources.Select(s => ObjectPath(program, s)));
        runner.RunChecked($"linking {program.ElfName}", Toolchain.Require(Toolchain.Linker), args, repo.Root);
    }

    private void WriteArchive(KernelSelection kernel)
    {
        var writer = new CpioWriter();
        writer.Add("kernel.elf", File.ReadAllBytes(kernel.KernelPath));
        if (kernel.DtbPath is not null)
        {
            writer.Add("kernel.dtb", File.ReadAllBytes(kernel.DtbPath));
        }

        writer.Add("roottask.elf", File.ReadAllBytes(repo.ElfPath(Programs.RootTask)));
        Directory.CreateDirectory(repo.ImageDir);
        File.WriteAllBytes(repo.ArchivePath, writer.ToArray());
    }

    private string ObjectPath(BareMetalProgram program, AsmSource source) =>
        Path.Combine(repo.ObjDir, $"{program.Name}-{source.Name}.o");

    private static void Step(BareMetalProgram program, string what, Action action)
    {
        var clock = Stopwatch.StartNew();
        Log.Debug("{Program}: {Step} ...", program.Name, what);
        action();
        Log.Information("{Program,-8} {Step,-16} {Seconds,6:0.00} s", program.Name, what, clock.Elapsed.TotalSeconds);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();
}
