// SmosSharp.Sdk's contents: the MSBuild project SDK an app outside the repository names (<Project Sdk="SmosSharp.Sdk/VERSION">).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smos.Build.Packaging;

/// <summary>
/// The layout of SmosSharp.Sdk (package type MSBuildSdk):
/// <list type="bullet">
/// <item>Sdk/: Sdk.props and Sdk.targets (kernel-glue/sdk), Smos.BareMetal.props and Smos.App.targets (kernel-glue, the
/// same files the repository's apps use), Smos.Version.props (written by the pack), arch/aarch64 (the app's start code,
/// its includes and app.ld);</item>
/// <item>smos/lib: the layers' assemblies (corelib, sel4-sys, sel4, protocol, libsmos) with their PDBs (ILC's line tables)
/// and XML docs;</item>
/// <item>analyzers/dotnet/cs: the analyzers and the protocol generator;</item>
/// <item>smos/gdb/smos.py: the gdb helper (docs/debugging.md).</item>
/// </list>
/// ILC is not in it: the app targets download the compiler the .NET SDK itself names for NativeAOT.
/// </summary>
internal static class SdkPackage
{
    public const string Id = "SmosSharp.Sdk";

    /// <summary>The layers' assemblies, in dependency order (each is referenced by name in kernel-glue/sdk/Sdk.props).</summary>
    public static readonly string[] Assemblies = ["Smos.CoreLib", "Smos.Sel4.Sys", "Smos.Sel4", "Smos.Protocol", "Smos.Lib"];

    /// <summary>The Roslyn components (kernel-glue/sdk/Sdk.props names them as Analyzer items).</summary>
    public static readonly string[] Analyzers = ["Smos.Analyzers", "Smos.Protocols.Generator"];

    /// <summary>Files the app's assembly sources include (<c>.include</c>, found through <c>-I</c>): Smos.App.targets' SmosAppAsmInclude.</summary>
    public static readonly string[] AsmIncludes = ["sections.inc", "start_common.inc"];

    public static string Description =>
        $"SmosSharp {PackageVersions.SmosSharp}: the MSBuild project SDK for C# apps on the seL4 microkernel (seL4 {PackageVersions.Sel4Release}, AArch64, QEMU virt). " +
        "<Project Sdk=\"SmosSharp.Sdk/VERSION\"> compiles an app against libsmos with the SmosSharp analyzers and protocol generator, " +
        "then ILC, assembles and links it into an seL4 app ELF.";

    /// <summary>Sdk/Smos.Version.props: the version and the seL4 release, as properties an app's project can read.</summary>
    public static string VersionProps() =>
        "<!-- Written by `./smos pack`: the SmosSharp version of this SDK and the seL4 release its system needs. -->\n" +
        "<Project>\n  <PropertyGroup>\n" +
        $"    <SmosSharpVersion>{PackageVersions.SmosSharp}</SmosSharpVersion>\n" +
        $"    <SmosSel4Release>{PackageVersions.Sel4Release}</SmosSel4Release>\n" +
        "  </PropertyGroup>\n</Project>\n";

    /// <summary>
    /// The package's files. <paramref name="libDir"/>: the build output of libsmos (the layers' assemblies beside it);
    /// <paramref name="analyzersDir"/>: the analyzers' build output; <paramref name="versionProps"/>: the written
    /// <see cref="VersionProps"/>. Throws when a file is missing.
    /// </summary>
    public static IReadOnlyList<PackageFile> Files(Repo repo, string libDir, string analyzersDir, string versionProps)
    {
        var files = new List<PackageFile>
        {
            new(repo.InRepo("kernel-glue/sdk/Sdk.props"), "Sdk/Sdk.props"),
            new(repo.InRepo("kernel-glue/sdk/Sdk.targets"), "Sdk/Sdk.targets"),
            new(repo.InRepo("kernel-glue/Smos.BareMetal.props"), "Sdk/Smos.BareMetal.props"),
            new(repo.InRepo("kernel-glue/Smos.App.targets"), "Sdk/Smos.App.targets"),
            new(versionProps, "Sdk/Smos.Version.props"),
        };
        IEnumerable<string> arch = Programs.AppSources.Select(s => s.Path)
            .Concat(AsmIncludes.Select(f => Programs.Arch + f))
            .Append(Programs.AppLinkerScript);
        files.AddRange(arch.Select(path => new PackageFile(repo.InRepo(path), "Sdk/arch/aarch64/" + Path.GetFileName(path))));
        foreach (string assembly in Assemblies)
        {
            files.Add(new(Path.Combine(libDir, assembly + ".dll"), $"smos/lib/{assembly}.dll"));
            files.Add(new(Path.Combine(libDir, assembly + ".pdb"), $"smos/lib/{assembly}.pdb"));
            string xml = Path.Combine(libDir, assembly + ".xml");
            if (File.Exists(xml))
            {
                files.Add(new(xml, $"smos/lib/{assembly}.xml"));
            }
        }

        foreach (string analyzer in Analyzers)
        {
            files.Add(new(Path.Combine(analyzersDir, analyzer + ".dll"), $"analyzers/dotnet/cs/{analyzer}.dll"));
        }

        files.Add(new(repo.InRepo(GdbScript.HelperPath), "smos/gdb/smos.py"));
        RequireAll(repo, files);
        return files;
    }

    /// <summary>Every source must exist: a missing one is a broken build, named.</summary>
    public static void RequireAll(Repo repo, IEnumerable<PackageFile> files)
    {
        foreach (PackageFile file in files.Where(f => !File.Exists(f.Source)))
        {
            throw new BuildsysException($"pack: {repo.Show(file.Source)} (for {file.Target}) does not exist");
        }

        foreach (IGrouping<string, PackageFile> twice in files.GroupBy(f => f.Target, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new BuildsysException($"pack: two files for {twice.Key}");
        }
    }
}
