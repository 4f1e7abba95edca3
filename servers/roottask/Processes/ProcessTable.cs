// The process table: preallocated records, pid assignment, lookup by pid.
namespace Smos.RootTask.Processes;

internal sealed class ProcessTable
{
    /// <summary>Pids fit in the low bits of an endpoint badge (see <see cref="Badges"/>).</summary>
    public const ulong MaxPid = 0xFFFF;

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

    /// <summary>A free record with a new pid, or null when the table is full.</summary>
    public Process? Take()
    {
        for (int i = 0; i < _records.Length; i++)
        {
            Process p = _records[i];
            if (p.State == ProcessState.Free)
            {
                p.Reset();
                p.Pid = _nextPid;
                _nextPid = _nextPid >= MaxPid ? 1 : _nextPid + 1;
                return p;
            }
        }

        return null;
    }

    public Process? Find(ulong pid)
    {
        for (int i = 0; i < _records.Length; i++)
        {
            if (_records[i].State == ProcessState.Running && _records[i].Pid == pid)
            {
                return _records[i];
            }
        }

        return null;
    }
}

/// <summary>Endpoint badges the root task mints for processes: the pid, plus a bit for the fault endpoint.</summary>
internal static class Badges
{
    public const ulong FaultFlag = 1UL << 20;
    public const ulong PidMask = 0xFFFF;

    public static ulong Request(ulong pid) => pid;

    public static ulong Fault(ulong pid) => pid | FaultFlag;
}
