// SMOS-IPC: the IPC layer on the real kernel: a reply with a value and a capability read back correctly in an
// optimised build, the capability used for a second call, an IPC-inside-scope stopping only its thread, and a
// [ThreadStatic] field with one value per thread.
using System.Runtime.InteropServices;
using System.Threading;
using Internal.Runtime;
using Smos.RootTask.Platform;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest;

internal static unsafe class IpcCheck
{
    private const ulong ClientValue = 42;
    private const ulong ServerOffset = 1000;
    private const ulong GrantedBadge = 77;
    private const ulong SecondValue = 7;
    private const ulong ViolatorStopped = 1;

    /// <summary>Shared between the root thread and the test threads (read and written with Volatile).</summary>
    private struct Shared
    {
        public ulong Endpoint;
        public ulong MintSlot;
        public ulong ViolatorPassedCall;
        public ulong ServerSawThreadStatic;
        public ulong ServerThreadStaticAtEnd;
    }

    // One value per thread (ThreadContext.ThreadLocalBlock): the root thread and the server thread each have their own.
    [System.ThreadStatic]
    private static ulong t_calls;

    public static void Run(RootResources res)
    {
        string? failure = Check(res);
        if (failure is null)
        {
            ResultLine.Pass("IPC");
        }
        else
        {
            ResultLine.Fail("IPC", failure);
        }
    }

    private static string? Check(RootResources res)
    {
        var shared = (Shared*)Heap.TryAllocate((nuint)sizeof(Shared));
        ulong endpointSlot = res.NewObject(ObjectType.Endpoint, 0, out _).Index;
        ulong stoppedSlot = res.NewObject(ObjectType.Notification, 0, out _).Index;
        bool slots = res.Slots.EmptyNew(out RootSlot receive) == Sel4Error.NoError & res.Slots.EmptyNew(out RootSlot mint) == Sel4Error.NoError;
        ulong receiveSlot = receive.Index;
        if (shared == null || endpointSlot == 0 || stoppedSlot == 0 || !slots)
        {
            return "could not create the endpoint, notification and slots";
        }

        shared->Endpoint = endpointSlot;
        shared->MintSlot = mint.Index;

        // The Try... variants report instead of stopping: check them on this thread first.
        string? tryFailure = CheckTryVariants(new Endpoint(endpointSlot));
        if (tryFailure is not null)
        {
            return tryFailure;
        }

        t_calls = 5;
        if (!LocalThreads.Start(res, &Server, (ulong)shared, Sel4Config.NumPriorities - 1, RootSlot.None, "ipc-server"u8, out _))
        {
            return "could not start the server thread";
        }

        // The seed pattern: receive slot and MR0 written in a scope, scope ended, Call, new scope, read MR0.
        var endpoint = new Endpoint(endpointSlot);
        using (var w = Ipc.Write())
        {
            w.SetReceiveSlot(InitialCaps.InitThreadCNode, receiveSlot, 64);
            w.SetMr(0, ClientValue);
        }

        MessageInfo reply = endpoint.Call(new MessageInfo(1, 0, 0, 1));
        ulong value;
        using (var r = Ipc.Read())
        {
            value = r.GetMr(0);
        }

        DebugConsole.Write("  ipc: reply MR0=");
        DebugConsole.WriteDecimal(value);
        DebugConsole.Write(" extraCaps=");
        DebugConsole.WriteDecimal((ulong)reply.ExtraCaps);
        DebugConsole.WriteLine("");
        if (value != ServerOffset + ClientValue)
        {
            return value == ClientValue ? "MR0 after Call still held the client's own value" : "MR0 after Call is not the server's value";
        }

        if (reply.ExtraCaps != 1 || !IsEndpoint(receiveSlot))
        {
            return "the reply did not deliver one endpoint capability into the receive slot";
        }

        // Use the received capability: the server sees its badge.
        using (var w = Ipc.Write())
        {
            w.SetMr(0, SecondValue);
        }

        new Endpoint(receiveSlot).Call(new MessageInfo(2, 0, 0, 1));
        using (var r = Ipc.Read())
        {
            value = r.GetMr(0);
        }

        if (value != (GrantedBadge * ServerOffset) + SecondValue)
        {
            return "a call through the received capability did not reach the server with its badge";
        }

        DebugConsole.WriteLine("  ipc: second call through the received capability answered");
        if (t_calls != 5 || Volatile.Read(ref shared->ServerSawThreadStatic) != 0 || Volatile.Read(ref shared->ServerThreadStaticAtEnd) != 2)
        {
            return "a [ThreadStatic] field is shared between the root thread and the server thread";
        }

        DebugConsole.WriteLine("  ipc: [ThreadStatic]: 5 on the root thread, 0 then 2 on the server thread");
        return CheckViolatorStops(res, shared, stoppedSlot);
    }

    // DebugCapIdentify exists only in debug kernels; on a release (benchmark) kernel the second call through the
    // received capability below is the check that it is our endpoint.
    private static bool IsEndpoint(ulong slot)
    {
#if SMOS_BENCH
        return slot != 0;
#else
        return Debug.IdentifyCap(slot) == CapTag.Endpoint;
#endif
    }

    private static string? CheckTryVariants(Endpoint endpoint)
    {
        if (Ipc.TryWrite(out IpcWriter outer) != IpcViolation.None)
        {
            return "TryWrite failed with no scope open";
        }

        IpcViolation nested = Ipc.TryWrite(out IpcWriter inner);
        inner.Dispose();
        IpcViolation read = Ipc.TryRead(out IpcReader reader);
        reader.Dispose();
        IpcViolation call = endpoint.TryCall(new MessageInfo(0, 0, 0, 0), out _);
        outer.Dispose();
        if (nested != IpcViolation.WriteWhileWriting || read != IpcViolation.ReadWhileWriting || call != IpcViolation.CallWhileBorrowed)
        {
            return "a Try... variant did not report the broken rule";
        }

        return Ipc.TryWrite(out IpcWriter again) == IpcViolation.None ? Dispose(again) : "ending a scope did not release the IPC buffer";
    }

    private static string? Dispose(IpcWriter writer)
    {
        writer.Dispose();
        return null;
    }

    private static string? CheckViolatorStops(RootResources res, Shared* shared, ulong stoppedSlot)
    {
        DebugConsole.Write("SMOS-EXPECT-PANIC: ");
        DebugConsole.Write(IpcMessages.Problem(IpcViolation.CallWhileBorrowed));
        DebugConsole.Write(" when seL4_Call was invoked: ");
        DebugConsole.Write(IpcMessages.Fix(IpcViolation.CallWhileBorrowed));
        DebugConsole.WriteChar('\n');
        // The thread signals a badged copy when it stops, so the wait tells who stopped.
        if (res.Slots.MintNew(new RootSlot(stoppedSlot), CapRights.All, ViolatorStopped, out RootSlot badgedStopped) != Sel4Error.NoError)
        {
            return "could not mint the stop notification";
        }

        if (!LocalThreads.Start(res, &Violator, (ulong)shared, Sel4Config.NumPriorities - 1, badgedStopped, "ipc-violator"u8, out _))
        {
            return "could not start the violating thread";
        }

        ulong word = new Notification(stoppedSlot).Wait();
        if (word != ViolatorStopped || Volatile.Read(ref shared->ViolatorPassedCall) != 0)
        {
            return "the thread that called inside a scope was not stopped before the call";
        }

        DebugConsole.WriteLine("  ipc: the violating thread was stopped; the root task carries on");
        return null;
    }

    [UnmanagedCallersOnly]
    private static void Server(ulong argument)
    {
        var shared = (Shared*)argument;
        Volatile.Write(ref shared->ServerSawThreadStatic, t_calls);
        var endpoint = new Endpoint(shared->Endpoint);
        endpoint.Recv(out _);
        t_calls++;
        ulong request;
        using (var r = Ipc.Read())
        {
            request = r.GetMr(0);
        }

        // Give the client a badged copy of our endpoint with the reply.
        CNode.InitThread.Mint(shared->MintSlot, CNode.InitThread, shared->Endpoint, CapRights.All, GrantedBadge);
        using (var w = Ipc.Write())
        {
            w.SetMr(0, ServerOffset + request);
            w.SetCap(0, shared->MintSlot);
        }

        endpoint.ReplyRecv(new MessageInfo(0, 0, 1, 1), out ulong badge);
        using (var r = Ipc.Read())
        {
            request = r.GetMr(0);
        }

        t_calls++;
        Volatile.Write(ref shared->ServerThreadStaticAtEnd, t_calls);
        using (var w = Ipc.Write())
        {
            w.SetMr(0, (badge * ServerOffset) + request);
        }

        Ipc.Reply(new MessageInfo(0, 0, 0, 1));
    }

    [UnmanagedCallersOnly]
    private static void Violator(ulong argument)
    {
        var shared = (Shared*)argument;
        using (var w = Ipc.Write())
        {
            w.SetMr(0, 1);
            // Deliberately wrong: a Call while the write scope is still open. This thread must stop here.
#pragma warning disable SMOS001 // the run-time check is exactly what this thread tests
            new Endpoint(shared->Endpoint).Call(new MessageInfo(3, 0, 0, 1));
#pragma warning restore SMOS001
            Volatile.Write(ref shared->ViolatorPassedCall, 1);
        }
    }
}
