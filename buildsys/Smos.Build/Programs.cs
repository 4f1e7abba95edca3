// The table of bare-metal programs buildsys compiles (root task, loader, and every app found under apps/).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>
/// An assembly source of a program. <see cref="Incbin"/> names the file under out/image that the source .incbin's
/// (assembled with -I out/image once that file is written); null for plain sources.
/// </summary>
internal sealed record AsmSource(string Path, string? Incbin = null)
{
    /// <summary>The object name part: the file name without directory and extension.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>
/// One bare-metal program: a C# project compiled against Smos.CoreLib, then ILC, then assembled and linked.
/// Paths are relative to the repository root. <see cref="Group"/> is the subfolder of out/, out/obj and out/managed
/// its files go to ("" for the system programs, "apps" for apps), so app names cannot clash with them.
/// </summary>
internal sealed record BareMetalProgram(
    string Name,
    string Project,
    string MainAssembly,
    IReadOnlyList<AsmSource> Sources,
    string LinkerScript,
    string ElfName,
    string Group = "");

/// <summary>Every program buildsys knows. Apps are not listed here: each apps/&lt;name&gt;/*.csproj is one (see <see cref="FindApps"/>).</summary>
internal static partial class Programs
{
    /// <summary>The boot archive (out/image) that the loader links in.</summary>
    public const string BootArchiveName = "smos-boot.cpio";

    /// <summary>The apps archive (out/image) that the root task links in: one ELF per app, plus the init list.</summary>
    public const string AppsArchiveName = "apps.cpio";

    /// <summary>The folder of the apps, and the group (out/apps, out/obj/apps, out/managed/apps) of their outputs.</summary>
    public const string AppsFolder = "apps";

    /// <summary>The init list (apps/init), stored under this name in the apps archive.</summary>
    public const string InitName = "init";

    /// <summary>
    /// The folder of all assembly sources and linker scripts; also the assembler's include path (-I), for the files
    /// they .include (start_common.inc). The app SDK targets pass the same folder (SmosArchDir).
    /// </summary>
    public const string Arch = "kernel-glue/arch/aarch64/";

    /// <summary>The seL4 root task (servers/roottask), linked at 0x400000, with the apps archive inside.</summary>
    public static readonly BareMetalProgram RootTask = new(
        "roottask",
        "servers/roottask/Smos.RootTask.csproj",
        "Smos.RootTask",
        [new(Arch + "roottask_start.S"), new(Arch + "sel4.S"), new(Arch + "runtime.S"), new(Arch + "bench.S"), new(Arch + "process_start.S"), new(Arch + "roottask_apps.S", AppsArchiveName)],
        Arch + "roottask.ld",
        "roottask.elf");

    /// <summary>
    /// The self-test root task (servers/selftest): the product root task with its checks, demos, soak and benchmarks,
    /// for the images of `test` and `bench`. Same name and ELF as <see cref="RootTask"/>; built with <see cref="SelfTestDefine"/>.
    /// </summary>
    public static readonly BareMetalProgram SelfTestRootTask = RootTask with
    {
        Project = "servers/selftest/Smos.RootTask.SelfTest.csproj",
        MainAssembly = "Smos.RootTask.SelfTest",
    };

    /// <summary>Defined for every program of a self-test image (the product root task then leaves out its entry point).</summary>
    public const string SelfTestDefine = "SMOS_SELFTEST";

    /// <summary>The root task to build with <paramref name="defines"/>: the self-test one when they contain <see cref="SelfTestDefine"/>.</summary>
    public static BareMetalProgram RootTaskFor(IReadOnlyList<string> defines) => defines.Contains(SelfTestDefine) ? SelfTestRootTask : RootTask;

    /// <summary>The boot loader; its linked ELF, with the boot archive inside, is the bootable image.</summary>
    public static readonly BareMetalProgram Loader = new(
        "loader",
        "loader/Smos.Loader.csproj",
        "Smos.Loader",
        [new(Arch + "loader.S"), new(Arch + "runtime.S"), new(Arch + "loader_archive.S", BootArchiveName)],
        Arch + "loader.ld",
        "smos-image.elf");

    /// <summary>The system programs (apps come from <see cref="FindApps"/>).</summary>
    public static IReadOnlyList<BareMetalProgram> All { get; } = [RootTask, Loader];

    /// <summary>
    /// The assembly sources and linker script every app shares (bench.S: PMU reads for apps/bench; timer.S: the generic
    /// timer for libsmos's Clock and services/timer); the app itself is only C#. The app SDK targets
    /// (kernel-glue/Smos.App.targets, SmosAppAsm) assemble and link these; a test checks both lists agree.
    /// </summary>
    public static IReadOnlyList<AsmSource> AppSources { get; } =
        [new(Arch + "app_start.S"), new(Arch + "sel4.S"), new(Arch + "runtime.S"), new(Arch + "bench.S"), new(Arch + "timer.S")];

    public const string AppLinkerScript = Arch + "app.ld";

    /// <summary>
    /// The app in folder apps/<paramref name="name"/> with project <paramref name="projectFile"/> (a file name): its
    /// main assembly is the project's file name (the SDK default), its ELF out/apps/&lt;name&gt;.elf.
    /// </summary>
    public static BareMetalProgram App(string name, string projectFile) => App(name, projectFile, AppsFolder);

    /// <summary>An app whose project is <paramref name="folder"/>/<paramref name="name"/>/<paramref name="projectFile"/> (apps, services or drivers).</summary>
    public static BareMetalProgram App(string name, string projectFile, string folder) => new(
        name,
        $"{folder}/{name}/{projectFile}",
        Path.GetFileNameWithoutExtension(projectFile),
        AppSources,
        AppLinkerScript,
        name + ".elf",
        AppsFolder);

    /// <summary>An app of the user's folder outside the repository (<see cref="Packaging.UserProject"/>): its project by full path.</summary>
    public static BareMetalProgram UserApp(string name, string project) => new(
        name, project, Path.GetFileNameWithoutExtension(project), AppSources, AppLinkerScript, name + ".elf", AppsFolder);

    /// <summary>Apps that only `buildsys bench` builds and packs (the SMOS_BENCH define): they measure, nothing else uses them.</summary>
    public static readonly IReadOnlySet<string> BenchOnlyApps = new HashSet<string>(StringComparer.Ordinal) { "bench", "bench-peer" };

    /// <summary>The apps a build with <paramref name="defines"/> includes: the benchmark apps only with SMOS_BENCH.</summary>
    public static IReadOnlyList<BareMetalProgram> ForBuild(IReadOnlyList<BareMetalProgram> apps, IReadOnlyList<string> defines) =>
        defines.Contains("SMOS_BENCH") ? apps : apps.Where(a => !BenchOnlyApps.Contains(a.Name)).ToList();

    /// <summary>
    /// The folders of system server and driver processes (services/&lt;name&gt;, drivers/&lt;name&gt;): built and packed like
    /// apps (out/apps/&lt;name&gt;.elf in the apps archive), but only the projects that set <c>&lt;SmosApp&gt;true&lt;/SmosApp&gt;</c>
    /// are programs; the others there (services/lib and its tests) are libraries.
    /// </summary>
    public static readonly IReadOnlyList<string> ProcessFolders = ["services", "drivers"];

    /// <summary>
    /// Every app: each folder apps/&lt;name&gt; holding exactly one .csproj, then each folder services/&lt;name&gt; and
    /// drivers/&lt;name&gt; whose one project sets SmosApp, by name. Folders without a project are skipped; a bad folder
    /// name, several projects in one folder, or two programs of one name is an error.
    /// </summary>
    public static IReadOnlyList<BareMetalProgram> FindApps(Repo repo)
    {
        var apps = new List<BareMetalProgram>();
        foreach (string folder in (string[])[AppsFolder, .. ProcessFolders])
        {
            AddApps(repo, folder, folder != AppsFolder, apps);
        }

        return apps.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    private static void AddApps(Repo repo, string folder, bool onlySmosApps, List<BareMetalProgram> apps)
    {
        string root = repo.InRepo(folder);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (string dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            string[] projects = Directory.GetFiles(dir, "*.csproj");
            if (projects.Length == 0 || name is "bin" or "obj")
            {
                continue;
            }

            if (projects.Length > 1)
            {
                throw new BuildsysException($"{folder}/{name} has {projects.Length} .csproj files: an app folder holds exactly one project");
            }

            if (onlySmosApps && !File.ReadAllText(projects[0]).Contains("<SmosApp>true</SmosApp>", StringComparison.Ordinal))
            {
                continue;
            }

            if (NameProblem(name) is string problem)
            {
                throw new BuildsysException($"{folder}/{name}: {problem}");
            }

            if (apps.FirstOrDefault(a => a.Name == name) is BareMetalProgram other)
            {
                throw new BuildsysException($"{folder}/{name}: {other.Project} has the same name (apps, services and drivers share the apps archive)");
            }

            apps.Add(App(name, Path.GetFileName(projects[0]), folder));
        }
    }

    /// <summary>
    /// Longest app name in bytes: the root task refuses to spawn a longer one (ProcessRules.ValidAppName and the Spawn
    /// decoder in servers/roottask/Requests). buildsys cannot reference protocol, so the number is repeated here.
    /// </summary>
    public const int MaxAppNameBytes = 31;

    /// <summary>Why <paramref name="name"/> cannot be an app name, or null when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (name == InitName)
        {
            return $"\"{InitName}\" is reserved for the init list in the apps archive";
        }

        return AppNameRegex().IsMatch(name)
            ? null
            : $"an app name is 1-{MaxAppNameBytes} characters: lower-case letters, digits, '-' and '_', starting with a letter or digit";
    }

    /// <summary>1 to <see cref="MaxAppNameBytes"/> (31) characters.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,30}$")]
    private static partial Regex AppNameRegex();
}
