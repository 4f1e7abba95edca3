// The product's boot script: start every app of the init list (apps/init) in order, then only serve.
using System;
using Internal.Runtime;
using Smos.Formats;
using Smos.Protocol;

namespace Smos.RootTask.Processes;

/// <summary>Which lines of the init list <see cref="InitScript.StartInitList"/> starts.</summary>
internal enum InitLines
{
    All,
    Apps,
    Services,
}

/// <summary>
/// Starts the init list: lines "name arg1 arg2 ..." with '#' comments (a line starting with '&amp;' is a service, started
/// but not waited for), each spawned as a child of the root task and
/// announced as "init: start NAME as pid N"; each end is announced too. When every app it started has ended it
/// prints <c>SMOS-INIT: PASS</c> (all exited, whatever their codes) or <c>FAIL</c> (one could not start, faulted or
/// was killed), then <c>SMOS-DONE</c>, and the root task serves on.
/// Subclasses (the self-test's BootScript) replace what happens as apps end.
/// </summary>
internal class InitScript : ProcessScript
{
    /// <summary>Apps of the init list the product follows (more are not started).</summary>
    public const int MaxInitApps = 16;

    private readonly ulong[] _pids = new ulong[MaxInitApps];
    private int _started;
    private int _running;
    private bool _reported;
    private string? _failure;

    public InitScript(Spawner spawner)
    {
        Spawner = spawner;
        Supervisor = new Supervisor(spawner);
    }

    protected Spawner Spawner { get; }

    /// <summary>Restarts the services of the list that fault (docs/architecture.md, "The supervisor").</summary>
    public Supervisor Supervisor { get; }

    public override void Start()
    {
        if (!StartInitList(InitLines.All))
        {
            _failure = "an init app could not be started";
        }

        ReportWhenAllEnded();
    }

    /// <summary>Whether a line with these privileges and grant words is started (the self-test image leaves some out).</summary>
    protected virtual bool StartsLine(InitPrivileges privileges, ReadOnlySpan<byte> grantWords) => true;

    /// <summary>
    /// Spawns the apps of the init list that <paramref name="which"/> selects (a line starting with '&amp;' is a service,
    /// the others are apps); returns false if one could not be started. The script waits for the apps to end, never for
    /// the services (servers and drivers that serve as long as the system runs).
    /// </summary>

    protected bool StartInitList(InitLines which)
    {
        bool allStarted = true;
        ReadOnlySpan<byte> list = Spawner.Apps.InitList;
        Span<byte> args = stackalloc byte[256];
        int position = 0;
        while (InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
        {
            bool service = InitLine.IsService(ref line);
            if ((service && which == InitLines.Apps) || (!service && which == InitLines.Services))
            {
                continue;
            }

            if (!InitPrivilege.Take(ref line, out InitPrivileges privileges, out InitGrantSet grantable, out ReadOnlySpan<byte> badWord, out InitGrantError badGrant))
            {
                DebugConsole.Write("init: line skipped: \"");
                DebugConsole.Write(badWord);
                DebugConsole.Write("\" ");
                DebugConsole.WriteLine(InitPrivilege.DescribeRefusal(badGrant));
                allStarted = false;
                continue;
            }

            if (!InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes, out ReadOnlySpan<byte> quotaWord, out ReadOnlySpan<byte> grantWord) ||
                !StartsLine(privileges, grantWord))
            {
                continue;
            }

            if (!MayStartMore())
            {
                break;
            }

            RootError e = InitLine.QuotaOf(quotaWord, out ProcessQuota? quota, out InitQuotaError quotaError);
            InitGrantError grantError = InitGrantError.Ok;
            InitGrantSet grants = InitGrantSet.None;
            if (e == RootError.Ok)
            {
                e = InitLine.GrantsOf(grantWord, out grants, out grantError);
            }

            Process? p = null;
            if (e == RootError.Ok)
            {
                e = Spawner.Spawn(name, args.Slice(0, argBytes), 0, quota, grants, out p);
            }

            DebugConsole.Write("init: start ");
            DebugConsole.Write(name);
            if (p is null)
            {
                DebugConsole.Write(" failed: ");
                DebugConsole.WriteLine(quotaError != InitQuotaError.Ok ? InitQuota.Describe(quotaError) :
                    grantError != InitGrantError.Ok ? InitGrant.Describe(grantError) : ProcessAbi.Describe(e));
                allStarted = false;
                continue;
            }

            p.Privileges = privileges; // before its first request: the root task serves only once the list is started
            p.Grantable = grantable;
            DebugConsole.Write(" as pid ");
            DebugConsole.WriteDecimal(p.Pid);
            if (service)
            {
                DebugConsole.WriteLine(" (a service: not waited for)");
                Supervisor.Watch(name, args.Slice(0, argBytes), quota, grants, p);
                StartedService(p);
                continue;
            }

            DebugConsole.WriteChar('\n');
            Started(name, p);
        }

        return allStarted;
    }

    /// <summary>Asked before each app of the list is started; false stops the list there.</summary>
    protected virtual bool MayStartMore()
    {
        if (_started < MaxInitApps)
        {
            return true;
        }

        DebugConsole.WriteLine("init: more than 16 apps in the init list; the rest are not started");
        return false;
    }

    /// <summary>Called for each service started (a line starting with '&amp;').</summary>
    protected virtual void StartedService(Process p)
    {
    }

    /// <summary>Called for each app started.</summary>
    protected virtual void Started(ReadOnlySpan<byte> name, Process p)
    {
        _pids[_started++] = p.Pid;
        _running++;
    }

    public override void Ended(Process p, EndReason reason, long code)
    {
        if (Supervisor.Ended(p, reason))
        {
            PrintEnd(p, reason, code); // a service: Step restarts it if it faulted
            return;
        }

        for (int i = 0; i < _started; i++)
        {
            if (_pids[i] == p.Pid)
            {
                _pids[i] = 0;
                _running--;
                PrintEnd(p, reason, code);
                if (_failure is null && reason != EndReason.Exited)
                {
                    _failure = reason == EndReason.Panicked ? "an init app panicked" : "an init app faulted or was killed";
                }

                ReportWhenAllEnded();
                return;
            }
        }
    }

    /// <summary>"process N (name) exited with CODE; all its objects and slots are reclaimed" (or was killed, or faulted).</summary>
    protected static void PrintEnd(Process p, EndReason reason, long code)
    {
        DebugConsole.Write("process ");
        DebugConsole.WriteDecimal(p.Pid);
        DebugConsole.Write(" (");
        DebugConsole.Write(p.NameBytes);
        DebugConsole.Write(reason switch
        {
            EndReason.Exited => ") exited with ",
            EndReason.Killed => ") was killed, code ",
            EndReason.KilledByShell => ") was killed by the shell, code ",
            EndReason.Panicked => ") panicked and was ended, code ",
            _ => ") faulted and was killed, code ",
        });
        DebugConsole.WriteSigned(code);
        DebugConsole.WriteLine("; all its objects and slots are reclaimed");
    }

    private void ReportWhenAllEnded()
    {
        if (_running > 0 || _reported)
        {
            return;
        }

        _reported = true;
        if (_failure is null)
        {
            ResultLine.Pass("INIT");
        }
        else
        {
            ResultLine.Fail("INIT", _failure);
        }

        ResultLine.Done();
    }

    public override void Step()
    {
        while (Supervisor.Step(out _, out _))
        {
        }
    }
}
