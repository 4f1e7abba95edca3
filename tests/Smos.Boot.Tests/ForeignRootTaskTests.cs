// The loader as a general tool: a root task that is not SmosSharp's (a few instructions of assembly) packed by `image --roottask` and booted by `run --image`.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

[Collection(BuildsysCollection.Name)]
public sealed class ForeignRootTaskTests
{
    /// <summary>What the root task prints through seL4_DebugPutChar.</summary>
    private const string Greeting = "foreign root task: hello from 0x400000 on seL4";

    /// <summary>
    /// The whole root task: seL4_DebugPutChar (x7 = -9, the character in x0, svc #0) for each byte of the greeting,
    /// then seL4_Yield (x7 = -7) forever. No stack, no data, no libsel4.
    /// </summary>
    private static string Source(string text) => $"""
            .text
            .globl _start
        _start:
            adr     x19, greeting
        1:  ldrb    w0, [x19], #1
            cbz     w0, 2f
            mov     x7, #-9
            svc     #0
            b       1b
        2:  mov     x7, #-7
            svc     #0
            b       2b
        greeting:
            .asciz  "{text}\n"
        """;

    private readonly ITestOutputHelper _output;

    public ForeignRootTaskTests(ITestOutputHelper output) { _output = output; }

    private static string OutDir => Path.Combine(Buildsys.RepoRoot, "out", "tests", "foreign");

    /// <summary>
    /// Assembles and links the root task that prints <paramref name="text"/> at 0x400000 with GNU binutils, as
    /// <paramref name="name"/>.elf; returns the ELF (and the object, for the error check).
    /// </summary>
    private static (string Elf, string Object) BuildRootTask(string name = "hello", string text = Greeting)
    {
        Directory.CreateDirectory(OutDir);
        string source = Path.Combine(OutDir, name + ".s");
        string obj = Path.Combine(OutDir, name + ".o");
        string elf = Path.Combine(OutDir, name + ".elf");
        File.WriteAllText(source, Source(text));
        RunTool("aarch64-linux-gnu-as", "-o", obj, source);
        RunTool("aarch64-linux-gnu-ld", "-z", "max-page-size=4096", "-Ttext=0x400000", "-e", "_start", "-o", elf, obj);
        return (elf, obj);
    }

    [BootFact]
    public void AnAssemblyRootTaskPackedWithTheLoaderPrintsThroughTheDebugConsole()
    {
        (string elf, _) = BuildRootTask();
        BuildsysRun image = Buildsys.Run("image", "--roottask", elf, "--out", OutDir);
        _output.WriteLine(image.All);
        Assert.Equal(0, image.ExitCode);
        Assert.Matches(@"root task +\d[\d,]* bytes loaded\n", image.StdOut);
        Assert.DoesNotMatch(@"(?m)^ +apps ", image.StdOut);

        // The boot archive holds the kernel, its DTB and the given ELF byte for byte.
        string archive = Path.Combine(OutDir, "hello.cpio");
        BuildsysRun extract = Buildsys.Run("archive", "extract", Path.Combine(OutDir, "smos-image.elf"), "-o", archive);
        Assert.Equal(0, extract.ExitCode);
        byte[] packed = File.ReadAllBytes(archive);
        byte[] given = File.ReadAllBytes(elf);
        Assert.True(packed.AsSpan().IndexOf(given) > 0, "the boot archive does not hold hello.elf unchanged");

        string serial = BootUntil(Path.Combine(OutDir, "smos-image.elf"), Greeting, TimeSpan.FromSeconds(90));
        _output.WriteLine(serial);
        Assert.Contains("SmosSharp loader: started at EL1", serial, StringComparison.Ordinal);
        Assert.Matches(@"loader: root task at 0x[0-9a-f]+-0x[0-9a-f]+ \(8192 bytes\)", serial); // the ELF header's page and the code's
        Assert.Contains("loader: entering seL4 at 0xffffff8040000000", serial, StringComparison.Ordinal);
        Assert.Contains("Booting all finished, dropped to user space", serial, StringComparison.Ordinal);
        Assert.Contains(Greeting + "\n", serial.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>
    /// `./smos run` ends by itself when the guest prints SMOS-POWEROFF at the start of a line (what the root task prints
    /// for the shell's poweroff): a root task that prints only that line, then yields forever, is booted with
    /// `run --image` and stdin at its end (as `./smos run &lt; /dev/null`).
    /// </summary>
    [BootFact]
    public void RunStopsQemuAndEndsWithZeroWhenTheGuestPrintsSmosPoweroff()
    {
        (string elf, _) = BuildRootTask("poweroff", "SMOS-POWEROFF");
        string outDir = OutDir + "-poweroff";
        BuildsysRun image = Buildsys.Run("image", "--roottask", elf, "--out", outDir);
        Assert.True(image.ExitCode == 0, image.All);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Buildsys.RepoRoot };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "smos.dll"), "run", "--image", Path.Combine(outDir, "smos-image.elf") })
        {
            psi.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using Process run = Process.Start(psi)!;
        run.StandardInput.Close();
        System.Threading.Tasks.Task<string> stdout = run.StandardOutput.ReadToEndAsync();
        System.Threading.Tasks.Task<string> stderr = run.StandardError.ReadToEndAsync();
        if (!run.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            run.Kill(entireProcessTree: true);
            Assert.Fail($"buildsys run did not end within 90 s of starting; it printed:\n{stdout.Result}{stderr.Result}");
        }

        _output.WriteLine($"{stdout.Result}{stderr.Result}ended after {clock.Elapsed.TotalSeconds:0.0} s with {run.ExitCode}");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Booting all finished, dropped to user space", stdout.Result, StringComparison.Ordinal);
        Assert.Contains("\nSMOS-POWEROFF\n", stdout.Result.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("the guest powered off (SMOS-POWEROFF): QEMU stopped", stderr.Result, StringComparison.Ordinal);
        Assert.DoesNotContain("terminating on signal", stderr.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectFileOrAMissingFileIsRefusedWithOneLine()
    {
        (_, string obj) = BuildRootTask();
        BuildsysRun notLinked = Buildsys.Run("image", "--roottask", obj, "--out", OutDir);
        Assert.Equal(2, notLinked.ExitCode);
        Assert.Contains("a relocatable object file (ET_REL), not an executable", notLinked.StdErr, StringComparison.Ordinal);
        Assert.Single(notLinked.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        BuildsysRun missing = Buildsys.Run("run", "--image", Path.Combine(OutDir, "no-such.elf"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such.elf: no such file", missing.StdErr, StringComparison.Ordinal);
    }

    /// <summary>`buildsys run --image IMAGE` with its serial output read until <paramref name="line"/> appears; then QEMU is stopped.</summary>
    private static string BootUntil(string image, string line, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Buildsys.RepoRoot,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "smos.dll"), "run", "--image", image })
        {
            psi.ArgumentList.Add(a);
        }

        var log = new StringBuilder();
        using var seen = new ManualResetEventSlim();
        using var run = new Process { StartInfo = psi };
        run.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.Append(e.Data).Append('\n');
            }

            if (e.Data.Contains(line, StringComparison.Ordinal))
            {
                seen.Set();
            }
        };
        run.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.Append(e.Data).Append('\n'); } } };
        run.Start();
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            bool found = seen.Wait(timeout);
            lock (log)
            {
                Assert.True(found, $"no \"{line}\" within {timeout.TotalSeconds} s; the boot printed:\n{log}");
                return log.ToString();
            }
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }

            run.WaitForExit();
        }
    }

    private static void RunTool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool} (apt-get install binutils-aarch64-linux-gnu)");
        string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed:\n{text}");
    }
}
