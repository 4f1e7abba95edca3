// The validate step of the broker requests: topics, subscriptions and notification bits.
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Topics;
using Xunit;

namespace Smos.RootTask.Tests;

public class TopicRegistryTests
{
    private static byte[] N(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void EachSubscriptionOfAProcessGetsItsOwnBit()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < 3; i++)
        {
            int topic = r.FindOrCreate(5, N("t" + i), out _);
            Assert.Equal(RootError.Ok, r.CheckSubscribe(5, topic, out int existing, out int record, out int bit));
            Assert.Equal(-1, existing);
            Assert.Equal(i, bit);
            r.AddSubscription(record, 5, topic, bit);
        }

        // Another process starts at bit 0 again; subscribing twice returns the existing record.
        Assert.Equal(RootError.Ok, r.CheckSubscribe(6, r.Find(N("t1")), out _, out _, out int other));
        Assert.Equal(0, other);
        Assert.Equal(RootError.Ok, r.CheckSubscribe(5, r.Find(N("t1")), out int again, out _, out _));
        Assert.True(again >= 0);
    }

    [Fact]
    public void SixteenBitsPerProcessThenProcessLimit()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < BrokerAbi.MaxSubscriptionsPerProcess; i++)
        {
            int t = r.FindOrCreate(100 + (ulong)i, N("topic" + i), out _); // created by others: no topic limit here
            Assert.Equal(RootError.Ok, r.CheckSubscribe(1, t, out _, out int record, out int bit));
            r.AddSubscription(record, 1, t, bit);
        }

        Assert.Equal(RootError.ProcessLimit, r.CheckSubscribe(1, -1, out _, out _, out _));
        Assert.Equal(RootError.Ok, r.CheckSubscribe(2, r.Find(N("topic0")), out _, out _, out int other));
        Assert.Equal(0, other);
    }

    [Fact]
    public void AFullSubscriptionTableIsTooManyConnections()
    {
        var r = new TopicRegistry();
        int t = r.FindOrCreate(1, N("busy"), out _);
        for (int i = 0; i < BrokerAbi.MaxSubscriptions; i++)
        {
            Assert.Equal(RootError.Ok, r.CheckSubscribe(10 + (ulong)i, t, out _, out int record, out int bit));
            r.AddSubscription(record, 10 + (ulong)i, t, bit);
        }

        Assert.Equal(RootError.TooManyConnections, r.CheckSubscribe(99, t, out _, out _, out _));
    }

    [Fact]
    public void AProcessCreatesAtMostFourTopicsAndTheTableFullForEveryoneIsTooManyConnections()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < BrokerAbi.MaxTopicsPerProcess; i++)
        {
            Assert.True(r.FindOrCreate(1, N("mine" + i), out _) >= 0);
        }

        Assert.Equal(-1, r.FindOrCreate(1, N("one-more"), out RootError e));
        Assert.Equal(RootError.ProcessLimit, e);
        Assert.True(r.FindOrCreate(1, N("mine0"), out _) >= 0); // an existing topic costs nothing
        Assert.True(r.FindOrCreate(2, N("one-more"), out _) >= 0);

        for (int i = 0; r.CheckCreate(3 + ((ulong)i / BrokerAbi.MaxTopicsPerProcess), out _) == RootError.Ok; i++)
        {
            r.FindOrCreate(3 + ((ulong)i / BrokerAbi.MaxTopicsPerProcess), N("fill" + i), out _);
        }

        Assert.Equal(RootError.TooManyConnections, r.CheckCreate(50, out _));
        Assert.Equal(RootError.ProcessLimit, r.CheckCreate(1, out _)); // its own limit first
    }

    [Fact]
    public void OnlyATopicWithoutHolderOrSubscriberIsRecycled()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            r.FindOrCreate(1 + ((ulong)i / BrokerAbi.MaxTopicsPerProcess), N("t" + i), out _); // pids 1-4 hold 4 each
        }

        // Every holder lives: nothing is taken, whatever anyone creates.
        Assert.Equal(RootError.TooManyConnections, r.CheckCreate(9, out _));

        // Pid 1 ends. Its topic t0 has a subscriber and stays; t1 is adopted by its next publisher; t2 is free.
        int t0 = r.Find(N("t0"));
        r.CheckSubscribe(7, t0, out _, out int record, out int bit);
        r.AddSubscription(record, 7, t0, bit);
        r.ProcessEnded(1);
        Assert.Equal(0UL, r.Holder(t0));
        r.Published(r.Find(N("t1")), 8, 11);
        Assert.Equal(8UL, r.Holder(r.Find(N("t1"))));
        Assert.Equal(RootError.Ok, r.CheckCreate(9, out int recycled));
        Assert.Equal(r.Find(N("t2")), recycled);
        r.Create(recycled, 9, N("new"));
        Assert.Equal(-1, r.Find(N("t2")));
        Assert.True(r.Find(N("t0")) >= 0 && r.Find(N("t1")) >= 0);
        Assert.Equal(11UL, r.Value(r.Find(N("t1"))));
    }

    [Fact]
    public void UnsubscribeOrReadOfAnUnknownNameIsNoSuchName()
    {
        var r = new TopicRegistry();
        Assert.Equal(RootError.NoSuchName, r.FindSubscription(1, N("nothing"), out _));
        int topic = r.FindOrCreate(1, N("temp"), out _);
        Assert.Equal(RootError.NoSuchName, r.FindSubscription(1, N("temp"), out _)); // exists, but not subscribed
        r.CheckSubscribe(1, topic, out _, out int record, out int bit);
        r.AddSubscription(record, 1, topic, bit);
        Assert.Equal(RootError.Ok, r.FindSubscription(1, N("temp"), out int found));
        r.RemoveSubscription(found);
        Assert.Equal(RootError.NoSuchName, r.FindSubscription(1, N("temp"), out _));
    }

    [Fact]
    public void ValuesAreKeptPerTopic()
    {
        var r = new TopicRegistry();
        int a = r.FindOrCreate(1, N("a"), out _);
        int b = r.FindOrCreate(1, N("b"), out _);
        r.SetValue(a, 10);
        r.SetValue(b, 20);
        Assert.Equal(10UL, r.Value(r.Find(N("a"))));
        Assert.Equal(20UL, r.Value(r.Find(N("b"))));
    }
}
