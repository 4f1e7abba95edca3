// Where a spawn's and an exit's instructions go in the root task: PMU counts per part, in bench builds (SMOS_BENCH) only.
using System;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Smos.RootTask.Processes;

/// <summary>The parts of a spawn and of an exit that <see cref="SpawnProfile"/> counts.</summary>
internal enum SpawnPart
{
    /// <summary>The whole of <see cref="Spawner.Spawn(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ulong, Smos.Protocol.ProcessQuota?, out Process?)"/>.</summary>
    Spawn,

    /// <summary>Validation, the app's lookup and ELF plan, the process record and room in its records.</summary>
    Records,

    /// <summary>The kernel objects before the image: VSpace (with its ASID), three CNodes, TCB, notification.</summary>
    Objects,

    /// <summary>The image's frames (one retype).</summary>
    ElfFrames,

    /// <summary>Copying the image's file bytes into its frames (through the root task's scratch window).</summary>
    ElfCopy,

    /// <summary>Mapping the image's pages, with the page tables they need.</summary>
    ElfMap,

    /// <summary>Stack, memory grants, IPC buffer and start-info page, start code, the CSpace's capabilities.</summary>
    Setup,

    /// <summary>The thread's configuration, priority, notification, interrupt grant, name and start.</summary>
    Thread,

    /// <summary>The whole of an exit in the root task (<c>RequestDispatcher.End</c>).</summary>
    End,

    /// <summary>Of it: every object and slot returned (<see cref="Spawner.Reclaim"/>), the whole of the parts below.</summary>
    Reclaim,

    /// <summary>Of reclaim: the thread stopped; the copies of interrupt handlers, device and image pages and the start code deleted.</summary>
    ReclaimCopies,

    /// <summary>Of reclaim: the revokes of the frame allocations (image, stack, IPC buffer, start-info page, heap).</summary>
    ReclaimFrames,

    /// <summary>Of reclaim: the revokes of the page tables.</summary>
    ReclaimTables,

    /// <summary>Of reclaim: the revokes of the CNodes.</summary>
    ReclaimCNodes,

    /// <summary>Of reclaim: the revoke of the VSpace.</summary>
    ReclaimVSpace,

    /// <summary>Of reclaim: the revokes of the TCB, the notification and any other object.</summary>
    ReclaimOther,

    /// <summary>Of reclaim: the records and quotas after the revokes.</summary>
    ReclaimRecords,

    /// <summary>Of records: the request's checks, the app's lookup and the ELF's validation and page count.</summary>
    RecordsCheck,

    /// <summary>Of records: the process record taken from the table (pid, quota from the parent).</summary>
    RecordsTable,

    /// <summary>Of records: room in the process's records for everything the spawn records.</summary>
    RecordsRoom,

    /// <summary>Of elf-map: the pages mapped from copies of the root task's image frames.</summary>
    MapShared,

    /// <summary>Of elf-map: the pages mapped from new frames (and the plan of each, in the loop).</summary>
    MapFrames,

    /// <summary>Of setup: the stack's top page and its region.</summary>
    SetupStack,

    /// <summary>Of setup: the memory grants.</summary>
    SetupGrants,

    /// <summary>Of setup: the IPC buffer and the start-info page (written through the scratch window).</summary>
    SetupIpc,

    /// <summary>Of setup: the start code's page (a copy of the root task's frame).</summary>
    SetupCode,

    /// <summary>Of setup: the well-known capabilities, the directory and the top level.</summary>
    SetupCSpace,

    /// <summary>The number of parts.</summary>
    Count,
}

/// <summary>
/// Counts, per <see cref="SpawnPart"/>, the instructions retired at every level and at EL0 (the PMU's event counters
/// 0 and 1, which bench's kernel exports to EL0) while the root task spawns and ends the processes chosen with
/// <see cref="Watch"/>. Every method is <c>[Conditional("SMOS_BENCH")]</c>: outside bench builds the calls are not
/// compiled at all, so the product root task and the host tests pay nothing. Spawns and exits are handled one at a
/// time by the root task's thread, so one set of marks serves both.
/// </summary>
internal static class SpawnProfile
{
    private const ulong Mask = 0xFFFF_FFFF; // the event counters are 32 bits wide

    // Made by Watch: no static initializer, so the class has no static constructor to check at every mark.
    private static ulong[]? s_total;
    private static ulong[]? s_el0;
    private static byte[]? s_name;
    private static byte[]? s_args;
    private static bool s_on;
    private static ulong s_pid;
    private static ulong s_spawns;
    private static ulong s_ends;
    private static ulong s_wholeTotal;
    private static ulong s_wholeEl0;
    private static ulong s_lapTotal;
    private static ulong s_lapEl0;
    private static ulong s_reclaimTotal;
    private static ulong s_reclaimEl0;

    /// <summary>
    /// From now on, profiles the spawns of app <paramref name="name"/> with exactly <paramref name="args"/> (each
    /// argument ended by a zero byte, as the Spawn request carries them), and their exits.
    /// </summary>
    [Conditional("SMOS_BENCH")]
    public static void Watch(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args)
    {
        s_name = name.ToArray();
        s_args = args.ToArray();
        s_total = new ulong[(int)SpawnPart.Count];
        s_el0 = new ulong[(int)SpawnPart.Count];
        s_spawns = s_ends = 0;
    }

    /// <summary>At the start of a spawn: whether it is watched; if so the spawn's clock starts.</summary>
    [Conditional("SMOS_BENCH")]
    public static void SpawnStarts(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args)
    {
        s_on = s_name is not null && s_args is not null && name.SequenceEqual(s_name) && args.SequenceEqual(s_args);
        Start();
    }

    /// <summary>At the end of a spawn: the whole spawn counted when it was watched and succeeded (<paramref name="pid"/> not 0).</summary>
    [Conditional("SMOS_BENCH")]
    public static void SpawnEnds(ulong pid)
    {
        if (s_on && pid != 0)
        {
            Whole(SpawnPart.Spawn);
            s_spawns++;
            s_pid = pid;
        }

        s_on = false;
    }

    /// <summary>At the start of an exit: whether the ending process is the watched one; if so the exit's clock starts.</summary>
    [Conditional("SMOS_BENCH")]
    public static void EndStarts(ulong pid)
    {
        s_on = s_pid != 0 && pid == s_pid;
        Start();
    }

    /// <summary>At the end of an exit.</summary>
    [Conditional("SMOS_BENCH")]
    public static void EndEnds()
    {
        if (s_on)
        {
            Whole(SpawnPart.End);
            s_ends++;
            s_pid = 0;
        }

        s_on = false;
    }

    /// <summary>Starts a part here: what ran since the last mark is not counted as any part.</summary>
    [Conditional("SMOS_BENCH")]
    public static void Mark()
    {
        if (s_on)
        {
            s_lapTotal = ReadTotal();
            s_lapEl0 = ReadEl0();
        }
    }

    /// <summary>At the start of a reclaim: a mark, and the start of <see cref="SpawnPart.Reclaim"/>, which its parts' laps share.</summary>
    [Conditional("SMOS_BENCH")]
    public static void ReclaimStarts()
    {
        if (s_on)
        {
            s_reclaimTotal = s_lapTotal = ReadTotal();
            s_reclaimEl0 = s_lapEl0 = ReadEl0();
        }
    }

    /// <summary>At the end of a reclaim: the whole reclaim counted (after its last part's lap).</summary>
    [Conditional("SMOS_BENCH")]
    public static void ReclaimEnds()
    {
        if (s_on)
        {
            s_total![(int)SpawnPart.Reclaim] += (ReadTotal() - s_reclaimTotal) & Mask;
            s_el0![(int)SpawnPart.Reclaim] += (ReadEl0() - s_reclaimEl0) & Mask;
        }
    }

    /// <summary>Counts what ran since the last mark (or the start) as <paramref name="part"/>; unwatched, one load and a branch.</summary>
    [Conditional("SMOS_BENCH")]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Lap(SpawnPart part)
    {
        if (s_on)
        {
            Count(part);
        }
    }

    /// <summary>Watched spawns that succeeded.</summary>
    public static ulong Spawns => s_spawns;

    /// <summary>Watched exits.</summary>
    public static ulong Ends => s_ends;

    /// <summary>
    /// Instructions of <paramref name="part"/> per watched spawn (per exit for End and Reclaim and its parts), all levels
    /// and EL0, rounded down. Records, ElfMap and Setup are the sums of their parts.
    /// </summary>
    public static void PerProcess(SpawnPart part, out ulong total, out ulong el0)
    {
        (SpawnPart first, SpawnPart last) = part switch
        {
            SpawnPart.Records => (SpawnPart.RecordsCheck, SpawnPart.RecordsRoom),
            SpawnPart.ElfMap => (SpawnPart.MapShared, SpawnPart.MapFrames),
            SpawnPart.Setup => (SpawnPart.SetupStack, SpawnPart.SetupCSpace),
            _ => (part, part),
        };
        ulong n = part is >= SpawnPart.End and <= SpawnPart.ReclaimRecords ? s_ends : s_spawns;
        ulong t = 0, e = 0;
        for (SpawnPart p = first; p <= last && s_total is not null && s_el0 is not null; p++)
        {
            t += s_total[(int)p];
            e += s_el0[(int)p];
        }

        total = n == 0 ? 0 : t / n;
        el0 = n == 0 ? 0 : e / n;
    }

    /// <summary>Stops watching (what was counted stays readable).</summary>
    public static void Stop()
    {
        s_name = null;
        s_args = null;
        s_pid = 0;
    }

    /// <summary>The part of a reclaim the revoke of an allocation of <paramref name="type"/> belongs to.</summary>
    public static SpawnPart ReclaimPart(Smos.Sel4.ObjectType type) => type switch
    {
        Smos.Sel4.ObjectType.SmallPage or Smos.Sel4.ObjectType.LargePage or Smos.Sel4.ObjectType.HugePage => SpawnPart.ReclaimFrames,
        Smos.Sel4.ObjectType.PageTable => SpawnPart.ReclaimTables,
        Smos.Sel4.ObjectType.CNode => SpawnPart.ReclaimCNodes,
        Smos.Sel4.ObjectType.VSpace => SpawnPart.ReclaimVSpace,
        _ => SpawnPart.ReclaimOther,
    };

    /// <summary>The part's name in bench's SMOS-SPAWN lines.</summary>
    public static string Name(SpawnPart part) => part switch
    {
        SpawnPart.Spawn => "spawn",
        SpawnPart.Records => "records",
        SpawnPart.Objects => "objects",
        SpawnPart.ElfFrames => "elf-frames",
        SpawnPart.ElfCopy => "elf-copy",
        SpawnPart.ElfMap => "elf-map",
        SpawnPart.Setup => "setup",
        SpawnPart.Thread => "thread",
        SpawnPart.End => "end",
        SpawnPart.Reclaim => "reclaim",
        SpawnPart.ReclaimCopies => "r-copies",
        SpawnPart.ReclaimFrames => "r-frames",
        SpawnPart.ReclaimTables => "r-tables",
        SpawnPart.ReclaimCNodes => "r-cnodes",
        SpawnPart.ReclaimVSpace => "r-vspace",
        SpawnPart.ReclaimOther => "r-other",
        SpawnPart.ReclaimRecords => "r-records",
        SpawnPart.RecordsCheck => "rec-check",
        SpawnPart.RecordsTable => "rec-table",
        SpawnPart.RecordsRoom => "rec-room",
        SpawnPart.MapShared => "map-shared",
        SpawnPart.MapFrames => "map-frames",
        SpawnPart.SetupStack => "set-stack",
        SpawnPart.SetupGrants => "set-grants",
        SpawnPart.SetupIpc => "set-ipc",
        SpawnPart.SetupCode => "set-code",
        _ => "set-cspace",
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Count(SpawnPart part)
    {
        ulong total = ReadTotal();
        ulong el0 = ReadEl0();
        s_total![(int)part] += (total - s_lapTotal) & Mask;
        s_el0![(int)part] += (el0 - s_lapEl0) & Mask;
        s_lapTotal = ReadTotal();
        s_lapEl0 = ReadEl0();
    }

    private static void Start()
    {
        if (s_on)
        {
            s_wholeTotal = s_lapTotal = ReadTotal();
            s_wholeEl0 = s_lapEl0 = ReadEl0();
        }
    }

    private static void Whole(SpawnPart part)
    {
        s_total![(int)part] += (ReadTotal() - s_wholeTotal) & Mask;
        s_el0![(int)part] += (ReadEl0() - s_wholeEl0) & Mask;
    }

#if SMOS_BENCH
    // kernel-glue/arch/aarch64/bench.S, linked into every root task; reached only from bench builds.
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_total")]
    private static extern ulong ReadTotal();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_el0")]
    private static extern ulong ReadEl0();
#else
    // Never reached: every caller is [Conditional("SMOS_BENCH")], so without it no call of them is compiled.
    private static ulong ReadTotal() => 0;

    private static ulong ReadEl0() => 0;
#endif
}
