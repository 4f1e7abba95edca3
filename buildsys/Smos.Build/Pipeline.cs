// The build steps: one dotnet build (apps to ELFs by the app SDK targets), ILC, assemble and link per system program; the archives.
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
/// Drives the pipeline. <see cref="Build"/>: the C# of every program in one dotnet build, which also turns every app
/// (apps/&lt;name&gt;) into out/apps/&lt;name&gt;.elf (kernel-glue/Smos.App.targets); out/image/apps.cpio (the apps, without
/// their debug sections, and apps/init); the root task with that archive inside;
/// the loader up to its final link (which needs the boot archive). <see cref="Image"/>: build, write
/// out/image/smos-boot.cpio, assemble the archive source and link the loader into out/smos-image.elf.
/// </summary>
internal sealed partial class Pipeline(Repo repo, Toolchain tools, ProcessRunner runner)
{
    /// <summary>
    /// The ILC flags of every program; the app SDK (SmosIlcFlags in kernel-glue/Smos.App.targets) uses the same ones, which
    /// a test checks. -g: DWARF line tables from the PDBs, for source lines in panic and fault reports and for gdb.
    /// </summary>
    public static readonly IReadOnlyList<string> IlcFlags =
        ["--systemmodule", "Smos.CoreLib", "--targetarch", "arm64", "--targetos", "linux", "-O", "--nativelib", "-g"];

    /// <summary>
    /// The page size every program is linked for (ld -z max-page-size; the app SDK targets pass the same): seL4's small
    /// page, as the loader (<see cref="BootLayout.PageSize"/>) and the root task (ProcessAbi.PageSize) use it.
    /// </summary>
    public const ulong LinkPageSize = BootLayout.PageSize;

    /// <summary>
    /// The symbols a Debug app keeps in the archive: the null-reference entry the root task redirects a null access to
    /// (NullReferenceFaults) and the MethodTables (<c>_ZTV*</c>) that name an uncaught exception's type (PanicReport).
    /// </summary>
    public static readonly IReadOnlyList<string> DebugKeptSymbols = ["smos_null_reference_fault", "_ZTV*"];

    /// <summary>Demos to pack (apps/demos/&lt;name&gt;); empty means all.</summary>
    public IReadOnlyCollection<string> DemoFilter { get; init; } = [];

    /// <summary>
    /// The self-test image: servers/selftest as the root task (built with <see cref="Programs.SelfTestDefine"/>), the init
    /// list followed by apps/init-selftest, and the demos. Otherwise the product: servers/roottask and apps/init alone.
    /// </summary>
    public bool SelfTest { get; init; }

    /// <summary>
    /// False for the Debug configuration (<c>--configuration Debug</c>): apps are compiled without optimisation (C# and ILC,
    /// SmosOptimize=false) so gdb shows their locals and stops on every line; the root task and loader stay optimised.
    /// </summary>
    public bool OptimizeApps { get; init; } = true;

    /// <summary>
    /// The user's folder when buildsys runs as the <c>smos</c> tool outside the repository (docs/sdk.md): its apps join
    /// the system's, its smos.init follows the product's init list (not the self-test image's: its demos start what
    /// they need), and its demos are the self-test image's only demos.
    /// </summary>
    public Packaging.UserProject? Project { get; init; }

    /// <summary>Checks that every tool the build needs is installed (before any work starts).</summary>
    public static void RequireBuildTools()
    {
        Toolchain.Require(Toolchain.Dotnet);
        Toolchain.Require(Toolchain.Assembler);
        Toolchain.Require(Toolchain.Linker);
        Toolchain.Require(Toolchain.ObjCopy);
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

    /// <summary>Everything but the boot archive and the loader's final link. Returns the apps built.</summary>
    public IReadOnlyList<BareMetalProgram> Build(IReadOnlyList<string> defines)
    {
        ValidateDefines(defines);
        RequireBuildTools();
        if (SelfTest && !defines.Contains(Programs.SelfTestDefine))
        {
            defines = [.. defines, Programs.SelfTestDefine];
        }

        IReadOnlyList<BareMetalProgram> userApps = Project?.Apps.Select(a => Programs.UserApp(a.Name, a.Project)).ToList() ?? [];
        IReadOnlyList<BareMetalProgram> apps = [.. Programs.ForBuild(Programs.FindApps(repo), defines), .. userApps];
        List<string> appNames = apps.Select(a => a.Name).ToList();
        byte[] init = InitList.Load(repo, repo.InitListPath, appNames);
        IReadOnlyList<(string Name, byte[] Bytes)> demos = [];
        if (SelfTest)
        {
            init = [.. init, .. InitList.Load(repo, repo.SelfTestInitListPath, appNames)];
            demos = Project is null ? Demos.Load(repo, appNames, DemoFilter) : Demos.Load(repo, Project.DemosPath, appNames, DemoFilter);
        }

        if (Project is not null && !SelfTest && File.Exists(Project.InitPath))
        {
            init = [.. init, .. InitList.Load(repo, Project.InitPath, appNames)];
        }

        Directory.CreateDirectory(repo.ObjDir);
        BareMetalProgram rootTask = Programs.RootTaskFor(defines);
        List<BareMetalProgram> programs = [.. apps, rootTask, Programs.Loader];
        // Every app found gets its base (not only this image's), so an app keeps its address across images.
        IReadOnlyDictionary<string, ulong> bases = AppLinkBases.Assign(Programs.FindApps(repo).Select(a => a.Name).Concat(userApps.Select(a => a.Name)));
        AppLinkBases.Write(repo, bases);
        Step("all", "dotnet build + apps", () => new ManagedBuild(repo, runner) { OptimizeApps = OptimizeApps }.Run(programs, defines));
        Step(Programs.AppsFolder, "link bases", () => CheckLinkBases(apps, bases));
        Step("all", "find ilc", () => tools.Ilc());
        Step(Programs.AppsFolder, "apps archive", () => WriteAppsArchive(apps, init, demos));

        Compile(rootTask);
        Step(rootTask.Name, "link", () => Link(rootTask));
        if (AppLinkBases.RootTaskProblem(ElfFile.Read(repo.ElfPath(rootTask)).LoadedRange()) is string rootProblem)
        {
            throw new BuildsysException(rootProblem);
        }

        Compile(Programs.Loader);
        return apps;
    }

    /// <summary>out/smos-symbols.gdb: the loader, root task, apps and kernel symbols at their addresses (<see cref="GdbScript"/>).</summary>
    private void WriteGdbSymbols(IReadOnlyList<BareMetalProgram> apps, string? kernelElf)
    {
        List<GdbSymbolFile> programs = [GdbScript.Entry(Programs.RootTask.Name, repo.ElfPath(Programs.RootTask))];
        programs.AddRange(apps.Select(a => GdbScript.Entry(a.Name, repo.ElfPath(a))));
        string text = GdbScript.Symbols(repo.ImagePath, programs, kernelElf, repo.InRepo(GdbScript.HelperPath));
        File.WriteAllText(repo.GdbSymbolsPath, text);
    }

    /// <summary>Checks that each app's ELF starts at its base and fits its slot (<see cref="AppLinkBases.Problem"/>).</summary>
    private void CheckLinkBases(IReadOnlyList<BareMetalProgram> apps, IReadOnlyDictionary<string, ulong> bases)
    {
        foreach (BareMetalProgram app in apps)
        {
            if (AppLinkBases.Problem(app.Name, bases[app.Name], ElfFile.Read(repo.ElfPath(app)).LoadedRange()) is string problem)
            {
                throw new BuildsysException(problem);
            }
        }
    }

    /// <summary>Build, then the boot archive and the final loader link. Returns the size report.</summary>
    public ImageSizes Image(IReadOnlyList<string> defines, KernelSelection kernel)
    {
        IReadOnlyList<BareMetalProgram> apps = Build(defines);
        LinkImage(kernel, () => Stripped(Programs.RootTask));
        Step("all", "gdb symbols", () => WriteGdbSymbols(apps, kernel.KernelPath));
        return ImageSizes.Measure(
            repo.ImagePath,
            repo.ArchivePath,
            kernel.KernelPath,
            repo.ElfPath(Programs.RootTask),
            kernel.DtbPath,
            apps.Select(a => (a.Name, repo.ElfPath(a))).ToList());
    }

    /// <summary>
    /// The image around a root task that is not SmosSharp's (<see cref="RootTaskImage"/>): builds the loader alone, writes the
    /// boot archive with kernel.elf, kernel.dtb and <paramref name="rootTaskElf"/> (unchanged) as roottask.elf, and links the image.
    /// </summary>
    public ImageSizes ImageWithRootTask(KernelSelection kernel, string rootTaskElf)
    {
        RequireBuildTools();
        Directory.CreateDirectory(repo.ObjDir);
        BareMetalProgram loader = Programs.Loader;
        Step("all", "dotnet build", () => new ManagedBuild(repo, runner).Run([loader], []));
        Step("all", "find ilc", () => tools.Ilc());
        Compile(loader);
        LinkImage(kernel, () => File.ReadAllBytes(rootTaskElf));
        return ImageSizes.Measure(repo.ImagePath, repo.ArchivePath, kernel.KernelPath, rootTaskElf, kernel.DtbPath, []);
    }

    /// <summary>The boot archive with the root task <paramref name="rootTask"/> returns, then the loader's final link: the image.</summary>
    private void LinkImage(KernelSelection kernel, Func<byte[]> rootTask)
    {
        BareMetalProgram loader = Programs.Loader;
        Step(loader.Name, "boot archive", () => WriteArchive(kernel, rootTask()));
        Step(loader.Name, "assemble archive", () =>
        {
            foreach (AsmSource source in loader.Sources.Where(AfterBootArchive))
            {
                Assemble(loader, source);
            }
        });
        Step(loader.Name, "link image", () => Link(loader));
    }

    /// <summary>Sources whose .incbin file is the boot archive: assembled by <see cref="Image"/>, all others at compile time.</summary>
    private static bool AfterBootArchive(AsmSource source) => source.Incbin == Programs.BootArchiveName;

    private void Compile(BareMetalProgram program)
    {
        Step(program.Name, "ilc", () => Ilc(program));
        Step(program.Name, "assemble", () =>
        {
            foreach (AsmSource source in program.Sources.Where(s => !AfterBootArchive(s)))
            {
                Assemble(program, source);
            }
        });
    }

    private void Ilc(BareMetalProgram program)
    {
        string managed = repo.ManagedDir(program);
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

        Directory.CreateDirectory(repo.ObjDirOf(program));
        args.AddRange(IlcFlags);
        args.AddRange([
            "-o", Path.Combine(repo.ObjDirOf(program), program.Name + ".o"),
            "--map", Path.Combine(repo.ObjDirOf(program), program.Name + ".map"),
        ]);
        runner.RunChecked($"ILC of {program.Name}", tools.Ilc(), args, repo.Root);
    }

    private void Assemble(BareMetalProgram program, AsmSource source)
    {
        var args = new List<string> { "-I", repo.InRepo(Programs.Arch) };
        if (source.Incbin is not null)
        {
            string included = Path.Combine(repo.ImageDir, source.Incbin);
            if (!File.Exists(included))
            {
                throw new BuildsysException($"{source.Path} includes {repo.Show(included)}, which has not been written");
            }

            args.AddRange(["-I", repo.ImageDir]);
        }

        args.AddRange(["-o", ObjectPath(program, source), repo.InRepo(source.Path)]);
        runner.RunChecked($"assembling {source.Path}", Toolchain.Require(Toolchain.Assembler), args, repo.Root);
    }

    private void Link(BareMetalProgram program)
    {
        string elf = repo.ElfPath(program);
        Directory.CreateDirectory(Path.GetDirectoryName(elf)!);
        var args = new List<string> { "-T", repo.InRepo(program.LinkerScript), "-z", "max-page-size=" + LinkPageSize, "-o", elf };
        args.Add(Path.Combine(repo.ObjDirOf(program), program.Name + ".o"));
        args.AddRange(program.Sources.Select(s => ObjectPath(program, s)));
        runner.RunChecked($"linking {repo.Show(elf)}", Toolchain.Require(Toolchain.Linker), args, repo.Root);
    }

    /// <summary>Where each app's ELF starts in the apps archive: a page (roottask_apps.S links the archive at a page too).</summary>
    public const int AppAlignment = 4096;

    /// <summary>
    /// out/image/apps.cpio: "init" (apps/init as written), then each app's ELF under its name, its data page-aligned
    /// (<see cref="CpioWriter.AddAligned"/>: an "align/NAME" member of zeros before it when needed; the root task skips
    /// names with a '/'), so that the root task maps an app's read-only pages from its image frames and copies the
    /// others from 8-byte-aligned memory at spawn.
    /// </summary>
    private void WriteAppsArchive(IReadOnlyList<BareMetalProgram> apps, byte[] init, IReadOnlyList<(string Name, byte[] Bytes)> demos)
    {
        var writer = new CpioWriter();
        writer.Add(Programs.InitName, init);
        foreach ((string name, byte[] bytes) in demos)
        {
            writer.Add(Demos.Folder + "/" + name, bytes);
        }

        foreach (BareMetalProgram app in apps)
        {
            writer.AddAligned(app.Name, Stripped(app), AppAlignment);
        }

        Directory.CreateDirectory(repo.ImageDir);
        File.WriteAllBytes(repo.AppsArchivePath, writer.ToArray());
    }

    private void WriteArchive(KernelSelection kernel, byte[] rootTask)
    {
        var writer = new CpioWriter();
        writer.Add("kernel.elf", File.ReadAllBytes(kernel.KernelPath));
        if (kernel.DtbPath is not null)
        {
            writer.Add("kernel.dtb", File.ReadAllBytes(kernel.DtbPath));
        }

        writer.Add("roottask.elf", rootTask);
        Directory.CreateDirectory(repo.ImageDir);
        File.WriteAllBytes(repo.ArchivePath, writer.ToArray());
    }

    /// <summary>
    /// The program's ELF without its debug sections (objcopy --strip-debug; the symbol table stays, the root task names
    /// fault locations from it): what goes into an archive. The full ELF stays in out/ for symbolising and gdb.
    /// An app of the Debug configuration (<see cref="OptimizeApps"/> false) also loses its function symbols, keeping
    /// only those the root task needs to run it (<see cref="DebugKeptSymbols"/>): unoptimised apps with their symbol
    /// tables made the apps archive so large (15 MB for the self-test image) that the root task's image frames left the
    /// 4096-slot root CNode 2 free slots, too few to start. Its fault reports then name the pc, and buildsys adds the
    /// line from out/apps.
    /// </summary>
    private byte[] Stripped(BareMetalProgram program)
    {
        string stripped = Path.Combine(repo.ObjDirOf(program), program.Name + ".stripped.elf");
        Directory.CreateDirectory(Path.GetDirectoryName(stripped)!);
        List<string> args = !OptimizeApps && program.Group == Programs.AppsFolder
            ? ["--strip-all", "--wildcard", .. DebugKeptSymbols.SelectMany(s => (string[])["--keep-symbol", s])]
            : ["--strip-debug"];
        runner.RunChecked(
            $"stripping {repo.Show(repo.ElfPath(program))}", Toolchain.Require(Toolchain.ObjCopy), [.. args, repo.ElfPath(program), stripped], repo.Root);
        return File.ReadAllBytes(stripped);
    }

    /// <summary>An object of an assembly source of a system program (apps are assembled by the app SDK targets).</summary>
    private string ObjectPath(BareMetalProgram program, AsmSource source) =>
        Path.Combine(repo.ObjDirOf(program), $"{program.Name}-{source.Name}.o");

    private static void Step(string program, string what, Action action)
    {
        var clock = Stopwatch.StartNew();
        Log.Debug("{Program}: {Step} ...", program, what);
        action();
        Log.Information("{Program,-8} {Step,-16} {Seconds,6:0.00} s", program, what, clock.Elapsed.TotalSeconds);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();
}
