// `buildsys pack`: SmosSharp's NuGet packages (the SDK and the templates) into a local feed, out/packages.
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.IO;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using Serilog;

namespace Smos.Build.Packaging;

/// <summary>
/// Builds libsmos (with the layers below it) and the two Roslyn components in Release, publishes buildsys, then writes
/// <see cref="SdkPackage"/>, <see cref="TemplatesPackage"/> and <see cref="ToolPackage"/> as .nupkg files into the feed folder, overwriting packages of
/// the same version. A folder of .nupkg files is a NuGet feed: <c>dotnet nuget add source out/packages</c>, or a
/// nuget.config naming it (docs/sdk.md).
/// </summary>
internal sealed class PackCommand(Repo repo, ProcessRunner runner)
{
    /// <summary>Where packages go by default: out/packages.</summary>
    public static string DefaultFeed(Repo repo) => Path.Combine(repo.Out, "packages");

    /// <summary>Builds and writes both packages into <paramref name="feed"/>; returns their paths.</summary>
    public IReadOnlyList<string> Run(string feed)
    {
        Toolchain.Require(Toolchain.Dotnet);
        string stage = Path.Combine(repo.Out, "pack");
        string lib = Path.Combine(stage, "lib");
        string analyzers = Path.Combine(stage, "analyzers");
        var clock = Stopwatch.StartNew();
        Build("libsmos/Smos.Lib.csproj", lib);
        foreach (string analyzer in SdkPackage.Analyzers)
        {
            Build($"analyzers/{analyzer}/{analyzer}.csproj", analyzers);
        }

        Log.Information("pack: built libsmos and the analyzers in {Seconds:0.0} s", clock.Elapsed.TotalSeconds);
        string versionProps = Path.Combine(stage, "Smos.Version.props");
        File.WriteAllText(versionProps, SdkPackage.VersionProps());
        Directory.CreateDirectory(feed);
        string sdk = Write(feed, SdkPackage.Id, SdkPackage.Description, "MSBuildSdk", SdkPackage.Files(repo, lib, analyzers, versionProps));
        string templates = Write(feed, TemplatesPackage.Id, TemplatesPackage.Description, "Template", TemplatesPackage.Stage(repo, Path.Combine(stage, "templates")));
        string tool = Write(feed, ToolPackage.Id, ToolPackage.Description, "DotnetTool", ToolFiles(stage));
        return [sdk, templates, tool];
    }

    /// <summary>buildsys published, and the kit: the repository's files as git lists them (tracked, and new ones not ignored).</summary>
    private IReadOnlyList<PackageFile> ToolFiles(string stage)
    {
        string publish = Path.Combine(stage, "tool");
        if (Directory.Exists(publish))
        {
            Directory.Delete(publish, recursive: true);
        }

        runner.RunChecked(
            "dotnet publish of buildsys",
            Toolchain.Require(Toolchain.Dotnet),
            ["publish", repo.InRepo("buildsys/Smos.Build/Smos.Build.csproj"), "-c", "Release", "-o", publish, "-nologo", "-v", "quiet"],
            repo.Root);
        ProcessResult listed = runner.RunChecked("git ls-files (the kit's files)", "git", ["ls-files", "-co", "--exclude-standard"], repo.Root);
        return ToolPackage.Files(repo, publish, listed.Output.Where(l => l.Length > 0), Path.Combine(stage, "tool-stage"));
    }

    private void Build(string project, string output)
    {
        runner.RunChecked(
            $"dotnet build of {project}",
            Toolchain.Require(Toolchain.Dotnet),
            ["build", repo.InRepo(project), "-c", "Release", "-o", output, "-nologo", "-v", "quiet"],
            repo.Root);
    }

    /// <summary>One .nupkg (deterministic: the same inputs give the same bytes): &lt;id&gt;.&lt;version&gt;.nupkg in <paramref name="feed"/>.</summary>
    private string Write(string feed, string id, string description, string packageType, IReadOnlyList<PackageFile> files)
    {
        var builder = new PackageBuilder(deterministic: true)
        {
            Id = id,
            Version = NuGetVersion.Parse(PackageVersions.Package),
            Description = description,
            Title = id,
        };
        builder.Authors.Add("SmosSharp");
        builder.Tags.AddRange(["SmosSharp", "seL4", "sel4-" + PackageVersions.Sel4Release, "NativeAOT", "AArch64"]);
        builder.PackageTypes.Add(new PackageType(packageType, PackageType.EmptyVersion));
        foreach (PackageFile file in files)
        {
            builder.Files.Add(new PhysicalPackageFile { SourcePath = file.Source, TargetPath = file.Target });
        }

        string path = Path.Combine(feed, $"{id}.{builder.Version.ToNormalizedString()}.nupkg".ToLowerInvariant());
        using (FileStream stream = File.Create(path))
        {
            builder.Save(stream);
        }

        Log.Information("pack: {Package} {Version} ({Files} files) -> {Path}", id, PackageVersions.Package, files.Count, repo.Show(path));
        return path;
    }
}
