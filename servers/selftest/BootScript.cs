// The self-test image's boot script: start the init list, check its outcome, run the demos, then a spawn/exit soak.
using System;
using Internal.Runtime;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Platform;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.SelfTest;

/// <summary>
/// A small state machine driven by the server loop: <see cref="Ended"/> is called when a process ends and
/// <see cref="Step"/> after every message. Phases: init apps running, then the spawn/exit soak, then done.
/// </summary>
internal sealed partial class BootScript : InitScript
{
    public const int SoakRounds = 200;

    /// <summary>The first pid the demos get: just below 2^16, so their pids cross 16 bits.</summary>
    public const ulong PidsFrom = 0xFFF0;
    private const int MaxInit = 8;

    private enum Phase
    {
        Init,
        Services,
        Demos,
        Soak,
        Done,
    }

    private readonly RequestDispatcher _server;
    private readonly ulong[] _demoPids = new ulong[MaxInit];

    // The pid each demo app started with: the group of every process started on its behalf (kept after it ends).
    private readonly ulong[] _demoGroups = new ulong[MaxInit];
    private readonly bool[] _demoDeciding = new bool[MaxInit];
    private readonly byte[] _demoName = new byte[64];
    private int _demoNameLength;
    private int _demoIndex;

    // A demo whose list has a "#!warm-up" line runs twice: the first run lets the root task's tables and heap grow
    // (they keep their room), the second is judged. The index of the demo that has had its warm-up, or -1.
    private int _warmedDemo = -1;
    private bool _warmUp;
    private int _fewestFreeSlots;
    private int _usedSlotsBefore;
    private int _mostUsedSlots;
    private int _mostBlocks;
    private int _demoCount;
    private int _demoDecidingRunning;
    private readonly UntypedManager _untyped;
    private readonly RootSlots _slots;

    // The process records' peaks and the page tables returned before their owners ended.
    private readonly PageMapper _mapper;
    private readonly ulong[] _initPids = new ulong[MaxInit];
    private readonly ulong[] _servicePids = new ulong[MaxInit];
    private int _serviceCount;
    private readonly bool[] _initExpectFault = new bool[MaxInit];
    private Phase _phase;
    private int _initCount;
    private int _initRunning;
    private string? _failure;
    private ulong _freeBytesBefore;
    private int _freeSlotsBefore;
    private int _soakRounds;
    private ulong _soakPid;

    public BootScript(Spawner spawner, RequestDispatcher server, UntypedManager untyped, RootSlots slots, PageMapper mapper)
        : base(spawner)
    {
        _server = server;
        _mapper = mapper;
        _untyped = untyped;
        _slots = slots;
    }

    /// <summary>Starts every app of the init list (the product's and the self-test's), recording which are expected to fault.</summary>
    public override void Start()
    {
        Baseline();
        if (!StartInitList(InitLines.Apps))
        {
            _failure = "an init app could not be started";
        }

        Step();
    }

    protected override bool MayStartMore()
    {
        if (_initCount < MaxInit)
        {
            return true;
        }

        DebugConsole.WriteLine("init: more than 8 apps in the init list; the rest are not started");
        return false;
    }

    protected override void StartedService(Process p) => _servicePids[_serviceCount++] = p.Pid;

    // Every service started has published a name, or has ended (its end is printed, and the demos go on without it).
    // The self-test image starts every line of the init list but the shell's (may:shell: nothing types at it): the timer
    // server, the serial driver and the console server, so its demos' output goes through the console as the product's
    // does. (Session 16 found why the soak demo once ended 17 pages and slots up with the console running: its own heap
    // grew one 64 KiB chunk, with the heap region's page table, when its lines of text crossed the first 8 KiB; the soak
    // now grows it before it measures.) The shell is checked by the shell tests, which boot the product image.
    protected override bool StartsLine(InitPrivileges privileges, ReadOnlySpan<byte> grantWords) =>
        (privileges & InitPrivileges.Shell) == 0;

    private bool ServicesReady()
    {
        for (int i = 0; i < _serviceCount; i++)
        {
            if (_server.Table.Find(_servicePids[i]) is not null && _server.Connections.Registry.Owned(_servicePids[i]) == 0)
            {
                return false;
            }
        }

        return true;
    }

    protected override void Started(ReadOnlySpan<byte> name, Process p)
    {
        _initExpectFault[_initCount] = ByteStrings.Equal(name, "crash"u8);
        _initPids[_initCount++] = p.Pid;
        _initRunning++;
    }

    public override void Ended(Process p, EndReason reason, long code)
    {
        Supervisor.Ended(p, reason); // a service of the init list or of a demo ('&'): restarted by Step if it faulted
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

        if (_phase == Phase.Demos)
        {
            for (int i = 0; i < _demoCount; i++)
            {
                if (_demoPids[i] == p.Pid)
                {
                    _demoPids[i] = 0;
                    if (_demoDeciding[i])
                    {
                        _demoDecidingRunning--;
                        if (_failure is null && (reason != EndReason.Exited || code != 0))
                        {
                            _failure = reason switch
                            {
                                EndReason.Exited => "a deciding app exited with a non-zero code",
                                EndReason.Panicked => "a deciding app panicked",
                                _ => "a deciding app faulted or was killed",
                            };
                        }
                    }
                }
            }
        }

        PrintEnd(p, reason, code);
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
        while (Supervisor.Step(out ulong endedPid, out Process? restarted))
        {
            // A service started again: the demo's end kills the new process's group, not the old one's, and the demos
            // wait for a restarted init-list service to publish.
            for (int i = 0; i < _demoCount; i++)
            {
                if (_demoGroups[i] == endedPid && restarted is not null)
                {
                    _demoPids[i] = restarted.Pid;
                    _demoGroups[i] = restarted.Group;
                }
            }

            for (int i = 0; i < _serviceCount; i++)
            {
                _servicePids[i] = _servicePids[i] == endedPid && restarted is not null ? restarted.Pid : _servicePids[i];
            }
        }

        _fewestFreeSlots = _slots.FreeCount < _fewestFreeSlots ? _slots.FreeCount : _fewestFreeSlots;
        int used = _slots.Capacity - _slots.FreeCount;
        _mostUsedSlots = used > _mostUsedSlots ? used : _mostUsedSlots;
        _mostBlocks = _untyped.BlockCount > _mostBlocks ? _untyped.BlockCount : _mostBlocks;
        if (_phase == Phase.Init && _initRunning == 0)
        {
            if (_failure is null && _initCount < 3)
            {
                _failure = "fewer than 3 init apps were started";
            }

            Conclude("PROC", "init apps");
            _phase = Phase.Services;

            // The services of the init list (the timer server) serve the demos from here to the end. The demos start
            // once each has published its name (a service sets itself up before it publishes, and then only serves),
            // so what they hold is in every demo's baseline.
            if (!StartInitList(InitLines.Services) && _failure is null)
            {
                _failure = "an init service could not be started";
            }
        }

        if (_phase == Phase.Services && ServicesReady())
        {
            _phase = Phase.Demos;

            // The demos run with pids past 16 bits (a 16-bit pid would wrap here), so every request, fault and Wait
            // of theirs carries a pid that needs the badge's 48 bits; the lifecycle demo checks it.
            _server.Table.SkipPidsTo(PidsFrom);
            StartDemo();
        }

        if (_phase == Phase.Demos)
        {
            StepDemo();
        }

        if (_phase == Phase.Soak && _soakPid == 0)
        {
            if (_soakRounds == SoakRounds || _failure is not null)
            {
                Conclude("SPAWN200", "200 spawn/exit rounds");
                _phase = Phase.Done;
                ResultLine.Done();
                return;
            }

            // "counter 0" prints nothing and exits 0.
            RootError e = Spawner.Spawn("counter"u8, "0\0"u8, 0, out Process? p);
            if (p is null)
            {
                _failure = ProcessAbi.Describe(e);
                Step();
                return;
            }

            _soakPid = p.Pid;
        }
    }

    private void StartDemo()
    {
        while (_phase == Phase.Demos)
        {
            if (!Spawner.Apps.FindDemo(_demoIndex, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> list))
            {
                _phase = Phase.Soak;
                Baseline();
                return;
            }

            _warmUp = _warmedDemo != _demoIndex && list.IndexOf("#!warm-up"u8) >= 0;
            _demoNameLength = name.Length < _demoName.Length ? name.Length : _demoName.Length;
            name.Slice(0, _demoNameLength).CopyTo(new Span<byte>(_demoName));
            DebugConsole.Write("demo: ");
            DebugConsole.Write(name);
            DebugConsole.WriteLine(_warmUp ? " (warm-up run)" : "");
            Baseline();
            _demoCount = 0;
            _demoDecidingRunning = 0;
            Span<byte> args = stackalloc byte[256];
            int position = 0;
            while (_demoCount < MaxInit && InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
            {
                while (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
                {
                    line = line.Slice(1);
                }

                bool service = InitLine.IsService(ref line); // '&': supervised, like a service of the init list
                bool deciding = !service && line.Length > 0 && line[0] == '!';
                line = deciding ? line.Slice(1) : line;
                if (!InitPrivilege.Take(ref line, out InitPrivileges privileges, out InitGrantSet grantable, out _, out InitGrantError badGrant))
                {
                    _failure = InitPrivilege.DescribeRefusal(badGrant);
                    continue;
                }

                if (!InitLine.Parse(line, args, out ReadOnlySpan<byte> app, out int argBytes, out ReadOnlySpan<byte> quotaWord, out ReadOnlySpan<byte> grantWord))
                {
                    continue;
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
                    e = Spawner.Spawn(app, args.Slice(0, argBytes), 0, quota, grants, out p);
                }

                if (p is null)
                {
                    _failure = quotaError != InitQuotaError.Ok ? InitQuota.Describe(quotaError) :
                        grantError != InitGrantError.Ok ? InitGrant.Describe(grantError) : ProcessAbi.Describe(e);
                    continue;
                }

                p.Privileges = privileges; // before its first request: served after this step
                p.Grantable = grantable;
                if (service)
                {
                    Supervisor.Watch(app, args.Slice(0, argBytes), quota, grants, p);
                }

                _demoPids[_demoCount] = p.Pid;
                _demoGroups[_demoCount] = p.Group;
                _demoDeciding[_demoCount++] = deciding;
                _demoDecidingRunning += deciding ? 1 : 0;
            }

            if (_demoDecidingRunning > 0)
            {
                return;
            }

            FinishDemo();
        }
    }

    private void StepDemo()
    {
        if (_demoDecidingRunning == 0)
        {
            FinishDemo();
            StartDemo();
        }
    }

    // The deciding apps have ended: end the demo's other processes (its servers) and every process started on the
    // demo's behalf (children, grandchildren, orphans), then judge and move on.
    private void FinishDemo()
    {
        for (int i = 0; i < _demoCount; i++)
        {
            _server.EndGroup(_demoGroups[i], EndReason.Killed, ExitCodes.Killed);
        }

        if (_warmUp)
        {
            // Not judged (a failure is kept for the judged run): its garbage is collected so the judged run's fits in the
            // heap the warm-up grew.
            // The judged run's processes interleave differently, and the heap does not move objects: it can need a
            // little more room than the warm-up did. The heap is given a quarter of its size more before the judged run
            // (the heap keeps its frames either way; a leak of kernel objects or slots still shows).
            _warmUp = false;
            _warmedDemo = _demoIndex;
            GC.Collect();
            ulong room = RootHeap.AddRoom(Heap.Size / 4);

            // Likewise the CSpace: as many free slots as the warm-up had in use at its peak, and a quarter more (what the
            // warm-up kept, heap frames above all, came out of the free slots it started with).
            int want = _mostUsedSlots - _usedSlotsBefore;
            want += want / 4;
            int nodes = 0;
            while (_slots.FreeCount < want && _untyped.Growth is ResourceGrowth growth && growth.AddNode())
            {
                nodes++;
            }

            _untyped.Coalesce();
            DebugConsole.Write("  warm-up: the heap was given ");
            DebugConsole.WriteDecimal(room);
            DebugConsole.Write(" bytes more room and the CSpace ");
            DebugConsole.WriteDecimal((ulong)nodes);
            DebugConsole.Write(" more CNodes; the root task kept ");
            DebugConsole.WriteDecimal(_freeBytesBefore - _untyped.FreeBytes);
            DebugConsole.Write(" bytes of untyped memory for its heap, tables and CSpace (");
            int keptSlots = _slots.Capacity - _slots.FreeCount - _usedSlotsBefore;
            DebugConsole.Write(keptSlots < 0 ? "-" : "");
            DebugConsole.WriteDecimal((ulong)(keptSlots < 0 ? -keptSlots : keptSlots));
            DebugConsole.Write(" more slots in use, ");
            DebugConsole.WriteDecimal((ulong)_slots.Nodes);
            DebugConsole.Write(" CNodes of slots); at its peak ");
            DebugConsole.WriteDecimal((ulong)_mostUsedSlots);
            DebugConsole.Write(" root slots were in use (");
            DebugConsole.WriteDecimal((ulong)_fewestFreeSlots);
            DebugConsole.Write(" free) and ");
            DebugConsole.WriteDecimal((ulong)_mostBlocks);
            DebugConsole.Write(" untyped blocks were in use (last allocation failure ");
            DebugConsole.WriteDecimal((ulong)_untyped.LastFailure);
            DebugConsole.WriteLine("); the next run must give back every byte and slot");
            return;
        }

        Conclude("DEMO", "demo", true);
        _demoIndex++;
    }

    // Before each baseline and comparison the free blocks are merged (the untyped manager merges lazily): a block still
    // held keeps its buddies split and its slots taken, so a leak still shows. The baseline also collects the root
    // task's heap: its allocator grows the heap (by frames it keeps for ever) when no free block fits before the next
    // collection is due, so garbage left by an earlier demo could otherwise make this one grow it and fail the check.
    private void Baseline()
    {
        // As in Conclude: shared pages of connections a service has seen close go back now, not during the next run
        // (a warm-up's last close would otherwise be freed inside the judged run, which then gives back more than it took).
        _server.Connections.ReleaseAcknowledged();
        _server.ReleaseSpareCopies(); // the spawner's cache of unmapped image-frame copies holds root slots
        GC.Collect();
        _untyped.Coalesce();
        _freeBytesBefore = _untyped.FreeBytes;
        _freeSlotsBefore = _slots.FreeCount;
        _fewestFreeSlots = _freeSlotsBefore;
        _usedSlotsBefore = _slots.Capacity - _slots.FreeCount;
        _mostUsedSlots = _usedSlotsBefore;
        _mostBlocks = _untyped.BlockCount;
        _server.Table.ResetPeak();
        _server.Connections.Registry.ResetPeaks();
        _server.Broker.Registry.ResetPeaks();
        _mapper.ResetPeaks();
        RecordHoldings();
    }

    private void Conclude(string name, string what, bool demo = false)
    {
        // Shared pages of closed connections whose server (a service, which stays) has taken the Closed record go back
        // now, not at the next connection request.
        _server.Connections.ReleaseAcknowledged();
        _server.ReleaseSpareCopies();
        _untyped.Coalesce();
        ulong freeAfter = _untyped.FreeBytes;
        int slotsAfter = _slots.FreeCount;
        PrintChangedHoldings();
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

        if (demo)
        {
            PrintPeaks();
        }

        DebugConsole.Write("SMOS-");
        ReadOnlySpan<byte> demoName = new ReadOnlySpan<byte>(_demoName, 0, _demoNameLength);
        if (demo && ByteStrings.Equal(demoName, "chaos"u8))
        {
            DebugConsole.Write("CHAOS"); // the hostile-app run has its own result line
        }
        else
        {
            DebugConsole.Write(name);
            if (demo)
            {
                DebugConsole.WriteChar(' ');
                DebugConsole.Write(demoName);
            }
        }

        if (_failure is null)
        {
            DebugConsole.WriteLine(": PASS");
        }
        else
        {
            DebugConsole.Write(": FAIL ");
            DebugConsole.WriteLine(_failure);
        }

        _failure = null;
    }
}
