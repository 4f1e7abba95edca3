// The process table: records that grow with demand, pids that are never reused, O(1) lookup by pid, and the process tree.
using Smos.Protocol;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

/// <summary>
/// Every process record, live, zombie or free. Records are made when more are needed than ever before and reused after
/// (a freed record goes on a stack of free ones), so spawning at a population reached before allocates nothing. A pid
/// finds its record through a hash map (<see cref="WordHashMap"/>, O(1) expected); the map holds exactly the live
/// processes and zombies. No compile-time maximum: the bounds are the 48-bit pid (<see cref="MaxPid"/>, never reused)
/// and the quotas (issue 15, item 3): a process is taken only when its sponsor (its parent, or the root task's
/// <see cref="Pool"/>) can give it its quota, and that counts it against the sponsor's child-process quota until its
/// record is freed, so one app cannot take every process the memory holds.
/// </summary>
internal sealed class ProcessTable
{
    /// <summary>
    /// The largest pid. Pids count up from 1 and are never given out twice (2^48 - 1 spawns would take centuries), so a
    /// pid always names one process: never another live process's or a zombie's, and never again after it is reaped.
    /// </summary>
    public const ulong MaxPid = Badges.PidMask;

    /// <summary>
    /// The root task's pool: the quota of everything it starts itself (<see cref="ProcessQuota.RootDefault"/> each),
    /// sized at boot to what memory and slots hold less the root task's reserve (RootTask.TakeResources); unbounded
    /// until then (host tests that do not set it).
    /// </summary>
    public readonly QuotaAccount Pool = new();

    /// <summary>The root task's reserve: this fraction (1/8) of the memory free at boot, and at least 16 MiB, no app can take.</summary>
    public const int ReserveDivisor = 8;

    /// <summary>The least reserve, in bytes.</summary>
    public const ulong MinReserveBytes = 16UL << 20;

    /// <summary>Root-task slots the pool may give out (its CSpace grows with memory; the rest is the root task's own).</summary>
    public const ulong PoolSlotCount = 1UL << 20;

    /// <summary>
    /// The pool for <paramref name="freeBytes"/> of memory free at boot: that memory less the reserve, <see cref="PoolSlotCount"/>
    /// slots, and 2^20 of each count (processes, connections, publications, subscriptions are bounded by memory and slots).
    /// </summary>
    public static ProcessQuota PoolFor(ulong freeBytes)
    {
        ulong reserve = freeBytes / ReserveDivisor;
        reserve = reserve < MinReserveBytes ? MinReserveBytes : reserve;
        ulong memory = freeBytes > reserve ? freeBytes - reserve : 0;
        return new ProcessQuota(memory, PoolSlotCount, 1UL << 20, 1UL << 20, 1UL << 20, 1UL << 20);
    }

    private Process[] _records;
    private int _created;
    private int[] _free;
    private int _freeCount;
    private readonly WordHashMap _byPid;
    private ulong _nextPid = 1;

    /// <summary>A table with <paramref name="initialRecords"/> records made up front (more are made when needed).</summary>
    public ProcessTable(int initialRecords)
    {
        initialRecords = initialRecords < 1 ? 1 : initialRecords;
        _records = new Process[initialRecords];
        _free = new int[initialRecords];
        _byPid = new WordHashMap(initialRecords);
        Pool.Reset(new ProcessQuota(ulong.MaxValue / 4, ulong.MaxValue / 4, ulong.MaxValue / 4, ulong.MaxValue / 4, ulong.MaxValue / 4, ulong.MaxValue / 4));
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

    /// <summary>The account a process's quota came from: its sponsor's, or the pool's.</summary>
    public QuotaAccount SponsorAccount(Process p) => p.Sponsor == 0 ? Pool : (FindWithZombies(p.Sponsor)?.Account ?? Pool);

    /// <summary>A free record for a child of <paramref name="parentPid"/> (0: the root task) with a quota from it (test helper: the default quota).</summary>
    public Process? Take(ulong parentPid = 0) => Take(parentPid, null, out _);

    /// <summary>
    /// A free record with a new pid, child of <paramref name="parentPid"/> (0: the root task) and in its tree, holding
    /// <paramref name="quota"/> (null: <see cref="ProcessQuota.DefaultChild"/>, or <see cref="ProcessQuota.RootDefault"/>
    /// for the root task, each kind clipped to what the sponsor has free) given from its parent's account or the pool.
    /// Null with <paramref name="error"/>: the quota error naming what the parent lacks, TooManyProcesses when the root
    /// task's heap cannot grow or (in theory) the pids ran out.
    /// </summary>
    public Process? Take(ulong parentPid, ProcessQuota? quota, out RootError error)
    {
        Process? parent = Find(parentPid);
        QuotaAccount sponsor = parent is null ? Pool : parent.Account;
        ProcessQuota q = quota ?? sponsor.Clip(parent is null ? ProcessQuota.RootDefault : ProcessQuota.DefaultChild);
        error = RootError.TooManyProcesses;
        if (_nextPid > MaxPid)
        {
            return null;
        }

        if (!sponsor.CanGive(q, out QuotaKind shortOf))
        {
            sponsor.Refuse(shortOf);
            error = ProcessQuota.Error(shortOf);
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
        p.Sponsor = parent is null ? 0 : parentPid;
        p.Group = parent is null ? pid : parent.Group;
        p.Account.Reset(q);
        p.HoldsQuota = true;
        sponsor.Give(q);
        _nextPid++;
        Peak = Count > Peak ? Count : Peak;
        error = RootError.Ok;
        return p;
    }

    /// <summary>
    /// <paramref name="p"/> has ended (its objects are returned): its quota goes back to its sponsor, which still counts
    /// its record as a child until the record is freed; the live processes it sponsored move, with their quotas, to its
    /// own sponsor (the nearest live ancestor, or the pool), so what they hold stays counted above them.
    /// </summary>
    public void ReturnQuota(Process p)
    {
        if (!p.HoldsQuota)
        {
            return;
        }

        QuotaAccount up = SponsorAccount(p);
        for (int i = 0; i < _created; i++)
        {
            Process q = _records[i];
            if (q != p && q.Sponsor == p.Pid && q.State == ProcessState.Running && q.HoldsQuota)
            {
                p.Account.TakeBack(q.Account.Limit);
                p.Account.RecordFreed();
                up.Give(q.Account.Limit);
                q.Sponsor = p.Sponsor;
            }
        }

        up.TakeBack(p.Account.Limit);
        p.HoldsQuota = false;
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
            ReturnQuota(p); // a record freed without ending (a failed spawn's) returns it here
            SponsorAccount(p).RecordFreed();
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

    // The last pid found and its record: most requests come from the process that sent the one before. A pid is never
    // used twice, so a record that holds another pid now means this one has gone (the test below answers null, as the
    // map would).
    private ulong _lastPid;
    private int _lastIndex;

    private Process? Find(ulong pid, bool zombies)
    {
        int index = _lastIndex;
        if (pid != _lastPid || pid == 0)
        {
            if (pid == 0 || !_byPid.TryGet(pid, out index))
            {
                return null;
            }

            _lastPid = pid;
            _lastIndex = index;
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
