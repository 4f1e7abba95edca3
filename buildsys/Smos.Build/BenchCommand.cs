// `buildsys bench`: build with SMOS_BENCH, boot on the benchmark kernel under QEMU with -icount, collect the
// SMOS-BENCH lines, print the table, goals and sizes, and write out/bench.json. See docs/performance.md.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Serilog;

namespace Smos.Build;

internal static class BenchCommand
{
    /// <summary>The define that makes the root task run the benchmarks instead of its checks and servers.</summary>
    public const string Define = "SMOS_BENCH";

    /// <summary>
    /// Deterministic instruction counts: with a fixed shift the PMU's instruction event counts exactly and virtual
    /// time follows instructions (1 ns each); sleep=off keeps waits from drifting between runs (docs/performance.md).
    /// </summary>
    public static readonly IReadOnlyList<string> IcountArgs = ["-icount", "shift=0,sleep=off"];

    public static readonly Option<int> Runs = new("--runs")
    {
        Description = "Boot the benchmark this many times (default 2) and check that every run gives the same instruction counts",
        DefaultValueFactory = _ => 2,
    };

    public static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "Seconds each run may take to reach SMOS-DONE",
        DefaultValueFactory = _ => 300,
    };

    /// <summary>The command; Cli adds the build and kernel options.</summary>
    public static Command Create()
    {
        var bench = new Command(
            "bench",
            $"Build with --define {Define}, boot on the benchmark kernel (${BenchKernelConfig.PrefixVariable} or --kernel) under QEMU -icount shift=0,sleep=off, " +
            "print instructions per operation (total, EL0, assembly floor, ratio), goals and image sizes; writes out/bench.json");
        bench.Options.Add(Runs);
        bench.Options.Add(Timeout);
        bench.SetAction(Commands.Bench);
        return bench;
    }

    /// <summary>Runs the command; 0 when every run produced rows without errors (and all runs agree).</summary>
    public static int Run(ParseResult parse, Repo repo, Func<Repo, bool, Pipeline> newPipeline)
    {
        string qemu = Toolchain.Require(Toolchain.Qemu);
        int runs = parse.GetValue(Runs);
        int seconds = parse.GetValue(Timeout);
        if (runs < 1 || seconds <= 0)
        {
            throw new BuildsysException($"--runs {runs} --timeout {seconds}: both must be positive");
        }

        KernelSelection kernel = LocateKernel(parse);
        Log.Information("benchmark kernel: {Kernel} ({Origin})", kernel.KernelPath, kernel.Origin);
        KernelConfig.Require(kernel.KernelPath, [.. KernelConfig.Common, KernelConfig.Printing, .. KernelConfig.ForBench]);
        BenchKernelConfig? config = BenchKernelConfig.Find(kernel.KernelPath);
        if (config?.DebugBuild == true)
        {
            Log.Warning("this is a debug kernel: every system call costs ~40 % more than on a release kernel; the figures are not comparable");
        }

        List<string> defines = [.. parse.GetValue(Cli.Defines) ?? []];
        if (!defines.Contains(Define))
        {
            defines.Add(Define);
        }

        ImageSizes image = newPipeline(repo, true).Image(defines, kernel);
        BenchSizes sizes = BenchSizes.Measure(repo, kernel.KernelPath, image.Apps.Select(a => a.Name));
        var results = new List<BenchResults>();
        string benchDisk = Path.Combine(repo.Out, Disk.BenchFileName);
        List<string> qemuArgs = [.. Qemu.Headless(repo.ImagePath, disk: benchDisk), .. IcountArgs];
        for (int i = 1; i <= runs; i++)
        {
            // A blank disk for each run (the file server formats it, as in a first boot): every run does the same work.
            Disk.Prepare(repo, Disk.DefaultMiB, reset: true, Disk.BenchFileName);
            string logPath = Path.Combine(repo.Out, i == 1 ? "bench.log" : $"bench-run{i}.log");
            Log.Information("run {Run}/{Runs}: {Command}", i, runs, ProcessRunner.FormatCommand(qemu, qemuArgs));
            BenchResults result = Boot(qemu, qemuArgs, TimeSpan.FromSeconds(seconds), logPath, out bool interrupted);
            results.Add(result);
            if (interrupted)
            {
                break;
            }
        }

        BenchResults first = results[0];
        bool? identical = null;
        var differences = new List<string>();
        if (results.Count > 1)
        {
            foreach (BenchResults other in results.Skip(1))
            {
                differences.AddRange(BenchResults.Differences(first, other));
            }

            identical = differences.Count == 0;
        }

        if (results.Count == runs && first.Errors.Count == 0)
        {
            // The key rows: the product image (shell, console, serial driver) with the same define, typed at once.
            Log.Information("key rows: building the product image with {Define}", Define);
            newPipeline(repo, false).Image(defines, kernel);
            string disk = Disk.Prepare(repo, Disk.DefaultMiB, reset: false); // the product's block driver wants one
            BenchTerminal.Run(qemu, [.. Qemu.Headless(repo.ImagePath, disk: disk), .. IcountArgs], TimeSpan.FromSeconds(seconds), Path.Combine(repo.Out, "bench-keys.log"), first);
        }

        TextWriter o = Console.Out;
        o.WriteLine();
        o.WriteLine("--- smos bench: instructions per operation (QEMU -icount shift=0,sleep=off) ---");
        foreach (string line in first.Table())
        {
            o.WriteLine(line);
        }

        o.WriteLine("storage throughput (apps/bench/FileRows.cs; the whole system's instructions):");
        foreach (string line in first.ThroughputTable())
        {
            o.WriteLine(line);
        }

        o.WriteLine("cost per object (apps/bench/CostRows.cs: 32 idle bench-peers, SystemStatus before and after):");
        foreach (string line in first.CostTable())
        {
            o.WriteLine(line);
        }

        o.WriteLine($"a spawn and an exit in the root task (servers/roottask SpawnProfile: {first.ProfiledSpawns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} rounds of apps/bench's bench-peer first profile, per process):");
        foreach (string line in first.SpawnPartTable())
        {
            o.WriteLine(line);
        }

        o.WriteLine("goals:");
        foreach (BenchGoal goal in first.Goals(sizes))
        {
            string verdict = goal.Met switch { true => "met", false => "MISSED", null => "not measured" };
            o.WriteLine($"  {goal.Name,-26}{goal.Limit,-34}{goal.Value,14}  {verdict}{(goal.Note.Length > 0 ? "  (" + goal.Note + ")" : "")}");
        }

        o.WriteLine("sizes (bytes):");
        foreach (string line in sizes.Lines())
        {
            o.WriteLine(line);
        }

        if (identical is bool same)
        {
            o.WriteLine(same ? $"runs: {results.Count}, instruction counts identical" : $"runs: {results.Count}, instruction counts DIFFER: {string.Join("; ", differences)}");
        }

        File.WriteAllText(JsonPath(repo), first.ToJson(new BenchContext(kernel.KernelPath, qemuArgs), sizes, results.Count, identical));
        o.WriteLine($"results: {JsonPath(repo)}");
        foreach (string error in results.SelectMany(r => r.Errors).Distinct())
        {
            o.WriteLine($"bench: {error}");
        }

        bool ok = results.All(r => r.Errors.Count == 0 && r.Rows.Count > 0) && identical != false && results.Count == runs;
        o.WriteLine(ok ? "smos bench: OK" : "smos bench: FAIL");
        return ok ? 0 : BuildsysException.TestFailure;
    }

    /// <summary>out/bench.json.</summary>
    public static string JsonPath(Repo repo) => Path.Combine(repo.Out, "bench.json");

    private static KernelSelection LocateKernel(ParseResult parse)
    {
        string? kernelOption = parse.GetValue(Cli.Kernel);
        string? prefix = Environment.GetEnvironmentVariable(BenchKernelConfig.PrefixVariable);
        if (kernelOption is null)
        {
            if (string.IsNullOrEmpty(prefix))
            {
                throw new BuildsysException(BenchKernelConfig.MissingKernelMessage);
            }

            if (!File.Exists(Path.Combine(prefix, "bin", "kernel.elf")))
            {
                throw new BuildsysException($"{BenchKernelConfig.PrefixVariable}={prefix} has no bin/kernel.elf: point it at the install prefix of {BenchKernelConfig.Requirement}");
            }
        }

        var options = new KernelOptions(kernelOption, parse.GetValue(Cli.Dtb), parse.GetValue(Cli.NoDtb));
        KernelSelection kernel = KernelLocator.Locate(options, prefix);
        return kernelOption is null ? kernel with { Origin = $"{BenchKernelConfig.PrefixVariable}={prefix}" } : kernel;
    }

    /// <summary>Boots once headless, echoes and logs the guest's lines, and collects its bench lines and failures.</summary>
    private static BenchResults Boot(string qemu, IReadOnlyList<string> args, TimeSpan timeout, string logPath, out bool interrupted)
    {
        var results = new BenchResults();
        var watcher = new SerialWatcher();
        using var log = new StreamWriter(logPath) { AutoFlush = true };
        using QemuSession session = QemuSession.Start(qemu, args);

        TimeSpan deadline = timeout;
        bool stoppedEarly = false;
        try
        {
            while (session.TryReadLine(deadline, out string line))
            {
                if (Feed(line, log, watcher, results) == WatchAction.StopNow)
                {
                    stoppedEarly = true;
                    break;
                }

                if (watcher.PanicMessage is not null || watcher.KernelFault is not null)
                {
                    TimeSpan grace = session.Clock.Elapsed + SerialWatcher.Grace;
                    deadline = grace < deadline ? grace : deadline;
                }
            }
        }
        finally
        {
            session.Stop();
        }

        bool timedOut = !stoppedEarly && !session.Ended && watcher.PanicMessage is null && watcher.KernelFault is null;
        while (!session.Ended && session.TryReadRest(out string rest))
        {
            Feed(rest, log, watcher, results);
        }

        interrupted = session.Interrupted;
        Log.Information("run took {Seconds:0.0} s", session.Clock.Elapsed.TotalSeconds);
        Judge(watcher, results, timedOut, interrupted, timeout);
        return results;
    }

    private static WatchAction Feed(string line, StreamWriter log, SerialWatcher watcher, BenchResults results)
    {
        Console.Out.WriteLine(line);
        log.WriteLine(line);
        results.Feed(line);
        if (BenchFaults.Explain(line) is string why)
        {
            results.AddError(why);
        }

        return watcher.Feed(line);
    }

    /// <summary>Turns what the serial watcher saw into errors: failed checks, panics, kernel faults, no SMOS-DONE.</summary>
    internal static void Judge(SerialWatcher watcher, BenchResults results, bool timedOut, bool interrupted, TimeSpan timeout)
    {
        foreach (string failure in watcher.Failures)
        {
            results.AddError($"check failed: {failure}");
        }

        if (watcher.PanicMessage is not null)
        {
            results.AddError($"panic: {watcher.PanicMessage}");
        }

        bool explained = results.Errors.Any(e => e.Contains("EC 0x18", StringComparison.Ordinal));
        if (watcher.KernelFault is not null && !explained)
        {
            results.AddError($"kernel reported a fault: {watcher.KernelFault}");
        }

        if (interrupted)
        {
            results.AddError("interrupted");
        }
        else if (!watcher.SawDone && watcher.PanicMessage is null && watcher.KernelFault is null)
        {
            results.AddError(timedOut ? $"no SMOS-DONE within {timeout.TotalSeconds} s" : "QEMU stopped before SMOS-DONE");
        }

        if (watcher.SawDone && results.Rows.Count > 1 && results.Rows.Skip(1).All(r => r.Total == 0))
        {
            results.AddError("every counter read 0: the instruction event does not count (QEMU needs -icount shift=0, not shift=auto)");
        }
    }
}
