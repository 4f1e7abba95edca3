// ReadApp on the simulated kernel: every listed app read whole in chunks equals the archive's bytes; the end, past it, bad names and lengths.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class ReadAppTests
{
    // Besides hello, server and client (the test ELF): an empty app, one of exactly two replies, one that ends mid-word.
    private static readonly byte[] Exact = Bytes(2 * ReadAppRequest.MaxBytes, 3);
    private static readonly byte[] Odd = Bytes((3 * ReadAppRequest.MaxBytes) + 13, 7);

    private static byte[] Bytes(int count, int seed) => Enumerable.Range(0, count).Select(i => (byte)((i * seed) ^ (i >> 8))).ToArray();

    private static ServerWorld World() => new(("empty", []), ("exact", Exact), ("odd-size", Odd));

    private static ulong[] Request(string name, ulong offset)
    {
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodeReadApp(offset, Encoding.UTF8.GetBytes(name), mrs);
        Assert.True(length > 0, $"{name}: the encoder refused it");
        return mrs[..length];
    }

    // One ReadApp as `p`: Ok with the reply's size and bytes, checked against the codec's reply decoder.
    private static (ulong Size, byte[] Bytes) Read(ServerWorld w, Process p, string name, ulong offset)
    {
        Outcome o = w.Call(p, RootRequest.ReadApp, Request(name, offset));
        Assert.True(o.Replied);
        Assert.Equal(RootError.Ok, o.Error);
        ulong[] words = o.Page!;
        Assert.Equal(RootError.Ok, ReadAppRequest.DecodeReply(words, out ulong size, out int count));
        var bytes = new byte[count];
        Assert.Equal(count, ReadAppRequest.DecodeBytes(words, count, bytes));
        return (size, bytes);
    }

    private static string[] ListedApps(ServerWorld w, Process p)
    {
        Outcome o = w.Call(p, RootRequest.ListApps, 0);
        Assert.Equal(RootError.Ok, o.Error);
        var name = new byte[32];
        ulong[] page = o.Page!;
        return Enumerable.Range(0, (int)page[1])
            .Select(k => Encoding.ASCII.GetString(name, 0, ListAppsRequest.DecodeName(page, k, name))).ToArray();
    }

    [Fact]
    public void EveryListedAppReadWholeInChunksIsTheArchivesBytes()
    {
        ServerWorld w = World();
        Process p = w.Start("hello");
        var expected = new Dictionary<string, byte[]>
        {
            ["hello"] = w.Elf, ["server"] = w.Elf, ["client"] = w.Elf, ["empty"] = [], ["exact"] = Exact, ["odd-size"] = Odd,
        };
        Assert.Equal(expected.Keys.Order(), ListedApps(w, p).Order());
        Assert.True(w.Elf.Length > ReadAppRequest.MaxBytes); // the ELF takes several requests too

        foreach ((string name, byte[] app) in expected)
        {
            var whole = new List<byte>();
            int requests = 0;
            while (true)
            {
                (ulong size, byte[] chunk) = Read(w, p, name, (ulong)whole.Count);
                requests++;
                Assert.Equal((ulong)app.Length, size);
                Assert.Equal(Math.Min(app.Length - whole.Count, ReadAppRequest.MaxBytes), chunk.Length); // full replies until the end
                if (chunk.Length == 0)
                {
                    break;
                }

                whole.AddRange(chunk);
            }

            Assert.Equal(app, whole.ToArray());
            Assert.Equal((app.Length / ReadAppRequest.MaxBytes) + (app.Length % ReadAppRequest.MaxBytes == 0 ? 1 : 2), requests);
        }
    }

    [Fact]
    public void AnyOffsetWithinTheAppReadsFromThereAndTheEndIsNoBytes()
    {
        ServerWorld w = World();
        Process p = w.Start("client"); // no privileges: any process may read
        foreach (int offset in new[] { 1, 7, 8, 9, ReadAppRequest.MaxBytes - 1, Odd.Length - 1, Odd.Length - 8 })
        {
            (ulong size, byte[] chunk) = Read(w, p, "odd-size", (ulong)offset);
            Assert.Equal((ulong)Odd.Length, size);
            Assert.Equal(Odd.Skip(offset).Take(ReadAppRequest.MaxBytes).ToArray(), chunk);
        }

        // Offset == size: Ok, the size and no bytes (a reply of its 2 header words).
        Outcome end = w.Call(p, RootRequest.ReadApp, Request("odd-size", (ulong)Odd.Length));
        Assert.Equal(RootError.Ok, end.Error);
        Assert.Equal(new ulong[] { 2, (ulong)Odd.Length, 0 }, end.ReplyWords);
        Assert.Equal(new ulong[] { 2, 0, 0 }, w.Call(p, RootRequest.ReadApp, Request("empty", 0)).ReplyWords);
        (ulong exactSize, byte[] none) = Read(w, p, "exact", (ulong)Exact.Length);
        Assert.Equal(((ulong)Exact.Length, 0), (exactSize, none.Length));
    }

    [Fact]
    public void AnOffsetPastTheEndIsBadArgument()
    {
        ServerWorld w = World();
        Process p = w.Start("hello");
        foreach (ulong offset in new[] { (ulong)w.Elf.Length + 1, (1UL << 32) + 1, 1UL << 63, ulong.MaxValue })
        {
            Assert.Equal(new Outcome(true, RootError.BadArgument, 0, 0), w.Call(p, RootRequest.ReadApp, Request("hello", offset)));
        }

        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.ReadApp, Request("empty", 1)).Error);
    }

    [Fact]
    public void ANameTheArchiveHasNoAppOfIsNoSuchApp()
    {
        ServerWorld w = World();
        Process p = w.Start("hello");
        // Its lists are not apps ("init", "demos/pair"), nor is a name that differs by a byte, a case or a "./".
        foreach (string name in new[] { "nothing", "init", "demos/pair", "demos", "Hello", "hell", "hello\0", "./hello", "hello/", new string('h', 31) })
        {
            Assert.Equal(new Outcome(true, RootError.NoSuchApp, 0, 0), w.Call(p, RootRequest.ReadApp, Request(name, 0)));
        }
    }

    [Fact]
    public void MalformedRequestsAreRefusedAndChangeNothing()
    {
        ServerWorld w = World();
        Process p = w.Start("hello");
        var before = w.Snapshot();
        ulong hello = WordOf("hello");
        ulong[] name31 = ServerWorld.Pack(Encoding.ASCII.GetBytes(new string('a', 31)));
        ulong[] name32 = ServerWorld.Pack(Encoding.ASCII.GetBytes(new string('a', 32)));

        // The request is the offset, then the name (its length word and bytes). An empty name, one of 32 bytes or more
        // (an app's is at most 31): BadArgument, the root task's rule once the name decoded.
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.ReadApp, 0, 0).Error);
        Assert.Equal(RootError.BadArgument, w.Call(p, RootRequest.ReadApp, [0, 32, .. name32]).Error);
        Assert.Equal(RootError.NoSuchApp, w.Call(p, RootRequest.ReadApp, [0, 31, .. name31]).Error); // well formed, no such app

        // A length word no message could hold, and words that do not match the name's length: none, the offset only,
        // no name words, a word short, a word too many.
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, [0, ulong.MaxValue, hello]).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, [0, (1UL << 32) | 5, hello]).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, 0).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, 0, 5).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, 0, 9, hello).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, 0, 5, hello, 0).Error);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ReadApp, [0, 31, .. name31, 0]).Error);

        // The message info's length counts, not the registers given; a capability attached is refused first.
        Assert.Equal(RootError.BadLength, w.Send(Badges.Request(p.Pid), (ulong)RootRequest.ReadApp, 0, 4, [0, 5, hello]).Error);
        Assert.Equal(RootError.BadLength, w.Send(Badges.Request(p.Pid), (ulong)RootRequest.ReadApp, 0, 2, [0, 5, hello]).Error);
        Assert.Equal(RootError.BadArgument, w.Send(Badges.Request(p.Pid), (ulong)RootRequest.ReadApp, 1, 3, [0, 5, hello]).Error);
        Assert.Equal(RootError.Ok, w.Send(Badges.Request(p.Pid), (ulong)RootRequest.ReadApp, 0, 3, [0, 5, hello, 99]).Error);

        // Every refusal is a one-word reply (MR0 = 0), and nothing was taken.
        Outcome refused = w.Call(p, RootRequest.ReadApp, 0, 5);
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), refused);
        Assert.Null(refused.Words);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void RandomWordsAreAnsweredWithinTheProtocol()
    {
        ServerWorld w = World();
        Process p = w.Start("hello");
        var before = w.Snapshot();
        var random = new Random(51);
        string[] names = ["hello", "odd-size", "empty", "exact", "nothing"];
        int ok = 0;
        for (int round = 0; round < 5000; round++)
        {
            // A valid request with a word changed, cut or extended, or random words.
            ulong[] mrs = random.Next(3) == 0
                ? Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(2) == 0 ? (ulong)random.Next(0, 40) : (ulong)random.NextInt64()).ToArray()
                : Request(names[random.Next(names.Length)], (ulong)random.Next(0, Odd.Length + 100));
            switch (random.Next(4))
            {
                case 0 when mrs.Length > 0:
                    mrs[random.Next(mrs.Length)] ^= 1UL << random.Next(64);
                    break;
                case 1 when mrs.Length > 0:
                    mrs = mrs[..^1];
                    break;
                case 2:
                    mrs = [.. mrs, (ulong)random.NextInt64()];
                    break;
            }

            Outcome o = w.Call(p, RootRequest.ReadApp, mrs);
            Assert.True(o.Replied);
            Assert.True(o.Error is RootError.Ok or RootError.BadLength or RootError.BadArgument or RootError.NoSuchApp, $"round {round}: {o.Error}");
            if (o.Error != RootError.Ok)
            {
                Assert.Null(o.Words);
                continue;
            }

            ok++;
            Assert.Equal(RootError.Ok, ReadAppRequest.DecodeReply(o.Page, out ulong size, out int count));
            Assert.True(o.ReplyWords.Length <= ProcessAbi.MaxMessageRegisters);
            Assert.Equal(ProtocolError.Ok, RootTaskProtocol.DecodeReadApp(mrs, new byte[ConnectionAbi.NameScratchBytes], out ReadAppArgs args));
            Assert.Equal(Math.Min((long)size - (long)args.Offset, ReadAppRequest.MaxBytes), count);
        }

        Assert.True(ok > 300, $"only {ok} requests were answered Ok");
        Assert.Equal(before, w.Snapshot());
    }

    private static ulong WordOf(string name) => ServerWorld.Pack(Encoding.ASCII.GetBytes(name))[0];
}
