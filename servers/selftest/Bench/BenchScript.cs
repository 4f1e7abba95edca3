// `buildsys bench` with the process server: start the init apps (boot-init-apps), then the kernel-glue rows, then apps/bench.
using System;
using Internal.Runtime;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;

namespace Smos.RootTask.SelfTest.Bench;

/// <summary>
/// Phases: the init list runs to its end (as in a normal boot, without judging it), then the floor and kernel-glue
/// rows run in the root thread (nothing else runnable), then the driver app "bench" measures libsmos, connections,
/// topics and spawning at EL0 and prints its rows; when it ends, the root task's collection rows run; then "bench flat"
/// measures the flat-cost rows (with and without the scale population) and the cost of each object; when it ends the
/// run is over (SMOS-DONE). The scale population comes last: the root task keeps the tables it grew for it.
/// </summary>
internal sealed class BenchScript : ProcessScript
{
    private const int MaxInit = 8;

    /// <summary>The grant of the PL011 UART's page: the serial driver's init line, which the bench image does not start.</summary>
    private static ReadOnlySpan<byte> UartGrant => "mmio:0x9000000"u8;

    private enum Phase
    {
        Init,
        Driver,
        Flat,
        Storage,
        Done,
    }

    private readonly Spawner _spawner;
    private Phase _phase;
    private int _initRunning;
    private ulong _driverPid;

    public BenchScript(Spawner spawner) { _spawner = spawner; }

    /// <summary>Starts every app of the init list, then prints boot-init-apps: reset to the last one started.</summary>
    public override void Start()
    {
        ReadOnlySpan<byte> list = _spawner.Apps.InitList;
        Span<byte> args = stackalloc byte[256];
        int position = 0;
        int started = 0;
        while (started < MaxInit && InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
        {
            if (InitLine.IsService(ref line))
            {
                continue; // started after the kernel-glue rows (StartServices), so those run with nothing else
            }

            if (InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes) &&
                _spawner.Spawn(name, args.Slice(0, argBytes), 0, out Process? p) == RootError.Ok && p is not null)
            {
                started++;
                _initRunning++;
            }
        }

        // "Started": every init app's thread is created, loaded and resumed (they run once the root task waits).
        ulong sinceReset = Benchmarks.SinceReset();
        BenchLine.Row("boot-init-apps", sinceReset, null, null);
        DebugConsole.Write("bench: ");
        DebugConsole.WriteDecimal((ulong)started);
        DebugConsole.WriteLine(" init apps started");
        Step();
    }

    public override void Ended(Process p, EndReason reason, long code)
    {
        if (_phase == Phase.Init)
        {
            _initRunning--;
            return;
        }

        if (_phase == Phase.Driver && p.Pid == _driverPid)
        {
            if (reason != EndReason.Exited || code != 0)
            {
                Error("apps/bench did not exit with 0 (see its output above)");
            }

            PrintSpawnParts();

            // Before the flat rows: the root task's collection rows grow its heap from untyped memory, which would
            // change what the spawn rows' allocations find there, and the scale population leaves large tables behind.
            string? problem = GcRows.Run();
            if (problem is not null)
            {
                Error(problem);
            }

            StartFlat();
            return;
        }

        if (_phase == Phase.Flat && p.Pid == _driverPid)
        {
            if (reason != EndReason.Exited || code != 0)
            {
                Error("apps/bench flat did not exit with 0 (see its output above)");
            }

            StartStorage();
            return;
        }

        if (_phase == Phase.Storage && p.Pid == _driverPid)
        {
            if (reason != EndReason.Exited || code != 0)
            {
                Error("apps/bench storage did not exit with 0 (see its output above)");
            }

            Finish();
        }
    }

    // Where the root task's instructions went in the driver's watched spawns and exits (SpawnProfile): one line per part,
    // per process. The spawn-exit row's figure less `spawn` and `end` is the rest: the IPC of the requests, the child's
    // start-up before Main and its exit request, and the bench app's own loop.
    private static void PrintSpawnParts()
    {
        SpawnProfile.Stop();
        if (SpawnProfile.Spawns == 0 || SpawnProfile.Ends != SpawnProfile.Spawns)
        {
            Error("the root task saw none of apps/bench's profiled spawn rounds, or not all of their exits (SpawnProfile)");
        }

        DebugConsole.Write("SMOS-SPAWN spawns=");
        DebugConsole.WriteDecimal(SpawnProfile.Spawns);
        DebugConsole.Write(" exits=");
        DebugConsole.WriteDecimal(SpawnProfile.Ends);
        DebugConsole.WriteLine("");
        for (var part = SpawnPart.Spawn; part < SpawnPart.Count; part++)
        {
            SpawnProfile.PerProcess(part, out ulong total, out ulong el0);
            DebugConsole.Write("SMOS-SPAWN part=");
            DebugConsole.Write(SpawnProfile.Name(part));
            DebugConsole.Write(" total=");
            DebugConsole.WriteDecimal(total);
            DebugConsole.Write(" el0=");
            DebugConsole.WriteDecimal(el0);
            DebugConsole.WriteLine("");
        }
    }

    // Last, the storage rows: the block driver and the file server start only now, and "bench storage" measures them.
    // The disk's completions interrupt at instruction counts that vary from run to run (QEMU does the I/O on host
    // threads): started earlier, they would shift every later row's timer ticks, and no row would repeat exactly.
    private void StartStorage()
    {
        StartServices(storage: true);
        if (_spawner.Spawn("bench"u8, "storage\0"u8, 0, out Process? storage) != RootError.Ok || storage is null)
        {
            Error("could not start apps/bench storage");
            Finish();
            return;
        }

        _driverPid = storage.Pid;
        _phase = Phase.Storage;
    }

    // "bench flat" with a quota that holds apps/scale's (apps/bench/FlatRows.cs) besides the root default.
    private void StartFlat()
    {
        ProcessQuota quota = ProcessQuota.RootDefault.Plus(ProcessQuota.ScalePopulation);
        if (_spawner.Spawn("bench"u8, "flat\0"u8, 0, quota, out Process? flat) != RootError.Ok || flat is null)
        {
            Error("could not start apps/bench flat");
            Finish();
            return;
        }

        _driverPid = flat.Pid;
        _phase = Phase.Flat;
    }

    public override void Step()
    {
        if (_phase != Phase.Init || _initRunning > 0)
        {
            return;
        }

        string? problem = Benchmarks.KernelRows(out Benchmarks.Floors floors);
        if (problem is not null)
        {
            Error(problem);
            Finish();
            return;
        }

        StartServices(storage: false);

        // apps/bench gets the floors it compares against: 4-MR call, 10-MR call, Signal/Wait ping-pong.
        Span<byte> args = stackalloc byte[64];
        int n = 0;
        n = Put(args, n, floors.Call4);
        n = Put(args, n, floors.Call10);
        n = Put(args, n, floors.Ping);
        // apps/bench's profiled spawn rounds ("bench-peer first profile") are counted part by part here (SpawnProfile).
        SpawnProfile.Watch("bench-peer"u8, "first\0profile\0"u8);
        RootError e = _spawner.Spawn("bench"u8, args.Slice(0, n), 0, out Process? driver);
        if (e != RootError.Ok || driver is null)
        {
            Error("could not start apps/bench");
            Finish();
            return;
        }

        _driverPid = driver.Pid;
        _phase = Phase.Driver;
    }

    // The init list's services that need no privilege and not the UART: first (storage false) the timer server (its
    // interrupt grant) for apps/bench's timer rows; at the end (storage true) the block driver (its virtio transports
    // and DMA, the grant of a DMA word) and the file server (the line after it) for the storage rows. Once started they
    // block in Recv, so they cost nothing to the rows that do not call them. The serial driver and the console stay out:
    // the root task writes the UART itself in a bench image.
    private void StartServices(bool storage)
    {
        bool afterDisk = false;
        ReadOnlySpan<byte> list = _spawner.Apps.InitList;
        Span<byte> args = stackalloc byte[256];
        int position = 0;
        while (InitLine.NextLine(list, ref position, out ReadOnlySpan<byte> line))
        {
            if (!InitLine.IsService(ref line) || !InitPrivilege.Take(ref line, out InitPrivileges privileges, out _) ||
                privileges != InitPrivileges.None ||
                !InitLine.Parse(line, args, out ReadOnlySpan<byte> name, out int argBytes, out ReadOnlySpan<byte> quotaWord, out ReadOnlySpan<byte> grantWord) ||
                grantWord.IndexOf(UartGrant) >= 0)
            {
                continue; // not the terminal's processes
            }

            // The storage services: the line with a DMA grant (the block driver) and every line after it (the file server).
            afterDisk |= grantWord.IndexOf("dma:"u8) >= 0;
            if (afterDisk != storage)
            {
                continue;
            }

            RootError e = InitLine.QuotaOf(quotaWord, out ProcessQuota? quota, out _);
            InitGrantSet grants = InitGrantSet.None;
            if (e == RootError.Ok)
            {
                e = InitLine.GrantsOf(grantWord, out grants, out _);
            }

            Process? p = null;
            if (e != RootError.Ok || _spawner.Spawn(name, args.Slice(0, argBytes), 0, quota, grants, out p) != RootError.Ok || p is null)
            {
                Error("could not start a service of the init list");
                continue;
            }

            p.Privileges = privileges;
        }
    }

    // The run is over: SMOS-DONE (buildsys stops QEMU; apps/bench has ended its helpers itself).
    private void Finish()
    {
        _phase = Phase.Done;
        ResultLine.Done();
    }

    private static void Error(string why)
    {
        DebugConsole.Write("SMOS-BENCH-ERROR ");
        DebugConsole.WriteLine(why);
    }

    // Appends value as decimal digits and a NUL (one argument of the args blob).
    private static int Put(Span<byte> blob, int at, ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        int count = 0;
        do
        {
            digits[count++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0);

        while (count > 0)
        {
            blob[at++] = digits[--count];
        }

        blob[at++] = 0;
        return at;
    }
}
