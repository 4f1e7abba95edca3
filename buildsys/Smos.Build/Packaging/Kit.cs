// The system's sources inside the `smos` tool: which repository files go in, and the writable copy the tool builds from.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace Smos.Build.Packaging;

/// <summary>
/// The tool carries the system as sources (the "kit": the layers, the root task, the services, drivers and apps, the
/// arch code and the ILC restore project) and builds it as the repository does: the same pipeline, with
/// the kit's folder as the repository. A tool's folder is not the place to build in, so the first use copies the kit to
/// <c>$XDG_CACHE_HOME/smossharp/kit-VERSION-HASH</c> (default <c>~/.cache</c>); the hash of the kit's files names
/// the copy, so a new kit never reuses an old build.
/// </summary>
internal static class Kit
{
    /// <summary>The kit's folder beside smos.dll in the tool package.</summary>
    public const string FolderName = "kit";

    /// <summary>The file in the kit holding its hash (written by the pack).</summary>
    public const string StampName = "kit.stamp";

    /// <summary>Top-level files and folders of the repository the kit holds (test projects inside them are left out).</summary>
    private static readonly string[] Included =
    [
        ".editorconfig", "Directory.Build.props", "Directory.Packages.props", "global.json", "SmosSharp.sln",
        "kernel-glue/", "protocol/", "libsmos/", "loader/", "analyzers/Smos.Analyzers/", "analyzers/Smos.Protocols.Generator/",
        "servers/roottask/", "servers/selftest/", "services/", "drivers/", "apps/", "tools/gdb/",
        "buildsys/Smos.Build/toolchain/",
    ];

    /// <summary>Whether the repository file <paramref name="path"/> (relative, forward slashes) belongs in the kit.</summary>
    public static bool Includes(string path)
    {
        if (!Included.Any(i => i.EndsWith('/') ? path.StartsWith(i, StringComparison.Ordinal) : path == i))
        {
            return false;
        }

        // Test projects (*.tests, *.Tests) and the repository's README files for contributors stay out.
        return !path.Split('/').Any(part => part.EndsWith(".tests", StringComparison.Ordinal) || part.EndsWith(".Tests", StringComparison.Ordinal));
    }

    /// <summary>The hash of the kit's files (names and bytes), hex, as the stamp holds it.</summary>
    public static string Hash(IEnumerable<(string Relative, string Source)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string relative, string source) in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            sha.AppendData(File.ReadAllBytes(source));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>The kit beside the running buildsys, or null when buildsys runs from the repository (no kit folder).</summary>
    public static string? BesideTool(string executableDirectory)
    {
        string kit = Path.Combine(executableDirectory, FolderName);
        return File.Exists(Path.Combine(kit, StampName)) ? kit : null;
    }

    /// <summary>
    /// The writable copy of <paramref name="kit"/> under <paramref name="cacheRoot"/>, made when missing (into a temporary
    /// folder first, then renamed, so a copy cut short is never taken for a whole one).
    /// </summary>
    public static string WritableCopy(string kit, string cacheRoot)
    {
        string stamp = File.ReadAllText(Path.Combine(kit, StampName)).Trim();
        string target = Path.Combine(cacheRoot, $"kit-{PackageVersions.SmosSharp}-{stamp}");
        if (Directory.Exists(target))
        {
            return target;
        }

        Log.Information("smos: copying the system's sources to {Target} (once per SmosSharp version)", target);
        string partial = target + ".partial-" + Environment.ProcessId;
        foreach (string file in Directory.EnumerateFiles(kit, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(partial, Path.GetRelativePath(kit, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        try
        {
            Directory.Move(partial, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another smos made the same copy first: use it.
            Directory.Delete(partial, recursive: true);
        }

        return target;
    }

    /// <summary>$XDG_CACHE_HOME/smossharp, else ~/.cache/smossharp.</summary>
    public static string CacheRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "smossharp");
    }
}
