// What the root task does at boot with processes: start the init list, check the outcome, then a spawn/exit soak.
using System;
using Internal.Runtime;
using Smos.Protocol;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

/// <summary>
/// A small state machine driven by the server loop: <see cref="Ended"/> is called when a process ends and
/// <see cref="Step"/> after every message. Phases: init apps running, then the spawn/exit soak, then done.
/// </summary>
internal sealed class BootScript : ProcessObserver
{
    public const int SoakRounds = 200;
    private const int MaxInit = 8;

    private enum Phase
    {
        Init,
        Soak,
        Done,
    }

    private readonly Spawner _spawner;
    private readonly UntypedManager _untyped;
    private readonly SlotAllocator _slots;
    private readonly ulong[] _initPids = new ulong[MaxInit];
    private readonly bool[] _initExpectFault = new bool[MaxInit];
    private Phase _phase;
    private int _initCount;
    private int _initRunning;
    private string? _failure;
    private ulong _freeBytesBefore;
    private int _freeSlotsBefore;
    private int _soakRounds;
    private ulong _soakPid;

    public BootScript(Spawner spawner, UntypedManager untyped, SlotAllocator slots)
    {
        _spawner = spawner;
        _untyped = untyped;
        _slots = slots;
    }

    /// <summary>Starts every app of the init list (lines "name arg1 arg2 ...", '#' comments).</summary>
    public void Start()
    {
        Baseline();
        ReadOnlySpan<byte> list = AppArchive.InitList;
        Span<byte> args = stackalloc byte[256];
        int lineStart = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            if (i < list.Length && list[i] != '\n')
            {
                continue;
            }

            ReadOnlySpan<byte> line = list.Slice(lineStart, i - lineStart);
            lineStart = i + 1;
            if (!InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes))
            {
                continue;
            }

            if (_initCount == MaxInit)
            {
                DebugConsole.WriteLine("init: more than 8 apps in the init list; the rest are not started");
                break;
            }

            RootError e = _spawner.Spawn(name, args.Slice(0, argBytes), 0, out Process? p);
            DebugConsole.Write("init: start ");
            DebugConsole.Write(name);
            if (p is null)
            {
                DebugConsole.Write(" failed: ");
                DebugConsole.WriteLine(ProcessAbi.Describe(e));
                _failure = "an init app could not be started";
                continue;
            }

            DebugConsole.Write(" as pid ");
            DebugConsole.WriteDecimal(p.Pid);
            DebugConsole.WriteChar('\n');
            _initExpectFault[_initCount] = InitLine.Equal(name, "crash"u8);
            _initPids[_initCount++] = p.Pid;
            _initRunning++;
        }

        Step();
    }

    public override void Ended(Process p, EndReason reason, long code)
    {
        if (_phase == Phase.Soak && p.Pid == _soakPid)
        {
            _soakPid = 0;
            _soakRounds++;
            if (reason != EndReason.Exited || code != 0)
            {
                _failure = "a soak process did not exit with 0";
            }

            return;
        }

        DebugConsole.Write("process ");
        DebugConsole.WriteDecimal(p.Pid);
        DebugConsole.Write(" (");
        DebugConsole.Write(p.NameBytes);
        DebugConsole.Write(reason == EndReason.Exited ? ") exited with " : reason == EndReason.Killed ? ") was killed, code " : ") faulted and was killed, code ");
        DebugConsole.WriteSigned(code);
        DebugConsole.WriteLine("; all its objects and slots are reclaimed");
        for (int i = 0; i < _initCount; i++)
        {
            if (_initPids[i] == p.Pid)
            {
                bool faulted = reason == EndReason.Faulted;
                if (faulted != _initExpectFault[i])
                {
                    _failure = faulted ? "an init app faulted unexpectedly" : "the crash app did not fault";
                }

                _initPids[i] = 0;
                _initRunning--;
            }
        }
    }

    /// <summary>Moves the script on: called after every message the server handled.</summary>
    public override void Step()
    {
        if (_phase == Phase.Init && _initRunning == 0)
        {
            if (_failure is null && _initCount < 3)
            {
                _failure = "fewer than 3 init apps were started";
            }

            Conclude("PROC", "init apps");
            _phase = Phase.Soak;
            Baseline();
        }

        if (_phase == Phase.Soak && _soakPid == 0)
        {
            if (_soakRounds == SoakRounds || _failure is not null)
            {
                Conclude("SPAWN200", "200 spawn/exit rounds");
                _phase = Phase.Done;
                Result.Done();
                return;
            }

            // "counter 0" prints nothing and exits 0.
            RootError e = _spawner.Spawn("counter"u8, "0\0"u8, 0, out Process? p);
            if (p is null)
            {
                _failure = ProcessAbi.Describe(e);
                Step();
                return;
            }

            _soakPid = p.Pid;
        }
    }

    private void Baseline()
    {
        _freeBytesBefore = _untyped.FreeBytes;
        _freeSlotsBefore = _slots.FreeCount;
    }

    private void Conclude(string name, string what)
    {
        ulong freeAfter = _untyped.FreeBytes;
        int slotsAfter = _slots.FreeCount;
        DebugConsole.Write("  ");
        DebugConsole.Write(what);
        DebugConsole.Write(": free untyped bytes before=");
        DebugConsole.WriteDecimal(_freeBytesBefore);
        DebugConsole.Write(" after=");
        DebugConsole.WriteDecimal(freeAfter);
        DebugConsole.Write(", free slots before=");
        DebugConsole.WriteDecimal((ulong)_freeSlotsBefore);
        DebugConsole.Write(" after=");
        DebugConsole.WriteDecimal((ulong)slotsAfter);
        DebugConsole.WriteChar('\n');
        if (_failure is null && (freeAfter != _freeBytesBefore || slotsAfter != _freeSlotsBefore))
        {
            _failure = "memory or slots were not all returned";
        }

        if (_failure is null)
        {
            Result.Pass(name);
        }
        else
        {
            Result.Fail(name, _failure);
        }

        _failure = null;
    }
}
