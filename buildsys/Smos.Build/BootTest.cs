// `buildsys test`: boots the image headless, watches the serial protocol, writes out/boot.log and a summary.
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Serilog;

namespace Smos.Build;

/// <summary>Runs QEMU headless with stdout read line by line into a <see cref="SerialWatcher"/>.</summary>
internal static class BootTest
{
    /// <summary>Boots <see cref="Repo.ImagePath"/>, prints the guest output and the summary; 0 on PASS, 1 on FAIL.</summary>
    public static int Run(Repo repo, ImageSizes sizes, TimeSpan timeout, bool el2 = false)
    {
        string qemu = Toolchain.Require(Toolchain.Qemu);
        var info = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in Qemu.Headless(repo.ImagePath, el2))
        {
            info.ArgumentList.Add(arg);
        }

        Log.Information("booting: {Command} (timeout {Timeout} s)", ProcessRunner.FormatCommand(qemu, info.ArgumentList), timeout.TotalSeconds);
        var watcher = new SerialWatcher();
        var lines = new BlockingCollection<string?>();
        using var log = new StreamWriter(repo.BootLogPath) { AutoFlush = true };
        using var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Log.Warning("qemu: {Line}", e.Data);
            }
        };

        var clock = Stopwatch.StartNew();
        process.Start();
        using var guard = new ChildGuard(process, swallow: true);
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        var reader = new Thread(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                lines.Add(line);
            }

            lines.Add(null);
        }) { IsBackground = true, Name = "qemu-stdout" };
        reader.Start();

        TimeSpan? bootTime = null;
        TimeSpan deadline = timeout;
        bool grace = false;
        bool timedOut = false;
        bool eof = false;
        try
        {
            while (true)
            {
                TimeSpan remaining = deadline - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    timedOut = !grace;
                    break;
                }

                if (!lines.TryTake(out string? line, remaining))
                {
                    continue;
                }

                if (line is null)
                {
                    eof = true;
                    break;
                }

                TimeSpan at = clock.Elapsed;
                Echo(line, log);
                bool booted = watcher.SawBoot;
                WatchAction action = watcher.Feed(line);
                if (!booted && watcher.SawBoot)
                {
                    bootTime = at;
                }

                if (action == WatchAction.StopNow)
                {
                    break;
                }

                if (action == WatchAction.StopSoon && !grace)
                {
                    grace = true;
                    deadline = clock.Elapsed + SerialWatcher.Grace < deadline ? clock.Elapsed + SerialWatcher.Grace : deadline;
                }
            }
        }
        finally
        {
            guard.Kill();
            process.WaitForExit(5000);
        }

        // Lines QEMU wrote before it stopped still belong in the log.
        while (!eof && lines.TryTake(out string? rest, TimeSpan.FromSeconds(2)) && rest is not null)
        {
            Echo(rest, log);
            watcher.Feed(rest);
        }

        int? exitCode = eof && !guard.Interrupted && process.HasExited ? process.ExitCode : null;
        watcher.Finish(timedOut, exitCode);
        return Summarize(repo, watcher, sizes, bootTime, timeout, guard.Interrupted);
    }

    private static int Summarize(Repo repo, SerialWatcher watcher, ImageSizes sizes, TimeSpan? bootTime, TimeSpan timeout, bool interrupted)
    {
        TextWriter o = Console.Out;
        o.WriteLine();
        o.WriteLine("--- buildsys test summary ---");
        foreach (string result in watcher.Results)
        {
            o.WriteLine(result);
        }

        foreach (string expected in watcher.ExpectedPanics)
        {
            o.WriteLine($"expected panic: {expected}");
        }

        foreach (string fault in watcher.AppFaults)
        {
            o.WriteLine($"app fault (handled by the root task): {fault}");
        }

        foreach (string line in watcher.PanicLines)
        {
            o.WriteLine(line);
        }

        if (watcher.PanicPc is ulong pc)
        {
            o.WriteLine($"  => {Symbolize(repo, pc)}");
        }

        o.WriteLine(bootTime is TimeSpan t
            ? string.Create(CultureInfo.InvariantCulture, $"boot time: {t.TotalSeconds:0.000} s (QEMU start to the first SMOS-BOOT: line)")
            : "boot time: no SMOS-BOOT: line");
        o.WriteLine("sizes:");
        foreach (string line in sizes.Lines())
        {
            o.WriteLine(line);
        }

        o.WriteLine($"boot log: {repo.BootLogPath}");
        string? reason = interrupted ? "interrupted" : watcher.FailureReason;
        if (reason == "timeout before SMOS-DONE")
        {
            reason = $"timeout after {timeout.TotalSeconds} s before SMOS-DONE";
        }

        o.WriteLine(reason is null ? "buildsys test: PASS" : $"buildsys test: FAIL {reason}");
        return reason is null ? 0 : BuildsysException.TestFailure;
    }

    /// <summary>"symbol+0xoff (file)" for a panic pc, looked up in the root task, else the loader image.</summary>
    private static string Symbolize(Repo repo, ulong pc)
    {
        string hex = $"0x{pc:x}";
        foreach (string path in new[] { repo.ElfPath(Programs.RootTask), repo.ImagePath })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            ElfFile elf = ElfFile.Read(path);
            if (elf.Contains(pc) && elf.Symbolize(pc) is string symbol)
            {
                return $"{symbol} ({Path.GetFileName(path)}, pc={hex})";
            }
        }

        return $"no symbol for pc={hex}";
    }

    private static void Echo(string line, StreamWriter log)
    {
        Console.Out.WriteLine(line);
        log.WriteLine(line);
    }
}
