// smosh's commands: each built-in as a method, programs run in the foreground (Ctrl-C ends them) or in the background.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Services.Shell;

namespace Smos.Smosh;

/// <summary>
/// What smosh does for each <see cref="ShellCommand"/>. A built-in prints its results with <see cref="Out"/> (to the
/// console, or to the file of <c>&gt; FILE</c>: Shell.Output.cs) and its errors with <see cref="Error"/>, always on
/// the console, one line naming the command.
/// </summary>
internal sealed partial class Shell
{
    private readonly List<ulong> _background = new();

    // The command, its output already directed (Execute).
    private void Dispatch(ShellCommand c)
    {
        switch (c.Kind)
        {
            case ShellCommandKind.Nothing:
                return;
            case ShellCommandKind.Help:
                Help(c.Name);
                return;
            case ShellCommandKind.Ps:
                Ps();
                return;
            case ShellCommandKind.Run:
                Run(c.Name, c.Arguments, c.Background);
                return;
            case ShellCommandKind.Kill:
                RootError k = Process.Kill((ulong)c.Pid);
                if (k == RootError.Ok)
                {
                    Out($"killed {c.Pid}");
                }
                else
                {
                    Error($"kill: {c.Pid}: {Process.Describe(k)}");
                }

                return;
            case ShellCommandKind.Echo:
                Out(c.Text);
                return;
            case ShellCommandKind.Time:
                ulong start = Clock.Ticks;
                Dispatch(c.Timed!);
                Console.WriteLine("time: " + Seconds(Clock.Ticks - start) + " s"); // on the console, as sh's time on stderr
                return;
            case ShellCommandKind.Sleep:
                Sleep(c.Nanoseconds);
                return;
            case ShellCommandKind.Uptime:
                Out("up " + Seconds(Clock.Ticks) + " s");
                return;
            case ShellCommandKind.Conns:
            case ShellCommandKind.Topics:
            case ShellCommandKind.Mem:
                Status(c.Kind);
                return;
            case ShellCommandKind.Poweroff:
                Console.WriteLine("smosh: powering off");
                Console.Out.Flush();
                RootError p = SystemControl.PowerOff();
                Error($"poweroff: {Process.Describe(p)} (smosh needs may:shell in the init list)");
                return;
            default:
                FileCommand(c); // ls, cat, rm, mkdir, cp, mv, df, sync: Shell.Files.cs
                return;
        }
    }

    /// <summary>Waits for (reaps) the background programs that have ended, saying how each ended.</summary>
    public void ReapBackground()
    {
        for (int i = _background.Count - 1; i >= 0; i--)
        {
            ulong pid = _background[i];
            if (Process.TryGetInfo(pid, out ProcessInfo? info) == RootError.Ok && info!.State != ListedState.Zombie)
            {
                continue;
            }

            _background.RemoveAt(i);
            if (Process.Wait(pid, out long code) == RootError.Ok)
            {
                Console.WriteLine($"[{pid}] done: {Ended(code)}");
            }
        }
    }

    private void Help(string topic)
    {
        if (topic.Length > 0)
        {
            Out(ShellCommands.HelpLine(ShellCommands.IndexOf(topic)));
            return;
        }

        for (int i = 0; i < ShellCommands.Names.Length; i++)
        {
            Out(ShellCommands.HelpLine(i));
        }

        Out("Paths are absolute: /data/... (the disk), /boot/... (the programs, read-only); / holds the two.");
        Out("A built-in's output goes to a file with COMMAND > FILE (replaced) or COMMAND >> FILE (appended to).");
        Out("Line editing: backspace, Ctrl-U, up/down for history; Ctrl-C ends the foreground program.");
    }

    private void Ps()
    {
        Out("  PID  PARENT  STATE    MEMORY      NAME");
        foreach (ProcessInfo p in Process.List())
        {
            string state = p.State == ListedState.Zombie ? "ended" : "running";
            ulong kib = p.Used.Get(QuotaKind.Memory) / 1024;
            Out($"{p.Pid,5}  {p.ParentPid,6}  {state,-7}  {kib,7} KiB  {p.Name}");
        }
    }

    // A program: in the background its pid is kept for ReapBackground; in the foreground the console server may end
    // it on Ctrl-C while the shell waits for it.
    private void Run(string name, string[] arguments, bool background)
    {
        RootError e = Process.Spawn(name, arguments, out ulong pid);
        if (e != RootError.Ok)
        {
            Console.WriteLine(e == RootError.NoSuchApp
                ? $"no command or program \"{name}\" (help lists the commands, ls the programs)"
                : $"run: {name}: {Process.Describe(e)}");
            return;
        }

        if (background)
        {
            _background.Add(pid);
            Console.WriteLine($"[{pid}] {name} started in the background");
            return;
        }

        Terminal.SetForeground(pid);
        e = Process.Wait(pid, out long code);
        Terminal.SetForeground(0);
        if (e != RootError.Ok)
        {
            Console.WriteLine($"run: {name}: {Process.Describe(e)}");
        }
        else if (code != 0)
        {
            Console.WriteLine($"[{pid}] {name}: {Ended(code)}");
        }
    }

    private static void Sleep(ulong nanoseconds)
    {
        ulong ticks = (nanoseconds / 1000 * Clock.Frequency / 1_000_000) + 1;
        TimerError e = Clock.SleepTicks(ticks, out _);
        if (e != TimerError.Ok)
        {
            Error($"sleep: {TimerAbi.Describe(e)}");
        }
    }

    private void Status(ShellCommandKind kind)
    {
        RootError e = Process.GetSystemStatus(out SystemStatus s);
        if (e != RootError.Ok)
        {
            Error($"status: {Process.Describe(e)}");
            return;
        }

        if (kind == ShellCommandKind.Conns)
        {
            Out($"{s.Connections} connections open to {s.Publications} published names");
        }
        else if (kind == ShellCommandKind.Topics)
        {
            Out($"{s.Topics} topics, {s.Subscriptions} subscriptions");
        }
        else
        {
            ulong used = s.UntypedBytes - s.FreeUntypedBytes;
            Out($"memory: {used / 1024} KiB used, {s.FreeUntypedBytes / 1024} KiB free of {s.UntypedBytes / 1024} KiB; " +
                $"root task heap {s.HeapUsedBytes / 1024} of {s.HeapBytes / 1024} KiB; {s.Processes} processes, {s.MemoryObjects} memory objects");
        }
    }

    private static string Ended(long code) => code switch
    {
        ExitCodes.Killed => "killed",
        ExitCodes.Faulted => "faulted",
        _ => "exit code " + code,
    };

    // Counter ticks as seconds with three decimals.
    private static string Seconds(ulong ticks)
    {
        ulong ms = Clock.TicksToMilliseconds(ticks);
        return (ms / 1000) + "." + (ms % 1000).ToString("D3");
    }
}
