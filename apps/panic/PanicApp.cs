// panic: every way an app can stop itself ends in the root task's hands: uncaught exceptions, panics, a self-suspend, a deleted fault endpoint, receiving through capabilities that only send.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>panic check</c> spawns one child per way to stop and waits for each: an uncaught exception must end with
/// <see cref="ExitCodes.UncaughtException"/>, a panic of libsmos's IPC guard with <see cref="ExitCodes.Panicked"/>,
/// the attempts to stop unseen with <see cref="ExitCodes.Faulted"/>; exits 0 when all do. The children: <c>index</c>,
/// <c>divide</c>, <c>heap</c> (exhausted), <c>throw</c> (an exception of the app's own type, three calls deep),
/// <c>null</c> (a field of a null object), <c>scope</c> (a call inside an IPC scope), <c>suspend</c> (tries to suspend
/// its own thread, then halts), <c>fault-endpoint</c> (tries to delete its fault endpoint, then faults), and three that
/// try to take what others are sent: <c>take-requests</c> (a receive on its root-task endpoint), <c>take-calls</c> (a
/// receive on its connection to the check's publication), <c>take-signals</c> (a wait on its doorbell to the check). The
/// capabilities have no Read right, so the kernel answers each with a capability fault (a doorbell's wait was refused
/// before too: seL4 refuses a wait on a notification bound to another thread). The root task prints a FAULT
/// report for each (kind=exception with the type, message and callers; kind=panic; or the fault).
/// </summary>
public static class PanicApp
{
    public static unsafe int Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : "")
        {
            case "check":
                return Check();
            case "index":
                int[] values = new int[2];
                return values[args.Length + 3]; // index out of range
            case "divide":
                return 10 / (args.Length - 1); // one argument: division by zero
            case "heap":
                // Every block stays reachable through the chain, so the collector can free none: the heap grows to the
                // memory quota (4 MiB, given by the check with slots to spare), then the growth is refused and the
                // allocation throws an OutOfMemoryException that names the quota.
                object?[]? chain = null;
                for (int i = 0; i < 100_000; i++)
                {
                    var link = new object?[2];
                    var block = new byte[60_000];
                    block[0] = (byte)i;
                    link[0] = block;
                    link[1] = chain;
                    chain = link;
                }

                return 0;
            case "throw":
                return Outer(args.Length);
            case "null":
                Node? node = args.Length > 5 ? new Node() : null;
                return node!.Value; // a load from near address 0: a NullReferenceException nobody catches
            case "scope":
                using (IpcWriter w = Ipc.Write())
                {
                    w.SetMr(0, 1);
                    Process.QueryPid(out _); // a system call inside a write scope: the guard stops the thread
                }

                return 0;
            case "suspend":
                // No capability to its own TCB: the suspend is refused, and the runtime's halt faults instead.
                Sel4Result r = new Tcb(CapSlots.SelfTcb).Suspend();
                Console.WriteLine($"panic suspend: TCB_Suspend on slot 1 -> {(r.IsOk ? "ok (the thread should not be here)" : "refused")}");
                AppConsole.Flush();
                Internal.Runtime.Platform.Halt();
                return 0;
            case "fault-endpoint":
                // The fault endpoint is outside the app's CNode: deleting slot 6 or the cptr 2^63 changes nothing.
                var self = new CNode(CapSlots.SelfCNode, 64);
                Sel4Result slot6 = self.Delete(CapSlots.FaultEndpoint);
                Sel4Result top = self.Delete(CapSlots.FaultHandler);
                Console.WriteLine($"panic fault-endpoint: delete slot 6 -> {(slot6.IsOk ? "ok (empty)" : "refused")}, delete 2^63 -> {(top.IsOk ? "ok" : "refused")}");
                AppConsole.Flush();
                return *(int*)0xdead0000; // a VM fault far from 0: the kernel still finds the fault endpoint
            case "take-requests":
                // A receive on the root task's endpoint would take other processes' requests: the kernel refuses it.
                new Endpoint(CapSlots.RootEndpoint).NBRecv(out _);
                Console.WriteLine("panic take-requests: a receive on the root task's endpoint returned: the capability can receive");
                return 3;
            case "take-calls":
            case "take-signals":
                if (Connections.OpenWhenPublished(CheckName, out Connection c) != RootError.Ok)
                {
                    Console.WriteLine($"panic {args[0]}: could not open \"{CheckName}\"");
                    return 4;
                }

                if (args[0] == "take-calls")
                {
                    c.Endpoint.NBRecv(out _); // the server's endpoint: a receive would take other clients' calls
                    Console.WriteLine("panic take-calls: a receive on a connection returned: the capability can receive");
                    return 3;
                }

                if (Connections.Doorbell(c, out Doorbell bell) != RootError.Ok)
                {
                    Console.WriteLine("panic take-signals: no doorbell");
                    return 4;
                }

                bell.Notification.Poll(); // the server's notification: a wait would take its bits
                Console.WriteLine("panic take-signals: a poll of a doorbell returned: the capability can wait");
                return 3;
            default:
                Console.WriteLine("usage: panic check | index | divide | heap | throw | null | scope | suspend | fault-endpoint | take-requests | take-calls | take-signals");
                return 2;
        }
    }

    private sealed class Node
    {
        public int Value = 1;
    }

    /// <summary>The app's own exception type: the report names it from the app's symbols.</summary>
    public sealed class SensorOfflineException(string message) : Exception(message);

    private static int Outer(int n) => Middle(n) + 1;

    private static int Middle(int n) => Inner(n) * 2;

    private static int Inner(int n) => n > 100 ? n : throw new SensorOfflineException($"sensor {n} is offline");

    // The name the check publishes for take-calls and take-signals to connect to.
    private const string CheckName = "panic-check";

    private static int Check()
    {
        if (Connections.Publish(CheckName, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine($"panic check: could not publish \"{CheckName}\"");
            return 1;
        }

        (string Mode, long Code)[] children =
        [
            ("index", ExitCodes.UncaughtException),
            ("divide", ExitCodes.UncaughtException),
            ("heap", ExitCodes.UncaughtException),
            ("throw", ExitCodes.UncaughtException),
            ("null", ExitCodes.UncaughtException),
            ("scope", ExitCodes.Panicked),
            ("suspend", ExitCodes.Faulted),
            ("fault-endpoint", ExitCodes.Faulted),
            ("take-requests", ExitCodes.Faulted),
            ("take-calls", ExitCodes.Faulted),
            ("take-signals", ExitCodes.Faulted),
        ];
        int failures = 0;
        foreach ((string mode, long expected) in children)
        {
            // heap: 4 MiB of memory and a slot for every page of it, so the memory quota is the one that stops it.
            RootError spawned = mode == "heap" ? Process.Spawn("panic", [mode], new ProcessQuota(4UL << 20, 2048, 0, 4, 2, 4), out ulong pid)
                : Process.Spawn("panic", [mode], out pid);
            if (spawned != RootError.Ok || Process.Wait(pid, out long code) != RootError.Ok || code != expected)
            {
                Console.WriteLine($"panic check: {mode} did not end in the root task's hands with exit code {expected}");
                failures++;
            }
        }

        if (Connections.Unpublish(publication) != RootError.Ok)
        {
            Console.WriteLine($"panic check: could not unpublish \"{CheckName}\"");
            failures++;
        }

        Console.WriteLine($"panic check: {children.Length - failures} of {children.Length} ways to stop were reported and reclaimed by the root task");
        return failures == 0 ? 0 : 1;
    }
}
