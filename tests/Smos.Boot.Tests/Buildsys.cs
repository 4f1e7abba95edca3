// Runs the buildsys tool (built beside these tests) as a separate process and captures what it prints.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Xunit;

namespace Smos.Boot.Tests;

public sealed record BuildsysRun(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}

public static class Buildsys
{
    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "SmosSharp.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("SmosSharp.sln not found above " + AppContext.BaseDirectory);
        }
    }

    // How long one buildsys command may take. An image build took over 5 minutes when `dotnet test` ran the analyzer and
    // code-generation test projects beside it on this 2-core machine (session 15); boots bound themselves (--timeout).
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public static BuildsysRun Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smos.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("buildsys " + string.Join(' ', args) + $" did not finish in {Limit.TotalMinutes} minutes");
        }

        p.WaitForExit();
        return new BuildsysRun(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>
/// Tests that run buildsys on the repository's own projects: their dotnet builds share the projects' bin/ and obj/
/// folders (a --define build rewrites the assemblies another build is about to read), so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BuildsysCollection
{
    public const string Name = "buildsys on the repository";
}
