// Debugging an app with gdb (docs/debugging.md): `run --gdb` of a Debug build stops at a line of hello's Main, only there.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>
/// Boots the self-test image with only the hello demo (<c>buildsys run --gdb --demo hello --configuration Debug</c>), runs
/// the gdb-multiarch command buildsys printed in batch mode with a breakpoint on a line of apps/hello's Main, and checks
/// that the first stop is that line in hello (not in the root task or another process at the same address), that a
/// local prints its value, that the backtrace shows hello's frames, that the helper names the process and lists the
/// processes with their pids, and that smos-count counts the instructions of hello's exit by function and program.
/// </summary>
[Collection(BuildsysCollection.Name)]
public sealed partial class GdbAppTests(ITestOutputHelper output)
{
    /// <summary>The line of apps/hello/Hello.cs the breakpoint is on (found by its text, so an edit above it moves it along).</summary>
    public const string StopLine = "if (error != RootError.Ok || pid != Process.Pid)";

    [BootFact]
    public void GdbStopsAtALineOfAnAppsMainOnlyInThatAppAndShowsItsLocalsAndFrames()
    {
        string source = Path.Combine(Buildsys.RepoRoot, "apps", "hello", "Hello.cs");
        int line = Array.FindIndex(File.ReadAllLines(source), l => l.Contains(StopLine, StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, $"apps/hello/Hello.cs has no line \"{StopLine}\"");
        string outDir = Path.Combine(Buildsys.RepoRoot, "out", "tests", "gdb-app");
        int port = FreePort();

        using var run = new BuildsysGdbRun(["run", "--gdb", "--gdb-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--demo", "hello", "--configuration", "Debug", "--out", outDir]);
        string command = run.WaitForGdbCommand(TimeSpan.FromMinutes(5));
        output.WriteLine("buildsys printed: " + command);
        Assert.Equal($"gdb-multiarch -x {Path.Combine(outDir, "smos.gdb")}", command);

        string text = RunGdb(command, [
            $"break Hello.cs:{line}", "continue", "smos-where", "info locals", "print pid", "print error", "bt", "smos-ps",
            "break Smos_Lib_Smos_Lib_Process__Exit", "continue", $"smos-count {CountLimit}", "kill",
        ]);
        output.WriteLine(text);

        // The first stop is breakpoint 1 on that line, in hello: the root task and the other processes never ran there.
        Match stop = FirstStop().Match(text);
        Assert.True(stop.Success, "gdb did not stop at a breakpoint");
        Assert.Equal("1", stop.Groups["bp"].Value);
        Assert.Matches($@"Hello\.cs:{line}\b", stop.Value);
        Match where = Where().Match(text);
        Assert.True(where.Success, "smos-where did not name hello's process and thread");

        // Main's locals: the loop ran over the demo's two arguments (a b), the root task answered Ok and a pid.
        Assert.Matches(@"(?m)^\s*i = 2$", text);
        Assert.Matches(@"(?m)^\s*error = Ok$", text);
        Match pid = PrintedPid().Match(text);
        Assert.True(pid.Success, "print pid printed no number");
        Assert.True(ulong.Parse(pid.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "pid 0");
        Assert.Matches($@"(?m)^\s*pid = {pid.Groups[1].Value}$", text);
        // The process smos-where named is the one whose Main asked for its own pid.
        Assert.Equal(pid.Groups[1].Value, where.Groups["pid"].Value);
        Assert.Equal(pid.Groups[1].Value, where.Groups["thread"].Value);
        Assert.Matches(@"\$\d+ = Ok", text);

        // The backtrace starts in hello's Main, at that line, and goes on into hello's own start-up code.
        Assert.Matches($@"#0 +.*Hello.*Main.* at .*apps/hello/Hello\.cs:{line}", text);
        Assert.Matches(@"#1 +0x[0-9a-f]+ in ", text);

        // smos-ps: the processes by pid, hello among them as the one on the CPU, then the root task's own threads.
        Assert.Matches($@"(?m)^ +{pid.Groups[1].Value}  hello +running\* +100 +0x[0-9a-f]+ +hello$", text);
        Assert.Matches(@"(?m)^ +\d+  timer +\S+ +100 +0x[0-9a-f]+ +timer$", text);
        Assert.Matches(@"(?m)^ +-  rootserver +\S+ +255 +0x[0-9a-f]+ +roottask$", text);

        // smos-count in hello's Process.Exit (after Main returned): its Exit request, the kernel and the root task's end
        // of the process, one instruction at a time; Exit never returns, so it stops at its limit. Each function's
        // count, then each program's, which add up to the limit.
        Assert.Matches(@"(?m)^smos-count: Smos_Lib_Smos_Lib_Process__Exit in hello, until it returns to 0x[0-9a-f]+ \(at most \d+\)$", text);
        Assert.Matches($@"(?m)^ +{CountLimit}  in all: \S+ stopped after {CountLimit} instructions \(LIMIT\) without returning$", text);
        Assert.Matches(@"(?m)^ +\d+  hello +EL0  Smos_Lib_Smos_Lib_Process__Exit$", text);
        Assert.Matches(@"(?m)^ +\d+  kernel +EL1  \S+$", text);
        Assert.Matches(@"(?m)^ +\d+  roottask +EL0  Smos_RootTask\S+$", text);
        string programs = text[(text.IndexOf("  by program:", StringComparison.Ordinal) + 1)..];
        int total = ByProgram().Matches(programs[..programs.IndexOf(" in all:", StringComparison.Ordinal)]).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CountLimit, total);
    }

    private const int CountLimit = 5000;

    /// <summary>Runs the printed gdb command in batch mode with <paramref name="commands"/> after its own -x file.</summary>
    private static string RunGdb(string command, string[] commands)
    {
        var g = new ProcessStartInfo("gdb-multiarch") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Buildsys.RepoRoot };
        g.ArgumentList.Add("-batch");
        foreach (string word in command.Split(' ').Skip(1))
        {
            g.ArgumentList.Add(word);
        }

        foreach (string c in commands)
        {
            g.ArgumentList.Add("-ex");
            g.ArgumentList.Add(c);
        }

        using Process session = Process.Start(g)!;
        var stderr = new StringBuilder();
        session.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        session.BeginErrorReadLine();
        // Read asynchronously: a gdb that never stops (a breakpoint that is never hit) must time out, not block the read.
        System.Threading.Tasks.Task<string> stdout = session.StandardOutput.ReadToEndAsync();
        if (!session.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            session.Kill(entireProcessTree: true);
            throw new TimeoutException("gdb did not finish within 3 minutes:\n" + (stdout.Wait(TimeSpan.FromSeconds(10)) ? stdout.Result : ""));
        }

        session.WaitForExit();
        return stdout.Result + "\n--- stderr ---\n" + stderr;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Breakpoint (?<bp>\d+), [^\n]*\n?[^\n]*")]
    private static partial Regex FirstStop();

    [GeneratedRegex(@"pc 0x[0-9a-f]+ in hello; process hello pid (?<pid>\d+); seL4 thread ""hello\[(?<thread>\d+)\]""")]
    private static partial Regex Where();

    [GeneratedRegex(@"\$\d+ = (\d+)\b")]
    private static partial Regex PrintedPid();

    [GeneratedRegex(@"(?m)^ +(\d+)  \S+ +EL[01]$")]
    private static partial Regex ByProgram();
}

/// <summary><c>buildsys ARGS</c> in the background (QEMU waiting for gdb), its output kept; disposing ends it and QEMU.</summary>
internal sealed class BuildsysGdbRun : IDisposable
{
    private readonly Process _run;
    private readonly StringBuilder _log = new();
    private readonly ManualResetEventSlim _ready = new();
    private string? _command;

    public BuildsysGdbRun(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Buildsys.RepoRoot,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smos.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        _run = new Process { StartInfo = psi };
        _run.ErrorDataReceived += (_, e) => Take(e.Data);
        _run.OutputDataReceived += (_, e) => Take(e.Data);
        _run.Start();
        _run.BeginErrorReadLine();
        _run.BeginOutputReadLine();
    }

    /// <summary>The gdb-multiarch command line buildsys printed (the line after "QEMU waits for a debugger").</summary>
    public string WaitForGdbCommand(TimeSpan timeout)
    {
        if (!_ready.Wait(timeout))
        {
            lock (_log)
            {
                throw new TimeoutException($"buildsys did not print a gdb-multiarch command within {timeout.TotalMinutes} minutes:\n{_log}");
            }
        }

        return _command!;
    }

    public void Dispose()
    {
        if (!_run.HasExited)
        {
            _run.Kill(entireProcessTree: true);
        }

        _run.WaitForExit();
        _run.Dispose();
        _ready.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.TrimStart().StartsWith("gdb-multiarch ", StringComparison.Ordinal))
        {
            _command = line.Trim();
            _ready.Set();
        }
    }
}
