// A sample app with each mistake the analyzers catch: every line marked "expect: SMOSnnn" must get exactly that diagnostic.
using System;
using Smos;
using Smos.Sel4;

namespace Sample;

/// <summary>The page a driver shares with its device: only ever reached through volatile accesses.</summary>
[SharedMemory]
public struct DeviceRegisters
{
    public ulong Status;
    public ulong Command;
}

public sealed class Session
{
    public ulong Badge;
}

public static unsafe class EchoServer
{
    private static Session? s_current;

    /// <summary>Correct: receive, read in a scope, write the answer in a scope, end it, reply and wait.</summary>
    public static void Serve(Endpoint endpoint)
    {
        var session = new Session();
        MessageInfo info = endpoint.Recv(out ulong badge);
        while (true)
        {
            ulong value;
            using (var r = Ipc.Read())
            {
                value = r.GetMr(0);
            }

            session.Badge = badge;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, value + 1);
            }

            info = endpoint.ReplyRecv(new MessageInfo(0, 0, 0, 1), out badge);
        }
    }

    /// <summary>Wrong: allocates per request, and replies from inside the write scope.</summary>
    public static void ServeBadly(Endpoint endpoint)
    {
        endpoint.Recv(out ulong badge);
        while (true)
        {
            s_current = new Session { Badge = badge }; // expect: SMOS005
            using (var w = Ipc.Write())
            {
                w.SetMr(0, badge);
                Ipc.Reply(new MessageInfo(0, 0, 0, 1)); // expect: SMOS001
            }

            endpoint.Recv(out badge);
        }
    }
}

public static unsafe class Client
{
    /// <summary>Correct: the docs/ipc.md pattern.</summary>
    public static ulong Ask(Endpoint server, ulong question)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, question);
        }

        server.Call(new MessageInfo(1, 0, 0, 1));
        using var r = Ipc.Read();
        return r.GetMr(0);
    }

    /// <summary>Wrong: the call inside the scope, a scope that never ends, and a yield while reading.</summary>
    public static ulong AskBadly(Endpoint server, ulong question)
    {
        using var w = Ipc.Write();
        w.SetMr(0, question);
        server.Call(new MessageInfo(1, 0, 0, 1)); // expect: SMOS001
        var r = Ipc.Read(); // expect: SMOS002
        return r.GetMr(0);
    }

    public static void Forget()
    {
        Ipc.Write(); // expect: SMOS002
    }

    /// <summary>Wrong: the call is made by a helper that runs while the scope is open, and by a method the scope is passed to.</summary>
    public static void AskThroughHelpers(Endpoint server, ulong question)
    {
        using var w = Ipc.Write();
        Fill(w, question, server);
        Send(server); // expect: SMOS001
    }

    private static void Fill(IpcWriter w, ulong question, Endpoint server)
    {
        w.SetMr(0, question);
        server.Call(new MessageInfo(1, 0, 0, 1)); // expect: SMOS001
    }

    private static void Send(Endpoint server) => server.Call(new MessageInfo(1, 0, 0, 1));

    public static ulong Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length == 0)
        {
            throw new ArgumentException("empty"); // not a mistake: exceptions work on the target (SMOS004 is retired)
        }

        return text[0];
    }
}

public static unsafe class Driver
{
    /// <summary>Correct: volatile accesses to the device page.</summary>
    public static void Start(DeviceRegisters* device)
    {
        VolatileAccess.Write(&device->Command, 1UL);
        while (VolatileAccess.Read(&device->Status) == 0)
        {
        }
    }

    /// <summary>Wrong: plain accesses that the compiler may hoist out of the loop or fuse.</summary>
    public static void StartBadly(DeviceRegisters* device)
    {
        device->Command = 1; // expect: SMOS003
        while (device->Status == 0) // expect: SMOS003
        {
        }
    }

    public static ulong Ring(ulong* shared)
    {
        var ring = new VolatileSpan<ulong>(shared, 8);
        ring.Set(1, 5);
        return shared[0]; // expect: SMOS003
    }

    public static ulong Peek(ulong* word) => *word;
}

/// <summary>C# the runtime cannot run: each is a build error naming the feature and what to write instead.</summary>
public abstract class Shape
{
    public abstract T Area<T>(); // expect: SMOS006

    /// <summary>Correct: the type parameter on a non-virtual method.</summary>
    public T Scaled<T>(T value) => value;
}

public sealed class Unsupported
{
    private readonly object _gate = new();
    private int _count;

    ~Unsupported() // expect: SMOS006
    {
    }

    public static async void Later() // expect: SMOS006
    {
    }

    public static object Twice(object o)
    {
        dynamic d = o; // expect: SMOS006
        return d + d;
    }

    public static int NameLength(object o) => o.GetType().Name.Length; // expect: SMOS006

    public void Bump()
    {
        lock (_gate) // expect: SMOS006
        {
            _count++;
        }
    }

    public static int Cells()
    {
        var grid = new int[2][]; // not a mistake: an array of arrays
        int[,] cells = new int[2, 3]; // expect: SMOS006, SMOS006
        return grid.Length + cells.Length;
    }

    public static T Make<T>() where T : new() => new T(); // expect: SMOS006

    public static double Wrap(double angle) => angle % 360.0; // expect: SMOS006
}
