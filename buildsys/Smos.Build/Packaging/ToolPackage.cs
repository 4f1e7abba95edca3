// SmosSharp.Tool's contents: buildsys as the .NET tool `smos`, with the system's sources (the kit) it builds images from.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smos.Build.Packaging;

/// <summary>
/// The layout of SmosSharp.Tool (package type DotnetTool): tools/net10.0/any/ holds buildsys published
/// (framework-dependent), DotnetToolSettings.xml naming the command <see cref="Command"/>, and kit/: the repository's
/// files <see cref="Kit.Includes"/> takes, with kit.stamp (their hash). Outside the repository the tool builds the
/// system from the kit and adds the apps of the folder it runs in (<see cref="UserProject"/>).
/// </summary>
internal static class ToolPackage
{
    public const string Id = "SmosSharp.Tool";

    /// <summary>The tool's command: <c>dotnet smos</c> (a local tool) or <c>smos</c> (a global one).</summary>
    public const string Command = "smos";

    private const string ToolDir = "tools/net10.0/any/";

    public static string Description =>
        $"SmosSharp {PackageVersions.SmosSharp}: the `smos` command for seL4 {PackageVersions.Sel4Release}. In a folder of SmosSharp apps, " +
        "`smos run` builds an image of the system (loader, root task, services, carried as sources) with those apps and boots it in QEMU; " +
        "`smos test` boots the self-test image headless and checks the folder's demos.";

    /// <summary>DotnetToolSettings.xml: the command and its entry point.</summary>
    public static string Settings() =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DotNetCliTool Version=\"1\">\n  <Commands>\n" +
        $"    <Command Name=\"{Command}\" EntryPoint=\"smos.dll\" Runner=\"dotnet\" />\n" +
        "  </Commands>\n</DotNetCliTool>\n";

    /// <summary>
    /// The package's files: everything in <paramref name="publishDir"/>, the settings file and the kit (the repository
    /// files <paramref name="repoFiles"/> lists, relative with forward slashes, that the kit includes) with its stamp,
    /// written under <paramref name="stageDir"/>.
    /// </summary>
    public static IReadOnlyList<PackageFile> Files(Repo repo, string publishDir, IEnumerable<string> repoFiles, string stageDir)
    {
        Directory.CreateDirectory(stageDir);
        var files = Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new PackageFile(f, ToolDir + Path.GetRelativePath(publishDir, f).Replace(Path.DirectorySeparatorChar, '/')))
            .ToList();
        string settings = Path.Combine(stageDir, "DotnetToolSettings.xml");
        File.WriteAllText(settings, Settings());
        files.Add(new(settings, ToolDir + "DotnetToolSettings.xml"));

        List<(string Relative, string Source)> kit = repoFiles.Where(Kit.Includes)
            .Select(f => (f, repo.InRepo(f)))
            .Where(f => File.Exists(f.Item2))
            .ToList();
        if (!kit.Any(f => f.Relative.StartsWith("servers/roottask/", StringComparison.Ordinal)))
        {
            throw new BuildsysException("pack: the kit has no servers/roottask: is this the SmosSharp repository?");
        }

        string stamp = Path.Combine(stageDir, Kit.StampName);
        File.WriteAllText(stamp, Kit.Hash(kit) + "\n");
        files.AddRange(kit.Select(f => new PackageFile(f.Source, ToolDir + Kit.FolderName + "/" + f.Relative)));
        files.Add(new(stamp, ToolDir + Kit.FolderName + "/" + Kit.StampName));
        SdkPackage.RequireAll(repo, files);
        return files;
    }
}
