// `buildsys run --gdb`: QEMU waits for a debugger; a scripted gdb-multiarch session stops at the root task's entry.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

[Collection(BuildsysCollection.Name)]
public sealed partial class GdbTests
{
    private readonly ITestOutputHelper _output;

    public GdbTests(ITestOutputHelper output) { _output = output; }

    [BootFact]
    public void ScriptedGdbStopsAtTheRootTaskEntryAndPrintsABacktrace()
    {
        string gdb = FindOnPath("gdb-multiarch") ?? throw new InvalidOperationException("gdb-multiarch is missing: apt-get install gdb-multiarch");
        string outDir = Path.Combine(Buildsys.RepoRoot, "out", "tests", "gdb");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Buildsys.RepoRoot,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "smos.dll"), "run", "--gdb", "--out", outDir })
        {
            psi.ArgumentList.Add(a);
        }

        var log = new StringBuilder();
        string? gdbCommand = null;
        using var run = new Process { StartInfo = psi };
        using var ready = new ManualResetEventSlim();
        run.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            // The line after "QEMU waits for a debugger" is the exact command to run.
            if (e.Data.TrimStart().StartsWith("gdb-multiarch ", StringComparison.Ordinal))
            {
                gdbCommand = e.Data.Trim();
                ready.Set();
            }
        };
        run.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        run.Start();
        run.BeginErrorReadLine();
        run.BeginOutputReadLine();
        try
        {
            Assert.True(ready.Wait(TimeSpan.FromMinutes(3)), "buildsys run --gdb did not print a gdb-multiarch command:\n" + log);
            _output.WriteLine("buildsys printed: " + gdbCommand);

            // Run exactly the printed command, in batch mode, with a script that stops at the root task's C# entry.
            var g = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Buildsys.RepoRoot };
            g.ArgumentList.Add("-c");
            g.ArgumentList.Add(gdbCommand!.Replace("gdb-multiarch ", gdb + " -batch -ex 'set pagination off' ", StringComparison.Ordinal) +
                " -ex 'hbreak smos_main' -ex 'continue' -ex 'bt' -ex 'info registers pc' -ex 'kill'");
            using Process session = Process.Start(g)!;
            var gdbOut = session.StandardOutput.ReadToEndAsync();
            var gdbErr = session.StandardError.ReadToEndAsync();
            bool ended = session.WaitForExit(TimeSpan.FromMinutes(2));
            if (!ended)
            {
                session.Kill(entireProcessTree: true);
            }

            string text = gdbOut.Result + gdbErr.Result;
            Assert.True(ended, "gdb did not finish:\n" + text);
            _output.WriteLine(text);
            Assert.Matches(BreakpointHit(), text);
            Assert.Matches(Backtrace(), text);

            // The root task's ELF carries DWARF line tables (ILC -g): gdb shows the C# source line.
            Assert.Matches(@"at \S*servers/roottask/RootTask\.cs:\d+", text);
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    private static string? FindOnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Breakpoint 1, .*smos_main|Breakpoint 1, (0x[0-9a-f]+ in )?\S*RootTask__Main")]
    private static partial Regex BreakpointHit();

    [GeneratedRegex(@"#0 +.*(smos_main|RootTask__Main)")]
    private static partial Regex Backtrace();
}
