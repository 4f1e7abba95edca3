// Doorbells: a capability to signal the other end of a connection directly, without a request to the root task.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// A copy of a peer's notification, badged <see cref="ConnectionAbi.DoorbellBadge"/> (ConnNotify). <see cref="Ring"/>
/// is one seL4_Signal: the peer's <see cref="Notifications.Wait()"/> returns with that bit set. A client gets one for its
/// server with <see cref="Connections.Doorbell(in Connection, out Doorbell)"/>, a server one for a client with
/// <see cref="Connections.Doorbell(ulong, out Doorbell)"/>; both stop working when the connection closes.
/// </summary>
/// <example><code>
/// if (Connections.Doorbell(c, out Doorbell bell) != RootError.Ok) return 1;
/// bell.Ring();                       // the server's Notifications.Wait() returns with DoorbellBadge set
/// ulong bits = Notifications.Wait(); // and we wait for it to ring ours
/// </code></example>
public readonly struct Doorbell
{
    /// <summary>The capability (a cptr in this process's CSpace), or 0 for none.</summary>
    public readonly Notification Notification;

    internal Doorbell(ulong cptr) { Notification = new Notification(cptr); }

    /// <summary>True when this holds a capability.</summary>
    public bool IsValid => Notification.Cptr != 0;

    /// <summary>Signals the peer (seL4_Signal); never blocks.</summary>
    public void Ring() => Notification.Signal();
}
