// Paths of the repository and of everything buildsys writes under out/.
using System;
using System.IO;

namespace Smos.Build;

/// <summary>The repository root and the output tree (default &lt;repo&gt;/out) with its fixed layout.</summary>
internal sealed class Repo
{
    /// <summary>Solution files that mark the repository root.</summary>
    public static readonly string[] SolutionMarkers = ["SmosSharp.sln", "SmosSharp.slnx"];

    public Repo(string root, string? outDir = null)
    {
        Root = Path.GetFullPath(root);
        Out = Path.GetFullPath(outDir ?? Path.Combine(Root, "out"));
    }

    public string Root { get; }

    public string Out { get; }

    public string ObjDir => Path.Combine(Out, "obj");

    public string ImageDir => Path.Combine(Out, "image");

    public string ToolchainDir => Path.Combine(Out, "toolchain");

    public string ArchivePath => Path.Combine(ImageDir, Programs.BootArchiveName);

    /// <summary>out/image/apps.cpio: every app's ELF and the init list, linked into the root task.</summary>
    public string AppsArchivePath => Path.Combine(ImageDir, Programs.AppsArchiveName);

    /// <summary>apps/init in the repository.</summary>
    public string InitListPath => InRepo(Programs.AppsFolder + "/" + Programs.InitName);

    /// <summary>apps/init-selftest: what the self-test image starts after apps/init (apps that fault on purpose, the quota hog).</summary>
    public string SelfTestInitListPath => InRepo(Programs.AppsFolder + "/" + Programs.InitName + "-selftest");

    /// <summary>The generated MSBuild project that builds every program's C# in one dotnet build.</summary>
    public string ProgramsProjectPath => Path.Combine(ObjDir, "programs.proj");

    /// <summary>What that build wrote: one "project|main assembly" line per program.</summary>
    public string ProgramsManifestPath => Path.Combine(ObjDir, "programs.outputs");

    /// <summary>What the app SDK targets wrote in that build: one "project|elf" line per app.</summary>
    public string AppsManifestPath => Path.Combine(ObjDir, "apps.outputs");

    public string ImagePath => Path.Combine(Out, "smos-image.elf");

    public string BootLogPath => Path.Combine(Out, "boot.log");

    /// <summary>The gdb commands that load every program's symbols (written with the image; <see cref="GdbScript"/>).</summary>
    public string GdbSymbolsPath => Path.Combine(Out, GdbScript.SymbolsFileName);

    /// <summary>The gdb commands `run --gdb` writes: the symbols, then attach to QEMU.</summary>
    public string GdbAttachPath => Path.Combine(Out, GdbScript.AttachFileName);

    public string IlcRestoreProject => InRepo("buildsys/Smos.Build/toolchain/IlcRestore.csproj");

    /// <summary>The program's assemblies, the inputs of buildsys's ILC step (system programs only): out/managed[/group]/name.</summary>
    public string ManagedDir(BareMetalProgram program) => Path.Combine(Out, "managed", program.Group, program.Name);

    /// <summary>Where the program's objects and map go: out/obj[/group].</summary>
    public string ObjDirOf(BareMetalProgram program) => Path.Combine(ObjDir, program.Group);

    /// <summary>The linked program: out[/group]/elfname (out/roottask.elf, out/apps/hello.elf).</summary>
    public string ElfPath(BareMetalProgram program) => Path.Combine(Out, program.Group, program.ElfName);

    /// <summary>A path given relative to the repository root with forward slashes.</summary>
    public string InRepo(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A path shown relative to the repository root when it is inside it (for shorter log lines).</summary>
    public string Show(string path)
    {
        string relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>
    /// The repository: <paramref name="repoOption"/> if given (it must look like the repository), else the
    /// first directory holding SmosSharp.sln(x) walking up from <paramref name="currentDirectory"/>, else from
    /// <paramref name="executableDirectory"/>. Without a solution file, a directory with Directory.Build.props
    /// and kernel-glue/Target.props is accepted.
    /// </summary>
    public static Repo Locate(string? repoOption, string? outOption, string currentDirectory, string executableDirectory)
    {
        if (repoOption is not null)
        {
            string full = Path.GetFullPath(repoOption);
            if (!Directory.Exists(full))
            {
                throw new BuildsysException($"--repo {repoOption}: no such directory");
            }

            if (!IsRepoRoot(full, requireSolution: false))
            {
                throw new BuildsysException($"--repo {repoOption}: not the SmosSharp repository (no SmosSharp.sln, nor Directory.Build.props with kernel-glue/Target.props)");
            }

            return new Repo(full, outOption);
        }

        string? root = FindRoot(currentDirectory) ?? FindRoot(executableDirectory);
        if (root is null)
        {
            throw new BuildsysException(
                $"cannot find the SmosSharp repository above {currentDirectory} or {executableDirectory}: run buildsys inside the repository or pass --repo DIR");
        }

        return new Repo(root, outOption);
    }

    /// <summary>Walks up from <paramref name="start"/>: first looks for a solution marker, then for the fallback markers.</summary>
    public static string? FindRoot(string start)
    {
        return Walk(start, requireSolution: true) ?? Walk(start, requireSolution: false);
    }

    private static string? Walk(string start, bool requireSolution)
    {
        for (DirectoryInfo? dir = new(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (IsRepoRoot(dir.FullName, requireSolution))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static bool IsRepoRoot(string dir, bool requireSolution)
    {
        foreach (string marker in SolutionMarkers)
        {
            if (File.Exists(Path.Combine(dir, marker)))
            {
                return true;
            }
        }

        return !requireSolution
            && File.Exists(Path.Combine(dir, "Directory.Build.props"))
            && File.Exists(Path.Combine(dir, "kernel-glue", "Target.props"));
    }
}
