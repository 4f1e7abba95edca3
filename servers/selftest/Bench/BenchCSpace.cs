// Runs the floor and api rows in a one-level CSpace (the boot CNode), as apps' ratios assume: the root task's is two-level.
using Smos.RootTask.Platform;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest.Bench;

/// <summary>
/// The root task resolves its cptrs through a top-level CNode over the boot CNode (<see cref="RootCSpace"/>), one more
/// level per capability lookup (about 25 kernel instructions). The floor and api rows set the CSpace root of their
/// threads (the measuring root thread and the bench server threads) to the boot CNode's own capability (guard 52: one
/// level, as on main before the two levels): every cptr below 2^<see cref="RootCSpace.BootBits"/> names the same slot
/// in both, so the loops' cptrs are unchanged. Nothing is allocated: the boot CNode's capability already exists.
/// </summary>
internal static class BenchCSpace
{
    /// <summary>True when the root task's CSpace is two-level (else the threads are one-level already).</summary>
    public static bool TwoLevels => !RootCSpace.BootCNode.IsNone;

    /// <summary>True when <paramref name="cptr"/> resolves to the same slot in the boot CNode alone.</summary>
    public static bool Covers(ulong cptr) => !TwoLevels || cptr < (1UL << RootCSpace.BootBits);

    /// <summary>Makes the boot CNode the CSpace root of the thread <paramref name="tcb"/>; null or what failed.</summary>
    public static string? UseBootCNode(ulong tcb)
    {
        if (!TwoLevels)
        {
            return null;
        }

        Sel4Result r = new Tcb(tcb).SetSpace(0, new CNode(RootCSpace.BootCNode.Index, 64), 0, InitialCaps.InitThreadVSpace, 0);
        return r.IsOk ? null : "setup: TCB_SetSpace to the boot CNode failed";
    }

    /// <summary>
    /// Gives the root thread its two-level CSpace back (called while it resolves through the boot CNode, whose slot 2
    /// holds the top-level CNode's capability); null or what failed.
    /// </summary>
    public static string? RestoreRoot()
    {
        if (!TwoLevels)
        {
            return null;
        }

        Sel4Result r = new Tcb(InitialCaps.InitThreadTcb).SetSpace(0, CNode.InitThread, 0, InitialCaps.InitThreadVSpace, 0);
        return r.IsOk ? null : "TCB_SetSpace back to the top-level CNode failed";
    }
}
