// `buildsys bench` in the guest: instruction counts per operation from the PMU, one SMOS-BENCH line per row.
// The self-test root task runs these with --define SMOS_BENCH (see SelfTestMain); needs a release
// kernel with KernelArmExportPMUUser and KernelArmExportVCNTUser, and QEMU with -icount shift=0,sleep=off.
using Internal.Runtime;
using Smos.RootTask.Platform;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest.Bench;

internal static unsafe class Benchmarks
{
    /// <summary>Iterations per batch: each figure is one batch's total divided by this.</summary>
    public const ulong Iterations = 1000;

    /// <summary>Batches per row; the figure is the batch with the fewest total instructions (no timer tick in it).</summary>
    public const int Batches = 5;

    /// <summary>Unmeasured iterations first (servers reach their loop, fastpath state settles).</summary>
    public const ulong WarmUp = 100;

    /// <summary>Root task priority (seL4_MaxPrio): the server threads run at the same priority.</summary>
    private const ulong Priority = Sel4Config.NumPriorities - 1;

    private const ulong CounterMask = 0xFFFF_FFFF;

    private enum Kind
    {
        FloorCall0,
        FloorCall4,
        FloorCall10,
        FloorPing,
        FloorSignal,
        FloorYield,
        ApiCall0,
        ApiCall4,
        ApiCall4Regs,
        ApiPing,
        ApiSignal,
        ApiYield,
        ApiWriteScope,
        ApiReadScope,
    }

    private struct Fixture
    {
        public ulong FloorEp0;
        public ulong FloorEp4;
        public ulong FloorEp10;
        public ulong ApiEp0;
        public ulong ApiEp4;
        public ulong ApiEp4Regs;
        public ulong FloorPing;
        public ulong FloorPong;
        public ulong ApiPing;
        public ulong ApiPong;
        public ulong Lonely;
        public ulong WrongSums;
    }

    private struct Sample
    {
        public ulong Total;
        public ulong El0;
    }

    /// <summary>Reads CNTVCT_EL0: call it on the root task's first line (x 16 = instructions since reset).</summary>
    public static ulong BootCounter() => BenchNative.Cntvct();

    /// <summary>Runs every row, prints the SMOS-BENCH lines and SMOS-DONE; returns when done.</summary>
    public static void Run(RootResources res, ulong resetCounter)
    {
        DebugConsole.Write("SMOS-BENCH-BEGIN iterations=");
        DebugConsole.WriteDecimal(Iterations);
        DebugConsole.Write(" batches=");
        DebugConsole.WriteDecimal((ulong)Batches);
        DebugConsole.Write(" warmup=");
        DebugConsole.WriteDecimal(WarmUp);
        DebugConsole.WriteLine("");

        // CNTVCT ticks at 62.5 MHz; with -icount shift=0 one instruction is 1 ns, so a tick is 16 instructions.
        BenchLine.Row("boot-first-line", resetCounter * 16, null, null);

        // The process server with BenchScript: init apps (boot-init-apps), then KernelRows, then the apps/bench driver.
        s_resources = res;
        Front.RootServices? server = Front.RootServices.Start(res, out string? problem);
        if (server is null)
        {
            ResultLine.Fail("PROC", problem!);
            ResultLine.Done();
            return;
        }

        server.Serve(new BenchScript(server.Spawner));
    }

    private static RootResources? s_resources;

    /// <summary>Instructions since reset (CNTVCT_EL0 x 16): for boot positions after the first line.</summary>
    public static ulong SinceReset() => BenchNative.Cntvct() * 16;

    /// <summary>
    /// Starts the PMU and runs the floor and kernel-glue rows (from BenchScript, once the init apps have ended). Returns
    /// null or a problem; <paramref name="floors"/> are the per-operation totals the libsmos rows compare against.
    /// </summary>
    public static string? KernelRows(out Floors floors)
    {
        floors = default;
        string? problem = StartPmu();
        return problem ?? (s_resources is null ? "setup: no resources" : RunRows(s_resources, out floors));
    }

    /// <summary>Floor totals handed to apps/bench as arguments.</summary>
    public struct Floors
    {
        public ulong Call4;
        public ulong Call10;
        public ulong Ping;
    }

    private static string? StartPmu()
    {
        if ((BenchNative.PmuUserAccess() & 1) == 0)
        {
            return "pmu: PMUSERENR_EL0.EN is 0: this kernel does not let user level read the PMU (build it with KernelArmExportPMUUser=ON)";
        }

        BenchNative.PmuInit();
        ulong before = BenchNative.ReadTotal();
        BenchNative.FloorYield(1);
        ulong after = BenchNative.ReadTotal();
        if (((after - before) & CounterMask) == 0)
        {
            return "pmu: the instruction counter does not advance (QEMU needs -icount shift=0; with shift=auto the event reads 0)";
        }

        return null;
    }

    private static string? RunRows(RootResources res, out Floors floors)
    {
        floors = default;
        Fixture f = default;
        string? problem = Setup(res, ref f);
        if (problem is not null)
        {
            return problem;
        }

        // The rows run in a one-level CSpace like main's root task (BenchCSpace); the apps' rows keep their own.
        if ((problem = BenchCSpace.UseBootCNode(InitialCaps.InitThreadTcb)) is not null)
        {
            return problem;
        }

        Sample call0 = Row("floor-call-0mr", Kind.FloorCall0, ref f, null);
        Sample call4 = Row("floor-call-4mr", Kind.FloorCall4, ref f, null);
        Sample call10 = Row("floor-call-10mr", Kind.FloorCall10, ref f, null);
        Sample ping = Row("floor-signal-wait", Kind.FloorPing, ref f, null);
        Sample signal = Row("floor-signal", Kind.FloorSignal, ref f, null);
        Sample yield = Row("floor-yield", Kind.FloorYield, ref f, null);
        Row("api-call-0mr", Kind.ApiCall0, ref f, call0.Total);
        Row("api-call-4mr", Kind.ApiCall4, ref f, call4.Total);
        Row("api-call-4mr-regs", Kind.ApiCall4Regs, ref f, call4.Total);
        Row("api-signal-wait", Kind.ApiPing, ref f, ping.Total);
        Row("api-signal", Kind.ApiSignal, ref f, signal.Total);
        Row("api-yield", Kind.ApiYield, ref f, yield.Total);

        // No system call: what one side's scopes cost by themselves (part of api-call-4mr's EL0 figure).
        Row("api-write-scope-4mr", Kind.ApiWriteScope, ref f, null, hasFloor: false);
        Row("api-read-scope-4mr", Kind.ApiReadScope, ref f, null, hasFloor: false);
        floors = new Floors { Call4 = call4.Total, Call10 = call10.Total, Ping = ping.Total };
        if ((problem = BenchCSpace.RestoreRoot()) is not null)
        {
            return problem;
        }

        return f.WrongSums == 0 ? null : "api-call-4mr: a reply did not echo MR0-MR3 (wrong sum)";
    }

    private static string? Setup(RootResources res, ref Fixture f)
    {
        f.FloorEp0 = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.FloorEp4 = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.FloorEp10 = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.ApiEp0 = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.ApiEp4 = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.ApiEp4Regs = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        f.FloorPing = res.NewObject(ObjectType.Notification, 0, out _).Index;
        f.FloorPong = res.NewObject(ObjectType.Notification, 0, out _).Index;
        f.ApiPing = res.NewObject(ObjectType.Notification, 0, out _).Index;
        f.ApiPong = res.NewObject(ObjectType.Notification, 0, out _).Index;
        f.Lonely = res.NewObject(ObjectType.Notification, 0, out _).Index;
        if (f.FloorEp0 == 0 || f.FloorEp4 == 0 || f.FloorEp10 == 0 || f.ApiEp0 == 0 || f.ApiEp4 == 0 || f.ApiEp4Regs == 0 || f.FloorPing == 0 || f.FloorPong == 0 ||
            f.ApiPing == 0 || f.ApiPong == 0 || f.Lonely == 0)
        {
            return "setup: could not create the endpoints and notifications";
        }

        if (!BenchCSpace.Covers(f.FloorEp0) || !BenchCSpace.Covers(f.FloorEp4) || !BenchCSpace.Covers(f.FloorEp10) || !BenchCSpace.Covers(f.ApiEp0) ||
            !BenchCSpace.Covers(f.ApiEp4) || !BenchCSpace.Covers(f.ApiEp4Regs) || !BenchCSpace.Covers(f.FloorPing) || !BenchCSpace.Covers(f.FloorPong) ||
            !BenchCSpace.Covers(f.ApiPing) || !BenchCSpace.Covers(f.ApiPong) || !BenchCSpace.Covers(f.Lonely))
        {
            return "setup: an endpoint or notification lies outside the boot CNode (the one-level CSpace of the rows)";
        }

        var floorServer = (delegate* unmanaged<ulong, void>)BenchNative.FloorServerAddress();
        var floorPong = (delegate* unmanaged<ulong, void>)BenchNative.FloorPongAddress();
        bool ok =
            Start(res, floorServer, f.FloorEp0, new MessageInfo(0, 0, 0, 0).Word, "bench-floor-0"u8) &&
            Start(res, floorServer, f.FloorEp4, new MessageInfo(0, 0, 0, 4).Word, "bench-floor-4"u8) &&
            Start(res, floorServer, f.FloorEp10, new MessageInfo(0, 0, 0, 10).Word, "bench-floor-10"u8) &&
            Start(res, floorPong, f.FloorPing, f.FloorPong, "bench-floor-pong"u8) &&
            Start(res, &ApiLoops.Server0, f.ApiEp0, 0, "bench-api-0"u8) &&
            Start(res, &ApiLoops.Server4, f.ApiEp4, 0, "bench-api-4"u8) &&
            Start(res, &ApiLoops.Server4Regs, f.ApiEp4Regs, 0, "bench-api-4r"u8) &&
            Start(res, &ApiLoops.Pong, f.ApiPing, f.ApiPong, "bench-api-pong"u8);
        return ok ? null : "setup: could not start the server threads";
    }

    private static bool Start(RootResources res, delegate* unmanaged<ulong, void> entry, ulong first, ulong second, System.ReadOnlySpan<byte> name)
    {
        var args = (ServerArgs*)Heap.TryAllocate((nuint)sizeof(ServerArgs));
        if (args == null)
        {
            return false;
        }

        args->First = first;
        args->Second = second;
        return LocalThreads.Start(res, entry, (ulong)args, Priority, RootSlot.None, name, out RootSlot tcb) &&
            BenchCSpace.UseBootCNode(tcb.Index) is null;
    }

    /// <summary>
    /// Warm-up, then <see cref="Batches"/> measured batches; prints the row (floor: the matching floor row's total, this
    /// row's own total for a floor row, none without <paramref name="hasFloor"/>) and returns its per-operation figures.
    /// </summary>
    private static Sample Row(string name, Kind kind, ref Fixture f, ulong? floor, bool hasFloor = true)
    {
        Execute(kind, ref f, WarmUp);
        Sample best = new Sample { Total = ulong.MaxValue };
        for (int b = 0; b < Batches; b++)
        {
            ulong t0 = BenchNative.ReadTotal();
            ulong e0 = BenchNative.ReadEl0();
            Execute(kind, ref f, Iterations);
            ulong e1 = BenchNative.ReadEl0();
            ulong t1 = BenchNative.ReadTotal();
            ulong total = (t1 - t0) & CounterMask;
            if (total < best.Total)
            {
                best.Total = total;
                best.El0 = (e1 - e0) & CounterMask;
            }
        }

        var perOp = new Sample { Total = BenchLine.PerOperation(best.Total, Iterations), El0 = BenchLine.PerOperation(best.El0, Iterations) };
        BenchLine.Row(name, perOp.Total, perOp.El0, hasFloor ? floor ?? perOp.Total : null);
        return perOp;
    }

    private static void Execute(Kind kind, ref Fixture f, ulong n)
    {
        switch (kind)
        {
            case Kind.FloorCall0:
                BenchNative.FloorCall0(f.FloorEp0, new MessageInfo(0, 0, 0, 0).Word, n);
                break;
            case Kind.FloorCall4:
                BenchNative.FloorCall(f.FloorEp4, new MessageInfo(0, 0, 0, 4).Word, n);
                break;
            case Kind.FloorCall10:
                // 10 MRs: the slowpath; MR4-MR9 are copied between the IPC buffers by the kernel.
                BenchNative.FloorCall(f.FloorEp10, new MessageInfo(0, 0, 0, 10).Word, n);
                break;
            case Kind.FloorPing:
                BenchNative.FloorPing(f.FloorPing, f.FloorPong, n);
                break;
            case Kind.FloorSignal:
                BenchNative.FloorSignal(f.Lonely, n);
                break;
            case Kind.FloorYield:
                BenchNative.FloorYield(n);
                break;
            case Kind.ApiCall0:
                ApiLoops.Call0(new Endpoint(f.ApiEp0), n);
                break;
            case Kind.ApiCall4:
                if (ApiLoops.Call4(new Endpoint(f.ApiEp4), n) != n * ApiLoops.EchoSum)
                {
                    f.WrongSums++;
                }

                break;
            case Kind.ApiCall4Regs:
                if (ApiLoops.Call4Regs(new Endpoint(f.ApiEp4Regs), n) != n * ApiLoops.EchoSum)
                {
                    f.WrongSums++;
                }

                break;
            case Kind.ApiPing:
                ApiLoops.Ping(new Notification(f.ApiPing), new Notification(f.ApiPong), n);
                break;
            case Kind.ApiSignal:
                ApiLoops.Signal(new Notification(f.Lonely), n);
                break;
            case Kind.ApiYield:
                ApiLoops.Yield(n);
                break;
            case Kind.ApiWriteScope:
                ApiLoops.WriteScope4(n);
                break;
            case Kind.ApiReadScope:
                ApiLoops.ReadScope4(n);
                break;
        }
    }
}
