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

    /// <summary>Slots of the CSpace's top level (a CNode of 2 slots only the root task holds): the app's CNode, the fault endpoint.</summary>
    public static ProcessSlot TopAppCNode => new(0);

    public static ProcessSlot TopFaultEndpoint => new(1);
}
