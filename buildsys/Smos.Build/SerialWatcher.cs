// The guest's serial line protocol: decides from the boot log alone whether a test run passed, failed or goes on.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>What the caller should do after a line.</summary>
internal enum WatchAction
{
    /// <summary>Keep reading.</summary>
    Continue,

    /// <summary>Read a little longer (about <see cref="SerialWatcher.Grace"/>) for the lines that explain a failure, then stop.</summary>
    StopSoon,

    /// <summary>Stop QEMU now.</summary>
    StopNow,
}

/// <summary>
/// Fed the guest's output line by line. Result lines are <c>SMOS-&lt;NAME&gt;: PASS</c> (or <c>SMOS-DEMO &lt;name&gt;: PASS</c>) or <c>SMOS-&lt;NAME&gt;: FAIL reason</c>,
/// <c>SMOS-DONE</c> ends a run, <c>PANIC: message</c> is followed by <c>  at file:line (member)</c> or <c>  at pc=0x...</c>,
/// and the kernel's own fault and halt messages fail the run. A panic announced just before by
/// <c>SMOS-EXPECT-PANIC: message</c> (same message) is deliberate and does not. Pure: no I/O, no clock.
/// </summary>
internal sealed partial class SerialWatcher
{
    /// <summary>How long to keep reading after a panic or kernel fault for its location lines.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static readonly string[] KernelFaultMarkers =
        ["vm fault", "cap fault", "fault on", "kernel panic", "halting", "seL4 failed assertion", "seL4 called fail"];

    private readonly List<string> _results = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _panic = [];
    private readonly List<string> _expectations = [];
    private readonly List<string> _expectedPanics = [];
    private bool _inExpectedPanic;

    /// <summary>The line that announces a deliberate panic: <c>SMOS-EXPECT-PANIC: &lt;the exact PANIC message&gt;</c>.</summary>
    public const string ExpectPanicPrefix = "SMOS-EXPECT-PANIC:";

    /// <summary>
    /// How the root task reports a fault of an app it caught on the app's fault endpoint, then killed and reclaimed
    /// (servers/roottask): <c>FAULT pid=N name=... kind=... pc=... addr=...</c>. The run goes on: the root task's
    /// own result lines decide whether that fault was expected (apps/crash faults on purpose).
    /// </summary>
    public const string AppFaultPrefix = "FAULT pid=";

    private readonly List<string> _appFaults = [];

    /// <summary>App faults the root task reported and handled (<see cref="AppFaultPrefix"/>); they do not fail the run.</summary>
    public IReadOnlyList<string> AppFaults => _appFaults;

    /// <summary>Announced panics that happened (message and location); they do not fail the run.</summary>
    public IReadOnlyList<string> ExpectedPanics => _expectedPanics;

    /// <summary>Every result line, in order.</summary>
    public IReadOnlyList<string> Results => _results;

    /// <summary>The names of failed checks with their reasons.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The PANIC line and its location lines.</summary>
    public IReadOnlyList<string> PanicLines => _panic;

    public int PassCount { get; private set; }

    public bool SawBoot { get; private set; }

    public bool SawDone { get; private set; }

    public string? PanicMessage { get; private set; }

    /// <summary>The code address of a <c>  at pc=0x...</c> panic location, if any.</summary>
    public ulong? PanicPc { get; private set; }

    /// <summary>The first kernel line that reported a fault or halt, if any.</summary>
    public string? KernelFault { get; private set; }

    /// <summary>Set by <see cref="Finish"/> when the run ended by timeout.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Set by <see cref="Finish"/> when QEMU exited by itself.</summary>
    public int? QemuExitCode { get; private set; }

    /// <summary>Processes one line of serial output (without the newline).</summary>
    public WatchAction Feed(string rawLine)
    {
        string line = Clean(rawLine);
        string trimmed = line.Trim();

        if (_inExpectedPanic)
        {
            _inExpectedPanic = false;
            if (trimmed.StartsWith("at ", StringComparison.Ordinal))
            {
                _expectedPanics[^1] += " " + trimmed;
                return Pending;
            }
        }

        if (PanicMessage is not null && trimmed.StartsWith("at ", StringComparison.Ordinal))
        {
            _panic.Add(line);
            Match pc = PcRegex().Match(trimmed);
            if (pc.Success)
            {
                PanicPc = ulong.Parse(pc.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            return WatchAction.StopNow;
        }

        // The first SMOS-BOOT: line marks the boot; it may also be a result line ("SMOS-BOOT: PASS").
        SawBoot |= trimmed.StartsWith("SMOS-BOOT:", StringComparison.Ordinal);

        if (trimmed == "SMOS-DONE")
        {
            SawDone = true;
            return WatchAction.StopNow;
        }

        if (trimmed.StartsWith(ExpectPanicPrefix, StringComparison.Ordinal))
        {
            _expectations.Add(trimmed[ExpectPanicPrefix.Length..].Trim());
            return Pending;
        }

        Match result = ResultRegex().Match(trimmed);
        if (result.Success)
        {
            _results.Add(trimmed);
            if (result.Groups[2].Value == "PASS")
            {
                PassCount++;
            }
            else
            {
                string reason = result.Groups[3].Value.Trim();
                _failures.Add(reason.Length == 0 ? result.Groups[1].Value : $"{result.Groups[1].Value} ({reason})");
            }

            return Pending;
        }

        if (trimmed.StartsWith("PANIC:", StringComparison.Ordinal) && PanicMessage is null)
        {
            string message = trimmed["PANIC:".Length..].Trim();
            int expected = _expectations.IndexOf(message);
            if (expected >= 0)
            {
                // Announced by the guest: a deliberate panic of one thread that the run survives.
                _expectations.RemoveAt(expected);
                _expectedPanics.Add(message);
                _inExpectedPanic = true;
                return Pending;
            }

            PanicMessage = message;
            _panic.Add(trimmed);
            return WatchAction.StopSoon;
        }

        if (trimmed.StartsWith(AppFaultPrefix, StringComparison.Ordinal))
        {
            _appFaults.Add(trimmed);
            return Pending;
        }

        if (KernelFault is null && IsKernelFault(trimmed))
        {
            KernelFault = trimmed;
            return WatchAction.StopSoon;
        }

        return Pending;
    }

    /// <summary>Records how the run ended: by timeout, or by QEMU exiting with a code (null if we stopped it).</summary>
    public void Finish(bool timedOut, int? qemuExitCode)
    {
        TimedOut = timedOut;
        QemuExitCode = qemuExitCode;
    }

    /// <summary>True when the run passed: a PASS, no FAIL, no panic, no kernel fault, and SMOS-DONE.</summary>
    public bool Passed => FailureReason is null;

    /// <summary>Why the run failed (null when it passed).</summary>
    public string? FailureReason
    {
        get
        {
            if (PanicMessage is not null)
            {
                return $"panic: {PanicMessage}";
            }

            if (KernelFault is not null)
            {
                return $"the kernel reported a fault: {KernelFault}";
            }

            if (_failures.Count > 0)
            {
                return $"{_failures.Count} check(s) failed: {string.Join(", ", _failures)}";
            }

            if (!SawDone)
            {
                if (TimedOut)
                {
                    return "timeout before SMOS-DONE";
                }

                return QemuExitCode is int code ? $"QEMU exited (code {code}) before SMOS-DONE" : "no SMOS-DONE line";
            }

            return PassCount == 0 ? "no SMOS-<NAME>: PASS line before SMOS-DONE" : null;
        }
    }

    /// <summary>True for the kernel's fault and halt messages (the markers case-insensitive, plus an upper-case "FAULT").</summary>
    public static bool IsKernelFault(string line)
    {
        if (line.Contains("FAULT", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string marker in KernelFaultMarkers)
        {
            if (line.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes ANSI escape sequences (the debug kernel prints in colour) and carriage returns.</summary>
    public static string Clean(string line) => AnsiRegex().Replace(line, string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal);

    // After a panic or fault, lines keep the stop pending rather than cancelling it.
    private WatchAction Pending => PanicMessage is not null || KernelFault is not null ? WatchAction.StopSoon : WatchAction.Continue;

    [GeneratedRegex(@"^SMOS-([A-Za-z0-9_.-]+(?: [A-Za-z0-9_.-]+)?): (PASS|FAIL)\b(.*)$")]
    private static partial Regex ResultRegex();

    [GeneratedRegex(@"^at pc=0x([0-9a-fA-F]+)")]
    private static partial Regex PcRegex();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiRegex();
}
