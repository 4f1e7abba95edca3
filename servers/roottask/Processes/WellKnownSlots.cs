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
    public static ProcessSlot SelfTcb => new(CapSlots.SelfTcb);

    public static ProcessSlot SelfCNode => new(CapSlots.SelfCNode);

    public static ProcessSlot SelfVSpace => new(CapSlots.SelfVSpace);

    public static ProcessSlot RootEndpoint => new(CapSlots.RootEndpoint);

    public static ProcessSlot Notification => new(CapSlots.Notification);

    public static ProcessSlot FaultEndpoint => new(CapSlots.FaultEndpoint);
}
