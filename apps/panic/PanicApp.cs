// panic: every way an app can stop itself ends in the root task's hands: panics, a self-suspend, a deleted fault endpoint.
using System;
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>panic check</c> spawns one child per way to stop and waits for each: the panics must end with
/// <see cref="ExitCodes.Panicked"/>, the attempts to stop unseen with <see cref="ExitCodes.Faulted"/>; exits 0 when all
/// do. The children: <c>index</c>, <c>divide</c>, <c>heap</c> (exhausted), <c>scope</c> (a call inside an IPC scope),
/// <c>suspend</c> (tries to suspend its own thread, then halts), <c>fault-endpoint</c> (tries to delete its fault
/// endpoint, then faults). The root task prints a FAULT line for each (kind=panic with the text, or the fault).
/// </summary>
public static class PanicApp
{
    private const int ModeCount = 6;

    // The children's modes (a switch: apps have no static constructors to fill an array).
    private static string ModeName(int i) => i switch
    {
        0 => "index",
        1 => "divide",
        2 => "heap",
        3 => "scope",
        4 => "suspend",
        _ => "fault-endpoint",
    };

    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static unsafe int Main()
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "check"u8))
        {
            return Check();
        }

        if (Ascii.Equal(mode, "index"u8))
        {
            int[] values = new int[2];
            return values[Args.Count + 3]; // index out of range
        }

        if (Ascii.Equal(mode, "divide"u8))
        {
            return 10 / (Args.Count - 2); // Args.Count is 2: division by zero
        }

        if (Ascii.Equal(mode, "heap"u8))
        {
            // Every block stays reachable through the chain, so the collector can free none: the heap grows to the
            // page quota, then is exhausted.
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
        }

        if (Ascii.Equal(mode, "scope"u8))
        {
            using IpcWriter w = Ipc.Write();
            w.SetMr(0, 1);
            Process.QueryPid(out _); // a system call inside a write scope: the guard stops the thread
            return 0;
        }

        if (Ascii.Equal(mode, "suspend"u8))
        {
            // No capability to its own TCB: the suspend is refused, and the runtime's halt faults instead.
            Sel4Result r = new Tcb(CapSlots.SelfTcb).Suspend();
            Console.WriteLine($"panic suspend: TCB_Suspend on slot 1 -> {(r.IsOk ? "ok (the thread should not be here)" : "refused")}");
            AppConsole.Flush();
            Internal.Runtime.Platform.Halt();
            return 0;
        }

        if (Ascii.Equal(mode, "fault-endpoint"u8))
        {
            // The fault endpoint is outside the app's CNode: deleting slot 6 or the cptr 2^63 changes nothing.
            var self = new CNode(CapSlots.SelfCNode, 64);
            Sel4Result slot6 = self.Delete(CapSlots.FaultEndpoint);
            Sel4Result top = self.Delete(CapSlots.FaultHandler);
            Console.WriteLine($"panic fault-endpoint: delete slot 6 -> {(slot6.IsOk ? "ok (empty)" : "refused")}, delete 2^63 -> {(top.IsOk ? "ok" : "refused")}");
            AppConsole.Flush();
            return *(int*)0xdead0000; // a VM fault: the kernel still finds the fault endpoint
        }

        Console.WriteLine("usage: panic check | index | divide | heap | scope | suspend | fault-endpoint");
        return 2;
    }

    private static int Check()
    {
        int failures = 0;
        for (int i = 0; i < ModeCount; i++)
        {
            string mode = ModeName(i);
            Span<byte> args = stackalloc byte[32];
            int n = 0;
            for (int c = 0; c < mode.Length; c++)
            {
                args[n++] = (byte)mode[c];
            }

            args[n++] = 0;
            long expected = i < 4 ? ExitCodes.Panicked : ExitCodes.Faulted;
            if (Process.Spawn("panic"u8, args.Slice(0, n), out ulong pid) != RootError.Ok ||
                Process.Wait(pid, out long code) != RootError.Ok || code != expected)
            {
                Console.WriteLine($"panic check: {mode} did not end in the root task's hands with the expected code");
                failures++;
            }
        }

        Console.WriteLine($"panic check: {ModeCount - failures} of {ModeCount} ways to stop were reported and reclaimed by the root task");
        return failures == 0 ? 0 : 1;
    }
}
