// The system booted on the real seL4 kernel: the normal image passes, a panicking build fails with its location.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

[Collection(BuildsysCollection.Name)]
public sealed class BootTests
{
    private readonly ITestOutputHelper _output;

    public BootTests(ITestOutputHelper output) { _output = output; }

    /// <summary>The 1-based line of <paramref name="file"/> (repository-relative) that contains <paramref name="text"/>.</summary>
    private static int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Buildsys.RepoRoot, file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static string OutDir(string name) => Path.Combine(Buildsys.RepoRoot, "out", "tests", name);

    [BootFact]
    public void BootsOnSeL4AndPassesEveryCheck()
    {
        // The demos (apps/demos) add about 10 s of guest time; the margin is for slow machines.
        BuildsysRun run = Buildsys.Run("test", "--out", OutDir("normal"), "--timeout", "90");
        _output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SmosSharp loader: started at EL", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-BOOT: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-RUNTIME: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-IPC: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-PROC: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-SPAWN200: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("buildsys test: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.StdOut, StringComparison.Ordinal);

        // Each kind of fault is reported with the app's symbol, and the process reclaimed.
        Assert.Matches(@"FAULT pid=\d+ name=crash kind=VM fault pc=0x[0-9a-f]+ addr=0xdead0000 at \S*Crash__Main\+", run.StdOut);

        // ... and with the source line of the faulting read, from the DWARF line table of out/apps/crash.elf.
        int readLine = LineOf("apps/crash/Crash.cs", "Volatile.Read(ref *(ulong*)FaultAddress)");
        Assert.Matches(@"addr=0xdead0000 at \S*Crash__Main\+0x[0-9a-f]+ \(apps/crash/Crash\.cs:" + readLine + @"\)", run.StdOut);
        Assert.Contains("kind=user exception (undefined instruction)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("kind=unknown system call", run.StdOut, StringComparison.Ordinal);
        Assert.Contains(": 256 pages in all", run.StdOut, StringComparison.Ordinal); // the quota, with the pages the heap grew by
        Assert.Matches(@"hog: 40 KB of objects; the heap grew by [1-9]\d* pages", run.StdOut);

        // Every demo (apps/demos) passed: its deciding apps exited 0 and its objects and slots came back.
        Assert.Contains("SMOS-CHAOS: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO echo: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO pingpong: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO pubsub: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO rust-sel4-scenario: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO upper: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO bulk: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("bulk-client: 5 blocks of 4000 bytes through the shared page, sums and in-place changes correct; doorbell answered", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("ping: 100 round trips to pong, every reply correct", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("upper-client: 9 words came back uppercased through upper and echo", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("monitor a: saw ", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("monitor b: saw ", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("conn-check: 0 failures", run.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"chaos: \d+ requests \(3000 random\), replies by error: Ok=\d+", run.StdOut);
        Assert.Contains("chaos: 0 replies outside the protocol, 0 unexpected answers", run.StdOut, StringComparison.Ordinal);

        // Free memory and slots are back where they started: after the init apps, after each demo (every file in
        // apps/demos but its README) and after 200 spawn/exit rounds.
        int demos = Directory.GetFiles(Path.Combine(Buildsys.RepoRoot, "apps", "demos")).Count(f => !f.EndsWith("README.md", StringComparison.Ordinal));
        var figures = System.Text.RegularExpressions.Regex.Matches(
            run.StdOut, @"free untyped bytes before=(\d+) after=(\d+), free slots before=(\d+) after=(\d+)");
        Assert.Equal(2 + demos, figures.Count);
        foreach (System.Text.RegularExpressions.Match m in figures)
        {
            Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
            Assert.Equal(m.Groups[3].Value, m.Groups[4].Value);
        }
    }

    [BootFact]
    public void BootsWhenQemuStartsTheCpuAtEl2()
    {
        BuildsysRun run = Buildsys.Run("test", "--el2", "--out", OutDir("el2"), "--timeout", "60");
        _output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SmosSharp loader: started at EL2, running at EL1", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("buildsys test: PASS", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void APanickingRootTaskShowsMessageAndLocationAndFailsTheTest()
    {
        BuildsysRun run = Buildsys.Run("test", "--define", "SMOS_PANIC_TEST", "--out", OutDir("panic"), "--timeout", "60");
        _output.WriteLine(run.All);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("PANIC: index out of range", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("  at pc=0x", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("PanicTest__Run", run.All, StringComparison.Ordinal);
        int line = LineOf("servers/roottask/PanicTest.cs", "values[index] = 1;");
        Assert.Matches(@"(?m)=> \S*PanicTest__Run\+0x[0-9a-f]+ \(roottask\.elf, pc=0x[0-9a-f]+\) at servers/roottask/PanicTest\.cs:" + line + @"\r?$", run.StdOut);
        Assert.Contains("buildsys test: FAIL", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void TheBootArchiveInTheImageIsReadByGnuCpio()
    {
        string outDir = OutDir("archive");
        BuildsysRun image = Buildsys.Run("image", "--out", outDir);
        Assert.True(image.ExitCode == 0, image.All);
        string cpioFile = Path.Combine(outDir, "extracted.cpio");
        BuildsysRun extract = Buildsys.Run("archive", "extract", Path.Combine(outDir, "smos-image.elf"), "-o", cpioFile);
        Assert.True(extract.ExitCode == 0, extract.All);

        var psi = new ProcessStartInfo("cpio", "-t") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var cpio = Process.Start(psi)!;
        using (FileStream input = File.OpenRead(cpioFile))
        {
            input.CopyTo(cpio.StandardInput.BaseStream);
        }

        cpio.StandardInput.Close();
        string listing = cpio.StandardOutput.ReadToEnd();
        cpio.WaitForExit();
        _output.WriteLine(listing);
        Assert.Equal(0, cpio.ExitCode);
        Assert.Contains("kernel.elf", listing, StringComparison.Ordinal);
        Assert.Contains("roottask.elf", listing, StringComparison.Ordinal);
    }
}
