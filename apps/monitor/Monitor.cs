// monitor: subscribes to topic "temperature", announces itself on "ready-<id>", then reads values until it sees 10.
using System;
using System.Text;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// A subscriber. It subscribes before it says it is ready, so no value the sensor publishes afterwards can be missed
/// entirely: each publish sets the topic's bit, bits accumulate until Wait, and the value is read after the Wait.
/// Values may coalesce (a slow monitor skips some), but they must never go backwards, and the last (10) must be seen.
/// </summary>
public static class Monitor
{
    private const ulong LastValue = 10;

    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> id = Args.Count > 1 ? Args.Get(1) : "a"u8;
        Span<byte> ready = stackalloc byte[32];
        if (!ReadyTopic(id, ready, out int readyLength))
        {
            Console.WriteLine("monitor: usage: monitor ID (ID: 1-26 of a-z, 0-9, '-', '_', '.')");
            return 2;
        }

        ReadOnlySpan<byte> readyName = ready.Slice(0, readyLength);
        RootError e = Topics.Subscribe("temperature"u8, out ulong bit);
        if (e != RootError.Ok || bit == 0)
        {
            return Fail(id, "subscribe failed: "u8, e);
        }

        // The ready topic is published to twice (1 now, 0 at the end): by handle (Topics.Open, then one word each time).
        if ((e = Topics.Open(readyName, out Topic readyTopic)) != RootError.Ok || (e = readyTopic.Publish(1, out _)) != RootError.Ok)
        {
            return Fail(id, "ready publish failed: "u8, e);
        }

        ulong last = 0;
        long seen = 0;
        long wakeups = 0;
        while (last != LastValue)
        {
            ulong bits = Notifications.Wait();
            wakeups++;
            if ((bits & bit) == 0)
            {
                continue;
            }

            e = Topics.Read("temperature"u8, out ulong value);
            if (e != RootError.Ok)
            {
                return Fail(id, "read failed: "u8, e);
            }

            if (value < last || value > LastValue)
            {
                Console.WriteLine($"monitor {Encoding.UTF8.GetString(id)}: value went from {(long)last} to {(long)value}");
                return 1;
            }

            if (value != last)
            {
                seen++;
                last = value;
            }
        }

        Console.WriteLine($"monitor {Encoding.UTF8.GetString(id)}: saw {seen} of 10 values in {wakeups} wakeups, never backwards, ending at 10");

        // Leave the topics as we found them: not ready, not subscribed.
        RootError reset = readyTopic.Publish(0, out _);
        RootError unsubscribed = Topics.Unsubscribe("temperature"u8);
        return reset == RootError.Ok && unsubscribed == RootError.Ok ? 0 : 1;
    }

    /// <summary>"ready-" followed by the id.</summary>
    internal static bool ReadyTopic(ReadOnlySpan<byte> id, Span<byte> name, out int length)
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

    private static int Fail(ReadOnlySpan<byte> id, ReadOnlySpan<byte> what, RootError e)
    {
        Console.WriteLine($"monitor {Encoding.UTF8.GetString(id)}: {Encoding.UTF8.GetString(what)}{ProcessAbi.Describe(e)}");
        return 1;
    }
}
