// The root task's supervisor: restarts an init-list service that faulted, from the same line with the same grants, within a limit.
using System;
using Smos.Formats;
using Smos.Protocol;

namespace Smos.RootTask.Processes;

/// <summary>
/// Watches the services of the init list (lines starting with '&amp;'; docs/architecture.md, "The supervisor"). When
/// one faults or panics, <see cref="RestartPolicy"/> decides: it is started again from its line (name, arguments, quota
/// and grants) once the root task has reclaimed it (<see cref="Step"/>, after the message that ended it, so its
/// interrupt and device pages are free again), with a line
/// <c>supervisor: NAME[PID] faulted, restart K of LIMIT as pid P</c>; past the limit, <c>supervisor: NAME gave up after
/// K restarts</c>, and it stays down. Its clients learn of each end as of any server's (their connections close with an
/// event, a call in progress gets ServerGone) and open the name again once the new process has published it.
/// </summary>
internal sealed class Supervisor
{
    /// <summary>Services one supervisor watches (more are started, not supervised).</summary>
    public const int MaxServices = 16;

    private const int MaxArgBytes = 256;
    private readonly Spawner _spawner;
    private readonly Service[] _services = new Service[MaxServices];
    private int _count;
    private int _pending; // services whose restart (or giving up) Ended decided and Step has not made yet

    public Supervisor(Spawner spawner)
    {
        _spawner = spawner;
        for (int i = 0; i < MaxServices; i++)
        {
            _services[i] = new Service();
        }
    }

    /// <summary>Services watched (given up on or not).</summary>
    public int Count => _count;

    /// <summary>Restarts made by all services together.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Watches <paramref name="p"/>, just started from an init line with <paramref name="name"/>, <paramref name="args"/>,
    /// <paramref name="quota"/> and <paramref name="grants"/> (copied: restarts use them, and give the restarted process
    /// the privileges <paramref name="p"/> holds now: set them before watching). False when the table is full or
    /// the arguments are too long to keep: the service runs unsupervised.
    /// </summary>
    public bool Watch(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ProcessQuota? quota, in InitGrantSet grants, Process p, int limit = RestartPolicy.DefaultLimit)
    {
        if (_count == MaxServices || name.Length > Process.MaxNameBytes || args.Length > MaxArgBytes)
        {
            return false;
        }

        Service s = _services[_count++];
        name.CopyTo(s.Name);
        s.NameLength = name.Length;
        args.CopyTo(s.Args);
        s.ArgBytes = args.Length;
        s.Quota = quota;
        s.Grants = grants;
        s.Privileges = p.Privileges;
        s.Grantable = p.Grantable;
        s.Pid = p.Pid;
        s.Policy = new RestartPolicy(limit);
        s.Pending = false;
        return true;
    }

    /// <summary>The pid a watched service runs as now (its latest restart), or 0.</summary>
    public ulong PidOf(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < _count; i++)
        {
            if (name.SequenceEqual(_services[i].NameBytes))
            {
                return _services[i].Pid;
            }
        }

        return 0;
    }

    /// <summary>
    /// A process ended (the observer's Ended, before it is reclaimed): true when it is a watched service. A restart or
    /// giving up is only decided here; <see cref="Step"/> makes it and says so (after the process's own end line).
    /// </summary>
    public bool Ended(Process p, EndReason reason)
    {
        for (int i = 0; i < _count; i++)
        {
            Service s = _services[i];
            if (s.Pid != p.Pid || s.Pending)
            {
                continue;
            }

            RestartDecision d = s.Policy.Decide(reason);
            s.Pending = d != RestartDecision.None;
            _pending += s.Pending ? 1 : 0;
            s.EndedAs = reason;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Makes one restart decided by <see cref="Ended"/>, or says one gave up (call after every message; the ended process
    /// is reclaimed by then): false when none was pending. <paramref name="oldPid"/> is the pid that ended and
    /// <paramref name="restarted"/> its successor, or null when it gave up or the restart failed (said in a line; the
    /// service then stays down).
    /// </summary>
    public bool Step(out ulong oldPid, out Process? restarted)
    {
        oldPid = 0;
        restarted = null;
        if (_pending == 0)
        {
            return false; // the common case, after every request: nothing to restart, no walk over the services
        }

        for (int i = 0; i < _count; i++)
        {
            Service s = _services[i];
            if (!s.Pending)
            {
                continue;
            }

            s.Pending = false;
            _pending--;
            oldPid = s.Pid;
            if (s.Policy.Done)
            {
                Write(s.NameBytes);
                _spawner.Kernel.Write(" gave up after ");
                _spawner.Kernel.WriteDecimal((ulong)s.Policy.Restarts);
                _spawner.Kernel.Write(" restarts\n");
                return true;
            }

            RootError e = _spawner.Spawn(s.NameBytes, new ReadOnlySpan<byte>(s.Args, 0, s.ArgBytes), 0, s.Quota, s.Grants, out restarted);
            Write(s.NameBytes);
            _spawner.Kernel.Write("[");
            _spawner.Kernel.WriteDecimal(oldPid);
            _spawner.Kernel.Write(s.EndedAs == EndReason.Panicked ? "] panicked, restart " : s.EndedAs == EndReason.KilledByShell ? "] was killed by the shell, restart " : "] faulted, restart ");
            _spawner.Kernel.WriteDecimal((ulong)s.Policy.Restarts);
            _spawner.Kernel.Write(" of ");
            _spawner.Kernel.WriteDecimal((ulong)s.Policy.Limit);
            if (restarted is null)
            {
                _spawner.Kernel.Write(" failed: ");
                _spawner.Kernel.Write(ProcessAbi.Describe(e));
                _spawner.Kernel.Write("; it stays down\n");
                s.Pid = 0;
                return true;
            }

            restarted.Privileges = s.Privileges; // before its first request (served after this step)
            restarted.Grantable = s.Grantable;
            _spawner.Kernel.Write(" as pid ");
            _spawner.Kernel.WriteDecimal(restarted.Pid);
            _spawner.Kernel.Write("\n");
            s.Pid = restarted.Pid;
            Restarts++;
            return true;
        }

        return false;
    }

    private void Write(ReadOnlySpan<byte> name)
    {
        _spawner.Kernel.Write("supervisor: ");
        _spawner.Kernel.Write(name);
    }

    // One watched service: its init line (kept for restarts), its pid now and its policy.
    private sealed class Service
    {
        public readonly byte[] Name = new byte[Process.MaxNameBytes];
        public readonly byte[] Args = new byte[MaxArgBytes];
        public int NameLength;
        public int ArgBytes;
        public ProcessQuota? Quota;
        public InitGrantSet Grants;
        public Smos.Formats.InitPrivileges Privileges;
        public InitGrantSet Grantable = InitGrantSet.None;
        public ulong Pid;
        public RestartPolicy Policy = new();
        public bool Pending;
        public EndReason EndedAs;

        public ReadOnlySpan<byte> NameBytes => new(Name, 0, NameLength);
    }
}
