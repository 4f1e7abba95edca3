// The layer rules of docs/architecture.md, checked on every project file in the repository, and the checker itself on bad graphs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Smos.Build.Tests;

/// <summary>
/// The layers (docs/architecture.md, "Layers"): each project folder, and the project folders it may reference. A folder
/// not listed is a host tool or a test and may reference anything except an app.
/// </summary>
internal static class Layers
{
    public static readonly IReadOnlyDictionary<string, string[]> MayReference = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["analyzers/Smos.Analyzers"] = [],
        ["analyzers/Smos.Protocols.Generator"] = [],
        ["kernel-glue/corelib"] = [],
        ["kernel-glue/sel4-sys"] = ["kernel-glue/corelib"],
        ["kernel-glue/formats"] = ["kernel-glue/corelib"],
        ["protocol"] = ["kernel-glue/corelib"],
        ["services/lib"] = ["kernel-glue/corelib"],
        ["kernel-glue/sel4"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys"],
        ["servers/selftest"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "kernel-glue/formats", "protocol", "servers/roottask"],
        ["loader"] = ["kernel-glue/corelib", "kernel-glue/formats"],
        ["libsmos"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol"],
        ["servers/roottask"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "kernel-glue/formats", "protocol"],
        ["apps/*"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol", "libsmos"],
        ["services/*"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol", "libsmos", "services/lib"],
        ["drivers/*"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol", "libsmos", "services/lib"],
        ["templates/*"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol", "libsmos"],
        ["tests/codegen-probes"] = ["kernel-glue/corelib", "kernel-glue/sel4-sys", "kernel-glue/sel4", "protocol", "libsmos"],
        ["buildsys/Smos.Build"] = ["kernel-glue/formats"],
    };

    /// <summary>The rule key of a project folder: exact, or "group/*" for apps and templates.</summary>
    public static string? RuleOf(string folder)
    {
        if (MayReference.ContainsKey(folder))
        {
            return folder;
        }

        string group = folder.Split('/')[0] + "/*";
        return MayReference.ContainsKey(group) ? group : null;
    }

    /// <summary>Projects of one template (templates/smos-system's apps reference its protocol project).</summary>
    private static bool SameTemplate(string from, string to) =>
        to.StartsWith("templates/", StringComparison.Ordinal) && string.Join('/', from.Split('/').Take(2)) == string.Join('/', to.Split('/').Take(2));

    /// <summary>Every broken rule in a graph of project folder -> referenced project folders (the analyzer and generator references of Target.props aside).</summary>
    public static List<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var problems = new List<string>();
        foreach ((string from, IReadOnlyList<string> targets) in graph)
        {
            string? rule = RuleOf(from);
            foreach (string to in targets.Where(t => t is not ("analyzers/Smos.Analyzers" or "analyzers/Smos.Protocols.Generator")))
            {
                bool allowed = rule is null
                    ? RuleOf(to) is not ("apps/*" or "templates/*")
                    : MayReference[rule].Contains(to, StringComparer.Ordinal) || (rule == "templates/*" && SameTemplate(from, to));
                if (!allowed)
                {
                    problems.Add($"{from} references {to}, which its layer may not use");
                }
            }
        }

        return problems;
    }
}

public class LayerTests
{
    private static readonly string Root = Repo.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no repository root");

    private static IEnumerable<string> ProjectFiles() =>
        Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/out/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string FolderOf(string path) => Path.GetRelativePath(Root, Path.GetDirectoryName(Path.GetFullPath(path))!).Replace('\\', '/');

    /// <summary>Project folder -> folders of the projects it references (with Target.props's implicit corelib reference).</summary>
    private static Dictionary<string, IReadOnlyList<string>> Graph()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (string project in ProjectFiles())
        {
            XDocument doc = XDocument.Load(project);
            string dir = Path.GetDirectoryName(project)!;
            var targets = doc.Descendants("ProjectReference")
                .Select(r => FolderOf(Path.Combine(dir, r.Attribute("Include")!.Value)))
                .ToList();
            bool bareMetal = doc.Descendants("Import").Any(i => i.Attribute("Project")!.Value.EndsWith("Target.props", StringComparison.Ordinal));
            if (bareMetal && FolderOf(project) != "kernel-glue/corelib")
            {
                targets.Add("kernel-glue/corelib");
            }

            graph[FolderOf(project)] = targets.Distinct(StringComparer.Ordinal).ToList();
        }

        return graph;
    }

    [Fact]
    public void NoProjectReferencesALayerItMayNotUse()
    {
        Dictionary<string, IReadOnlyList<string>> graph = Graph();
        Assert.Contains("servers/roottask", graph.Keys);
        Assert.Contains("kernel-glue/sel4-sys", graph.Keys);
        Assert.Empty(Layers.Violations(graph));
    }

    [Fact]
    public void EveryBareMetalProjectFolderHasALayer()
    {
        var missing = ProjectFiles()
            .Where(p => File.ReadAllText(p).Contains("Target.props", StringComparison.Ordinal))
            .Select(FolderOf)
            .Where(f => Layers.RuleOf(f) is null)
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void TheCheckerRejectsAReferenceUpwardsOrSideways()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["kernel-glue/formats"] = ["kernel-glue/corelib", "kernel-glue/sel4"],
            ["servers/roottask"] = ["libsmos"],
            ["kernel-glue/sel4"] = ["kernel-glue/sel4-sys"],
            ["tests/Smos.Boot.Tests"] = ["apps/hello"],
        };
        List<string> problems = Layers.Violations(graph);
        Assert.Equal(3, problems.Count);
        Assert.Contains("kernel-glue/formats references kernel-glue/sel4, which its layer may not use", problems);
        Assert.Contains("servers/roottask references libsmos, which its layer may not use", problems);
        Assert.Contains("tests/Smos.Boot.Tests references apps/hello, which its layer may not use", problems);
    }

    [Fact]
    public void NoProjectCompilesAnotherProjectsFiles()
    {
        var offenders = new List<string>();
        foreach (string project in ProjectFiles())
        {
            foreach (XElement compile in XDocument.Load(project).Descendants("Compile"))
            {
                string? include = compile.Attribute("Include")?.Value;
                if (include is not null && include.Split(';').Any(p => p.Replace('\\', '/').Contains("../", StringComparison.Ordinal) && !IsSharedProtocol(project, p) && !IsCorelibModel(project, p)))
                {
                    offenders.Add($"{FolderOf(project)}: <Compile Include=\"{include}\">");
                }
            }
        }

        Assert.Empty(offenders);
    }

    // The second exception: corelib's host tests compile one corelib type that .NET also has (System.TimeSpan) under
    // another namespace, to compare ours with .NET's own in one test run; the file is corelib's and stays its only copy.
    private static bool IsCorelibModel(string project, string include) =>
        FolderOf(project) == "kernel-glue/corelib.tests" && include.Replace('\\', '/') == "../corelib/System/TimeSpan.cs";

    // The first exception (docs/protocols.md): an app compiles another app's typed-protocol file, the contract both sides of
    // a connection share. The file lies directly in an app folder, declares a [SmosProtocol] interface and holds no code:
    // no method or property body (only the interface, its enums and structs with fields, and constants).
    private static bool IsSharedProtocol(string project, string include)
    {
        string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', '/')));
        string relative = Path.GetRelativePath(Path.Combine(Root, "apps"), path).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative.Count(c => c == '/') != 1 || !File.Exists(path))
        {
            return false;
        }

        string code = Regex.Replace(File.ReadAllText(path), @"//[^\n]*", "");
        return code.Contains("[SmosProtocol(", StringComparison.Ordinal) && !Regex.IsMatch(code, @"\)\s*(\{|=>)|\b(get|set)\s*[{;]");
    }

    [Fact]
    public void ReadmeAndArchitectureNameEveryProjectFolder()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        string architecture = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var folders = ProjectFiles().Select(FolderOf)
            .Select(f => Regex.IsMatch(f, "^(apps|templates)/") ? f.Split('/')[0] + "/" : f + "/")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(folders.Where(f => !readme.Contains("`" + f + "`", StringComparison.Ordinal)).Select(f => "README.md: " + f));
        Assert.Empty(folders.Where(f => !architecture.Contains(f, StringComparison.Ordinal)).Select(f => "docs/architecture.md: " + f));
    }
}
