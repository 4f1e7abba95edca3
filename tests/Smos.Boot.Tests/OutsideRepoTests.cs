// SmosSharp outside the repository: `buildsys pack`'s feed, `dotnet new` from its templates, `dotnet build`, the smos tool.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>
/// A temporary folder with its own DOTNET_CLI_HOME (so its own template hive, tool store and NuGet packages folder) and
/// XDG_CACHE_HOME (the tool's copy of the system's sources), and a nuget.config whose only source of SmosSharp.* is the
/// feed `buildsys pack` wrote (nuget.org gives the rest: the NativeAOT compiler), with Central Package Management on.
/// The templates and the tool are installed from that feed once for the class.
/// </summary>
public sealed class OutsideRepo : IDisposable
{
    public OutsideRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "smos-outside-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Work = Path.Combine(Root, "work");
        Directory.CreateDirectory(Work);
        BuildsysRun pack = Buildsys.Run("pack", "-o", Feed);
        Log.Add(pack.All);
        Assert.True(pack.ExitCode == 0, pack.All);
        File.WriteAllText(Path.Combine(Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="smossharp" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="smossharp"><package pattern="SmosSharp.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        // Central Package Management on, as many solutions have it: the SDK's own package download must live with it.
        File.WriteAllText(
            Path.Combine(Work, "Directory.Packages.props"),
            "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");
        Check(Work, "new", "install", "SmosSharp.Templates");
        Check(Work, "new", "tool-manifest");
        Check(Work, "tool", "install", "SmosSharp.Tool");
    }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>The user's folder: nuget.config and the tool manifest (found by every folder below it).</summary>
    public string Work { get; }

    public List<string> Log { get; } = [];

    /// <summary>`dotnet ARGS` in <paramref name="dir"/> with the folder's environment; <paramref name="unset"/> is removed from it.</summary>
    public (int Code, string Output) Dotnet(string dir, IEnumerable<string> args, params string[] unset)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Environment(psi);
        foreach (string name in unset)
        {
            psi.Environment.Remove(name);
        }

        using Process p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', args));
        }

        string output = stdout.Result + stderr.Result;
        lock (Log)
        {
            Log.Add($"$ dotnet {string.Join(' ', args)} (in {dir})\n{output}");
        }

        return (p.ExitCode, output);
    }

    /// <summary>
    /// `dotnet ARGS` in <paramref name="dir"/> with its stdin a pipe, as a user at a terminal: each time the output shows
    /// a step's text (after the previous step's), the step's keys are typed one at a time, 20 ms apart, a line ending
    /// with CR as the Enter key sends it. The command must end by itself with exit code 0 within the time; its output.
    /// </summary>
    public string Interact(string dir, IEnumerable<string> args, IReadOnlyList<(string Wait, string Type)> steps)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Environment(psi);
        string command = "dotnet " + string.Join(' ', args);
        var output = new System.Text.StringBuilder();
        using Process p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var reader = System.Threading.Tasks.Task.Run(() =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = p.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (output)
                {
                    output.Append(buffer, 0, n);
                }
            }
        });
        string Seen()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        try
        {
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
            int from = 0;
            foreach ((string wait, string type) in steps)
            {
                int at = -1;
                while ((at = Seen().IndexOf(wait, from, StringComparison.Ordinal)) < 0 && DateTime.UtcNow < deadline && !p.HasExited)
                {
                    System.Threading.Thread.Sleep(100);
                }

                Assert.True(at >= 0, $"{command}: no \"{wait}\" in its output{(p.HasExited ? " (it ended)" : string.Empty)}:\n{Seen()}");
                from = at + wait.Length;
                foreach (char key in type)
                {
                    p.StandardInput.Write(key);
                    p.StandardInput.Flush();
                    System.Threading.Thread.Sleep(20);
                }
            }

            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), $"{command} did not end after the last step:\n{Seen()}");
            Assert.True(reader.Wait(TimeSpan.FromSeconds(30)) && stderr.Wait(TimeSpan.FromSeconds(30)), $"{command}: its output did not end:\n{Seen()}");
            string all = Seen() + stderr.Result;
            Assert.True(p.ExitCode == 0, $"{command} ended with {p.ExitCode}:\n{all}");
            return all;
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            lock (Log)
            {
                Log.Add($"$ {command} (in {dir}, typed into)\n{Seen()}{(stderr.IsCompleted ? stderr.Result : string.Empty)}");
            }
        }
    }

    public string Check(string dir, params string[] args)
    {
        (int code, string output) = Dotnet(dir, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} failed:\n{output}");
        return output;
    }

    /// <summary>The folder's environment: its own CLI home, NuGet packages folder and cache; no build servers.</summary>
    private void Environment(ProcessStartInfo psi)
    {
        string home = Path.Combine(Root, "home");
        psi.Environment["DOTNET_CLI_HOME"] = home;
        psi.Environment["NUGET_PACKAGES"] = Path.Combine(home, ".nuget", "packages");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(Root, "cache");
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A build server would outlive the folder and keep its files busy.
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the folder is in the temporary directory anyway.
        }
    }
}

[Collection(BuildsysCollection.Name)]
public sealed class OutsideRepoTests : IClassFixture<OutsideRepo>
{
    private readonly OutsideRepo _outside;
    private readonly ITestOutputHelper _output;

    public OutsideRepoTests(OutsideRepo outside, ITestOutputHelper output)
    {
        _outside = outside;
        _output = output;
    }

    [Fact]
    public void TemplatesFromThePackedFeedBuildAppsOutsideTheRepository()
    {
        try
        {
            // An app: its project names SmosSharp.Sdk/VERSION and nothing of the repository.
            _outside.Check(_outside.Work, "new", "smos-app", "-n", "foo");
            string project = File.ReadAllText(Path.Combine(_outside.Work, "foo", "foo.csproj"));
            Assert.Contains("<Project Sdk=\"SmosSharp.Sdk/", project, StringComparison.Ordinal);
            Assert.DoesNotContain("kernel-glue", project, StringComparison.Ordinal);
            _outside.Check(Path.Combine(_outside.Work, "foo"), "build");
            CheckAppElf(Path.Combine(_outside.Work, "foo", "bin", "Debug", "net10.0", "foo.elf"));

            // A system: a protocol library and two apps, the SDK's version in global.json; `dotnet build` of the solution.
            _outside.Check(_outside.Work, "new", "smos-system", "-n", "Tally");
            string tally = Path.Combine(_outside.Work, "Tally");
            _outside.Check(tally, "build");
            CheckAppElf(Path.Combine(tally, "Tally.Server", "bin", "Debug", "net10.0", "tally-server.elf"));
            CheckAppElf(Path.Combine(tally, "Tally.Client", "bin", "Debug", "net10.0", "tally-client.elf"));
            Assert.False(File.Exists(Path.Combine(tally, "Tally.Protocol", "bin", "Debug", "net10.0", "Tally.Protocol.elf")), "a library is not an app");

            // Bad input, one line each: an SDK version the feed does not have; an app named like a system app; no kernel.
            string bad = Path.Combine(_outside.Work, "bad");
            Directory.CreateDirectory(bad);
            File.WriteAllText(Path.Combine(bad, "bad.csproj"), "<Project Sdk=\"SmosSharp.Sdk/9.9.9\">\n  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n</Project>\n");
            (int code, string output) = _outside.Dotnet(bad, ["smos", "build"]);
            Assert.NotEqual(0, code);
            Assert.Contains($"bad.csproj: SmosSharp.Sdk 9.9.9 is not in the package sources (nuget.config); they have {Smos.Build.Packaging.PackageVersions.SmosSharp}", output, StringComparison.Ordinal);

            string clash = Path.Combine(_outside.Work, "clash");
            _outside.Check(_outside.Work, "new", "smos-app", "-n", "clash");
            File.WriteAllText(
                Path.Combine(clash, "clash.csproj"),
                File.ReadAllText(Path.Combine(clash, "clash.csproj")).Replace("<OutputType>Exe</OutputType>", "<OutputType>Exe</OutputType><SmosAppName>timer</SmosAppName>", StringComparison.Ordinal));
            (code, output) = _outside.Dotnet(clash, ["smos", "build"]);
            Assert.NotEqual(0, code);
            Assert.Contains("clash.csproj: app name \"timer\" is a system app's name: set <SmosAppName> in the project to another name", output, StringComparison.Ordinal);

            (code, output) = _outside.Dotnet(tally, ["smos", "test"], "SEL4_PREFIX");
            Assert.NotEqual(0, code);
            Assert.Contains("no seL4 kernel given: SmosSharp needs", output, StringComparison.Ordinal);
        }
        finally
        {
            WriteLog();
        }
    }

    [BootFact]
    public void TheSmosToolBootsTheFoldersAppsAndChecksItsDemo()
    {
        try
        {
            string system = Path.Combine(_outside.Work, "Counting");
            _outside.Check(_outside.Work, "new", "smos-system", "-n", "Counting");
            Assert.True(File.Exists(Path.Combine(system, "demos", "counting")), "the template's demo is named after the system");

            // The self-test image with the system (built from the tool's sources) plus this folder's apps, booted headless:
            // the template's demo runs the server and the client, and the root task judges it.
            string output = _outside.Check(system, "smos", "test");
            Assert.Contains("smos test: PASS", output, StringComparison.Ordinal);
            string log = File.ReadAllText(Path.Combine(system, "out", "boot.log"));
            Assert.Contains("SMOS-DEMO counting: PASS", log, StringComparison.Ordinal);
            Assert.Contains("the counter went 40, then 42", log, StringComparison.Ordinal);
            Assert.Contains("served 1 client(s); the counter is 42", log, StringComparison.Ordinal);

            // The product image with the folder's apps, on a terminal: smos.init started the server; the client is typed
            // at the shell's prompt, then poweroff ends QEMU (and the tool, with exit code 0).
            string run = _outside.Interact(
                system,
                ["smos", "run"],
                [("smos> ", "counting-client\r"), ("the counter went 40, then 42", "poweroff\r")]);
            Assert.Contains("SMOS-INIT: PASS", run, StringComparison.Ordinal);
            Assert.Contains("served 1 client(s); the counter is 42", run, StringComparison.Ordinal);
            Assert.Contains("SMOS-POWEROFF", run, StringComparison.Ordinal);
        }
        finally
        {
            WriteLog();
        }
    }

    private void WriteLog()
    {
        lock (_outside.Log)
        {
            foreach (string entry in _outside.Log)
            {
                _output.WriteLine(entry);
            }

            _outside.Log.Clear();
        }
    }

    /// <summary>The app SDK's ELF check (<see cref="AppSdkTests.CheckAppElf"/>) on a built file.</summary>
    private static void CheckAppElf(string path)
    {
        Assert.True(File.Exists(path), path + " was not built");
        AppSdkTests.CheckAppElf(File.ReadAllBytes(path));
    }
}
