// C# bindings of kernel-glue/arch/aarch64/bench.S: PMU and counter reads at EL0, and the assembly floor loops.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Smos.RootTask.SelfTest.Bench;

internal static unsafe class BenchNative
{
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_init")]
    public static extern void PmuInit();

    /// <summary>PMUSERENR_EL0: bit 0 is set when the kernel lets EL0 use the PMU (KernelArmExportPMUUser).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_user_access")]
    public static extern ulong PmuUserAccess();

    /// <summary>Instructions retired at every level (32-bit counter).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_total")]
    public static extern ulong ReadTotal();

    /// <summary>Instructions retired at EL0 (32-bit counter).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_el0")]
    public static extern ulong ReadEl0();

    /// <summary>CNTVCT_EL0 (needs KernelArmExportVCNTUser).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_cntvct")]
    public static extern ulong Cntvct();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_call")]
    public static extern void FloorCall(ulong endpoint, ulong info, ulong iterations);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_call0")]
    public static extern void FloorCall0(ulong endpoint, ulong info, ulong iterations);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_ping")]
    public static extern void FloorPing(ulong ping, ulong pong, ulong iterations);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_signal")]
    public static extern void FloorSignal(ulong notification, ulong iterations);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_yield")]
    public static extern void FloorYield(ulong iterations);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_server_address")]
    public static extern nuint FloorServerAddress();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_bench_floor_pong_address")]
    public static extern nuint FloorPongAddress();
}
