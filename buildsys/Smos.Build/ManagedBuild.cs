// One `dotnet build` for the C# of every program (and the app ELFs): a generated traversal project, and manifests of what it built.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Serilog;

namespace Smos.Build;

/// <summary>
/// Builds the C# projects of all programs in one MSBuild run (each dotnet invocation costs seconds; shared projects such
/// as the corelib are then built once). The generated out/obj/programs.proj restores, builds the projects in parallel,
/// and writes "project|main assembly" lines for each. Apps are finished by the app SDK itself (kernel-glue/Smos.App.targets:
/// ILC, assemble, link after Build, incremental): with SmosOut=&lt;out&gt; their ELFs are out/apps/&lt;name&gt;.elf, listed as
/// "project|elf" lines in a second manifest. The system programs' main assembly folder (bin/Release/net10.0, with the
/// referenced assemblies and PDBs beside it) is copied to out/managed/name, the input of buildsys's own ILC step.
/// </summary>
internal sealed class ManagedBuild(Repo repo, ProcessRunner runner)
{
    /// <summary>False: the apps are built with SmosOptimize=false (kernel-glue/Smos.App.targets), the Debug configuration.</summary>
    public bool OptimizeApps { get; init; } = true;

    /// <summary>
    /// Whether <paramref name="line"/> of MSBuild's output is the app targets' "Project -> /path/name.elf" message
    /// (kernel-glue/Smos.App.targets, after the link), and the ELF's path. An app that was up to date prints none.
    /// </summary>
    public static bool TryParseLinkedElf(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? elf)
    {
        elf = null;
        string trimmed = line.Trim();
        int arrow = trimmed.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow <= 0 || !trimmed.EndsWith(".elf", StringComparison.Ordinal) || trimmed.IndexOf(' ', 0, arrow) >= 0)
        {
            return false;
        }

        elf = trimmed[(arrow + 4)..];
        return elf.Length > 4;
    }

    /// <summary>
    /// Builds <paramref name="programs"/> with SmosDefines = <paramref name="defines"/>: fills the system programs' managed
    /// dirs and checks that every app's ELF (<see cref="Repo.ElfPath"/>) was produced by the app SDK targets.
    /// </summary>
    public void Run(IReadOnlyList<BareMetalProgram> programs, IReadOnlyList<string> defines)
    {
        List<string> projects = programs.Select(p => Path.GetFullPath(repo.InRepo(p.Project))).ToList();
        List<string> apps = programs.Where(IsApp).Select(p => Path.GetFullPath(repo.InRepo(p.Project))).ToList();
        foreach (string project in projects.Where(p => !File.Exists(p)))
        {
            throw new BuildsysException($"{repo.Show(project)} does not exist");
        }

        Directory.CreateDirectory(repo.ObjDir);
        File.WriteAllText(repo.ProgramsProjectPath, ProjectText(projects, apps, repo.ProgramsManifestPath, repo.AppsManifestPath));
        File.Delete(repo.ProgramsManifestPath);
        File.Delete(repo.AppsManifestPath);

        // SmosOut: the app SDK targets write out/apps/<name>.elf and out/obj/apps/<name>/ (not the shared bin/ folder).
        var args = new List<string> { "build", repo.ProgramsProjectPath, "-c", "Release", "-nologo", "-p:SmosOut=" + Escape(repo.Out) };
        if (!OptimizeApps)
        {
            // Only the app SDK reads it: the root task and loader are compiled by buildsys's own ILC step, optimised.
            args.Add("-p:SmosOptimize=false");
        }

        if (defines.Count > 0)
        {
            // ';' separates properties on MSBuild's command line; %3B is an escaped ';' inside the value.
            args.Add("-p:SmosDefines=" + string.Join("%3B", defines));
        }

        // The long step (ILC and link of every app, minutes on a first build): each app's ELF is logged as it is linked.
        Log.Information("{Program,-8} dotnet build of {Count} programs ({Apps} apps: each is listed when its ELF is linked)", "all", programs.Count, apps.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int linked = 0;
        runner.RunChecked("dotnet build of the programs", Toolchain.Require(Toolchain.Dotnet), args, repo.Root, line =>
        {
            if (TryParseLinkedElf(line, out string? elf))
            {
                linked++;
                Log.Information("{Program,-8} {Elf} linked ({Linked} of {Apps}, {Seconds:0.0} s)", Programs.AppsFolder, Path.GetFileName(elf), linked, apps.Count, clock.Elapsed.TotalSeconds);
            }
        });
        if (!File.Exists(repo.ProgramsManifestPath))
        {
            throw new BuildsysException($"dotnet build did not write {repo.Show(repo.ProgramsManifestPath)}");
        }

        IReadOnlyDictionary<string, string> outputs = ParseManifest(File.ReadAllLines(repo.ProgramsManifestPath));
        IReadOnlyDictionary<string, string> elves = File.Exists(repo.AppsManifestPath)
            ? ParseManifest(File.ReadAllLines(repo.AppsManifestPath))
            : new Dictionary<string, string>();
        for (int i = 0; i < programs.Count; i++)
        {
            if (!outputs.TryGetValue(projects[i], out string? assembly))
            {
                throw new BuildsysException($"dotnet build reported no output for {programs[i].Project}");
            }

            if (!IsApp(programs[i]))
            {
                CopyAssemblies(Path.GetDirectoryName(assembly)!, repo.ManagedDir(programs[i]));
                continue;
            }

            string expected = repo.ElfPath(programs[i]);
            if (!elves.TryGetValue(projects[i], out string? elf) || elf != Path.GetFullPath(expected) || !File.Exists(elf))
            {
                throw new BuildsysException(
                    $"{programs[i].Project} did not produce {repo.Show(expected)}: an app project must not set SmosApp=false or SmosAppName (kernel-glue/Smos.App.targets)");
            }
        }
    }

    private static bool IsApp(BareMetalProgram program) => program.Group == Programs.AppsFolder;

    /// <summary>
    /// The traversal project: NuGet's own Restore target over all projects at once (RestoreGraphProjectInput, as for
    /// a solution: one restore instead of one per project saves seconds), then Build (parallel) writing the manifest,
    /// then the app SDK's SmosAppElf target of the <paramref name="apps"/> (already run after their Build: it only
    /// returns the ELF path) writing the apps manifest.
    /// </summary>
    public static string ProjectText(IReadOnlyList<string> projects, IReadOnlyCollection<string> apps, string manifestPath, string appsManifestPath)
    {
        var items = new XElement("ItemGroup", projects.Select(p => new XElement(
            "SmosProgram", new XAttribute("Include", Escape(p)), new XAttribute("SmosApp", apps.Contains(p) ? "true" : "false"))));
        var project = new XElement(
            "Project",
            new XAttribute("DefaultTargets", "Build"),
            new XComment(" Generated by buildsys (ManagedBuild.cs) for one `dotnet build` of every program; do not edit. "),
            new XElement("PropertyGroup", new XElement("RestoreGraphProjectInput", string.Join(';', projects.Select(Escape)))),
            new XElement("Import", new XAttribute("Project", "$(MSBuildToolsPath)/NuGet.targets")),
            items,
            new XElement(
                "Target",
                new XAttribute("Name", "Build"),
                new XElement(
                    "MSBuild",
                    new XAttribute("Projects", "@(SmosProgram)"),
                    new XAttribute("Targets", "Build"),
                    new XAttribute("BuildInParallel", "true"),
                    new XElement("Output", new XAttribute("TaskParameter", "TargetOutputs"), new XAttribute("ItemName", "SmosOutput"))),
                new XElement(
                    "WriteLinesToFile",
                    new XAttribute("File", Escape(manifestPath)),
                    new XAttribute("Lines", "@(SmosOutput->'%(MSBuildSourceProjectFile)|%(FullPath)')"),
                    new XAttribute("Overwrite", "true")),
                new XElement(
                    "MSBuild",
                    new XAttribute("Projects", "@(SmosProgram->WithMetadataValue('SmosApp', 'true'))"),
                    new XAttribute("Targets", "SmosAppElf"),
                    new XAttribute("BuildInParallel", "true"),
                    new XElement("Output", new XAttribute("TaskParameter", "TargetOutputs"), new XAttribute("ItemName", "SmosElf"))),
                new XElement(
                    "WriteLinesToFile",
                    new XAttribute("File", Escape(appsManifestPath)),
                    new XAttribute("Lines", "@(SmosElf->'%(MSBuildSourceProjectFile)|%(FullPath)')"),
                    new XAttribute("Overwrite", "true"))));
        return project.ToString() + Environment.NewLine;
    }

    /// <summary>Reads "project|assembly" lines into a map from full project path to full assembly path.</summary>
    public static IReadOnlyDictionary<string, string> ParseManifest(IEnumerable<string> lines)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int bar = line.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0)
            {
                map[Path.GetFullPath(line[..bar])] = Path.GetFullPath(line[(bar + 1)..]);
            }
        }

        return map;
    }

    /// <summary>Escapes the characters MSBuild treats specially in item specs and property values (%XX).</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if ("%*?@$();'".Contains(c, StringComparison.Ordinal))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static void CopyAssemblies(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        Directory.CreateDirectory(to);
        // The PDBs let ILC -g write DWARF line tables (source lines for panics, gdb).
        foreach (string file in Directory.GetFiles(from, "*.dll").Concat(Directory.GetFiles(from, "*.pdb")))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
