// `buildsys test`: boots the image headless, watches the serial protocol, writes out/boot.log and a summary.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    public static int Run(Repo repo, ImageSizes sizes, TimeSpan timeout, bool el2 = false, string? disk = null)
    {
        string qemu = Toolchain.Require(Toolchain.Qemu);
        Log.Information("timeout {Timeout} s", timeout.TotalSeconds);
        var watcher = new SerialWatcher();
        SourceLines sources = SourceLines.ForRepo(repo);
        using var log = new StreamWriter(repo.BootLogPath) { AutoFlush = true };
        using QemuSession session = QemuSession.Start(qemu, Qemu.Headless(repo.ImagePath, el2, disk));

        TimeSpan? bootTime = null;
        TimeSpan deadline = timeout;
        bool grace = false;
        bool stoppedEarly = false;
        try
        {
            while (session.TryReadLine(deadline, out string raw))
            {
                TimeSpan at = session.Clock.Elapsed;
                string line = sources.Annotate(raw);
                Echo(line, log);
                bool booted = watcher.SawBoot;
                WatchAction action = watcher.Feed(line);
                if (!booted && watcher.SawBoot)
                {
                    bootTime = at;
                }

                if (action == WatchAction.StopNow)
                {
                    stoppedEarly = true;
                    break;
                }

                if (action == WatchAction.StopSoon && !grace)
                {
                    grace = true;
                    TimeSpan soon = session.Clock.Elapsed + SerialWatcher.Grace;
                    deadline = soon < deadline ? soon : deadline;
                }
            }
        }
        finally
        {
            session.Stop();
        }

        // The loop ends on StopNow, at the end of QEMU's output, or at the deadline; only the last without grace is a timeout.
        bool timedOut = !stoppedEarly && !session.Ended && !grace;

        // Lines QEMU wrote before it stopped still belong in the log.
        while (!session.Ended && session.TryReadRest(out string raw))
        {
            string rest = sources.Annotate(raw);
            Echo(rest, log);
            watcher.Feed(rest);
        }

        int? exitCode = session.ExitCode;
        watcher.Finish(timedOut, exitCode);
        return Summarize(repo, sources, watcher, sizes, bootTime, timeout, session.Interrupted);
    }

    private static int Summarize(
        Repo repo, SourceLines sources, SerialWatcher watcher, ImageSizes sizes, TimeSpan? bootTime, TimeSpan timeout, bool interrupted)
    {
        TextWriter o = Console.Out;
        o.WriteLine();
        o.WriteLine("--- smos test summary ---");
        foreach (string result in watcher.Results)
        {
            o.WriteLine(result);
        }

        foreach (string expected in watcher.ExpectedPanics)
        {
            o.WriteLine($"expected panic: {expected}");
        }

        foreach (string line in AppFaultLines(watcher.AppFaults))
        {
            o.WriteLine(line);
        }

        foreach (string line in watcher.PanicLines)
        {
            o.WriteLine(line);
        }

        if (watcher.PanicPc is ulong pc)
        {
            o.WriteLine($"  => {Symbolize(repo, sources, pc)}");
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

        o.WriteLine(reason is null ? "smos test: PASS" : $"smos test: FAIL {reason}");
        return reason is null ? 0 : BuildsysException.TestFailure;
    }

    /// <summary>The most app faults the summary lists one by one (the soak demo alone has 1,000; the log has them all).</summary>
    public const int SummaryAppFaults = 20;

    /// <summary>
    /// The summary's lines for the app faults the root task handled: the first <see cref="SummaryAppFaults"/>, then one
    /// line with how many more there were (each is in the boot log, where it happened).
    /// </summary>
    public static IEnumerable<string> AppFaultLines(IReadOnlyList<string> faults)
    {
        for (int i = 0; i < faults.Count && i < SummaryAppFaults; i++)
        {
            yield return $"app fault (handled by the root task): {faults[i]}";
        }

        if (faults.Count > SummaryAppFaults)
        {
            yield return $"app faults (handled by the root task): {faults.Count - SummaryAppFaults} more, {faults.Count} in all (the boot log has each)";
        }
    }

    /// <summary>
    /// "symbol+0xoff (file, pc=...)" for a panic pc, looked up in the root task, else the loader image, then " at
    /// source:line" when the DWARF line table has it. The pc is a return address (the call's lr): its call is at pc-4.
    /// </summary>
    private static string Symbolize(Repo repo, SourceLines sources, ulong pc)
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
                string? source = pc >= 4 ? sources.Lookup(path, pc - 4) : null;
                return $"{symbol} ({Path.GetFileName(path)}, pc={hex})" + (source is null ? "" : $" at {source}");
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
