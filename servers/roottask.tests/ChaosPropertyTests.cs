// Chaos on the host: seeded random requests and faults from hostile processes through the real dispatcher; the root task keeps its word and gives everything back.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;
using Xunit.Abstractions;

namespace Smos.RootTask.Tests;

/// <summary>
/// The host half of the chaos demo (apps/chaos runs on seL4): random labels (known, small unknown, huge), lengths,
/// words, attached capabilities and fault messages, from a hostile process that is replaced whenever chance ends it
/// (Exit, Panic, Kill of itself, a fault), while a bystander keeps asking for its pid. Each run is seeded; a failure
/// names the seed and the request number so it can be replayed.
/// </summary>
public class ChaosPropertyTests
{
    private readonly ITestOutputHelper _output;

    public ChaosPropertyTests(ITestOutputHelper output) { _output = output; }

    private static ulong s_state;

    private static ulong Next()
    {
        // xorshift64*, as apps/chaos.
        ulong x = s_state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s_state = x;
        return x * 0x2545F4914F6CDD1DUL;
    }

    private static ulong RandomWord() => (Next() % 4) switch
    {
        0 => Next() % 16,
        1 => Next() % 4096,
        2 => ProcessAbi.HeapRegionBase + ((Next() % 64) * ProcessAbi.PageSize),
        _ => Next(),
    };

    private static ulong RandomLabel() => (Next() % 10) switch
    {
        < 3 => Next() % 31,
        3 => (ulong)RootRequest.CSpaceGrow, // the CNodes chance adds must come back with the rest
        < 9 => Next() % 24,
        _ => Next() >> (int)(Next() % 12),
    };

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(0xC0FFEEUL)]
    [InlineData(0x9e3779b97f4a7c15UL)]
    public void RandomRequestsAndFaultsAreAnsweredWithinTheProtocolAndLoseNothing(ulong seed)
    {
        s_state = seed;
        var w = new ServerWorld();
        w.HoldAWholeQuotaOfHeapOnce(); // a random Alloc may take thousands of slots: the CNodes that adds are kept
        var before = w.Snapshot();
        Process bystander = w.Start("hello");
        Process hostile = w.Start("server");
        var replies = new Dictionary<RootError, int>();
        int ended = 0;
        for (int n = 0; n < 3000; n++)
        {
            string where = $"seed 0x{seed:x}, request {n}";
            if (w.Find(hostile.Pid) is null)
            {
                hostile = w.Start("server"); // chance ended it: a new one
                ended++;
            }

            ulong label = RandomLabel();
            int length = (Next() % 4) switch { 0 => (int)(Next() % 121), 1 => 1, _ => (int)(Next() % 5) };
            var mrs = new ulong[length];
            for (int i = 0; i < mrs.Length; i++)
            {
                mrs[i] = RandomWord();
            }

            bool fault = Next() % 50 == 0;
            int caps = Next() % 8 == 0 ? 1 : 0;
            ulong badge = fault ? Badges.Fault(hostile.Pid) : Badges.Request(hostile.Pid);
            Outcome o = w.Send(badge, fault ? Next() % 8 : label, caps, length, mrs);
            if (fault || !o.Replied)
            {
                // A fault ends the process (or grows its stack); Exit, Panic, Kill of itself and a blocked Wait get no reply.
                continue;
            }

            Assert.True(Enum.IsDefined(o.Error), $"{where}: reply label {(ulong)o.Error} is not a RootError");
            if (caps != 0)
            {
                Assert.True(o.Error == RootError.BadArgument, $"{where}: a request with a capability got {o.Error}");
            }
            else if (!RootReplies.IsRequest(label))
            {
                Assert.True(o.Error == RootError.UnknownRequest, $"{where}: label {label} got {o.Error}");
            }

            replies[o.Error] = replies.GetValueOrDefault(o.Error) + 1;

            // The bystander is served as if nothing happened.
            if (n % 100 == 0)
            {
                Assert.Equal(new Outcome(true, RootError.Ok, bystander.Pid, 0), w.Call(bystander, RootRequest.GetPid));
            }
        }

        // Whatever chance started ends with its group; then every untyped byte, slot and capability is back.
        for (int i = 0; i < w.Server.Table.Capacity; i++)
        {
            Process p = w.Server.Table.At(i);
            if (p.State == ProcessState.Running)
            {
                w.Dispatcher.EndTree(p, EndReason.Killed, ExitCodes.Killed);
            }
        }

        for (int i = 0; i < w.Server.Table.Capacity; i++)
        {
            Assert.Equal(ProcessState.Free, w.Server.Table.At(i).State);
        }

        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);

        // The quotas' bookkeeping never went below zero, and the pool holds nothing for processes that have gone.
        ProcessTable table = w.Server.Table;
        Assert.Equal(0, table.Pool.Underflows);
        for (int i = 0; i < table.Capacity; i++)
        {
            Assert.Equal(0, table.At(i).Account.Underflows);
        }

        Assert.True(table.Count > 0 || table.Pool.IsIdle);
        _output.WriteLine($"seed 0x{seed:x}: hostile processes ended by chance: {ended}; replies: " +
            string.Join(", ", System.Linq.Enumerable.Select(replies, static kv => $"{kv.Key}={kv.Value}")));
    }
}
