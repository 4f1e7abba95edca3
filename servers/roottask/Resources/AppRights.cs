// The rights of the capabilities the root task gives apps to other processes' endpoints and notifications.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// What an app may do with a capability to an object someone else receives on (docs/architecture.md, "Capabilities of
/// a process"). seL4 lets the holder of an endpoint capability with the Read right receive on it, and the holder of a
/// notification capability with Read wait on it: with either, one app could take the messages meant for the root task
/// or a server, or the signals meant for a peer. These rights leave Read out; the kernel answers a receive or a wait
/// through such a capability with a capability fault, and the root task ends the process that tried.
/// </summary>
internal static class AppRights
{
    /// <summary>
    /// Calls and sends through an endpoint: Write to send, Grant so that capabilities may travel in the message and in
    /// the reply (seL4 lets a reply carry capabilities only when the caller's capability has Grant), GrantReply for
    /// Call. No Read.
    /// </summary>
    public const CapRights CallOnly = CapRights.Write | CapRights.Grant | CapRights.GrantReply;

    /// <summary>Signals a notification (Write). No Read.</summary>
    public const CapRights SignalOnly = CapRights.Write;
}
