// sensor: waits until every monitor (arguments, default "a b") is ready, then publishes 1..10 to topic "temperature".
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The publisher. The handshake cannot miss a signal: the sensor subscribes to each "ready-&lt;id&gt;" topic first,
/// then reads them all; a monitor that becomes ready after the read sets a bit, and bits wait for the next Wait.
/// </summary>
public static class Sensor
{
    private const int MaxMonitors = 8;
    private const ulong Values = 10;
    private const int YieldsBetween = 4;

    public static int Main(string[] args)
    {
        int monitors = Args.Count > 1 ? Args.Count - 1 : 2;
        if (monitors > MaxMonitors)
        {
            Console.WriteLine("sensor: usage: sensor [ID...] (at most 8 monitors)");
            return 2;
        }

        // The ready topics' names, 32 bytes each.
        Span<byte> names = stackalloc byte[MaxMonitors * 32];
        Span<int> lengths = stackalloc int[MaxMonitors];
        ulong readyBits = 0;
        for (int i = 0; i < monitors; i++)
        {
            ReadOnlySpan<byte> id = Args.Count > 1 ? Args.Get(i + 1) : (i == 0 ? "a"u8 : "b"u8);
            if (!ReadyTopic(id, names.Slice(i * 32, 32), out lengths[i]))
            {
                Console.WriteLine("sensor: a monitor id is not a valid topic name part");
                return 2;
            }

            RootError e = Topics.Subscribe(names.Slice(i * 32, lengths[i]), out ulong bit);
            if (e != RootError.Ok)
            {
                Console.WriteLine($"sensor: subscribe failed: {ProcessAbi.Describe(e)}");
                return 1;
            }

            readyBits |= bit;
        }

        // Read every ready topic; sleep only when one is not ready yet (any later ready publish wakes us).
        long waits = 0;
        while (true)
        {
            int ready = 0;
            for (int i = 0; i < monitors; i++)
            {
                RootError e = Topics.Read(names.Slice(i * 32, lengths[i]), out ulong value);
                ready += e == RootError.Ok && value == 1 ? 1 : 0;
            }

            if (ready == monitors)
            {
                break;
            }

            Notifications.Wait();
            waits++;
        }

        Console.WriteLine($"sensor: {monitors} monitors ready (after {waits} waits); publishing 1..10");
        for (ulong v = 1; v <= Values; v++)
        {
            RootError e = Topics.Publish("temperature"u8, v, out ulong signalled);
            if (e != RootError.Ok || signalled != (ulong)monitors)
            {
                Console.WriteLine($"sensor: publish of {(long)v} signalled {(long)signalled} subscribers: {ProcessAbi.Describe(e)}");
                return 1;
            }

            for (int y = 0; y < YieldsBetween; y++)
            {
                Scheduler.Yield();
            }
        }

        for (int i = 0; i < monitors; i++)
        {
            Topics.Unsubscribe(names.Slice(i * 32, lengths[i]));
        }

        Console.WriteLine("sensor: published 10 values, each to every monitor");
        return 0;
    }

    /// <summary>"ready-" followed by the id (the same rule as the monitor's).</summary>
    private static bool ReadyTopic(ReadOnlySpan<byte> id, Span<byte> name, out int length)
    {
        ReadOnlySpan<byte> prefix = "ready-"u8;
        length = prefix.Length + id.Length;
        if (id.Length == 0 || length > name.Length)
        {
            return false;
        }

        prefix.CopyTo(name);
        id.CopyTo(name.Slice(prefix.Length));
        return ConnectionAbi.ValidName(name.Slice(0, length));
    }
}
