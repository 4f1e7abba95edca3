// A folder of the user's own SmosSharp projects outside the repository: its apps, its init lines and its demos.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Smos.Build.Packaging;

/// <summary>
/// What <c>smos run</c> and <c>smos test</c> add to the system when run in a folder outside the repository:
/// <list type="bullet">
/// <item>every project below the folder (bin, obj, out and hidden folders skipped) whose SmosApp is true (on
/// SmosSharp.Sdk: every Exe), named by its SmosAppName (default: its folder's name);</item>
/// <item><c>smos.init</c> (optional): lines the product image starts after the system's init list, in its format
/// (docs/sdk.md; the self-test image leaves them out, its demos start what they need);</item>
/// <item><c>demos/&lt;name&gt;</c> (what <c>smos test</c> runs): demo files as in the repository's apps/demos.</item>
/// </list>
/// </summary>
internal sealed record UserProject(string Directory, IReadOnlyList<UserApp> Apps)
{
    public const string InitFileName = "smos.init";

    public const string DemosFolder = "demos";

    public string InitPath => Path.Combine(Directory, InitFileName);

    public string DemosPath => Path.Combine(Directory, DemosFolder);

    /// <summary>The projects below <paramref name="directory"/>, in path order.</summary>
    public static IReadOnlyList<string> FindProjects(string directory)
    {
        var found = new List<string>();
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            found.AddRange(System.IO.Directory.GetFiles(dir, "*.csproj"));
            foreach (string sub in System.IO.Directory.GetDirectories(dir))
            {
                string name = Path.GetFileName(sub);
                if (name is not ("bin" or "obj" or "out" or "node_modules") && !name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }
        }

        return found.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The folder's apps: each project's SmosApp and SmosAppName read with <c>dotnet msbuild -getProperty</c> (MSBuild
    /// evaluates the project as a build would, SDK and all). Errors: no project, a bad app name, two apps of one name,
    /// an app named like one of the system's (<paramref name="systemApps"/>).
    /// </summary>
    public static UserProject Load(string directory, IReadOnlyCollection<string> systemApps, ProcessRunner runner)
    {
        IReadOnlyList<string> projects = FindProjects(directory);
        if (projects.Count == 0)
        {
            throw new BuildsysException($"no .csproj in {directory} or below it: create an app there first (dotnet new smos-app -n NAME)");
        }

        var apps = new List<UserApp>();
        foreach (string project in projects)
        {
            ProcessResult result = runner.Run(
                Toolchain.Require(Toolchain.Dotnet), ["msbuild", project, "-getProperty:SmosApp", "-getProperty:SmosAppName", "-nologo"], directory);
            string output = string.Join('\n', result.Output);
            if (result.ExitCode != 0)
            {
                throw new BuildsysException($"{Path.GetRelativePath(directory, project)}: {EvaluationProblem(output)}");
            }

            (bool isApp, string name) = ParseProperties(output);
            if (!isApp)
            {
                continue;
            }

            string where = Path.GetRelativePath(directory, project);
            if (Programs.NameProblem(name) is string problem)
            {
                throw new BuildsysException($"{where}: app name \"{name}\": {problem} (set <SmosAppName> in the project)");
            }

            if (systemApps.Contains(name))
            {
                throw new BuildsysException($"{where}: app name \"{name}\" is a system app's name: set <SmosAppName> in the project to another name");
            }

            if (apps.FirstOrDefault(a => a.Name == name) is UserApp other)
            {
                throw new BuildsysException($"{where}: app name \"{name}\" is also {other.Project}'s: set <SmosAppName> in one of them");
            }

            apps.Add(new UserApp(name, project));
        }

        if (apps.Count == 0)
        {
            throw new BuildsysException($"no app among the {projects.Count} project(s) in {directory}: an app is an Exe on SmosSharp.Sdk");
        }

        return new UserProject(directory, apps);
    }

    /// <summary>
    /// Why MSBuild could not evaluate a project, in one line: an SDK version the package sources do not have (MSB4236,
    /// with NuGet's nearest version), else MSBuild's first error line.
    /// </summary>
    public static string EvaluationProblem(string output)
    {
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Any(l => l.Contains("MSB4236", StringComparison.Ordinal)))
        {
            string? wanted = lines.Select(l => Between(l, "Unable to find package ", " with version")).FirstOrDefault(w => w is not null);
            string? version = lines.Select(l => Between(l, "with version (= ", ")")).FirstOrDefault(v => v is not null);
            string? nearest = lines.Select(l => Between(l, "Nearest version: ", " ]")).FirstOrDefault(n => n is not null);
            string what = wanted is not null && version is not null ? $"{wanted} {version}" : "its SDK";
            return $"{what} is not in the package sources (nuget.config)" +
                (nearest is not null ? $"; they have {nearest}: name that version in the project (or global.json)" : ": add the SmosSharp feed (`./smos pack` writes out/packages) to nuget.config");
        }

        string? error = lines.FirstOrDefault(l => l.Contains(": error", StringComparison.Ordinal));
        return error is not null ? error[(error.IndexOf(": error", StringComparison.Ordinal) + 2)..] : "dotnet msbuild could not read the project: " + output.Trim();
    }

    private static string? Between(string line, string before, string after)
    {
        int start = line.IndexOf(before, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += before.Length;
        int end = line.IndexOf(after, start, StringComparison.Ordinal);
        return end < 0 ? null : line[start..end];
    }

    /// <summary>The JSON <c>dotnet msbuild -getProperty:A -getProperty:B</c> prints: {"Properties": {"SmosApp": "true", ...}}.</summary>
    public static (bool IsApp, string Name) ParseProperties(string json)
    {
        int start = json.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new BuildsysException($"dotnet msbuild -getProperty printed no JSON: {json.Trim()}");
        }

        using JsonDocument doc = JsonDocument.Parse(json[start..]);
        JsonElement properties = doc.RootElement.GetProperty("Properties");
        string app = properties.TryGetProperty("SmosApp", out JsonElement a) ? a.GetString() ?? "" : "";
        string name = properties.TryGetProperty("SmosAppName", out JsonElement n) ? n.GetString() ?? "" : "";
        return (string.Equals(app, "true", StringComparison.OrdinalIgnoreCase), name);
    }
}

/// <summary>An app of the user's folder: its name on seL4 and its project file (full path).</summary>
internal sealed record UserApp(string Name, string Project);
