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
            int topic = r.FindOrCreate(N("t" + i));
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
    public void ThirtyTwoBitsPerProcessThenTooManyConnections()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            Assert.True(r.FindOrCreate(N("topic" + i)) >= 0);
        }

        // Topics nobody subscribes to are recycled when the table is full...
        int recycled = r.FindOrCreate(N("one-more"));
        Assert.True(recycled >= 0);
        Assert.Equal(-1, r.Find(N("topic0")));

        // ...but while every topic has a subscriber, a new name is refused (the broker answers TooManyConnections).
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            int t = r.FindOrCreate(N("held" + i));
            r.CheckSubscribe(1 + (ulong)i, t, out _, out int record, out int bit);
            r.AddSubscription(record, 1 + (ulong)i, t, bit);
        }

        Assert.Equal(-1, r.FindOrCreate(N("one-too-many")));
    }

    [Fact]
    public void UnsubscribeOrReadOfAnUnknownNameIsNoSuchName()
    {
        var r = new TopicRegistry();
        Assert.Equal(RootError.NoSuchName, r.FindSubscription(1, N("nothing"), out _));
        int topic = r.FindOrCreate(N("temp"));
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
        int a = r.FindOrCreate(N("a"));
        int b = r.FindOrCreate(N("b"));
        r.SetValue(a, 10);
        r.SetValue(b, 20);
        Assert.Equal(10UL, r.Value(r.Find(N("a"))));
        Assert.Equal(20UL, r.Value(r.Find(N("b"))));
    }
}
