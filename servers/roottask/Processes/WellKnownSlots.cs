// The well-known slots of every process's CNode (protocol's CapSlots) as typed process slots.
using Smos.Protocol;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

/// <summary>
/// Where the spawner puts each capability in a new process's CNode (docs/architecture.md, "Capabilities of a process").
/// The numbers are the protocol's <see cref="CapSlots"/>, shared with libsmos; here they are <see cref="ProcessSlot"/>s
/// so that they cannot be passed where a root-task slot is meant.
/// </summary>
internal static class WellKnownSlots
{
    public static ProcessSlot SelfCNode => new(CapSlots.SelfCNode);

    public static ProcessSlot SelfVSpace => new(CapSlots.SelfVSpace);

    public static ProcessSlot RootEndpoint => new(CapSlots.RootEndpoint);

    public static ProcessSlot Notification => new(CapSlots.Notification);

    /// <summary>The fault endpoint's cptr (the top level's slot 1), as TCB_Configure takes it.</summary>
    public static ProcessSlot FaultHandler => new(CapSlots.FaultHandler);

    /// <summary>
    /// log2 of the slots of a CSpace's top level, a CNode only the root task holds: 0 the app's CNode directory, 1 the
    /// fault endpoint, 2.. the endpoints of the process's publications while it says farewell (docs/architecture.md).
    /// </summary>
    public const int TopBits = CapSlots.TopBits;

    /// <summary>log2 of the slots of the CNode directory (slot k: the app's CNode k).</summary>
    public const int DirectoryBits = CapSlots.DirectoryBits;

    public static ProcessSlot TopDirectory => new(0);

    /// <summary>The directory's slot of the app's CNode <paramref name="k"/> (0: the one made at spawn).</summary>
    public static ProcessSlot DirectoryEntry(int k) => new((ulong)k);

    public static ProcessSlot TopFaultEndpoint => new(1);

    /// <summary>Top-level slot for the endpoint of publication <paramref name="i"/> (0..3) during the farewell.</summary>
    public static ProcessSlot TopFarewell(int i) => new(2 + (ulong)i);

    /// <summary>The process's cptr for top-level slot <paramref name="top"/> (its index in the top bits).</summary>
    public static ulong TopCptr(ProcessSlot top) => top.Index << (64 - TopBits);
}
