// Server-to-client events on the host: the store sample raises them, its client takes them through the loopback kernel.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Smos.Lib;
using Smos.Protocol;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class EventsTests
{
    private const ulong Badge = 7; // the loopback kernel's badge for every call

    private static readonly Lazy<Assembly> Sample = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "StoreSample.cs"));
        GeneratorRun run = GeneratorHarness.Run(source, withLibsmos: true);
        Assert.True(run.Errors.Count == 0, string.Join(Environment.NewLine, run.Errors));
        return GeneratorHarness.Load(run.Output);
    });

    private sealed class Parts(Assembly sample)
    {
        public readonly FastRequestHandler Store = (FastRequestHandler)Activator.CreateInstance(sample.GetType("Sample.Store")!)!;
        public readonly object Client = Activator.CreateInstance(sample.GetType("Sample.StoreClient")!, [default(Connection)])!;
        public readonly object Handler = Activator.CreateInstance(sample.GetType("Sample.StoreEvents")!)!;

        public List<string> Seen => (List<string>)Handler.GetType().GetField("Seen")!.GetValue(Handler)!;

        public ProtocolError Change(ulong badge, string key, ulong value) => (ProtocolError)Invoke(Store, "Change", badge, key, value);

        public ProtocolError Tick(ulong badge, ulong n, int kind) =>
            (ProtocolError)Invoke(Store, "TickFor", badge, n, Enum.ToObject(Store.GetType().Assembly.GetType("Sample.Kind")!, kind));

        public int Queued(ulong badge) => (int)Invoke(Store, "Queued", badge);

        // TakeEvents: (error, how many delivered).
        public (ProtocolError Error, int Delivered) Take()
        {
            object result = Invoke(Client, "TakeEvents", Handler);
            var error = (ProtocolError)result.GetType().GetProperty("Error")!.GetValue(result)!;
            return (error, error == ProtocolError.Ok ? (int)result.GetType().GetProperty("Value")!.GetValue(result)! : 0);
        }

        private static object Invoke(object target, string method, params object[] args) =>
            target.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(target, args)!;
    }

    [Fact]
    public void RaisedEventsReachTheClientInOrderAndTheDoorbellRingsOncePerEmptyQueue()
    {
        var parts = new Parts(Sample.Value);
        using var loopback = new Loopback(parts.Store);
        parts.Store.OnEvent(ConnectionEvent.Opened, Badge, 1234);

        Assert.Equal(ProtocolError.Ok, parts.Change(Badge, "alpha", 1));
        Assert.Equal(ProtocolError.Ok, parts.Tick(Badge, 2, 2));
        Assert.Equal(ProtocolError.Ok, parts.Change(Badge, "grüße 😀", ulong.MaxValue));
        Assert.Equal(3, parts.Queued(Badge));
        Assert.Single(loopback.Doorbells); // one doorbell for the connection, taken on its first event
        Assert.Equal(1, loopback.Rings); // rung when the queue went from empty to one event

        Assert.Equal((ProtocolError.Ok, 3), parts.Take());
        Assert.Equal(new[] { "Changed(alpha, 1)", "Tick(2, Blob)", $"Changed(grüße 😀, {ulong.MaxValue})" }, parts.Seen);
        Assert.Equal(0, parts.Queued(Badge));
        Assert.Equal((ProtocolError.Ok, 0), parts.Take()); // nothing left: an empty reply

        Assert.Equal(ProtocolError.Ok, parts.Change(Badge, "beta", 2));
        Assert.Equal(2, loopback.Rings); // the queue was empty again
        Assert.Single(loopback.Doorbells); // the same doorbell
    }

    [Fact]
    public void AFullQueueRefusesTheNextEventAndTakeEventsEmptiesItAcrossSeveralReplies()
    {
        var parts = new Parts(Sample.Value);
        using var loopback = new Loopback(parts.Store);
        parts.Store.OnEvent(ConnectionEvent.Opened, Badge, 1234);
        for (int i = 0; i < ProtocolWire.MaxQueuedEvents; i++)
        {
            Assert.Equal(ProtocolError.Ok, parts.Change(Badge, "key-" + i, (ulong)i));
        }

        Assert.Equal(ProtocolError.QueueFull, parts.Change(Badge, "one more", 0));
        Assert.Equal(ProtocolError.QueueFull, parts.Tick(Badge, 0, 1));
        int callsBefore = loopback.Calls;
        Assert.Equal((ProtocolError.Ok, ProtocolWire.MaxQueuedEvents), parts.Take());
        Assert.True(loopback.Calls - callsBefore >= 3, $"64 events of 4 words fit no single 120-word reply: {loopback.Calls - callsBefore} calls");
        Assert.Equal("Changed(key-0, 0)", parts.Seen[0]);
        Assert.Equal("Changed(key-63, 63)", parts.Seen[63]);
        Assert.Equal(ProtocolError.Ok, parts.Change(Badge, "after", 1)); // room again
    }

    [Fact]
    public void EventsForNoLiveConnectionOrTooLargeAreRefusedAndClosingDropsTheQueueAndItsDoorbell()
    {
        var parts = new Parts(Sample.Value);
        using var loopback = new Loopback(parts.Store);
        Assert.Equal(ProtocolError.NotConnected, parts.Change(Badge, "k", 1)); // no Opened event yet
        parts.Store.OnEvent(ConnectionEvent.Opened, Badge, 1234);
        Assert.Equal(ProtocolError.NotConnected, parts.Change(Badge + 1, "k", 1));
        Assert.Equal(ProtocolError.TooLarge, parts.Change(Badge, new string('x', 1000), 1)); // 125 words > 118
        Assert.Equal(ProtocolError.Ok, parts.Change(Badge, new string('x', 900), 1)); // 115 words fit
        Assert.Equal(1, parts.Queued(Badge));

        parts.Store.OnEvent(ConnectionEvent.Closed, Badge, 1234);
        Assert.Equal(0, parts.Queued(Badge));
        Assert.Equal(loopback.Doorbells, loopback.Deleted); // the connection's doorbell was deleted with it
        Assert.Equal(ProtocolError.NotConnected, parts.Change(Badge, "k", 1));
    }

    [Fact]
    public void MalformedEventBatchesAreRefusedAfterTheValidEventsBeforeThem() =>
        Assert.Equal("", (string)Sample.Value.GetType("Sample.StoreChecks")!.GetMethod("InvalidEvents")!.Invoke(null, null)!);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheGeneratedEventFuzzerFindsNoFailure(int seed)
    {
        var report = (ProtocolFuzzReport)Sample.Value.GetType("Sample.StoreProtocol")!.GetMethod("FuzzEvents")!.Invoke(null, [seed, 20000])!;
        Assert.True(report.Failures == 0, report.ToString());
        Assert.Equal(20000, report.Messages);
        Assert.True(report.Accepted > 1000 && report.Refused > 1000, report.ToString());
    }
}
