// The process table: preallocated records, pids that are never reused, lookup by pid, and the process tree.
namespace Smos.RootTask.Processes;

internal sealed class ProcessTable
{
    /// <summary>
    /// The largest pid. Pids count up from 1 and are never given out twice (2^48 - 1 spawns would take centuries), so a
    /// pid always names one process: never another live process's or a zombie's, and never again after it is reaped.
    /// </summary>
    public const ulong MaxPid = Badges.PidMask;

    private readonly Process[] _records;
    private ulong _nextPid = 1;

    public ProcessTable(int capacity)
    {
        _records = new Process[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _records[i] = new Process();
            _records[i].Reset();
        }
    }

    /// <summary>Records in the table (live, zombie and free).</summary>
    public int Capacity => _records.Length;

    /// <summary>Record <paramref name="index"/> (0 .. Capacity-1), whatever its state.</summary>
    public Process At(int index) => _records[index];

    /// <summary>A free record with a new pid, or null when the table is full (or, in theory, the pids ran out).</summary>
    public Process? Take()
    {
        if (_nextPid > MaxPid)
        {
            return null;
        }

        for (int i = 0; i < _records.Length; i++)
        {
            Process p = _records[i];
            if (p.State == ProcessState.Free)
            {
                p.Reset();
                p.Pid = _nextPid++;
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// Makes <paramref name="next"/> the next pid if it is above every pid given so far (the self-test uses it to run
    /// its demos with pids past 16 bits); pids never go back.
    /// </summary>
    public void SkipPidsTo(ulong next)
    {
        if (next > _nextPid && next <= MaxPid)
        {
            _nextPid = next;
        }
    }

    /// <summary>The live process with <paramref name="pid"/>, or null (zombies are not live).</summary>
    public Process? Find(ulong pid) => Find(pid, zombies: false);

    /// <summary>The live process or zombie with <paramref name="pid"/>, or null.</summary>
    public Process? FindWithZombies(ulong pid) => Find(pid, zombies: true);

    /// <summary>True when <paramref name="p"/> is <paramref name="ancestorPid"/> itself or one of its descendants.</summary>
    public bool IsInSubtree(Process p, ulong ancestorPid)
    {
        Process? at = p;

        // A parent link never points at a later pid, so the walk ends; the bound guards against a corrupt table.
        for (int hops = 0; at is not null && hops <= _records.Length; hops++)
        {
            if (at.Pid == ancestorPid)
            {
                return true;
            }

            at = at.ParentPid == 0 ? null : FindWithZombies(at.ParentPid);
        }

        return false;
    }

    private Process? Find(ulong pid, bool zombies)
    {
        if (pid == 0)
        {
            return null;
        }

        for (int i = 0; i < _records.Length; i++)
        {
            Process p = _records[i];
            if (p.Pid == pid && (p.State == ProcessState.Running || (zombies && p.State == ProcessState.Zombie)))
            {
                return p;
            }
        }

        return null;
    }
}

/// <summary>
/// Endpoint badges the root task mints for processes on its endpoint: the pid in the low 48 bits, plus a bit for the
/// fault endpoint (seL4 badges are 64 bits on AArch64).
/// </summary>
internal static class Badges
{
    public const ulong FaultFlag = 1UL << 48;
    public const ulong PidMask = FaultFlag - 1;

    public static ulong Request(ulong pid) => pid;

    public static ulong Fault(ulong pid) => pid | FaultFlag;
}
