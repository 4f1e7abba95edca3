// conn-check: the rust-sel4 scenario: each ConnPublish reply must deliver both the handle (MR0) and the endpoint (a cap).
using System;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// rust-sel4's "IPC buffer not volatile" issue was a reply whose capability arrived but whose MR0 was read from a stale
/// register copy. Here two publications must each come back with a non-zero, distinct handle and a live endpoint
/// capability in a distinct slot (checked with the debug kernel's seL4_DebugCapIdentify); opening one of them must
/// deliver a badged endpoint and an Opened event in the ring; unpublishing must remove the capabilities, and a
/// second unpublish of the same handle must be refused with BadHandle.
/// </summary>
public static class ConnCheck
{
    private static int s_failures;

    public static int Main(string[] args)
    {
        RootError ea = Connections.Publish("conn-check-a"u8, out Publication a);
        RootError eb = Connections.Publish("conn-check-b"u8, out Publication b);
        Expect(ea == RootError.Ok && eb == RootError.Ok, "both publishes answered Ok"u8);
        if (ea != RootError.Ok || eb != RootError.Ok)
        {
            return 1;
        }

        // The name length (12) was MR0 of the request: a stale MR0 would read back as 12.
        Expect(a.Handle != 0 && b.Handle != 0 && a.Handle != 12 && b.Handle != 12, "both handles arrived (non-zero, not the request's MR0)"u8);
        Expect(a.Handle != b.Handle, "the handles differ"u8);
        Expect(a.Endpoint.Cptr != b.Endpoint.Cptr, "the capabilities are in different slots"u8);
        Expect(Debug.IdentifyCap(a.Endpoint.Cptr) == CapTag.Endpoint, "publication a's capability is an endpoint"u8);
        Expect(Debug.IdentifyCap(b.Endpoint.Cptr) == CapTag.Endpoint, "publication b's capability is an endpoint"u8);

        // The same name twice, and a third publication's handle and capability are checked by the same path again.
        Expect(Connections.Publish("conn-check-a"u8, out _) == RootError.NameTaken, "publishing a taken name is NameTaken"u8);

        // Open our own publication a: a badged endpoint arrives with the connection handle, and a's ring says Opened.
        RootError eo = Connections.Open("conn-check-a"u8, out Connection c);
        Expect(eo == RootError.Ok, "open of our own name answered Ok"u8);
        if (eo == RootError.Ok)
        {
            Expect(c.Handle != 0 && Debug.IdentifyCap(c.Endpoint.Cptr) == CapTag.Endpoint, "the connection's handle and endpoint arrived"u8);
            bool got = a.NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid);
            Expect(got && kind == ConnectionEvent.Opened && badge == c.Handle && pid == Process.Pid, "publication a's ring has Opened with our badge and pid"u8);
            Expect(!b.NextEvent(out _, out _, out _), "publication b's ring is empty"u8);
            Expect(Connections.Close(c) == RootError.Ok, "close answered Ok"u8);
            got = a.NextEvent(out kind, out badge, out pid);
            Expect(got && kind == ConnectionEvent.Closed && badge == c.Handle && pid == Process.Pid, "publication a's ring has Closed"u8);
            Expect(Debug.IdentifyCap(c.Endpoint.Cptr) == CapTag.Null, "the closed connection's capability is gone"u8);
            Expect(Connections.Close(c) == RootError.BadHandle, "a second close is BadHandle"u8);
        }

        // Drain the notification bits the events set (bit 62 of our notification).
        ulong bits = Notifications.Poll();
        Expect((bits & ConnectionAbi.EventBadge) != 0, "the events signalled our notification with the event bit"u8);

        ulong aSlot = a.Endpoint.Cptr;
        ulong bSlot = b.Endpoint.Cptr;
        Expect(Connections.Unpublish(a) == RootError.Ok, "unpublish a answered Ok"u8);
        Expect(Connections.Unpublish(b) == RootError.Ok, "unpublish b answered Ok"u8);
        Expect(Debug.IdentifyCap(aSlot) == CapTag.Null && Debug.IdentifyCap(bSlot) == CapTag.Null, "both endpoint capabilities are gone"u8);
        Expect(Connections.Unpublish(a) == RootError.BadHandle, "a second unpublish of a is BadHandle"u8);
        Expect(Connections.Unpublish(b) == RootError.BadHandle, "a second unpublish of b is BadHandle"u8);
        Expect(Connections.Open("conn-check-a"u8, out _) == RootError.NoSuchName, "the name is gone: open is NoSuchName"u8);

        // The name can be published again, and gets a new handle.
        RootError ec = Connections.Publish("conn-check-a"u8, out Publication again);
        Expect(ec == RootError.Ok && again.Handle != a.Handle && again.Handle != b.Handle, "republishing gives a fresh handle"u8);
        if (ec == RootError.Ok)
        {
            Expect(Debug.IdentifyCap(again.Endpoint.Cptr) == CapTag.Endpoint, "and a live endpoint"u8);
            Expect(Connections.Unpublish(again) == RootError.Ok, "unpublish again answered Ok"u8);
        }

        Console.WriteLine($"conn-check: {s_failures}{(s_failures == 0 ? " failures: handles and endpoint capabilities arrived together in every reply" : " failures")}");
        return s_failures == 0 ? 0 : 1;
    }

    private static void Expect(bool ok, ReadOnlySpan<byte> what)
    {
        Console.WriteLine($"{(ok ? "conn-check: ok   " : "conn-check: FAILED ")}{Encoding.UTF8.GetString(what)}");
        s_failures += ok ? 0 : 1;
    }
}
