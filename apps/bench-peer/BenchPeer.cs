// bench-peer: the other processes of apps/bench (`buildsys bench`): an echo server, a topic pong, a parked topic
// subscriber, and a child that reports the instruction counter on its first line of Main. Only for benchmark builds.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static class BenchPeer
{
    /// <summary>The most message registers a request may carry (the 10-MR slowpath row).</summary>
    public const int MaxWords = 10;

    public static int Main(string[] args)
    {
        // "first": the PMU's total instruction counter, as early as C# code of the app runs; the exit code carries it.
        ulong counter = ReadTotal();
        ReadOnlySpan<byte> mode = Args.Get(1);
        if (Ascii.Equal(mode, "first"u8))
        {
            return (int)(uint)counter;
        }

        if (Ascii.Equal(mode, "server"u8))
        {
            return Serve();
        }

        if (Ascii.Equal(mode, "proto"u8))
        {
            return ServeProto();
        }

        if (Ascii.Equal(mode, "pong"u8))
        {
            return Pong();
        }

        if (Ascii.Equal(mode, "sub"u8))
        {
            return SubscribeAndPark();
        }

        if (Ascii.Equal(mode, "bell"u8))
        {
            return Bell();
        }

        if (Ascii.Equal(mode, "hold"u8))
        {
            return Hold();
        }

        Console.WriteLine("bench-peer: usage: bench-peer first|server|proto|pong|bell|sub TOPIC...|hold N NAME TOPIC...");
        return 2;
    }

    // Publishes "bench-proto" and serves IBenchProto through the generated server (the proto-call-* rows).
    private static int ServeProto()
    {
        if (Connections.Publish(BenchProtoProtocol.Name, out Publication pub) != RootError.Ok)
        {
            Console.WriteLine("bench-peer: could not publish \"bench-proto\"");
            return 1;
        }

        Server.Run(pub, new Proto());
        return 0;
    }

    // Publishes "bench" and echoes every request's message registers (libsmos Server loop).
    private static int Serve()
    {
        if (Connections.Publish("bench"u8, out Publication pub) != RootError.Ok)
        {
            Console.WriteLine("bench-peer: could not publish \"bench\"");
            return 1;
        }

        Server.Run(pub, new Echo());
        return 0;
    }

    // Waits for "bench-ping" and answers on "bench-pong", forever; one "bench-pong" first says it is subscribed. With the
    // argument "handle" it answers by handle (Topics.Open, Topic.Publish), else by name.
    private static int Pong()
    {
        bool byHandle = Args.Count > 2 && Ascii.Equal(Args.Get(2), "handle"u8);
        if (Topics.Subscribe("bench-ping"u8, out _) != RootError.Ok || Topics.Open("bench-pong"u8, out Topic pong) != RootError.Ok ||
            pong.Publish(0, out _) != RootError.Ok)
        {
            return 1;
        }

        while (true)
        {
            Notifications.Wait();
            if (byHandle)
            {
                pong.Publish(0, out _);
            }
            else
            {
                Topics.Publish("bench-pong"u8, 0, out _);
            }
        }
    }

    // Publishes "bench-bell"; takes a doorbell to each client that opens it and rings it whenever its own rings.
    private static int Bell()
    {
        if (Connections.Publish("bench-bell"u8, out Publication pub) != RootError.Ok)
        {
            return 1;
        }

        Doorbell toClient = default;
        while (true)
        {
            ulong bits = Notifications.Wait();
            if ((bits & ConnectionAbi.EventBadge) != 0)
            {
                while (pub.NextEvent(out ConnectionEvent kind, out ulong badge, out _))
                {
                    if (kind == ConnectionEvent.Opened && Connections.Doorbell(badge, out Doorbell bell) == RootError.Ok)
                    {
                        toClient = bell;
                    }
                }
            }

            if ((bits & ConnectionAbi.DoorbellBadge) != 0 && toClient.IsValid)
            {
                toClient.Ring();
            }
        }
    }

    // "hold N NAME TOPIC...": opens N connections to NAME and subscribes to each TOPIC, then waits for good (the cost
    // rows count what that holds in the process list and the root task's SystemStatus).
    private static int Hold()
    {
        if (!Args.TryGetNumber(2, out long count))
        {
            return 1;
        }

        for (long i = 0; i < count; i++)
        {
            if (Connections.Open(Args.Get(3), out _) != RootError.Ok)
            {
                Console.WriteLine("bench-peer: hold: could not open a connection");
                return 1;
            }
        }

        for (int i = 4; i < Args.Count; i++)
        {
            if (Topics.Subscribe(Args.Get(i), out _) != RootError.Ok)
            {
                Console.WriteLine("bench-peer: hold: could not subscribe");
                return 1;
            }
        }

        while (true)
        {
            Notifications.Wait();
        }
    }

    // Subscribes to every topic named in the arguments, then blocks for good in a Call nobody receives: signals set its
    // notification's bits without waking it, so a publish costs only the broker's work.
    private static int SubscribeAndPark()
    {
        for (int i = 2; i < Args.Count; i++)
        {
            if (Topics.Subscribe(Args.Get(i), out _) != RootError.Ok)
            {
                return 1;
            }
        }

        if (Connections.OpenWhenPublished("bench-park"u8, out Connection park) != RootError.Ok)
        {
            return 1;
        }

        park.Endpoint.Call(new MessageInfo(0, 0, 0, 0));
        return 1;
    }

    // The typed echo: each method returns what it was given.
    private sealed class Proto : BenchProtoServer
    {
        public override Quad Call4(ulong a, ulong b, ulong c, ulong d) => new Quad { A = a, B = b, C = c, D = d };

        public override Ten Call10(Ten words) => words;

        public override string Echo(string text) => text;

        public override byte[] EchoBytes(byte[] data) => data;
    }

    // The echo server on libsmos's register path: MR0-3 come and go in the FastMessage; words 4 and up are in the
    // IPC buffer, where the kernel put the request's, so replying with the same length sends them back (as the
    // assembly floor's server does).
    private sealed class Echo : FastRequestHandler
    {
        public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage message) =>
            new MessageInfo(0, 0, 0, request.Length <= MaxWords ? request.Length : MaxWords);
    }

    /// <summary>Instructions retired at every level (kernel-glue/arch/aarch64/bench.S; needs the benchmark kernel).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_total")]
    private static extern ulong ReadTotal();
}
