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
    public void SubscriptionsGrowPastTheOldTableAndAPublishVisitsOnlyItsTopicsSubscribers()
    {
        // The old table held 64 subscriptions for everyone; now 10,000 processes subscribe to one topic.
        var r = new TopicRegistry();
        int busy = r.FindOrCreate(1, N("busy"), out _);
        int quiet = r.FindOrCreate(1, N("quiet"), out _);
        for (int i = 0; i < 10_000; i++)
        {
            ulong pid = 10 + (ulong)i;
            Assert.Equal(RootError.Ok, r.CheckSubscribe(pid, busy, out _, out int record, out int bit));
            Assert.Equal(0, bit);
            r.AddSubscription(record, pid, busy, bit);
        }

        Assert.Equal(RootError.Ok, r.CheckSubscribe(5, quiet, out _, out int q, out int qb));
        r.AddSubscription(q, 5, quiet, qb);
        Assert.Equal(10_001, r.SubscriptionCount);
        var seen = new System.Collections.Generic.HashSet<ulong>();
        for (int s = r.FirstSubscriber(busy); s >= 0; s = r.NextSubscriber(s))
        {
            Assert.Equal(busy, r.SubscriptionTopic(s));
            Assert.True(seen.Add(r.SubscriptionPid(s)));
        }

        Assert.Equal(10_000, seen.Count);
        Assert.Equal(q, r.FirstSubscriber(quiet));
        Assert.Equal(-1, r.NextSubscriber(q));

        // Unsubscribing every other one keeps the list whole.
        for (ulong pid = 10; pid < 10_010; pid += 2)
        {
            Assert.Equal(RootError.Ok, r.FindSubscription(pid, N("busy"), out int record));
            r.RemoveSubscription(record);
        }

        int left = 0;
        for (int s = r.FirstSubscriber(busy); s >= 0; s = r.NextSubscriber(s))
        {
            left++;
        }

        Assert.Equal(5_000, left);
    }

    [Fact]
    public void TheRegistryHoldsAsManyTopicsPerProcessAsItsQuotaLetsTheBrokerCreate()
    {
        // The per-process bound is the publications quota, checked by the broker (BrokerRequestTests); the registry has none.
        var r = new TopicRegistry();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(r.FindOrCreate(1, N("mine" + i), out _) >= 0);
        }

        Assert.Equal(100, r.HeldBy(1));
        int before = r.TopicCount;
        Assert.True(r.FindOrCreate(1, N("mine0"), out _) >= 0); // an existing topic costs nothing
        Assert.Equal(before, r.TopicCount);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(r.FindOrCreate(3 + ((ulong)i / 4), N("fill" + i), out _) >= 0);
        }

        Assert.Equal(1100, r.TopicCount);
        Assert.Equal(RootError.Ok, r.CheckCreate(1, out _));
    }

    [Fact]
    public void OnlyTopicsWithoutHolderOrSubscriberAreForgottenAndOnlyPastTheSixteenNewest()
    {
        var r = new TopicRegistry();
        for (int i = 0; i < 16; i++)
        {
            r.FindOrCreate(1 + ((ulong)i / 4), N("t" + i), out _); // pids 1-4 hold 4 each
            r.SetValue(r.Find(N("t" + i)), (ulong)i);
        }

        // Pid 1 ends. Its topic t0 has a subscriber and stays; t1 is adopted by its next publisher; t2 and t3 are orphans.
        int t0 = r.Find(N("t0"));
        r.CheckSubscribe(7, t0, out _, out int record, out int bit);
        r.AddSubscription(record, 7, t0, bit);
        r.ProcessEnded(1);
        Assert.Equal(0UL, r.Holder(t0));
        Assert.Equal(0, r.HeldBy(1));
        r.Published(r.Find(N("t1")), 8, 11);
        Assert.Equal(8UL, r.Holder(r.Find(N("t1"))));
        Assert.Equal(1, r.HeldBy(8));
        Assert.Equal(2, r.OrphanCount);
        Assert.Equal(2UL, r.Value(r.Find(N("t2")))); // an orphan's value stays readable

        // Pid 1's orphans went in its list's order (newest topic first): t3, then t2. Pids 2-4 end (12 more orphans),
        // then pid 20 with 4 new topics: 18 orphans, so the two oldest, t3 and t2, are forgotten.
        r.ProcessEnded(2);
        r.ProcessEnded(3);
        r.ProcessEnded(4);
        Assert.Equal(TopicRegistry.KeptOrphans - 2, r.OrphanCount);
        Assert.True(r.Find(N("t2")) >= 0);
        for (int i = 0; i < 4; i++)
        {
            r.FindOrCreate(20, N("late" + i), out _);
        }

        r.ProcessEnded(20);
        Assert.Equal(TopicRegistry.KeptOrphans, r.OrphanCount);
        Assert.Equal(-1, r.Find(N("t2")));
        Assert.Equal(-1, r.Find(N("t3")));
        Assert.Equal(4UL, r.Value(r.Find(N("t4"))));

        // The kept ones: subscribed (t0), adopted (t1), and the 16 newest orphans; every one of them still found.
        Assert.True(r.Find(N("t0")) >= 0 && r.Find(N("t1")) >= 0);
        Assert.Equal(11UL, r.Value(r.Find(N("t1"))));
        Assert.Equal(2 + TopicRegistry.KeptOrphans, r.TopicCount);

        // Unsubscribing from t0 (no holder) makes it the newest orphan; adopting one takes it off the list.
        r.RemoveSubscription(record);
        Assert.Equal(-1, r.Find(N("t7"))); // the oldest orphan now (pid 2's list: t7 first)
        Assert.True(r.Find(N("t4")) >= 0);
        Assert.True(r.Find(N("t0")) >= 0);
        r.Published(r.Find(N("t0")), 9, 1);
        Assert.Equal(TopicRegistry.KeptOrphans - 1, r.OrphanCount);
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
