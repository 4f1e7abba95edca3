// The process table: records that grow with demand, pids that are never reused, O(1) lookup by pid, and the process tree.
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

/// <summary>
/// Every process record, live, zombie or free. Records are made when more are needed than ever before and reused after
/// (a freed record goes on a stack of free ones), so spawning at a population reached before allocates nothing. A pid
/// finds its record through a hash map (<see cref="WordHashMap"/>, O(1) expected); the map holds exactly the live
/// processes and zombies. No compile-time maximum: the bounds are the 48-bit pid (<see cref="MaxPid"/>, never reused)
/// and, so that one app cannot take every process the memory holds, <see cref="MaxPerTree"/> records per process tree
/// (a process started by the root task and everything started on its behalf, zombies included).
/// </summary>
internal sealed class ProcessTable
{
    /// <summary>
    /// The largest pid. Pids count up from 1 and are never given out twice (2^48 - 1 spawns would take centuries), so a
    /// pid always names one process: never another live process's or a zombie's, and never again after it is reaped.
    /// </summary>
    public const ulong MaxPid = Badges.PidMask;

    /// <summary>
    /// Live processes and zombies one process tree may hold (its <see cref="Process.Group"/>: the process the root task
    /// started and all its descendants and orphans). A spawn past it is TooManyProcesses. A stand-in for per-process
    /// quotas (issue 15, item 3).
    /// </summary>
    public const int MaxPerTree = 64;

    private Process[] _records;
    private int _created;
    private int[] _free;
    private int _freeCount;
    private readonly WordHashMap _byPid;
    private readonly WordHashMap _perTree = new();
    private ulong _nextPid = 1;

    /// <summary>A table with <paramref name="initialRecords"/> records made up front (more are made when needed).</summary>
    public ProcessTable(int initialRecords)
    {
        initialRecords = initialRecords < 1 ? 1 : initialRecords;
        _records = new Process[initialRecords];
        _free = new int[initialRecords];
        _byPid = new WordHashMap(initialRecords);
        for (int i = 0; i < initialRecords; i++)
        {
            MakeRecord();
        }
    }

    /// <summary>Records in the table (live, zombie and free); indexes 0 .. Capacity-1 for <see cref="At"/>.</summary>
    public int Capacity => _created;

    /// <summary>Live processes and zombies.</summary>
    public int Count => _byPid.Count;

    /// <summary>The most live processes and zombies held at once since <see cref="ResetPeak"/>.</summary>
    public int Peak { get; private set; }

    public void ResetPeak() => Peak = Count;

    /// <summary>Record <paramref name="index"/> (0 .. Capacity-1), whatever its state.</summary>
    public Process At(int index) => _records[index];

    /// <summary>Live processes and zombies of the tree <paramref name="group"/>.</summary>
    public int InTree(ulong group) => _perTree.Get(group);

    /// <summary>
    /// A free record with a new pid, child of <paramref name="parentPid"/> (0: the root task) and in its tree; null when
    /// the parent's tree holds <see cref="MaxPerTree"/>, the root task's heap cannot grow, or (in theory) the pids ran out.
    /// </summary>
    public Process? Take(ulong parentPid = 0)
    {
        Process? parent = Find(parentPid);
        if (_nextPid > MaxPid || (parent is not null && InTree(parent.Group) >= MaxPerTree))
        {
            return null;
        }

        if (_freeCount == 0)
        {
            try
            {
                MakeRecord();
            }
            catch (System.OutOfMemoryException)
            {
                return null;
            }
        }

        // The map may grow: do it before the record is taken, so a failure leaves the table as it was.
        ulong pid = _nextPid;
        try
        {
            _byPid.Set(pid, _free[_freeCount - 1]);
            _perTree.AddTo(parent is null ? pid : parent.Group, 1);
        }
        catch (System.OutOfMemoryException)
        {
            _byPid.Remove(pid);
            return null;
        }

        Process p = _records[_free[--_freeCount]];
        p.Reset();
        p.Pid = pid;
        p.ParentPid = parentPid;
        p.Group = parent is null ? pid : parent.Group;
        _nextPid++;
        Peak = Count > Peak ? Count : Peak;
        return p;
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
        for (int hops = 0; at is not null && hops <= _created; hops++)
        {
            if (at.Pid == ancestorPid)
            {
                return true;
            }

            at = at.ParentPid == 0 ? null : FindWithZombies(at.ParentPid);
        }

        return false;
    }

    /// <summary>Called by <see cref="Process.Reset"/> of a record that held a pid: the pid and the record are free again.</summary>
    internal void Released(Process p)
    {
        if (_byPid.TryGet(p.Pid, out int index) && _records[index] == p)
        {
            _byPid.Remove(p.Pid);
            _perTree.AddTo(p.Group, -1);
            _free[_freeCount++] = index; // room for every record: the stack grows with them
        }
    }

    private void MakeRecord()
    {
        if (_created == _records.Length)
        {
            // Both arrays first, then the record: a failure leaves the table as it was.
            var records = new Process[_records.Length * 2];
            var free = new int[_records.Length * 2];
            System.Array.Copy(_records, records, _created);
            System.Array.Copy(_free, free, _freeCount);
            _records = records;
            _free = free;
        }

        var p = new Process { Table = this, TableIndex = _created };
        p.Reset();
        _records[_created] = p;
        _free[_freeCount++] = _created++;
    }

    private Process? Find(ulong pid, bool zombies)
    {
        if (pid == 0 || !_byPid.TryGet(pid, out int index))
        {
            return null;
        }

        Process p = _records[index];
        return p.Pid == pid && (p.State == ProcessState.Running || (zombies && p.State == ProcessState.Zombie)) ? p : null;
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
