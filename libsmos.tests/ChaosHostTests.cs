// Chaos as a seeded property test on the host: hostile processes send codec-encoded requests, corrupted on purpose, through seL4_Call into the real root task.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;
using Xunit.Abstractions;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

/// <summary>
/// The host port of apps/chaos's request generator, run in the whole host system: each hostile process is a simulated
/// process on a thread of its own, and each of its requests is a well-formed request of the protocol encoded by the
/// codec (processes, memory, connections, shared pages, doorbells, topics), sent either as it is through libsmos's own
/// request path or corrupted in one way through a raw <c>seL4_Call</c>: a capability attached, an unknown label, the
/// length cut or padded, a count or name length out of range, random argument words. A corruption with a known answer
/// must get exactly that error; every reply must be a <see cref="RootError"/>; no reply only when the process ended
/// (a random Kill of itself). Between hostile processes a bystander uses libsmos normally; at the end every untyped
/// byte, slot and capability is back. A failure names the seed, the process and the request.
/// </summary>
public class ChaosHostTests
{
    private readonly ITestOutputHelper _output;

    public ChaosHostTests(ITestOutputHelper output) { _output = output; }

    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

        public ulong Next()
        {
            // xorshift64*, as apps/chaos.
            ulong x = _state;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            _state = x;
            return x * 0x2545F4914F6CDD1DUL;
        }

        public int Below(int n) => (int)(Next() % (ulong)n);

        public ulong Word() => Below(4) switch
        {
            0 => Next() % 16,
            1 => Next() % 4096,
            2 => ProcessAbi.HeapRegionBase + ((Next() % 64) * ProcessAbi.PageSize),
            _ => Next(),
        };
    }

    private enum Shape
    {
        None,
        Counted,
        OneWord,
        TwoWords,
        Spawn,
        Name1,
        Name2,
    }

    /// <summary>A request; <paramref name="Expected"/> is its one answer when sent as it is (null: what the label says).</summary>
    private sealed record Request(RootRequest Label, ulong[] Words, Shape Shape, string What, RootError? Expected = null);

    private enum Corruption
    {
        None,
        Capability,
        UnknownLabel,
        Shorter,
        Longer,
        CountOutOfRange,
        RandomWords,
    }

    // The state one hostile process keeps: handles it got, so later requests can use real ones too.
    private sealed class Hostile
    {
        public readonly List<ulong> Publications = new();
        public readonly List<ulong> Connections = new();
        public readonly List<ulong> Topics = new();
        public readonly HashSet<ulong> Published = new();
        public readonly List<(ulong Vaddr, ulong Pages)> Grants = new();
    }

    private static ulong[] Encode(Func<ulong[], int> encode)
    {
        var m = new ulong[ProcessAbi.MaxMessageRegisters];
        int n = encode(m);
        return m[..n];
    }

    private static string NameOf(Rng r) => "chaos-" + (char)('a' + r.Below(6));

    private static ulong HandleFrom(Rng r, List<ulong> known) =>
        known.Count > 0 && r.Below(3) != 0 ? known[r.Below(known.Count)] : r.Word();

    private static Request Base(Rng r, Hostile me, ulong pid)
    {
        byte[] name = Encoding.ASCII.GetBytes(NameOf(r));
        if (r.Below(500) == 0)
        {
            // Now and then a request that ends the caller: never answered.
            return r.Below(3) switch
            {
                0 => new(RootRequest.Exit, Encode(m => RootTaskProtocol.EncodeExit((long)r.Word(), m)), Shape.OneWord, "exit"),
                1 => new(RootRequest.Kill, Encode(m => RootTaskProtocol.EncodeKill(pid, m)), Shape.OneWord, "kill itself"),
                _ => new(RootRequest.Panic, Encode(m => RootTaskProtocol.EncodePanic(r.Word(), 0, [], "chaos panics"u8, m)), Shape.Counted, "panic"),
            };
        }

        switch (r.Below(19))
        {
            case 0:
                return new(RootRequest.GetPid, [], Shape.None, "getpid");
            case 1:
                byte[] text = Encoding.ASCII.GetBytes("chaos " + new string('x', r.Below(60)) + "\n");
                return new(RootRequest.Print, Encode(m => RootTaskProtocol.EncodePrint(text, m)), Shape.Counted, $"print {text.Length} bytes");
            case 2:
                ulong pages = 1 + (r.Next() % 4);
                return new(RootRequest.Alloc, Encode(m => RootTaskProtocol.EncodeAlloc(pages, m)), Shape.OneWord, $"alloc {pages}");
            case 3:
                ulong kill = 0x1_0000 + (r.Next() % 0x1000);
                return new(RootRequest.Kill, Encode(m => RootTaskProtocol.EncodeKill(kill, m)), Shape.OneWord, $"kill {kill}");
            case 4:
                ulong wait = 0x1_0000 + (r.Next() % 0x1000);
                return new(RootRequest.Wait, Encode(m => RootTaskProtocol.EncodeWait(wait, m)), Shape.OneWord, $"wait {wait}");
            case 5:
                return new(RootRequest.Spawn, Encode(m => RootTaskProtocol.EncodeSpawn("nosuch"u8, "a\0bb\0"u8, default, m)), Shape.Spawn, "spawn nosuch");
            case 6:
                ulong buffer = 0x3000_0000 + ((r.Next() % 8) * ProcessAbi.PageSize);
                return new(RootRequest.ConnPublish, Encode(m => RootTaskProtocol.EncodeConnPublish(buffer, name, m)), Shape.Name2, $"publish {Encoding.ASCII.GetString(name)} at 0x{buffer:x}");
            case 7:
                return new(RootRequest.ConnOpen, Encode(m => RootTaskProtocol.EncodeConnOpen(name, m)), Shape.Name1, $"open {Encoding.ASCII.GetString(name)}");
            case 8:
                ulong close = HandleFrom(r, me.Connections);
                return new(RootRequest.ConnClose, Encode(m => RootTaskProtocol.EncodeConnClose(close, m)), Shape.OneWord, $"close 0x{close:x}");
            case 9:
                ulong destroy = HandleFrom(r, me.Publications);
                return new(RootRequest.ConnDestroy, Encode(m => RootTaskProtocol.EncodeConnDestroy(destroy, m)), Shape.OneWord, $"unpublish 0x{destroy:x}");
            case 10:
                ulong share = HandleFrom(r, me.Connections);
                ulong at = 0x4900_0000 + ((r.Next() % 4) * ProcessAbi.PageSize);
                return new(RootRequest.ConnShare, Encode(m => RootTaskProtocol.EncodeConnShare(share, at, m)), Shape.TwoWords, $"share 0x{share:x} at 0x{at:x}");
            case 11:
                ulong bell = HandleFrom(r, me.Connections);
                return new(RootRequest.ConnNotify, Encode(m => RootTaskProtocol.EncodeConnNotify(bell, m)), Shape.OneWord, $"doorbell 0x{bell:x}");
            case 12:
                return new(RootRequest.Subscribe, Encode(m => RootTaskProtocol.EncodeSubscribe(name, m)), Shape.Name1, $"subscribe {Encoding.ASCII.GetString(name)}");
            case 13:
                return new(RootRequest.Unsubscribe, Encode(m => RootTaskProtocol.EncodeUnsubscribe(name, m)), Shape.Name1, $"unsubscribe {Encoding.ASCII.GetString(name)}");
            case 14:
                return new(RootRequest.ReadTopic, Encode(m => RootTaskProtocol.EncodeReadTopic(name, m)), Shape.Name1, $"read {Encoding.ASCII.GetString(name)}");
            case 17:
                return new(RootRequest.OpenTopic, Encode(m => RootTaskProtocol.EncodeOpenTopic(name, m)), Shape.Name1, $"open-topic {Encoding.ASCII.GetString(name)}");
            case 18:
                ulong topic = HandleFrom(r, me.Topics);
                ulong published = r.Word();
                return new(RootRequest.PublishHandle, Encode(m => RootTaskProtocol.EncodePublishHandle(topic, published, m)), Shape.TwoWords, $"publish-handle 0x{topic:x}");
            case 16:
                // One of its grants (the whole of it) or an address and count near them: Ok exactly for a grant.
                (ulong Vaddr, ulong Pages) free = me.Grants.Count > 0 && r.Below(2) == 0 ? me.Grants[r.Below(me.Grants.Count)]
                    : (ProcessAbi.HeapRegionBase + ((r.Next() % 64) * ProcessAbi.PageSize), 1 + (r.Next() % 4));
                RootError answer = me.Grants.Contains(free) ? RootError.Ok : RootError.BadArgument;
                return new(RootRequest.Free, Encode(m => RootTaskProtocol.EncodeFree(free.Vaddr, free.Pages, m)), Shape.TwoWords, $"free {free.Pages} at 0x{free.Vaddr:x}", answer);
            default:
                ulong value = r.Word();
                return new(RootRequest.PublishTopic, Encode(m => RootTaskProtocol.EncodePublishTopic(value, name, m)), Shape.Name2, $"publish-topic {Encoding.ASCII.GetString(name)}");
        }
    }

    // The corrupted message and the one answer the protocol allows for it (null: any RootError).
    private static (ulong Label, int Caps, ulong[] Words, RootError? Expected) Corrupt(Rng r, Request q, Corruption c, ulong pid)
    {
        ulong label = (ulong)q.Label;
        ulong[] words = (ulong[])q.Words.Clone();
        switch (c)
        {
            case Corruption.Capability:
                return (label, 1, words, RootError.BadArgument);
            case Corruption.UnknownLabel:
                ulong unknown;
                do
                {
                    unknown = r.Below(2) == 0 ? r.Next() % 64 : r.Next() >> r.Below(12);
                }
                while (RootReplies.IsRequest(unknown) || unknown >= (1UL << 52));
                return (unknown, 0, words, RootError.UnknownRequest);
            case Corruption.Shorter when q.Shape != Shape.None:
                return (label, 0, words[..r.Below(words.Length)], RootError.BadLength);
            case Corruption.Longer:
                int longer = words.Length + 1 + r.Below(ProcessAbi.MaxMessageRegisters - words.Length);
                ulong[] padded = new ulong[longer];
                words.CopyTo(padded, 0);
                for (int i = words.Length; i < longer; i++)
                {
                    padded[i] = r.Word();
                }

                // Every request has an exact length (GetPid's is 0 words; a Spawn's quota is counted by its own word).
                return (label, 0, padded, RootError.BadLength);
            case Corruption.CountOutOfRange when q.Shape is Shape.Name1 or Shape.Name2:
                // The name's count word (after ConnPublish's and PublishTopic's first word): 0 leaves the name's words
                // over, a count past 32 runs past them; both are length errors (the decoder's, before the name rule).
                words[q.Shape == Shape.Name2 ? 1 : 0] = r.Below(3) == 0 ? 0 : (ulong)ConnectionAbi.MaxNameBytes + 1 + (r.Next() % 0x1_0000_0000);
                return (label, 0, words, RootError.BadLength);
            case Corruption.CountOutOfRange when q.Shape == Shape.Counted:
                // More bytes than the message holds: a length error (RootTaskProtocol's decoders check the count first).
                words[0] = (ulong)ProcessAbi.MaxPrintBytes + 1 + (r.Next() % 1000);
                return (label, 0, words, RootError.BadLength);
            case Corruption.CountOutOfRange when q.Shape == Shape.Spawn:
                // 0 leaves the name's word to be read as the args' count, more than 31 runs past the name's one word:
                // either way the words no longer match the counts.
                words[0] = r.Below(2) == 0 ? 0 : (ulong)ProcessAbi.MaxAppNameBytes + 1 + (r.Next() % 1000);
                return (label, 0, words, RootError.BadLength);
            case Corruption.None:
                return (label, 0, words, q.Expected ?? q.Label switch
                {
                    RootRequest.GetPid => RootError.Ok,
                    RootRequest.Kill or RootRequest.Wait => RootError.NoSuchProcess,
                    RootRequest.Spawn => RootError.NoSuchApp,
                    _ => null,
                });
            default:
                for (int i = 0; i < words.Length; i++)
                {
                    if (r.Below(2) == 0)
                    {
                        words[i] = r.Word();
                    }
                }

                return (label, 0, words, null);
        }
    }

    private static (RootError Error, ulong Value) Raw(ulong label, int caps, ulong[] words)
    {
        using (IpcWriter w = Ipc.Write())
        {
            w.MessageRegisters.Slice(0, words.Length).CopyFrom(words);
        }

        MessageInfo reply = new Endpoint(CapSlots.RootEndpoint).Call(new MessageInfo(label, 0, caps, words.Length));
        ulong mr0;
        using (IpcReader r = Ipc.Read())
        {
            mr0 = r.GetMr(0);
        }

        return ((RootError)reply.Label, reply.Length >= 1 ? mr0 : 0);
    }

    // One hostile process's life: up to `count` requests; returns how many it sent (it may be ended by its own Kill).
    private static int RunHostile(Rng r, int count, string where, List<string> failures, Dictionary<RootError, int> seen, ref string last, ref int freed)
    {
        var me = new Hostile();
        ulong pid = Process.Pid;
        for (int n = 0; n < count; n++)
        {
            Request q = Base(r, me, pid);
            var c = q.Label is RootRequest.Exit or RootRequest.Panic || (q.Label == RootRequest.Kill && q.Words[0] == pid)
                ? Corruption.None : (Corruption)r.Below(7);
            (ulong label, int caps, ulong[] words, RootError? expected) = Corrupt(r, q, c, pid);
            last = $"{where}, request {n}: {q.What}, corruption {c}, label {label}, length {words.Length}, caps {caps}";
            RootError e;
            ulong value;
            if (c == Corruption.None)
            {
                var transport = default(RootTransport); // libsmos's own request path (RootTaskClient's transport)
                var reply = new ulong[ProcessAbi.MaxMessageRegisters];
                e = (RootError)transport.Call((ulong)q.Label, words, reply, out int got);
                value = got > 0 ? reply[0] : 0;
                if (q.Label is RootRequest.Exit or RootRequest.Panic || (q.Label == RootRequest.Kill && words[0] == pid))
                {
                    failures.Add($"{last}: answered {e}, but the request ends the caller");
                }
            }
            else
            {
                (e, value) = Raw(label, caps, words);
            }

            seen[e] = seen.GetValueOrDefault(e) + 1;
            if (!Enum.IsDefined(e))
            {
                failures.Add($"{last}: reply label {(ulong)e} is not a RootError");
            }
            else if (expected is { } want && e != want)
            {
                failures.Add($"{last}: got {e}, the protocol says {want}");
            }
            else if (c == Corruption.None && q.Label == RootRequest.GetPid && value != pid)
            {
                failures.Add($"{last}: GetPid answered {value}, not {pid}");
            }

            if (e == RootError.Ok && label == (ulong)q.Label && caps == 0)
            {
                if (q.Label == RootRequest.ConnPublish)
                {
                    me.Publications.Add(value);
                }
                else if (q.Label == RootRequest.ConnOpen)
                {
                    me.Connections.Add(value);
                }
                else if (q.Label == RootRequest.OpenTopic)
                {
                    me.Topics.Add(value);
                }
                else if (q.Label == RootRequest.Alloc)
                {
                    me.Grants.Add((value, words[0]));
                }
                else if (q.Label == RootRequest.Free)
                {
                    me.Grants.Remove((words[0], words[1]));
                    freed++;
                }
            }
        }

        return count;
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(0xC0FFEEUL)]
    [InlineData(0x9E3779B97F4A7C15UL)]
    public void HostileProcessesGetPreciseErrorsTheBystanderIsServedAndEverythingComesBack(ulong seed)
    {
        const int Lives = 8;
        const int Requests = 300;
        var h = new HostWorld();
        h.World.HoldAWholeQuotaOfHeapOnce(); // a corrupted Alloc may ask for thousands of pages: the CNodes that adds are kept
        var before = h.World.Snapshot();
        var r = new Rng(seed);
        var failures = new List<string>();
        var seen = new Dictionary<RootError, int>();
        ProcessRecord bystander = h.Start("hello");
        int endedByChance = 0;
        int total = 0;
        int freed = 0;
        for (int life = 0; life < Lives; life++)
        {
            ProcessRecord hostile = h.Start(life % 2 == 0 ? "server" : "client");
            ulong pid = hostile.Pid;
            string where = $"seed 0x{seed:x}, hostile pid {pid} (life {life})";
            string last = where;
            try
            {
                total += h.As(hostile, () => RunHostile(r, Requests, where, failures, seen, ref last, ref freed));
            }
            catch (InvalidOperationException ex) when (ex.InnerException is NoReplyException)
            {
                // No reply: only a process that ended may be left without one (its random Kill of itself).
                endedByChance++;
                if (h.World.Find(pid) is not null)
                {
                    failures.Add($"{last}: no reply, yet the process is still there");
                }
            }
            catch (InvalidOperationException ex)
            {
                failures.Add($"{last}: {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
            }

            // The bystander is served as if nothing happened.
            string name = $"calm-{life}";
            h.As(bystander, () =>
            {
                Assert.Equal(RootError.Ok, Process.QueryPid(out ulong me));
                Assert.Equal(bystander.Pid, me);
                Console.WriteLine($"still here after life {life}");
                Assert.Equal(RootError.Ok, Connections.Publish(Encoding.ASCII.GetBytes(name), out Publication pub));
                Assert.Equal(RootError.Ok, Connections.Open(Encoding.ASCII.GetBytes(name), out Connection conn));
                Assert.Equal(RootError.Ok, Connections.Close(conn));
                Assert.True(pub.NextEvent(out ConnectionEvent kind, out _, out _) && kind == ConnectionEvent.Opened);
                Assert.Equal(RootError.Ok, Connections.Unpublish(pub)); // its ring is unmapped now
            });
            Assert.Contains($"hello[{bystander.Pid}]: still here after life {life}\n", h.Console, StringComparison.Ordinal);

            // A hostile process that survived ends: by its own Exit through libsmos, or killed as a fault would.
            if (h.World.Find(pid) is { } alive)
            {
                if (life % 2 == 0)
                {
                    Assert.Throws<InvalidOperationException>(() => h.As(alive, () => Process.Exit(0)));
                }
                else
                {
                    h.End(alive, EndReason.Killed, ExitCodes.Killed);
                }
            }

            Assert.Null(h.World.Find(pid));
        }

        h.End(bystander);
        for (int i = 0; i < h.World.Server.Table.Capacity; i++)
        {
            Assert.True(h.World.Server.Table.At(i).State == ProcessState.Free, $"seed 0x{seed:x}: process record {i} is not free at the end");
        }

        Assert.True(failures.Count == 0, $"seed 0x{seed:x}: {failures.Count} wrong answers, first: " + string.Join("\n", failures.Take(10)));
        Assert.True(before == h.World.Snapshot(), $"seed 0x{seed:x}: resources before {before}, after {h.World.Snapshot()}");
        Assert.True(h.World.Kernel.Misuse.Count == 0, $"seed 0x{seed:x}: kernel misuse: {string.Join("; ", h.World.Kernel.Misuse)}");
        Assert.True(h.World.Server.Table.Pool.Underflows == 0, $"seed 0x{seed:x}: the quota pool's bookkeeping went below zero");
        Assert.True(seen.Count >= 8, $"seed 0x{seed:x}: only {seen.Count} kinds of answer ({string.Join(", ", seen.Keys)}): the generator is too tame");
        Assert.True(freed > 0, $"seed 0x{seed:x}: no Free took back a grant: the generator never reaches that path");
        _output.WriteLine($"seed 0x{seed:x}: {total} requests in full lives, {endedByChance} lives ended by chance, {freed} grants freed; answers: " +
            string.Join(", ", seen.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));
    }
}
