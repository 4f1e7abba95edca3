// Finds the tools the compiled-code check needs (dotnet, ILC from NuGet, cross objdump) and runs them.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Smos.Codegen.Tests.Probes;

/// <summary>
/// Tool discovery for the check. ILC is found the way buildsys finds it: restoring
/// buildsys/Smos.Build/toolchain/IlcRestore.csproj (PublishAot, linux-arm64) makes the SDK pick the compiler package,
/// whose folder is read from the restore's project.assets.json. No version is named here.
/// </summary>
public static class ProbeToolchain
{
    public const string Objdump = "aarch64-linux-gnu-objdump";
    public const string IlcRestoreProject = "buildsys/Smos.Build/toolchain/IlcRestore.csproj";

    /// <summary>The directory holding SmosSharp.sln above the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmosSharp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no SmosSharp.sln above {AppContext.BaseDirectory}: run the tests from the repository");
    }

    /// <summary>The dotnet host: DOTNET_HOST_PATH (set by `dotnet test`), else PATH.</summary>
    public static string Dotnet()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return host is not null && File.Exists(host) ? host : FindOnPath("dotnet")
            ?? throw new InvalidOperationException("dotnet not found: install the .NET 10 SDK (Debian package dotnet-sdk-10.0)");
    }

    /// <summary>The AArch64 objdump, or an error naming the Debian package.</summary>
    public static string RequireObjdump() => FindOnPath(Objdump)
        ?? throw new InvalidOperationException($"{Objdump} not found on PATH: install binutils-aarch64-linux-gnu (apt-get install binutils-aarch64-linux-gnu)");

    /// <summary>Restores the compiler package into <paramref name="workDir"/> and returns the path of ilc.</summary>
    public static string Ilc(string dotnet, string repoRoot, string workDir)
    {
        string project = Path.Combine(repoRoot, IlcRestoreProject);
        if (!File.Exists(project))
        {
            throw new InvalidOperationException($"{IlcRestoreProject} is missing: it is how the ILC compiler is fetched from NuGet");
        }

        string obj = Path.Combine(workDir, "ilc-restore", "obj") + Path.DirectorySeparatorChar;
        ProcessResult restore = Run(dotnet, ["restore", project, "-p:BaseIntermediateOutputPath=" + obj, "-p:MSBuildProjectExtensionsPath=" + obj, "--disable-build-servers"], repoRoot);
        restore.ThrowIfFailed("restoring the ILC compiler package (the SDK picks runtime.<host>.Microsoft.DotNet.ILCompiler from NuGet)");
        string assets = Path.Combine(obj, "project.assets.json");
        string ilc = IlcFromAssets(File.ReadAllText(assets), HostRid());
        return File.Exists(ilc) ? ilc : throw new InvalidOperationException($"the ILC package was restored but {ilc} does not exist");
    }

    /// <summary>tools/ilc of the runtime.&lt;rid&gt;.Microsoft.DotNet.ILCompiler version named in project.assets.json.</summary>
    public static string IlcFromAssets(string assetsJson, string hostRid)
    {
        string package = $"runtime.{hostRid}.Microsoft.DotNet.ILCompiler";
        using var doc = JsonDocument.Parse(assetsJson);
        string? version = null;
        foreach (JsonProperty framework in doc.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject())
        {
            if (framework.Value.TryGetProperty("downloadDependencies", out JsonElement downloads))
            {
                foreach (JsonElement d in downloads.EnumerateArray())
                {
                    if (string.Equals(d.GetProperty("name").GetString(), package, StringComparison.OrdinalIgnoreCase))
                    {
                        version = d.GetProperty("version").GetString()?.Trim('[', ']', '(', ')').Split(',')[0].Trim();
                    }
                }
            }
        }

        if (version is null)
        {
            throw new InvalidOperationException($"project.assets.json does not name {package}: the SDK restored no NativeAOT compiler for this host");
        }

        string relative = Path.Combine(package.ToLowerInvariant(), version.ToLowerInvariant(), "tools", "ilc");
        string? first = null;
        foreach (JsonProperty folder in doc.RootElement.GetProperty("packageFolders").EnumerateObject())
        {
            string candidate = Path.Combine(folder.Name, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            first ??= candidate;
        }

        return first ?? throw new InvalidOperationException("project.assets.json lists no packageFolders");
    }

    /// <summary>linux-x64, linux-arm64, ...: the host the compiler package must run on.</summary>
    public static string HostRid() => "linux-" + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64");

    /// <summary>Runs a command to completion with stdout and stderr captured (MSBuild variables of the test host removed).</summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string key in new List<string>(info.Environment.Keys))
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var stopwatch = Stopwatch.StartNew();
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginErrorReadLine();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(file + " " + string.Join(' ', info.ArgumentList), process.ExitCode, stdout, stderr.ToString(), stopwatch.Elapsed);
    }

    private static string? FindOnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A finished command.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Throws with the command and the tail of its output unless it exited with 0.</summary>
    public void ThrowIfFailed(string what)
    {
        if (ExitCode == 0)
        {
            return;
        }

        string output = (Stdout + Stderr).Trim();
        string tail = output.Length > 3000 ? output[^3000..] : output;
        throw new InvalidOperationException($"{what} failed (exit code {ExitCode}): {Command}\n{tail}");
    }
}
