// bench: the EL0 driver of `buildsys bench` (started by servers/roottask/Bench/BenchScript.cs with the floor totals as
// arguments): libsmos request/reply, topic ping-pong, ConnOpen, topic publish and spawn rows, as SMOS-BENCH lines.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static partial class Bench
{
    /// <summary>Iterations per batch, batches per row, warm-up: as the root task's rows (docs/performance.md).</summary>
    private const ulong Iterations = 1000;
    private const int Batches = 5;
    private const ulong WarmUp = 100;

    /// <summary>Spawn/exit rounds: one batch (the process table has 8 slots, so one child at a time).</summary>
    private const ulong SpawnIterations = 1000;
    private const ulong SpawnWarmUp = 10;
    private const ulong SpawnProfileRounds = 100;
    private const ulong CounterMask = 0xFFFF_FFFF;

    private enum Kind
    {
        Call4,
        Call10,
        Proto4,
        Proto10,
        ProtoString32,
        ProtoBytes4k,
        TopicPing,
        TopicPingHandle,
        BellPing,
        Open,
        OpenAmong1000,
        Publish1,
        Publish8,
        Publish1Handle,
        Publish8Handle,
        TimerNow,
    }

    private static Connection s_connection;
    private static BenchProtoClient s_proto = null!; // opened in Main before the rows that use it
    private static Ten s_ten;
    private static byte[] s_page = new byte[4096];
    private static Doorbell s_bell;
    private static Topic s_ping;
    private static Topic s_t1;
    private static Topic s_t8;
    private static ulong s_wrong;
    private static ulong s_selfTimedTotal;
    private static ulong s_selfTimedEl0;

    public static int Main(string[] args)
    {
        // "bench flat": the second driver, started after the root task's collection rows (FlatRows.cs, CostRows.cs).
        if (args.Length == 1 && args[0] == "flat")
        {
            return FlatRows() && CostRows() ? 0 : 1;
        }

        // "bench storage": the third driver, started last with the block driver and the file server (FileRows.cs).
        if (args.Length == 1 && args[0] == "storage")
        {
            return FileRows() ? 0 : 1;
        }

        if (!Args.TryGetNumber(1, out long call4) || !Args.TryGetNumber(2, out long call10) || !Args.TryGetNumber(3, out long ping))
        {
            return Fail("usage: bench FLOOR_CALL_4MR FLOOR_CALL_10MR FLOOR_SIGNAL_WAIT");
        }

        // libsmos connections: this app calls bench-peer's Server loop through an open connection.
        if (Process.Spawn("bench-peer"u8, "server\0"u8, out ulong server) != RootError.Ok ||
            Connections.OpenWhenPublished("bench"u8, out s_connection) != RootError.Ok)
        {
            return Fail("could not start bench-peer server or open \"bench\"");
        }

        Row("libsmos-call-4mr", Kind.Call4, (ulong)call4);
        Row("libsmos-call-10mr", Kind.Call10, (ulong)call10);
        Row("conn-open", Kind.Open, 0);
        if (s_wrong != 0)
        {
            return Fail("a libsmos reply did not echo its message registers");
        }

        if (Connections.Close(s_connection) != RootError.Ok || Process.Kill(server) != RootError.Ok || Process.Wait(server, out _) != RootError.Ok)
        {
            return Fail("could not close \"bench\" or end its server");
        }

        // The same shapes through a generated client and server (IBenchProto), and a 32-character string.
        if (Process.Spawn("bench-peer"u8, "proto\0"u8, out ulong protoServer) != RootError.Ok || !BenchProtoClient.OpenWhenPublished(out s_proto).IsOk)
        {
            return Fail("could not start bench-peer proto or open \"bench-proto\"");
        }

        s_ten = new Ten { A = 1, B = 2, C = 3, D = 4, E = 5, F = 6, G = 7, H = 8, I = 9, J = 10 };
        Row("proto-call-4w", Kind.Proto4, (ulong)call4);
        Row("proto-call-10w", Kind.Proto10, (ulong)call10);
        Row("proto-call-string-32", Kind.ProtoString32, 0);
        Row("proto-call-bytes-4k", Kind.ProtoBytes4k, 0);
        if (s_wrong != 0)
        {
            return Fail("a typed reply did not echo its request");
        }

        if (s_proto.Close() != RootError.Ok || Process.Kill(protoServer) != RootError.Ok || Process.Wait(protoServer, out _) != RootError.Ok)
        {
            return Fail("could not close \"bench-proto\" or end its server");
        }

        // Notification ping-pong through libsmos: Topics.Publish and Notifications.Wait on both sides.
        if (Topics.Subscribe("bench-pong"u8, out _) != RootError.Ok || Process.Spawn("bench-peer"u8, "pong\0"u8, out ulong pong) != RootError.Ok)
        {
            return Fail("could not start bench-peer pong");
        }

        Notifications.Wait(); // its first "bench-pong": subscribed
        Row("libsmos-topic-pingpong", Kind.TopicPing, (ulong)ping);
        if (Process.Kill(pong) != RootError.Ok || Process.Wait(pong, out _) != RootError.Ok)
        {
            return Fail("could not end bench-peer pong");
        }

        // The same by handle on both sides (Topics.Open, Topic.Publish): one word instead of the name.
        if (Topics.Open("bench-ping"u8, out s_ping) != RootError.Ok || Process.Spawn("bench-peer"u8, "pong\0handle\0"u8, out pong) != RootError.Ok)
        {
            return Fail("could not open \"bench-ping\" or start bench-peer pong handle");
        }

        Notifications.Wait();
        Row("libsmos-topic-pingpong-handle", Kind.TopicPingHandle, (ulong)ping);
        if (Process.Kill(pong) != RootError.Ok || Process.Wait(pong, out _) != RootError.Ok || Topics.Unsubscribe("bench-pong"u8) != RootError.Ok)
        {
            return Fail("could not end bench-peer pong handle");
        }

        // Notification ping-pong through libsmos doorbells (ConnNotify): one seL4_Signal each way, no root task.
        if (Process.Spawn("bench-peer"u8, "bell\0"u8, out ulong ringer) != RootError.Ok ||
            Connections.OpenWhenPublished("bench-bell"u8, out Connection bellConnection) != RootError.Ok ||
            Connections.Doorbell(bellConnection, out s_bell) != RootError.Ok)
        {
            return Fail("could not start bench-peer bell or get its doorbell");
        }

        s_bell.Ring();
        Notifications.Wait(); // answered: it has its doorbell to us
        Row("libsmos-doorbell-pingpong", Kind.BellPing, (ulong)ping);
        if (Connections.Close(bellConnection) != RootError.Ok || Process.Kill(ringer) != RootError.Ok || Process.Wait(ringer, out _) != RootError.Ok)
        {
            return Fail("could not end bench-peer bell");
        }

        if (!PublishRows())
        {
            return 1;
        }

        return TimerRows() && RuntimeRows() && SpawnRows() ? 0 : 1;
    }

    // Topic publish to 1 and to 8 subscribers: 7 parked bench-peer processes plus this one (8 process slots in all).
    private static bool PublishRows()
    {
        if (Connections.Publish("bench-park"u8, out Publication park) != RootError.Ok || Topics.Subscribe("bench-t8"u8, out _) != RootError.Ok)
        {
            return Fail("could not publish \"bench-park\" or subscribe") == 0;
        }

        Span<ulong> pids = stackalloc ulong[7];
        for (int i = 0; i < pids.Length; i++)
        {
            ReadOnlySpan<byte> args = i == 0 ? "sub\0bench-t1\0bench-t8\0"u8 : "sub\0bench-t8\0"u8;
            if (Process.Spawn("bench-peer"u8, args, out pids[i]) != RootError.Ok)
            {
                return Fail("could not start a bench-peer subscriber") == 0;
            }
        }

        // Let them subscribe and park (each runs until it blocks); then every publish signals exactly 1 and 8.
        ulong one = 0;
        ulong eight = 0;
        for (int attempt = 0; attempt < 1000 && (one != 1 || eight != 8); attempt++)
        {
            Scheduler.Yield();
            Topics.Publish("bench-t1"u8, 0, out one);
            Topics.Publish("bench-t8"u8, 0, out eight);
        }

        for (int i = 0; i < 10; i++)
        {
            Scheduler.Yield();
        }

        if (one != 1 || eight != 8)
        {
            return Fail("the subscribers did not all subscribe") == 0;
        }

        Row("topic-publish-1", Kind.Publish1, 0);
        Row("topic-publish-8", Kind.Publish8, 0);
        if (Topics.Open("bench-t1"u8, out s_t1) != RootError.Ok || Topics.Open("bench-t8"u8, out s_t8) != RootError.Ok)
        {
            return Fail("could not open \"bench-t1\" and \"bench-t8\"") == 0;
        }

        Row("topic-publish-1-handle", Kind.Publish1Handle, 0);
        Row("topic-publish-8-handle", Kind.Publish8Handle, 0);
        for (int i = 0; i < pids.Length; i++)
        {
            if (Process.Kill(pids[i]) != RootError.Ok || Process.Wait(pids[i], out _) != RootError.Ok)
            {
                return Fail("could not end a subscriber") == 0;
            }
        }

        return Topics.Unsubscribe("bench-t8"u8) == RootError.Ok && Connections.Unpublish(park) == RootError.Ok;
    }

    // Spawn to the child's first line of Main (its exit code carries the counter) and spawn to exit (Spawn + Wait).
    private static bool SpawnRows()
    {
        if (!SpawnExit(SpawnIterations, out ulong first, out ulong exit, out ulong exitEl0))
        {
            return false;
        }

        Print("spawn-first-instruction", first, null, 0);
        Print("spawn-exit", exit, exitEl0, 0);

        // The same rounds once more, watched by the root task (args "first profile": servers/roottask SpawnProfile), which
        // prints where its part of them went (SMOS-SPAWN lines) when this driver ends. Not a row: its own marks cost a
        // few instructions each, so the rows above come from rounds nobody watched.
        for (ulong i = 0; i < SpawnProfileRounds; i++)
        {
            if (Process.Spawn("bench-peer"u8, "first\0profile\0"u8, out ulong pid) != RootError.Ok || Process.Wait(pid, out _) != RootError.Ok)
            {
                return Fail("could not spawn or wait for bench-peer first profile") == 0;
            }
        }

        return true;
    }

    // Warm-up, then `iterations` rounds of Spawn("bench-peer first") and Wait: per round, to the child's first line of
    // Main (its exit code carries the counter), to its exit, and the EL0 part of that.
    private static bool SpawnExit(ulong iterations, out ulong firstPerRound, out ulong exitPerRound, out ulong exitEl0PerRound)
    {
        ulong first = 0;
        ulong exit = 0;
        ulong exitEl0 = 0;
        firstPerRound = exitPerRound = exitEl0PerRound = 0;
        for (ulong i = 0; i < SpawnWarmUp + iterations; i++)
        {
            ulong t0 = ReadTotal();
            ulong e0 = ReadEl0();
            if (Process.Spawn("bench-peer"u8, "first\0"u8, out ulong pid) != RootError.Ok || Process.Wait(pid, out long code) != RootError.Ok)
            {
                return Fail("could not spawn or wait for bench-peer first") == 0;
            }

            ulong e1 = ReadEl0();
            ulong t1 = ReadTotal();
            if (i >= SpawnWarmUp)
            {
                first += ((ulong)code - t0) & CounterMask;
                exit += (t1 - t0) & CounterMask;
                exitEl0 += (e1 - e0) & CounterMask;
            }
        }

        firstPerRound = PerOperation(first, iterations);
        exitPerRound = PerOperation(exit, iterations);
        exitEl0PerRound = PerOperation(exitEl0, iterations);
        return true;
    }

    // Warm-up, then the batch with the fewest total instructions; floor 0 means none. Returns the row's total per operation.
    private static ulong Row(string name, Kind kind, ulong floor)
    {
        Measure(kind, out ulong total, out ulong el0);
        Print(name, total, el0, floor);
        return total;
    }

    // Warm-up, then the batch with the fewest total instructions: per operation, total and EL0.
    private static void Measure(Kind kind, out ulong totalPerOperation, out ulong el0PerOperation)
    {
        Execute(kind, WarmUp);
        ulong bestTotal = ulong.MaxValue;
        ulong bestEl0 = 0;
        for (int b = 0; b < Batches; b++)
        {
            s_selfTimedTotal = 0;
            s_selfTimedEl0 = 0;
            ulong t0 = ReadTotal();
            ulong e0 = ReadEl0();
            Execute(kind, Iterations);
            ulong e1 = ReadEl0();
            ulong t1 = ReadTotal();
            bool selfTimed = kind is Kind.Open or Kind.OpenAmong1000;
            ulong total = selfTimed ? s_selfTimedTotal : (t1 - t0) & CounterMask;
            ulong el0 = selfTimed ? s_selfTimedEl0 : (e1 - e0) & CounterMask;
            if (total < bestTotal)
            {
                bestTotal = total;
                bestEl0 = el0;
            }
        }

        totalPerOperation = PerOperation(bestTotal, Iterations);
        el0PerOperation = PerOperation(bestEl0, Iterations);
    }

    private static void Execute(Kind kind, ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            switch (kind)
            {
                case Kind.Call4:
                    s_wrong += Call(4) == 1 + 2 + 3 + 4 ? 0UL : 1UL;
                    break;
                case Kind.Call10:
                    s_wrong += Call(10) == 55 ? 0UL : 1UL;
                    break;
                case Kind.Proto4:
                    s_wrong += Proto4() == 1 + 2 + 3 + 4 ? 0UL : 1UL;
                    break;
                case Kind.Proto10:
                    s_wrong += Proto10() == 55 ? 0UL : 1UL;
                    break;
                case Kind.ProtoString32:
                    s_wrong += ProtoString32() == 32 ? 0UL : 1UL;
                    break;
                case Kind.ProtoBytes4k:
                    s_wrong += ProtoBytes4k() == 4096 ? 0UL : 1UL;
                    break;
                case Kind.TimerNow:
                    s_wrong += Clock.ServerNow(out _, out _) == TimerError.Ok ? 0UL : 1UL;
                    break;
                case Kind.TopicPing:
                    Topics.Publish("bench-ping"u8, i, out _);
                    Notifications.Wait();
                    break;
                case Kind.TopicPingHandle:
                    s_ping.Publish(i, out _);
                    Notifications.Wait();
                    break;
                case Kind.BellPing:
                    s_bell.Ring();
                    Notifications.Wait();
                    break;
                case Kind.Open:
                    OpenOnce("bench"u8);
                    break;
                case Kind.OpenAmong1000:
                    OpenOnce(ScaleLastName);
                    break;
                case Kind.Publish1:
                    Topics.Publish("bench-t1"u8, i, out _);
                    break;
                case Kind.Publish8:
                    Topics.Publish("bench-t8"u8, i, out _);
                    break;
                case Kind.Publish1Handle:
                    s_t1.Publish(i, out _);
                    break;
                case Kind.Publish8Handle:
                    s_t8.Publish(i, out _);
                    break;
            }
        }
    }

    // One request with MR0..MR(words-1) = 1..words through the connection; returns the sum of the reply's words.
    // MR0-3 travel on the register path (FastMessage); words 4 and up through IPC-buffer scopes.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Call(int words)
    {
        if (words > 4)
        {
            using IpcWriter w = Ipc.Write();
            VolatileSpan<ulong> mr = w.MessageRegisters;
            for (int i = 4; i < words; i++)
            {
                mr[i] = (ulong)i + 1;
            }
        }

        var m = new FastMessage(1, 2, 3, 4);
        MessageInfo reply = s_connection.Endpoint.Call(new MessageInfo(1, 0, 0, words), ref m);
        ulong sum = m.Mr0 + m.Mr1 + m.Mr2 + m.Mr3;
        if (reply.Length > 4)
        {
            using IpcReader r = Ipc.Read();
            ReadOnlyVolatileSpan<ulong> mr = r.MessageRegisters;
            for (int i = 4; i < reply.Length; i++)
            {
                sum += mr[i];
            }
        }

        return sum;
    }

    // The typed rows: the generated client's call and its checks of the reply; the sum of the words back (0 on an error).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Proto4()
    {
        Result<Quad> r = s_proto.Call4(1, 2, 3, 4);
        return r.IsOk ? r.Value.A + r.Value.B + r.Value.C + r.Value.D : 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Proto10()
    {
        Result<Ten> r = s_proto.Call10(s_ten);
        Ten t = r.Value;
        return r.IsOk ? t.A + t.B + t.C + t.D + t.E + t.F + t.G + t.H + t.I + t.J : 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ProtoString32()
    {
        Result<string> r = s_proto.Echo("0123456789abcdef0123456789ABCDEF");
        return r.IsOk ? r.Value.Length : 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ProtoBytes4k()
    {
        Result<byte[]> r = s_proto.EchoBytes(s_page);
        return r.IsOk ? r.Value.Length : 0;
    }

    // ConnOpen timed by itself (the counter reads around it add a few instructions); the Close after it is not counted.
    private static void OpenOnce(ReadOnlySpan<byte> name)
    {
        ulong t0 = ReadTotal();
        ulong e0 = ReadEl0();
        RootError e = Connections.Open(name, out Connection c);
        ulong e1 = ReadEl0();
        ulong t1 = ReadTotal();
        s_selfTimedTotal += (t1 - t0) & CounterMask;
        s_selfTimedEl0 += (e1 - e0) & CounterMask;
        if (e != RootError.Ok || Connections.Close(c) != RootError.Ok)
        {
            s_wrong++;
        }
    }

    private static ulong PerOperation(ulong sum, ulong count) => (sum + (count / 2)) / count;

    // SMOS-BENCH <name> total=<n> el0=<n|-> floor=<n|-> ratio=<r|->, the ratio as servers/roottask/Bench/BenchLine.cs.
    private static void Print(string name, ulong total, ulong? el0, ulong floor)
    {
        Console.Write("SMOS-BENCH ");
        Console.Write(name);
        Console.Write(" total=");
        Console.Write((long)total);
        Console.Write(" el0=");
        if (el0 is ulong e)
        {
            Console.Write((long)e);
        }
        else
        {
            Console.Write('-');
        }

        Console.Write(" floor=");
        if (floor == 0)
        {
            Console.WriteLine("- ratio=-");
            return;
        }

        ulong milli = ((total * 1000) + (floor / 2)) / floor;
        Console.WriteLine($"{(long)floor} ratio={(long)(milli / 1000)}.{(char)('0' + (milli % 1000 / 100))}{(char)('0' + (milli % 100 / 10))}{(char)('0' + (milli % 10))}");
    }

    private static int Fail(string why)
    {
        Console.WriteLine($"SMOS-BENCH-ERROR bench: {why}");
        return 1;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_total")]
    private static extern ulong ReadTotal();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_pmu_read_el0")]
    private static extern ulong ReadEl0();
}
