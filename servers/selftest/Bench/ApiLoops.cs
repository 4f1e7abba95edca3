// The benchmark loops written against kernel-glue's typed API (scopes, volatile spans, Endpoint, Notification),
// and their server threads: the same work as the assembly floor loops in bench.S, through the API a program uses.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest.Bench;

/// <summary>Two capabilities handed to a server thread (the layout bench.S's floor servers read too).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServerArgs
{
    public ulong First;
    public ulong Second;
}

internal static unsafe class ApiLoops
{
    /// <summary>MR0-MR3 the client sends; the servers echo them, so each reply sums to this.</summary>
    public const ulong EchoSum = 1 + 2 + 3 + 4;

    /// <summary>
    /// <paramref name="iterations"/> round trips with 4 message registers: write scope (MR0-3 through the span),
    /// end it, Call, read scope (MR0-3 of the reply). Returns the sum of every reply's MRs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Call4(Endpoint endpoint, ulong iterations)
    {
        var info = new MessageInfo(0, 0, 0, 4);
        ulong sum = 0;
        for (ulong i = 0; i < iterations; i++)
        {
            using (IpcWriter w = Ipc.Write())
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                mr[0] = 1;
                mr[1] = 2;
                mr[2] = 3;
                mr[3] = 4;
            }

            endpoint.Call(info);
            using (IpcReader r = Ipc.Read())
            {
                ReadOnlyVolatileSpan<ulong> mr = r.MessageRegisters;
                sum += mr[0] + mr[1] + mr[2] + mr[3];
            }
        }

        return sum;
    }

    /// <summary>
    /// <paramref name="iterations"/> round trips with 4 message registers on the register path (<see cref="FastMessage"/>):
    /// no IPC-buffer scope at all. Returns the sum of every reply's MRs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Call4Regs(Endpoint endpoint, ulong iterations)
    {
        var info = new MessageInfo(0, 0, 0, 4);
        ulong sum = 0;
        for (ulong i = 0; i < iterations; i++)
        {
            var m = new FastMessage(1, 2, 3, 4);
            endpoint.Call(info, ref m);
            sum += m.Mr0 + m.Mr1 + m.Mr2 + m.Mr3;
        }

        return sum;
    }

    /// <summary>Server of <see cref="Call4Regs"/>: echoes MR0-3 on the register path.</summary>
    [UnmanagedCallersOnly]
    public static void Server4Regs(ulong argument)
    {
        var endpoint = new Endpoint(((ServerArgs*)argument)->First);
        var reply = new MessageInfo(0, 0, 0, 4);
        endpoint.Recv(out _, out FastMessage m);
        while (true)
        {
            endpoint.ReplyRecv(reply, ref m, out _); // the request's words are the reply's: echo as received
        }
    }

    /// <summary>
    /// <paramref name="iterations"/> write scopes setting MR0-3 through the span, with no system call: what composing a
    /// message costs by itself (part of <see cref="Call4"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WriteScope4(ulong iterations)
    {
        for (ulong i = 0; i < iterations; i++)
        {
            using (IpcWriter w = Ipc.Write())
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                mr[0] = 1;
                mr[1] = 2;
                mr[2] = 3;
                mr[3] = 4;
            }
        }
    }

    /// <summary><paramref name="iterations"/> read scopes summing MR0-3 through the span, with no system call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ReadScope4(ulong iterations)
    {
        ulong sum = 0;
        for (ulong i = 0; i < iterations; i++)
        {
            using (IpcReader r = Ipc.Read())
            {
                ReadOnlyVolatileSpan<ulong> mr = r.MessageRegisters;
                sum += mr[0] + mr[1] + mr[2] + mr[3];
            }
        }

        return sum;
    }

    /// <summary><paramref name="iterations"/> round trips with an empty message: no scope, just Call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Call0(Endpoint endpoint, ulong iterations)
    {
        var info = new MessageInfo(0, 0, 0, 0);
        for (ulong i = 0; i < iterations; i++)
        {
            endpoint.Call(info);
        }
    }

    /// <summary><paramref name="iterations"/> times Signal(ping), Wait(pong).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Ping(Notification ping, Notification pong, ulong iterations)
    {
        for (ulong i = 0; i < iterations; i++)
        {
            ping.Signal();
            pong.Wait();
        }
    }

    /// <summary><paramref name="iterations"/> Signals with nobody waiting.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Signal(Notification notification, ulong iterations)
    {
        for (ulong i = 0; i < iterations; i++)
        {
            notification.Signal();
        }
    }

    /// <summary><paramref name="iterations"/> Yields.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Yield(ulong iterations)
    {
        for (ulong i = 0; i < iterations; i++)
        {
            Scheduler.Yield();
        }
    }

    /// <summary>Server of <see cref="Call4"/> (argument: <see cref="ServerArgs"/> with the endpoint): echoes MR0-3.</summary>
    [UnmanagedCallersOnly]
    public static void Server4(ulong argument)
    {
        var endpoint = new Endpoint(((ServerArgs*)argument)->First);
        var reply = new MessageInfo(0, 0, 0, 4);
        endpoint.Recv(out _);
        while (true)
        {
            ulong a, b, c, d;
            using (IpcReader r = Ipc.Read())
            {
                ReadOnlyVolatileSpan<ulong> mr = r.MessageRegisters;
                a = mr[0];
                b = mr[1];
                c = mr[2];
                d = mr[3];
            }

            using (IpcWriter w = Ipc.Write())
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                mr[0] = a;
                mr[1] = b;
                mr[2] = c;
                mr[3] = d;
            }

            endpoint.ReplyRecv(reply, out _);
        }
    }

    /// <summary>Server of <see cref="Call0"/>: replies with an empty message.</summary>
    [UnmanagedCallersOnly]
    public static void Server0(ulong argument)
    {
        var endpoint = new Endpoint(((ServerArgs*)argument)->First);
        var reply = new MessageInfo(0, 0, 0, 0);
        endpoint.Recv(out _);
        while (true)
        {
            endpoint.ReplyRecv(reply, out _);
        }
    }

    /// <summary>Partner of <see cref="Ping"/> (argument: ping, pong): forever Wait(ping), Signal(pong).</summary>
    [UnmanagedCallersOnly]
    public static void Pong(ulong argument)
    {
        var args = (ServerArgs*)argument;
        var ping = new Notification(args->First);
        var pong = new Notification(args->Second);
        while (true)
        {
            ping.Wait();
            pong.Signal();
        }
    }
}
