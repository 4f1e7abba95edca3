// Bench builds only: the PMU's instruction counter at EL0, to time the answer to each key typed (KeySpans).
#if SMOS_BENCH
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Smos.Pl011Driver;

/// <summary>
/// With SMOS_BENCH (`buildsys bench`) the driver times keys: event counter 0 counts instructions retired at every level
/// (kernel-glue/arch/aarch64/bench.S), read at the receive interrupt's wake-up and after each byte sent. Ctrl-T
/// (<see cref="ReportKey"/>, not passed on) prints the rows.
/// </summary>
internal static class BenchCounter
{
    /// <summary>The key that prints the rows: Ctrl-T.</summary>
    public const byte ReportKey = 0x14;

    /// <summary>Sets the counters up when the kernel lets EL0 use the PMU; false otherwise.</summary>
    public static bool Start()
    {
        if ((UserAccess() & 1) == 0)
        {
            return false;
        }

        Init();
        return true;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_total")]
    public static extern ulong ReadTotal();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_init")]
    private static extern void Init();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_user_access")]
    private static extern ulong UserAccess();
}
#endif
