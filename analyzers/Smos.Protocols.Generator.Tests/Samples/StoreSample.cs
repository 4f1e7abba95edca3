// A words-path sample: strings, bytes, spans, arrays, structs and long messages through the generated client, a loopback kernel and the server.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Sample;

public enum Kind : byte { Text = 1, Blob = 2 }

public struct Stat { public ulong Size; public Kind Kind; public bool Dirty; }

public struct Block { public ulong A, B, C, D, E, F, G, H, I, J; }

[SmosProtocol("store", Version = 2)]
public partial interface IStore
{
    Result<ulong> Get(string key);
    Result Set(string key, ulong value);
    int Count(string prefix);
    string Greet(string name);
    byte[] Reverse(ReadOnlySpan<byte> data);
    long Sum(int[] values);
    Stat Describe(ulong size, Kind kind, bool dirty);
    Block Swap(Block block);
    int[] Range(int from, int count);
    Result<string> Name(Kind kind);
    void Many(long a, long b, long c, long d, long e, long f);
    Result<byte[]> Blob(byte[] data, string tag, Stat stat);
    ulong Who();
    [OneWay] void Bump(string key);
    Result Watch(string key, Notification wake);
    Result<Endpoint> Door(bool give);
    Result<Stat> Mark(Stat stat, Kind kind, bool on, ulong a, ulong b);
    [Event] void Changed(string key, ulong value);
    [Event] void Tick(ulong n, Kind kind);
}

public sealed class Store : StoreServer
{
    public readonly Dictionary<string, ulong> Values = new();
    public readonly Dictionary<string, ulong> Watched = new();
    public int Calls;
    public long ManySum;

    public override Result<ulong> Get(string key) { Calls++; return Values.TryGetValue(key, out ulong v) ? v : Result<ulong>.Fail(1); }
    public override Result Set(string key, ulong value) { Calls++; Values[key] = value; return Result.Ok; }
    public override int Count(string prefix) { Calls++; int n = 0; foreach (string k in Values.Keys) { if (k.StartsWith(prefix, StringComparison.Ordinal)) { n++; } } return n; }
    public override string Greet(string name) { Calls++; return name == "big" ? new string('x', 2000) : name == "huge" ? new string('x', 5000) : "hello, " + name; }
    public override byte[] Reverse(ReadOnlySpan<byte> data) { Calls++; byte[] r = data.ToArray(); Array.Reverse(r); return r; }
    public override long Sum(int[] values) { Calls++; long s = 0; foreach (int v in values) { s += v; } return s; }
    public override Stat Describe(ulong size, Kind kind, bool dirty) { Calls++; return new Stat { Size = size * 2, Kind = kind, Dirty = !dirty }; }
    public override Block Swap(Block b) { Calls++; return new Block { A = b.J, B = b.I, C = b.H, D = b.G, E = b.F, F = b.E, G = b.D, H = b.C, I = b.B, J = b.A }; }
    public override int[] Range(int from, int count) { Calls++; var r = new int[count]; for (int i = 0; i < count; i++) { r[i] = from + i; } return r; }
    public override Result<string> Name(Kind kind) { Calls++; return kind == Kind.Text ? "text" : Result<string>.Fail(2); }
    public override void Many(long a, long b, long c, long d, long e, long f) { Calls++; ManySum = a + b + c + d + e + f; }
    public override ulong Who() { Calls++; return CallerPid; }
    public override void Bump(string key) { Calls++; Values[key] = Values.TryGetValue(key, out ulong v) ? v + 1 : 1; }
    public override Result Watch(string key, Notification wake) { Calls++; Watched[key] = wake.Cptr; return key.Length == 0 ? Result.Fail(4) : Result.Ok; }
    public override Result<Endpoint> Door(bool give) { Calls++; return give ? new Endpoint(0x77) : Result<Endpoint>.Fail(5); }
    public ProtocolError Change(ulong badge, string key, ulong value) => RaiseChanged(badge, key, value);
    public ProtocolError TickFor(ulong badge, ulong n, Kind kind) => RaiseTick(badge, n, kind);
    public int Queued(ulong badge) => QueuedEvents(badge);
    public override Result<Stat> Mark(Stat stat, Kind kind, bool on, ulong a, ulong b) { Calls++; return on ? new Stat { Size = stat.Size + a + b, Kind = kind, Dirty = !stat.Dirty } : Result<Stat>.Fail(6); }
    public override Result<byte[]> Blob(byte[] data, string tag, Stat stat) { Calls++; return stat.Dirty ? Result<byte[]>.Fail(3) : Encoding.UTF8.GetBytes(tag + ":" + data.Length + ":" + stat.Size); }
}

public static class StoreChecks
{
    private static readonly List<string> Failures = new();

    private static void Expect(bool ok, string what)
    {
        if (!ok)
        {
            Failures.Add(what);
        }
    }

    /// <summary>Every method through the generated client, the loopback kernel (the server on this thread) and back.</summary>
    public static string ClientToServer(Store store)
    {
        Failures.Clear();
        var c = new StoreClient(default(Connection));
        Expect(c.Set("alpha", 1).IsOk && c.Set("alps", 2).IsOk && c.Set("beta", 3).IsOk, "Set three keys");
        Expect(c.Get("alps") is { IsOk: true, Value: 2UL }, "Get(alps) = 2");
        Expect(c.Get("gamma").Error == ProtocolWire.AppError(1), "Get(gamma) is the server's error 1");
        Expect(c.Count("al") is { IsOk: true, Value: 2 }, "Count(al) = 2");
        string unicode = "grüße, 世界 😀";
        Expect(c.Greet(unicode) is { IsOk: true } g && g.Value == "hello, " + unicode, "Greet with 2-, 3- and 4-byte UTF-8");
        string longName = new string('n', 900);
        Expect(c.Greet(longName) is { IsOk: true } lg && lg.Value == "hello, " + longName, "Greet with a 900-byte name (114 words in, 115 back)");
        string longerName = new string('m', 1000);
        Expect(c.Greet(longerName) is { IsOk: true } lg2 && lg2.Value == "hello, " + longerName, "Greet with a 1000-byte name: 127 words each way, through the shared page");
        Expect(c.Greet("big") is { IsOk: true } big && big.Value == new string('x', 2000), "a 2000-byte reply comes through the shared page");
        int before = store.Calls;
        Expect(c.Greet("huge").Error == ProtocolError.TooLarge && store.Calls == before + 1, "a 5000-byte reply is the server's TooLarge (the implementation ran)");
        before = store.Calls;
        Expect(c.Greet(new string('n', 4200)).Error == ProtocolError.TooLarge && store.Calls == before, "a 4200-byte name does not fit even the page: TooLarge before sending");
        byte[] page = new byte[4096];
        for (int i = 0; i < page.Length; i++) { page[i] = (byte)(i * 13 + 1); }
        Result<byte[]> revPage = c.Reverse(page);
        Expect(revPage.IsOk && revPage.Value.Length == 4096 && revPage.Value[0] == page[4095] && revPage.Value[4095] == page[0] && revPage.Value[2048] == page[2047], "Reverse 4096 bytes: 513 words each way (3 in registers, 510 in the page)");
        Expect(c.Reverse(new byte[4112]) is { IsOk: true } r4112 && r4112.Value.Length == 4112, "Reverse 4112 bytes: 515 words, the most a message carries");
        before = store.Calls;
        Expect(c.Reverse(new byte[4113]).Error == ProtocolError.TooLarge && store.Calls == before, "Reverse 4113 bytes (516 words): TooLarge before sending");
        byte[] data = new byte[300];
        for (int i = 0; i < data.Length; i++) { data[i] = (byte)(i * 7); }
        Result<byte[]> rev = c.Reverse(data);
        Expect(rev.IsOk && rev.Value.Length == 300 && rev.Value[0] == data[299] && rev.Value[299] == data[0], "Reverse 300 bytes");
        Expect(c.Reverse(ReadOnlySpan<byte>.Empty) is { IsOk: true } e && e.Value.Length == 0, "Reverse no bytes");
        Expect(c.Sum(new[] { 1, -2, int.MaxValue, int.MinValue }) is { IsOk: true, Value: -2L }, "Sum of 4 ints");
        Expect(c.Sum(null!) is { IsOk: true, Value: 0L }, "Sum(null) travels as an empty array");
        Expect(c.Describe(21, Kind.Blob, false) is { IsOk: true } d && d.Value.Size == 42 && d.Value.Kind == Kind.Blob && d.Value.Dirty, "Describe: a struct on the register path");
        var block = new Block { A = 1, B = 2, C = 3, D = 4, E = 5, F = 6, G = 7, H = 8, I = 9, J = ulong.MaxValue };
        Expect(c.Swap(block) is { IsOk: true } s && s.Value.A == ulong.MaxValue && s.Value.E == 6 && s.Value.J == 1, "Swap: 10 words each way");
        Expect(c.Range(-3, 100) is { IsOk: true } r && r.Value.Length == 100 && r.Value[0] == -3 && r.Value[99] == 96, "Range: 101 words back");
        Expect(c.Name(Kind.Text) is { IsOk: true, Value: "text" } && c.Name(Kind.Blob).Error == ProtocolWire.AppError(2), "Name: Result<string>");
        Expect(c.Many(1, 2, 3, 4, 5, -6).IsOk && store.ManySum == 9, "Many: six scalars on the words path");
        Expect(c.Mark(new Stat { Size = 1, Kind = Kind.Text }, Kind.Blob, true, 2, 3) is { IsOk: true } mk && mk.Value.Size == 6 && mk.Value.Kind == Kind.Blob && mk.Value.Dirty, "Mark: 7 words in, a 3-word Result<Stat> back (the direct path)");
        Expect(c.Mark(new Stat { Kind = Kind.Text }, Kind.Text, false, 0, 0).Error == ProtocolWire.AppError(6), "Mark's own error on the direct path");
        Expect(c.Mark(default, Kind.Text, true, 0, 0).Error == ProtocolError.BadArgument, "Mark with a Stat of Kind 0: BadArgument (the direct path falls back to the general one)");
        Expect(c.Blob(new byte[] { 1, 2 }, "t", new Stat { Size = 5, Kind = Kind.Text }) is { IsOk: true } b && Encoding.UTF8.GetString(b.Value) == "t:2:5", "Blob: bytes, string and struct in, Result<byte[]> out");
        Expect(c.Blob(new byte[0], "t", new Stat { Kind = Kind.Text, Dirty = true }).Error == ProtocolWire.AppError(3), "Blob's app error");
        Expect(c.Bump("hits").IsOk && c.Bump("hits").IsOk && c.Bump("hits").IsOk && c.Get("hits") is { IsOk: true, Value: 3UL }, "three one-way Bumps, then Get(hits) = 3");
        Expect(c.Bump(new string('b', 1000)).Error == ProtocolError.TooLarge, "a one-way message that does not fit is TooLarge, not sent");
        Expect(c.Who() is { IsOk: true, Value: 0UL }, "CallerPid is 0 before the Opened event");
        store.OnEvent(ConnectionEvent.Opened, 7, 1234);
        Expect(c.Who() is { IsOk: true, Value: 1234UL }, "CallerPid is the opener's pid (the loopback's badge is 7)");
        store.OnEvent(ConnectionEvent.Closed, 7, 1234);
        Expect(c.Who() is { IsOk: true, Value: 0UL }, "CallerPid is 0 after the Closed event");
        Expect(c.Watch("k", new Notification(0x31)).IsOk && store.Watched.TryGetValue("k", out ulong slot1) && slot1 >= CapSlots.FirstFree, "Watch: the notification reached the implementation in the server's receive slot");
        Expect(c.Watch("k2", new Notification(0x32)).IsOk && store.Watched["k2"] != store.Watched["k"], "a second capability lands in a new receive slot (the first is the implementation's)");
        Expect(c.Watch("", new Notification(0x33)).Error == ProtocolWire.AppError(4), "Watch's own error: the implementation ran and owns the capability");
        Result<Endpoint> door = c.Door(true);
        Expect(door.IsOk && door.Value.Cptr >= CapSlots.FirstFree, "Door: the endpoint came back in a slot of the client's own");
        Expect(c.Door(false).Error == ProtocolWire.AppError(5), "Door's own error: no capability");
        return string.Join("\n", Failures);
    }

    /// <summary>TakeEvents replies straight into DecodeEvents: valid events delivered, malformed ones refused after those before them.</summary>
    public static string InvalidEvents()
    {
        Failures.Clear();
        var handler = new StoreEvents();
        int Decode(params ulong[] words)
        {
            handler.Seen.Clear();
            return StoreProtocol.DecodeEvents(words, handler, out _);
        }

        ulong tick = ProtocolWire.EventHeader(StoreProtocol.TickEvent, 2);
        Expect(Decode(0, tick, 5, 1) == 1 && handler.Seen.Count == 1 && handler.Seen[0] == "Tick(5, Text)", "one Tick delivered");
        Expect(Decode(0, tick, 5, 3) == -1 && handler.Seen.Count == 0, "a Kind 3 refused, nothing delivered");
        Expect(Decode(0, tick, 5, 1, tick, 6) == -1 && handler.Seen.Count == 1, "a second event cut short refused after the first was delivered");
        Expect(Decode(0, ProtocolWire.EventHeader(3, 0)) == -1, "no event 3");
        Expect(Decode(0, ProtocolWire.EventHeader(0, 0)) == -1, "no event 0");
        Expect(Decode(0, ProtocolWire.EventHeader(StoreProtocol.ChangedEvent, 2), 9, 0x61) == -1, "a 9-byte key in one word");
        Expect(Decode(0, ProtocolWire.EventHeader(StoreProtocol.ChangedEvent, 3), 1, 0x61, 7) == 1 && handler.Seen[0] == "Changed(a, 7)", "a Changed delivered");
        Expect(Decode(0, ProtocolWire.EventHeader(StoreProtocol.ChangedEvent, 4), 1, 0x61, 7, 0) == -1, "a word after the event's arguments");
        Expect(Decode() == -1, "not even the count");
        Expect(Decode(0) == 0, "no events");
        return string.Join("\n", Failures);
    }

    /// <summary>Malformed words-path requests, straight into DispatchWords: each refused with its error, no call.</summary>
    public static string InvalidRequests()
    {
        Failures.Clear();
        var store = new Store();
        var reply = new ulong[120];
        var scratch = new byte[960];
        void Refused(string what, ulong label, ulong[] words, ProtocolError expected, int badIndex = -1, int caps = 0)
        {
            ulong l = StoreProtocol.DispatchWords(store, label, caps, caps == 1 ? 0x55UL : 0UL, words, reply, scratch, out int n, out _);
            Expect(l == (ulong)expected, $"{what}: {(ProtocolError)l}, expected {expected}");
            if (badIndex >= 0)
            {
                Expect(n == 1 && reply[0] == (ulong)badIndex, $"{what}: BadArgument should name argument {badIndex}");
            }
        }

        Refused("a string longer than the message", StoreProtocol.GetLabel, new ulong[] { 9, 0x6161616161616161 }, ProtocolError.BadArgument, 0);
        Refused("a string with a nonzero padding byte", StoreProtocol.GetLabel, new ulong[] { 3, 0x0100000000616161 }, ProtocolError.BadArgument, 0);
        Refused("an overlong UTF-8 '/'", StoreProtocol.GetLabel, new ulong[] { 2, 0xAFC0 }, ProtocolError.BadArgument, 0);
        Refused("a UTF-8 surrogate", StoreProtocol.GetLabel, new ulong[] { 3, 0x80A0ED }, ProtocolError.BadArgument, 0);
        Refused("a 0xFF byte", StoreProtocol.GetLabel, new ulong[] { 1, 0xFF }, ProtocolError.BadArgument, 0);
        Refused("a truncated 3-byte sequence", StoreProtocol.GetLabel, new ulong[] { 2, 0x96E4 }, ProtocolError.BadArgument, 0);
        Refused("a word after the string", StoreProtocol.GetLabel, new ulong[] { 1, 0x61, 0 }, ProtocolError.WrongLength);
        Refused("no words", StoreProtocol.GetLabel, Array.Empty<ulong>(), ProtocolError.WrongLength);
        Refused("Set without its value", StoreProtocol.SetLabel, new ulong[] { 1, 0x61 }, ProtocolError.BadArgument, 1);
        Refused("an array longer than the message", StoreProtocol.SumLabel, new ulong[] { 3, 1, 2 }, ProtocolError.BadArgument, 0);
        Refused("an array element outside int", StoreProtocol.SumLabel, new ulong[] { 2, 1, 1UL << 33 }, ProtocolError.BadArgument, 0);
        Refused("Swap with 9 words", StoreProtocol.SwapLabel, new ulong[9], ProtocolError.WrongLength);
        Refused("Many with a capability", StoreProtocol.ManyLabel, new ulong[6], ProtocolError.BadCapability, caps: 1);
        Refused("Blob: a Kind 3 in the struct", StoreProtocol.BlobLabel, new ulong[] { 0, 1, 0x74, 5, 3, 0 }, ProtocolError.BadArgument, 2);
        Refused("Blob: a bool 2 in the struct", StoreProtocol.BlobLabel, new ulong[] { 0, 1, 0x74, 5, 1, 2 }, ProtocolError.BadArgument, 2);
        Refused("Blob: bytes with padding set", StoreProtocol.BlobLabel, new ulong[] { 1, 0x0201, 1, 0x74, 5, 1, 0 }, ProtocolError.BadArgument, 0);
        Refused("another version, 6 words", ProtocolWire.Label(StoreProtocol.Id, 1, 11), new ulong[6], ProtocolError.WrongVersion, 2);
        Refused("another protocol, 6 words", ProtocolWire.Label(StoreProtocol.Id ^ 3, 2, 11), new ulong[6], ProtocolError.WrongProtocol);
        Refused("method 200, 6 words", ProtocolWire.Label(StoreProtocol.Id, 2, 200), new ulong[6], ProtocolError.UnknownMethod);
        Refused("method 200, 1 word", ProtocolWire.Label(StoreProtocol.Id, 2, 200), new ulong[1], ProtocolError.UnknownMethod);
        Expect(store.Calls == 0, $"the implementation saw {store.Calls} invalid requests");

        // The client's decoders: a reply of the wrong shape is BadReply.
        Expect(StoreProtocol.DecodeGreetReply(0, new ulong[] { 2, 0xFFFF }).Error == ProtocolError.BadReply, "a reply string of invalid UTF-8");
        Expect(StoreProtocol.DecodeGreetReply(0, new ulong[] { 0, 0 }).Error == ProtocolError.BadReply, "a reply string with a word after it");
        Expect(StoreProtocol.DecodeSwapReply(0, new ulong[9]).Error == ProtocolError.BadReply, "a 9-word Block");
        Expect(StoreProtocol.DecodeRangeReply(0, new ulong[] { 1, 1UL << 40 }).Error == ProtocolError.BadReply, "an int[] element outside int");
        Expect(StoreProtocol.DecodeManyReply(0, new ulong[1]).Error == ProtocolError.BadReply, "a void reply with a word");
        return string.Join("\n", Failures);
    }
}

/// <summary>Records the events TakeEvents delivers, in order.</summary>
public sealed class StoreEvents : IStoreEvents
{
    public readonly List<string> Seen = new();
    public void Changed(string key, ulong value) => Seen.Add($"Changed({key}, {value})");
    public void Tick(ulong n, Kind kind) => Seen.Add($"Tick({n}, {kind})");
}
