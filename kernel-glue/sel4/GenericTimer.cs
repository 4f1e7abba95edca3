// The ARM generic timer at EL0: the physical counter and frequency, and the EL1 physical timer (CNTP) the timer server arms.
using System.Runtime.CompilerServices;
#if SMOS_TARGET
using System.Runtime;
#endif

namespace Smos.Sel4;

/// <summary>
/// The ARM generic timer as a process sees it (kernel-glue/arch/aarch64/timer.S). The counter and its frequency need
/// a kernel built with KernelArmExportPCNTUser; arming the physical timer needs KernelArmExportPTMRUser (docs/kernel.md;
/// buildsys refuses a kernel without them). With the timer exported every thread can write its registers, so their
/// state is never to be trusted: the timer server re-reads <see cref="Counter"/> and calls <see cref="Arm"/> again on
/// every request and interrupt. On the host the counter is <c>Stopwatch.GetTimestamp()</c> and arming is recorded.
/// </summary>
public static class GenericTimer
{
    /// <summary>CNTPCT_EL0: counter ticks since the machine started (62.5 MHz on QEMU virt), monotonic.</summary>
    public static ulong Counter
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Native.Counter();
    }

    /// <summary>CNTFRQ_EL0: the counter's frequency in Hz.</summary>
    public static ulong Frequency => Native.Frequency();

    /// <summary>
    /// CNTP_CVAL_EL0 = <paramref name="deadline"/> and CNTP_CTL_EL0 = enabled, unmasked: the physical timer's interrupt
    /// (PPI 30) is raised once <see cref="Counter"/> reaches the deadline (at once if it has) and stays raised until the
    /// timer is armed later or disarmed.
    /// </summary>
    public static void Arm(ulong deadline) => Native.Arm(deadline);

    /// <summary>CNTP_CTL_EL0 = 0: the physical timer is off and its interrupt line low.</summary>
    public static void Disarm() => Native.Disarm();

    /// <summary>CNTP_CTL_EL0 as it is now (bit 0 enabled, bit 1 masked, bit 2 the condition met): for diagnostics only.</summary>
    public static ulong Control => Native.Control();

#if SMOS_TARGET
    private static class Native
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_cntpct")]
        public static extern ulong Counter();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_cntfrq")]
        public static extern ulong Frequency();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_cntp_arm")]
        public static extern void Arm(ulong deadline);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_cntp_disarm")]
        public static extern void Disarm();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_cntp_ctl")]
        public static extern ulong Control();
    }
#else
    /// <summary>Host only: the deadline of the last <see cref="Arm"/>, or null after <see cref="Disarm"/>.</summary>
    public static ulong? HostArmedAt { get; private set; }

    private static class Native
    {
        public static ulong Counter() => (ulong)System.Diagnostics.Stopwatch.GetTimestamp();

        public static ulong Frequency() => (ulong)System.Diagnostics.Stopwatch.Frequency;

        public static void Arm(ulong deadline) => HostArmedAt = deadline;

        public static void Disarm() => HostArmedAt = null;

        public static ulong Control() => HostArmedAt is ulong d ? (Counter() >= d ? 5UL : 1UL) : 0UL;
    }
#endif
}
