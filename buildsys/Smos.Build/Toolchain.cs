// Finds the host tools (dotnet, GNU cross binutils, QEMU) and the NativeAOT compiler the SDK picks.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Serilog;

namespace Smos.Build;

/// <summary>
/// Tool discovery. Every missing tool is a <see cref="BuildsysException"/> naming the Debian package to install.
/// ILC comes from NuGet: restoring toolchain/IlcRestore.csproj (PublishAot, linux-arm64) makes the SDK pick and
/// fetch the host compiler package; its path is read from the restore's project.assets.json under out/toolchain.
/// </summary>
internal sealed class Toolchain(Repo repo, ProcessRunner runner)
{
    public const string Assembler = "aarch64-linux-gnu-as";
    public const string Linker = "aarch64-linux-gnu-ld";
    public const string ObjCopy = "aarch64-linux-gnu-objcopy";
    public const string Addr2Line = "aarch64-linux-gnu-addr2line";
    public const string Qemu = "qemu-system-aarch64";
    public const string Dotnet = "dotnet";
    public const string Gdb = "gdb-multiarch";

    /// <summary>Where each external tool comes from on Debian.</summary>
    public static readonly IReadOnlyDictionary<string, string> DebianPackages = new Dictionary<string, string>
    {
        [Assembler] = "binutils-aarch64-linux-gnu",
        [Linker] = "binutils-aarch64-linux-gnu",
        [ObjCopy] = "binutils-aarch64-linux-gnu",
        [Addr2Line] = "binutils-aarch64-linux-gnu",
        [Qemu] = "qemu-system-arm",
        [Dotnet] = "dotnet-sdk-10.0",
        [Gdb] = "gdb-multiarch",
    };

    private string? _ilc;

    /// <summary>The full path of <paramref name="tool"/> on PATH, or a precise error naming its package.</summary>
    public static string Require(string tool, string? pathVariable = null)
    {
        string? found = FindOnPath(tool, pathVariable ?? Environment.GetEnvironmentVariable("PATH"));
        if (found is null && tool == Dotnet)
        {
            // `dotnet run` tells its children where the host is even when it is not on PATH.
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            found = host is not null && File.Exists(host) ? host : null;
        }

        if (found is null)
        {
            string package = DebianPackages.TryGetValue(tool, out string? p) ? p : "?";
            throw new BuildsysException($"{tool} not found on PATH: install the Debian package {package} (apt-get install {package})");
        }

        return found;
    }

    /// <summary>The first executable file called <paramref name="tool"/> in the directories of <paramref name="pathVariable"/>.</summary>
    public static string? FindOnPath(string tool, string? pathVariable)
    {
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(tool) ? Path.GetFullPath(tool) : null;
        }

        foreach (string dir in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The ILC executable, restoring the compiler package on first use (cached in out/toolchain per SDK version).</summary>
    public string Ilc()
    {
        if (_ilc is not null)
        {
            return _ilc;
        }

        string dotnet = Require(Dotnet);
        string project = repo.IlcRestoreProject;
        if (!File.Exists(project))
        {
            throw new BuildsysException($"{repo.Show(project)} is missing: it is how buildsys fetches the ILC compiler");
        }

        IReadOnlyList<string> version = runner.RunChecked("dotnet --version", dotnet, ["--version"], repo.Root).Output;
        string sdk = version.Count > 0 ? version[^1].Trim() : "?";
        string objDir = Path.Combine(repo.ToolchainDir, "obj") + Path.DirectorySeparatorChar;
        string assets = Path.Combine(objDir, "project.assets.json");
        string stamp = Path.Combine(repo.ToolchainDir, "ilc.stamp");
        string[] cached = File.Exists(stamp) ? File.ReadAllLines(stamp) : [];
        if (cached.Length == 2 && cached[0] == sdk && File.Exists(cached[1])
            && File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(project))
        {
            Log.Debug("ILC (cached for SDK {Sdk}): {Path}", sdk, cached[1]);
            return _ilc = cached[1];
        }

        runner.RunChecked(
            "restoring the ILC compiler package (dotnet restore)",
            dotnet,
            ["restore", project, "-p:BaseIntermediateOutputPath=" + objDir, "-p:MSBuildProjectExtensionsPath=" + objDir],
            repo.Root);
        if (!File.Exists(assets))
        {
            throw new BuildsysException($"dotnet restore did not write {assets}");
        }

        string ilc = ResolveIlc(File.ReadAllText(assets), HostRid());
        if (!File.Exists(ilc))
        {
            throw new BuildsysException($"the ILC package was restored but {ilc} does not exist");
        }

        Directory.CreateDirectory(repo.ToolchainDir);
        File.WriteAllLines(stamp, [sdk, ilc]);
        Log.Debug("ILC for SDK {Sdk}: {Path}", sdk, ilc);
        return _ilc = ilc;
    }

    /// <summary>The .NET runtime identifier of this host (linux-x64, linux-arm64, ...).</summary>
    public static string HostRid()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X64 => "x64",
            Architecture other => other.ToString().ToLowerInvariant(),
        };
        return os + "-" + arch;
    }

    /// <summary>
    /// Finds <c>&lt;packageFolder&gt;/runtime.&lt;rid&gt;.microsoft.dotnet.ilcompiler/&lt;version&gt;/tools/ilc</c> from a
    /// project.assets.json: the version is the download dependency (or library) the SDK picked.
    /// </summary>
    public static string ResolveIlc(string assetsJson, string hostRid) => IlcAssets.Resolve(assetsJson, hostRid);

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
