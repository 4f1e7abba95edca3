// "kv client": stores and reads keys through the generated clients of "kv" and "kv-cache", and checks every result.
using System;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>The demo's checks: typed calls with strings and arrays, the cache's hits and misses, and refused requests.</summary>
internal static class KvClient
{
    private static int s_failures;
    private static int s_checks;

    public static int Run()
    {
        OpenResult opened = KeyValueClient.OpenWhenPublished(out KeyValueClient kv);
        OpenResult cacheOpened = KvCacheClient.OpenWhenPublished(out KvCacheClient cache);
        if (!opened.IsOk || !cacheOpened.IsOk)
        {
            Console.WriteLine($"kv client: open failed: kv {opened}, kv-cache {cacheOpened}");
            return 1;
        }

        // 50 users and 30 items, each key's value derived from its number.
        int stored = 0;
        for (int i = 0; i < 50; i++)
        {
            stored += kv.Set($"user/{i}", (ulong)(1000 + i)).IsOk ? 1 : 0;
        }

        for (int i = 0; i < 30; i++)
        {
            stored += kv.Set(i < 10 ? $"item/0{i}" : $"item/{i}", (ulong)i * (ulong)i).IsOk ? 1 : 0;
        }

        Check(stored == 80, "Set 50 user/ and 30 item/ keys");

        Check(kv.Get("user/7") is { IsOk: true, Value: 1007 }, "Get(user/7) = 1007");
        Check(kv.Caller() is { IsOk: true } caller && caller.Value == Process.Pid, "the store sees this process's pid as the caller");
        Check(kv.Bump("bumps").IsOk && kv.Bump("bumps").IsOk && kv.Bump("bumps").IsOk && kv.Get("bumps") is { IsOk: true, Value: 3 } && kv.Remove("bumps").IsOk,
            "three one-way Bumps (seL4_Send, no reply), then Get(bumps) = 3");
        Check(kv.Get("nobody").Error == ProtocolWire.AppError(KvErrors.NotFound), "Get(nobody) is NotFound");
        Check(kv.Count("user/") is { IsOk: true, Value: 50 }, "Count(user/) = 50");
        Check(kv.Count("item/1") is { IsOk: true, Value: 10 }, "Count(item/1) = 10");
        Result<ulong[]> squares = kv.Values("item/");
        Check(squares.IsOk && squares.Value.Length == 30 && squares.Value[29] == 29 * 29 && squares.Value[3] == 9, "Values(item/) = the 30 squares in key order");
        Check(kv.Set("grüße/世界/😀", 42).IsOk && kv.Get("grüße/世界/😀") is { IsOk: true, Value: 42 }, "a key of 2-, 3- and 4-byte UTF-8");
        Check(kv.Set("", 1).Error == ProtocolWire.AppError(KvErrors.BadKey), "an empty key is the store's BadKey");
        Check(kv.Set(new string('k', 300), 1).Error == ProtocolWire.AppError(KvErrors.BadKey), "a 300-byte key is the store's BadKey");
        Check(kv.Get(new string('k', 1000)).Error == ProtocolWire.AppError(KvErrors.NotFound), "a 1000-byte key travels through the shared page: NotFound");
        Check(kv.Get(new string('k', 5000)).Error == ProtocolError.TooLarge, "a 5000-byte key does not fit a message: TooLarge, not sent");
        Check(kv.Remove("user/49").IsOk && kv.Count("user/") is { Value: 49 } && kv.Remove("user/49").Error == ProtocolWire.AppError(KvErrors.NotFound), "Remove(user/49), then NotFound");

        // The cache: a miss goes to the store (a server calling a server), the next Get of that key is a hit.
        Check(cache.Get("user/3") is { IsOk: true, Value: 1003 }, "cache Get(user/3) (a miss)");
        Check(cache.Get("user/3") is { IsOk: true, Value: 1003 }, "cache Get(user/3) again (a hit)");
        Check(cache.Get("user/49").Error == ProtocolWire.AppError(KvErrors.NotFound), "cache Get(user/49) passes the store's NotFound on");
        Check(kv.Set("user/3", 7).IsOk && cache.Get("user/3") is { Value: 1003 }, "the cache still answers 1003 after the store changed");
        Check(cache.Forget("user/3").IsOk && cache.Get("user/3") is { IsOk: true, Value: 7 }, "after Forget the cache asks the store: 7");
        Result<CacheStats> stats = cache.Stats();
        Check(stats.IsOk && stats.Value.Hits == 2 && stats.Value.Misses == 3 && stats.Value.Entries == 1, "cache stats: 2 hits, 3 misses, 1 entry");

        // Malformed requests by hand: each refused by the generated dispatch before the store sees it.
        int refused = 0;
        refused += Refused(kv, KeyValueProtocol.GetLabel, 2, 0x80C0, ProtocolError.BadArgument, "a key of overlong UTF-8");
        refused += Refused(kv, KeyValueProtocol.GetLabel, 9, 0x41, ProtocolError.BadArgument, "a key longer than its message");
        refused += Refused(kv, KeyValueProtocol.SetLabel, 1, 0x41, ProtocolError.BadArgument, "Set without its value");
        refused += Refused(kv, ProtocolWire.Label(KeyValueProtocol.Id, 1, 77), 0, 0, ProtocolError.UnknownMethod, "method 77");
        Check(kv.Count("") is { IsOk: true, Value: 80 }, "the store holds 80 keys: nothing refused reached it");
        int bulkBytes = Bulk(kv);
        Capabilities(kv, cache);
        int events = Events(kv);
        Check(kv.Close() == RootError.Ok && cache.Close() == RootError.Ok, "close both");
        if (s_failures != 0)
        {
            Console.WriteLine($"kv client: {s_failures} of {s_checks} checks failed");
            return 1;
        }

        Console.WriteLine($"kv client: {s_checks} checks passed: 80 keys stored and read through \"kv\", 2 hits and 3 misses through \"kv-cache\" (a server calling a server), {refused} malformed requests refused, {bulkBytes} bytes each way through the shared page, capabilities both ways, {events} events from the store");
        return 0;
    }

    // Messages beyond the IPC buffer's 120 words: 250 keys imported as text and exported back through the shared page.
    private static int Bulk(KeyValueClient kv)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 250; i++)
        {
            text.Append("bulk/").Append(i.ToString("D3")).Append('=').Append(10000 + i).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        Check(kv.Import(bytes) is { IsOk: true, Value: 250 } && kv.Count("bulk/") is { Value: 250 } && kv.Get("bulk/249") is { Value: 10249 },
            $"Import of {bytes.Length} bytes (250 lines) through the shared page");
        Result<byte[]> back = kv.Export("bulk/");
        Check(back.IsOk && back.Value.AsSpan().SequenceEqual(bytes), $"Export(bulk/) returns the same {bytes.Length} bytes through the shared page");
        Check(kv.Import(Encoding.UTF8.GetBytes("bulk/x=1\nbulk/y\n")).Error == ProtocolWire.AppError(KvErrors.BadText) && kv.Get("bulk/x").Error == ProtocolWire.AppError(KvErrors.NotFound),
            "a malformed Import is the store's BadText and sets nothing");
        Check(kv.Import(new byte[5000]).Error == ProtocolError.TooLarge, "5000 bytes do not fit even the shared page: TooLarge, not sent");
        return bytes.Length;
    }

    // Capabilities in messages: our notification to the store (Watch), the store's doorbell to us (Bell).
    private static void Capabilities(KeyValueClient kv, KvCacheClient cache)
    {
        const ulong WatchBit = 1UL << 40;
        Check(Notifications.Mint(WatchBit, out Notification wake), "a copy of our notification that sets bit 40");
        Notifications.Poll();
        Check(kv.Watch("user/1", wake).IsOk, "Watch(user/1) with that notification: a capability in the request");
        Check(kv.Set("user/1", 5).IsOk && (Notifications.Poll() & WatchBit) != 0, "Set(user/1): the store signalled our notification");
        Check(kv.Set("user/2", 5).IsOk && (Notifications.Poll() & WatchBit) == 0, "Set(user/2): no signal (not watched)");
        Check(kv.Watch("user/4", new Notification(kv.Connection.Endpoint.Cptr)).Error == ProtocolError.BadCapability,
            "Watch with the store's own endpoint (the kernel unwraps it to a badge): BadCapability");
        Check(kv.Watch("user/3", new Notification(cache.Connection.Endpoint.Cptr)).IsOk && kv.Set("user/3", 3).IsOk && kv.Get("user/3") is { Value: 3 },
            "an endpoint passed off as a notification: the store's signal (NBSend) does not block it");
        Check(cache.Stats().IsOk, "and the cache whose endpoint it was still serves");
        Result<Notification> bell = kv.Bell();
        Check(bell.IsOk && bell.Value.Cptr != 0, "Bell: the store's doorbell, a capability in the reply");
        if (bell.IsOk)
        {
            bell.Value.Signal();
            Check(kv.Rings() is { IsOk: true, Value: 1 }, "one ring on it reached the store");
            CapSpace.Delete(bell.Value.Cptr);
        }

        CapSpace.Delete(wake.Cptr);
    }

    // Server-to-client events: the store raises Updated for the keys this connection follows, rings our doorbell, and
    // we take them (TakeEvents); a full queue (64) refuses what comes after until we take them.
    private static int Events(KeyValueClient kv)
    {
        var log = new UpdateLog();
        Notifications.Poll();
        Check(kv.Follow("ev/").IsOk, "Follow(ev/)");
        bool sets = true;
        for (int i = 0; i < 5; i++)
        {
            sets &= kv.Set($"ev/{i}", (ulong)(100 + i)).IsOk;
        }

        Check(sets && kv.Set("other", 1).IsOk, "5 keys set under ev/ and one elsewhere");
        Check((Notifications.Poll() & ConnectionAbi.DoorbellBadge) != 0, "the store rang our doorbell");
        Result<int> taken = kv.TakeEvents(log);
        Check(taken is { IsOk: true, Value: 5 } && log.Text.ToString() == "ev/0=100 ev/1=101 ev/2=102 ev/3=103 ev/4=104 ", $"TakeEvents: 5 Updated events in order ({log.Text})");
        Check(kv.TakeEvents(log) is { IsOk: true, Value: 0 }, "and then none");

        // 70 updates without taking any: the queue holds 64, the store's later raises are refused (QueueFull).
        for (int i = 0; i < 70; i++)
        {
            kv.Set("ev/many", (ulong)i);
        }

        log.Text.Clear();
        taken = kv.TakeEvents(log);
        Check(taken is { IsOk: true, Value: 64 } && log.Last == 63, $"70 updates queued 64 (the queue's limit), taken in several replies: {taken.Value}, the last {log.Last}");
        Check(kv.Follow("").IsOk && kv.Set("ev/0", 1).IsOk && kv.TakeEvents(log) is { IsOk: true, Value: 0 }, "after Follow(\"\") no more events");
        return 5 + (taken.IsOk ? taken.Value : 0);
    }

    // The events TakeEvents delivers: "key=value " each, and the last value.
    private sealed class UpdateLog : IKeyValueEvents
    {
        public readonly StringBuilder Text = new();
        public ulong Last;

        public void Updated(string key, ulong value)
        {
            Text.Append(key).Append('=').Append(value).Append(' ');
            Last = value;
        }
    }

    private static void Check(bool ok, string what)
    {
        s_checks++;
        if (!ok)
        {
            s_failures++;
            Console.WriteLine($"kv client: FAIL {what}");
        }
    }

    // A request the generated client would never send (two words at most, on the register path): refused as expected?
    private static int Refused(in KeyValueClient kv, ulong label, ulong word0, ulong word1, ProtocolError expected, string what)
    {
        int length = label == KeyValueProtocol.GetLabel || label == KeyValueProtocol.SetLabel ? 2 : 0;
        var m = new FastMessage(word0, word1, 0, 0);
        MessageInfo reply = kv.Connection.Endpoint.Call(new MessageInfo(label, 0, 0, length), ref m);
        Check((ProtocolError)reply.Label == expected, $"{what} is {ProtocolWire.Describe(expected)}");
        return (ProtocolError)reply.Label == expected ? 1 : 0;
    }
}
