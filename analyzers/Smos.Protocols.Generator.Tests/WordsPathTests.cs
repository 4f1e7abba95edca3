// The words path on the host: the store sample through its generated client and server, malformed requests, and the fuzzers.
using System;
using System.IO;
using System.Reflection;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class WordsPathTests
{
    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> Sample = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "StoreSample.cs"));
        GeneratorRun run = GeneratorHarness.Run(source, withLibsmos: true);
        Assert.True(run.Errors.Count == 0, string.Join(Environment.NewLine, run.Errors) + Environment.NewLine + string.Join(Environment.NewLine, run.Generated));
        return (run, GeneratorHarness.Load(run.Output));
    });

    private static readonly Lazy<Assembly> Calc = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "CalcSample.cs"));
        return GeneratorHarness.Load(GeneratorHarness.Run(source, withLibsmos: true).Output);
    });

    [Fact]
    public void TheSampleCompilesAndItsScopesEndBeforeTheCall()
    {
        string generated = Assert.Single(Sample.Value.Run.Generated);
        Assert.Empty(Sample.Value.Run.GeneratorDiagnostics);
        Assert.Contains("using IpcWriter w = Ipc.Write();", generated, StringComparison.Ordinal);
        Assert.Contains("public static bool OnWords(ulong label) => (label & 0xFFUL) is 1UL or 2UL or 3UL or 4UL or 5UL or 6UL or 8UL or 9UL or 10UL or 11UL or 12UL or 14UL or 15UL or 16UL or 17UL;", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMethodRoundTripsThroughTheClientAndTheServer()
    {
        object store = Activator.CreateInstance(Sample.Value.Assembly.GetType("Sample.Store")!)!;
        using var loopback = new Loopback((FastRequestHandler)store);
        string failures = (string)Sample.Value.Assembly.GetType("Sample.StoreChecks")!.GetMethod("ClientToServer")!.Invoke(null, [store])!;
        Assert.Equal("", failures);
        Assert.True(loopback.Calls >= 20);
        Assert.Equal(3, loopback.Sends);
        Assert.Equal(1, loopback.SharedPages); // shared once, on the first call that could need it, and kept
        Assert.Equal(new ulong[] { 0x31, 0x32, 0x33 }, loopback.SentCaps);
        Assert.Equal(new ulong[] { 0x77 }, loopback.ReplyCaps);
        Assert.Empty(loopback.Deleted); // every capability was taken by the side it was for
    }

    [Fact]
    public void ACapabilityThatIsNotTakenIsDeletedAndTheSlotStaysArmed()
    {
        Assembly sample = Sample.Value.Assembly;
        var store = (FastRequestHandler)Activator.CreateInstance(sample.GetType("Sample.Store")!)!;
        using var loopback = new Loopback(store);
        ulong armed = loopback.ReceiveSlot;
        Assert.NotEqual(0UL, armed);

        // A capability with a method that takes none (Count on the words path, Describe on the register path): refused
        // as BadCapability before the implementation, the capability deleted from the receive slot, the slot armed again.
        ulong countLabel = (ulong)sample.GetType("Sample.StoreProtocol")!.GetField("CountLabel")!.GetValue(null)!;
        ulong describeLabel = (ulong)sample.GetType("Sample.StoreProtocol")!.GetField("DescribeLabel")!.GetValue(null)!;
        var m = new FastMessage(0, 0, 0, 0);
        MessageInfo r = store.Handle(7, new MessageInfo(countLabel, 0, 1, 1), ref m);
        Assert.Equal((ulong)Smos.Protocol.ProtocolError.BadCapability, r.Label);
        m = new FastMessage(1, 1, 0, 0);
        r = store.Handle(7, new MessageInfo(describeLabel, 0, 1, 3), ref m);
        Assert.Equal((ulong)Smos.Protocol.ProtocolError.BadCapability, r.Label);
        Assert.Equal(new[] { armed, armed }, loopback.Deleted);
        Assert.Equal(armed, loopback.ReceiveSlot);
        Assert.Equal(0, (int)sample.GetType("Sample.Store")!.GetField("Calls")!.GetValue(store)!);

        // Watch without its capability, and with one the kernel unwrapped into a badge: refused, nothing handed over.
        ulong watchLabel = (ulong)sample.GetType("Sample.StoreProtocol")!.GetField("WatchLabel")!.GetValue(null)!;
        m = new FastMessage(1, 0x6B, 0, 0);
        r = store.Handle(7, new MessageInfo(watchLabel, 0, 0, 2), ref m);
        Assert.Equal((ulong)Smos.Protocol.ProtocolError.BadCapability, r.Label);
        m = new FastMessage(1, 0x6B, 0, 0);
        r = store.Handle(7, new MessageInfo(watchLabel, 1, 1, 2), ref m);
        Assert.Equal((ulong)Smos.Protocol.ProtocolError.BadCapability, r.Label);
        Assert.Equal(armed, loopback.ReceiveSlot);
        Assert.Equal(0, (int)sample.GetType("Sample.Store")!.GetField("Calls")!.GetValue(store)!);
    }

    [Fact]
    public void AReplyWithoutItsCapabilityIsBadCapabilityAndTheClientsSlotIsFreed()
    {
        Assembly sample = Sample.Value.Assembly;
        var store = (FastRequestHandler)Activator.CreateInstance(sample.GetType("Sample.Store")!)!;
        using var loopback = new Loopback(store) { DropReplyCaps = true };
        ulong serverSlot = loopback.ReceiveSlot; // the server's (client and server share one simulated process here)
        object client = Activator.CreateInstance(sample.GetType("Sample.StoreClient")!, [default(Connection)])!;
        object result = client.GetType().GetMethod("Door")!.Invoke(client, [true])!;
        Assert.Equal(Smos.Protocol.ProtocolError.BadCapability, (Smos.Protocol.ProtocolError)result.GetType().GetProperty("Error")!.GetValue(result)!);
        Assert.Equal(new ulong[] { 0x77 }, loopback.ReplyCaps);
        Assert.Empty(loopback.Deleted); // nothing arrived, so nothing to delete: the slot is only given back
        ulong slot = serverSlot + 1; // the client's receive slot: the next free one
        loopback.DropReplyCaps = false;
        result = client.GetType().GetMethod("Door")!.Invoke(client, [true])!;
        var endpoint = (Endpoint)result.GetType().GetProperty("Value")!.GetValue(result)!;
        Assert.Equal(slot, endpoint.Cptr); // the slot of the failed call was given back: taken again, not the one after it
    }

    [Fact]
    public void TheDirectPathRefusesWhatDispatchWordsRefusesWithTheSameError()
    {
        // A request whose tag is exactly a direct method's (here Mark: 7 words, MR4-6 in the IPC buffer; Describe: 3
        // words in registers) but whose values fail their checks goes on to the general path: the same precise error
        // as DispatchWords gives, and the implementation never runs.
        Assembly sample = Sample.Value.Assembly;
        var store = (FastRequestHandler)Activator.CreateInstance(sample.GetType("Sample.Store")!)!;
        using var loopback = new Loopback(store);
        Type codec = sample.GetType("Sample.StoreProtocol")!;
        ulong mark = (ulong)codec.GetField("MarkLabel")!.GetValue(null)!;
        ulong describe = (ulong)codec.GetField("DescribeLabel")!.GetValue(null)!;
        (ulong Label, int Length, ulong Word0) Send(ulong label, int length, ulong[] words)
        {
            using (IpcWriter w = Ipc.Write())
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                for (int i = 4; i < words.Length; i++)
                {
                    mr[i] = words[i];
                }
            }

            var m = new FastMessage(words[0], words[1], words[2], words[3]);
            MessageInfo r = store.Handle(7, new MessageInfo(label, 0, 0, length), ref m);
            return (r.Label, r.Length, m.Mr0);
        }

        // Mark(stat: Size, Kind, Dirty; kind; on; a; b): words 0-2 the struct, 3 the kind (a register), 4 the bool (the buffer).
        Assert.Equal((0UL, 3, 6UL), Send(mark, 7, [1, 1, 0, 2, 1, 2, 3])); // valid: Size 1 + 2 + 3
        int calls = (int)sample.GetType("Sample.Store")!.GetField("Calls")!.GetValue(store)!;
        Assert.Equal(1, calls);
        ulong badArgument = (ulong)ProtocolError.BadArgument;
        Assert.Equal((badArgument, 1, 0UL), Send(mark, 7, [1, 3, 0, 2, 1, 2, 3])); // the struct's Kind 3: argument 0
        Assert.Equal((badArgument, 1, 0UL), Send(mark, 7, [1, 1, 2, 2, 1, 2, 3])); // the struct's bool 2: argument 0
        Assert.Equal((badArgument, 1, 1UL), Send(mark, 7, [1, 1, 0, 0, 1, 2, 3])); // kind 0 in MR3: argument 1
        Assert.Equal((badArgument, 1, 2UL), Send(mark, 7, [1, 1, 0, 2, 7, 2, 3])); // on = 7 in MR4 (the IPC buffer): argument 2
        Assert.Equal(((ulong)ProtocolError.WrongLength, 0, 1UL), Send(mark, 6, [1, 1, 0, 2, 1, 2])); // not the method's tag: the general path
        Assert.Equal((badArgument, 1, 1UL), Send(describe, 3, [5, 9, 0, 0])); // Describe's kind 9: argument 1
        Assert.Equal((badArgument, 1, 2UL), Send(describe, 3, [5, 1, 3, 0])); // Describe's dirty 3: argument 2
        Assert.Equal(calls, (int)sample.GetType("Sample.Store")!.GetField("Calls")!.GetValue(store)!);
    }

    [Fact]
    public void EveryKindOfMalformedWordsRequestIsRefusedBeforeTheImplementation() =>
        Assert.Equal("", (string)Sample.Value.Assembly.GetType("Sample.StoreChecks")!.GetMethod("InvalidRequests")!.Invoke(null, null)!);

    [Theory]
    [InlineData("Sample.StoreProtocol", 1)]
    [InlineData("Sample.StoreProtocol", 2)]
    [InlineData("Sample.StoreProtocol", 3)]
    [InlineData("Sample.CalcProtocol", 1)]
    [InlineData("Sample.CalcProtocol", 2)]
    public void TheGeneratedFuzzerFindsNoFailure(string codec, int seed)
    {
        Assembly assembly = codec.Contains("Store", StringComparison.Ordinal) ? Sample.Value.Assembly : Calc.Value;
        var report = (Smos.Protocol.ProtocolFuzzReport)assembly.GetType(codec)!.GetMethod("Fuzz")!.Invoke(null, [seed, 20000])!;
        Assert.True(report.Failures == 0, report.ToString());
        Assert.Equal(20000, report.Messages);
        Assert.True(report.Accepted > 2000 && report.Refused > 2000, report.ToString());
    }
}
