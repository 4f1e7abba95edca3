// The notification broker's requests end to end on the host: subscribe, publish, read, unsubscribe, process exit.
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class BrokerRequestTests
{
    private static SimObject NotificationOf(ServerWorld w, Process p) => w.Kernel.CapAt(p.NotificationSlot)!.Object;

    [Fact]
    public void PublishSetsEachSubscribersBitAndRecordsTheValue()
    {
        var w = new ServerWorld();
        Process a = w.Start("client");
        Process b = w.Start("client");
        Process publisher = w.Start("server");
        Outcome sa = w.Call(a, RootRequest.Subscribe, ServerWorld.Named("temp"));
        Outcome other = w.Call(a, RootRequest.Subscribe, ServerWorld.Named("load"));
        Outcome sb = w.Call(b, RootRequest.Subscribe, ServerWorld.Named("temp"));
        Assert.Equal(RootError.Ok, sa.Error);
        Assert.NotEqual(sa.Value, other.Value); // one bit per topic and process
        Assert.Equal(sa.Value, w.Call(a, RootRequest.Subscribe, ServerWorld.Named("temp")).Value); // again: the same bit

        Assert.Equal(new Outcome(true, RootError.Ok, 2, 0), w.Call(publisher, RootRequest.PublishTopic, ServerWorld.Named("temp", 21)));
        Assert.Equal(sa.Value, NotificationOf(w, a).Word);
        Assert.Equal(sb.Value, NotificationOf(w, b).Word);
        Assert.Equal(0UL, NotificationOf(w, publisher).Word);
        Assert.Equal(new Outcome(true, RootError.Ok, 21, 0), w.Call(b, RootRequest.ReadTopic, ServerWorld.Named("temp")));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void UnsubscribeAndExitStopTheSignals()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Process a = w.Start("client");
        Process b = w.Start("client");
        w.Call(a, RootRequest.Subscribe, ServerWorld.Named("temp"));
        w.Call(b, RootRequest.Subscribe, ServerWorld.Named("temp"));
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.Unsubscribe, ServerWorld.Named("temp")));
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(a, RootRequest.Unsubscribe, ServerWorld.Named("temp")));
        w.Call(b, RootRequest.Exit, 0);
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.PublishTopic, ServerWorld.Named("temp", 1)));
        w.Call(a, RootRequest.Exit, 0);
        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OneProcessSubscribingToManyNewTopicsCannotBlockTopicCreationForOthers()
    {
        // The original problem: 16 subscriptions to new names by one process filled the topic table for everyone.
        var w = new ServerWorld { StartQuota = Smos.Protocol.ProcessQuota.DefaultChild }; // 4 publications: names and topics
        Process a = w.Start("client");
        Process b = w.Start("client");
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(RootError.Ok, w.Call(a, RootRequest.Subscribe, ServerWorld.Named("t" + i)).Error);
        }

        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.QuotaPublications, 0, 0), w.Call(a, RootRequest.Subscribe, ServerWorld.Named("extra")));
        Assert.Equal(new Outcome(true, RootError.QuotaPublications, 0, 0), w.Call(a, RootRequest.PublishTopic, ServerWorld.Named("extra", 1)));
        Assert.Equal(before, w.Snapshot()); // nothing was created by the refused requests
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(b, RootRequest.ReadTopic, ServerWorld.Named("extra")));
        Assert.Equal(RootError.Ok, w.Call(b, RootRequest.Subscribe, ServerWorld.Named("extra")).Error);
        Assert.Equal(RootError.Ok, w.Call(a, RootRequest.Subscribe, ServerWorld.Named("extra")).Error); // existing: no limit
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void PublishingNewNamesNeverEvictsAnotherProcesssTopic()
    {
        // The original problem: a process publishing new names recycled another's unsubscribed topic and its value.
        var w = new ServerWorld();
        w.StartQuota = new Smos.Protocol.ProcessQuota(4 << 20, 1024, 0, 16, 4, 16); // more processes than the pool holds at the default
        Process owner = w.Start("server");
        Process reader = w.Start("client");
        Assert.Equal(RootError.Ok, w.Call(owner, RootRequest.PublishTopic, ServerWorld.Named("temp", 21)).Error);

        // Others create far more topics than the old table's 16, each up to its own limit.
        int created = 1;
        var flooders = new System.Collections.Generic.List<Process>();
        for (int p = 0; p < 50; p++)
        {
            Process flooder = w.Start("client");
            flooders.Add(flooder);
            for (int i = 0; i < 5; i++)
            {
                RootError e = w.Call(flooder, RootRequest.PublishTopic, ServerWorld.Named($"f{p}-{i}", 1)).Error;
                created += e == RootError.Ok ? 1 : 0;
                Assert.Equal(i == 4 ? RootError.QuotaPublications : RootError.Ok, e); // its quota: 4 publications
            }
        }

        Assert.Equal(201, created);
        Assert.Equal(201, w.Dispatcher.Broker.Registry.TopicCount);
        Assert.Equal(new Outcome(true, RootError.Ok, 21, 0), w.Call(reader, RootRequest.ReadTopic, ServerWorld.Named("temp")));

        // When its holder ends and nobody subscribes, the topic is an orphan: still readable until 16 newer orphans
        // (the topics of 4 more ended flooders) push it out.
        w.Call(owner, RootRequest.Exit, 0);
        Assert.Equal(new Outcome(true, RootError.Ok, 21, 0), w.Call(reader, RootRequest.ReadTopic, ServerWorld.Named("temp")));
        for (int p = 0; p < 4; p++)
        {
            w.Call(flooders[p], RootRequest.Exit, 0);
        }

        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(reader, RootRequest.ReadTopic, ServerWorld.Named("temp")));
        Assert.Equal(new Outcome(true, RootError.Ok, 1, 0), w.Call(reader, RootRequest.ReadTopic, ServerWorld.Named("f0-0")));
        Assert.Equal(200, w.Dispatcher.Broker.Registry.TopicCount);
    }

    [Fact]
    public void SubscriptionsRunOutAtTheProcessLimitBeforeAnyTopicIsCreated()
    {
        var w = new ServerWorld();
        Process a = w.Start("client");
        Process holder = a;
        for (int i = 0; i < BrokerAbi.MaxSubscriptionsPerProcess; i++)
        {
            holder = i % 4 == 0 ? w.Start("server") : holder;
            Assert.Equal(RootError.Ok, w.Call(holder, RootRequest.PublishTopic, ServerWorld.Named("t" + i, 0)).Error);
            Assert.Equal(RootError.Ok, w.Call(a, RootRequest.Subscribe, ServerWorld.Named("t" + i)).Error);
        }

        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.ProcessLimit, 0, 0), w.Call(a, RootRequest.Subscribe, ServerWorld.Named("x")));
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("x")));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(RootError.Ok, w.Call(w.Start("client"), RootRequest.Subscribe, ServerWorld.Named("t0")).Error);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void NamesAreCheckedAndUnknownTopicsCannotBeRead()
    {
        var w = new ServerWorld();
        Process a = w.Start("client");
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("never")));
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.Subscribe, ServerWorld.Named("UPPER")));
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.PublishTopic, ServerWorld.Named(new string('x', 33), 1)));
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(a, RootRequest.ReadTopic, 9, 0x6d6574)); // 9 bytes need 2 words

        // A name is checked only when no topic has it (the broker looks it up first): the errors stay the same.
        Assert.Equal(RootError.BadName, w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("Bad Name")).Error);
        Assert.Equal(RootError.BadName, w.Call(a, RootRequest.PublishTopic, ServerWorld.Named("UPPER", 1)).Error);
        Assert.Equal(RootError.BadName, w.Call(a, RootRequest.Unsubscribe, ServerWorld.Named("UPPER")).Error);
        Assert.Equal(RootError.BadName, w.Call(a, RootRequest.Subscribe, ServerWorld.Named("")).Error);
        Assert.Equal(RootError.Ok, w.Call(a, RootRequest.PublishTopic, ServerWorld.Named("kv-cache.v2_x", 7)).Error);
        Assert.Equal(new Outcome(true, RootError.Ok, 7, 0), w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("kv-cache.v2_x")));
        Assert.Equal(RootError.NoSuchName, w.Call(a, RootRequest.Unsubscribe, ServerWorld.Named("kv-cache.v2_x")).Error);
        Assert.Equal(RootError.BadName, w.Call(a, RootRequest.ConnOpen, ServerWorld.Named("Echo!")).Error);
        Assert.Equal(RootError.NoSuchName, w.Call(a, RootRequest.ConnOpen, ServerWorld.Named("echo")).Error);
    }

    [Fact]
    public void AnOpenedTopicsHandlePublishesWithoutTheName()
    {
        var w = new ServerWorld();
        Process a = w.Start("client");
        Process b = w.Start("client");
        Process publisher = w.Start("server");
        Outcome sa = w.Call(a, RootRequest.Subscribe, ServerWorld.Named("temp"));
        Outcome sb = w.Call(b, RootRequest.Subscribe, ServerWorld.Named("temp"));

        Outcome opened = w.Call(publisher, RootRequest.OpenTopic, ServerWorld.Named("temp"));
        Assert.Equal(RootError.Ok, opened.Error);
        Assert.NotEqual(0UL, opened.Value >> 32); // a generation is never 0, so no handle is 0
        Assert.Equal(opened, w.Call(b, RootRequest.OpenTopic, ServerWorld.Named("temp"))); // a topic has one handle

        Assert.Equal(new Outcome(true, RootError.Ok, 2, 0), w.Call(publisher, RootRequest.PublishHandle, opened.Value, 21));
        Assert.Equal(sa.Value, NotificationOf(w, a).Word);
        Assert.Equal(sb.Value, NotificationOf(w, b).Word);
        Assert.Equal(new Outcome(true, RootError.Ok, 21, 0), w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("temp")));

        // A new name is made, held by the opener, as PublishTopic makes it ("temp" is a's already: its Subscribe made it).
        Assert.Equal(1, w.Dispatcher.Broker.Registry.HeldBy(a.Pid));
        Outcome fresh = w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("fresh"));
        Assert.Equal(RootError.Ok, fresh.Error);
        Assert.NotEqual(opened.Value, fresh.Value);
        Assert.Equal(2, w.Dispatcher.Broker.Registry.HeldBy(a.Pid));
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.PublishHandle, fresh.Value, 5));
        Assert.Equal(new Outcome(true, RootError.Ok, 5, 0), w.Call(b, RootRequest.ReadTopic, ServerWorld.Named("fresh")));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AHandleThatNamesNoTopicIsBadHandleAndChangesNothing()
    {
        var w = new ServerWorld();
        Process a = w.Start("client");
        ulong h = w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("temp")).Value;
        var before = w.Snapshot();
        ulong index = h & 0xffff_ffff;
        foreach (ulong bad in new[] { 0UL, h + (1UL << 32), h - (1UL << 32), (h & ~0xffff_ffffUL) | (index + 1), (h & ~0xffff_ffffUL) | 0xffff_ffff, ulong.MaxValue })
        {
            Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(a, RootRequest.PublishHandle, bad, 1));
        }

        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(a, RootRequest.PublishHandle, h));
        Assert.Equal(new Outcome(true, RootError.BadLength, 0, 0), w.Call(a, RootRequest.PublishHandle, h, 1, 2));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(a, RootRequest.ReadTopic, ServerWorld.Named("temp")));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void OpenTopicChecksTheNameAndThePublicationsQuota()
    {
        var w = new ServerWorld { StartQuota = Smos.Protocol.ProcessQuota.DefaultChild }; // 4 publications
        Process a = w.Start("client");
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("UPPER")));
        Assert.Equal(new Outcome(true, RootError.BadName, 0, 0), w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("")));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(RootError.Ok, w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("t" + i)).Error);
        }

        var before = w.Snapshot();
        Assert.Equal(new Outcome(true, RootError.QuotaPublications, 0, 0), w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("extra")));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(RootError.Ok, w.Call(a, RootRequest.OpenTopic, ServerWorld.Named("t0")).Error); // existing: no quota
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AHandleOutlivesItsHolderButNotItsTopic()
    {
        var w = new ServerWorld();
        Process owner = w.Start("server");
        Process other = w.Start("client");
        ulong h = w.Call(owner, RootRequest.OpenTopic, ServerWorld.Named("temp")).Value;

        // Its holder ended: a publish by handle adopts the topic, as a publish by name does.
        w.Call(owner, RootRequest.Exit, 0);
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(other, RootRequest.PublishHandle, h, 3));
        Assert.Equal(1, w.Dispatcher.Broker.Registry.HeldBy(other.Pid));

        // Once it is forgotten (its holder ended, nobody subscribes, 16 newer orphans), the handle is refused, also when a
        // new topic takes its record.
        w.Call(other, RootRequest.Exit, 0);
        for (int p = 0; p < 4; p++)
        {
            Process flooder = w.Start("client");
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(RootError.Ok, w.Call(flooder, RootRequest.PublishTopic, ServerWorld.Named($"f{p}-{i}", 1)).Error);
            }

            w.Call(flooder, RootRequest.Exit, 0);
        }

        Process late = w.Start("client");
        Assert.Equal(new Outcome(true, RootError.NoSuchName, 0, 0), w.Call(late, RootRequest.ReadTopic, ServerWorld.Named("temp")));
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(late, RootRequest.PublishHandle, h, 4));
        ulong again = w.Call(late, RootRequest.OpenTopic, ServerWorld.Named("temp")).Value;
        Assert.Equal(h & 0xffff_ffff, again & 0xffff_ffff); // the freed record is reused first...
        Assert.NotEqual(h, again);                          // ... with the next generation
        Assert.Equal(new Outcome(true, RootError.BadHandle, 0, 0), w.Call(late, RootRequest.PublishHandle, h, 4));
        Assert.Equal(new Outcome(true, RootError.Ok, 0, 0), w.Call(late, RootRequest.PublishHandle, again, 4));
        Assert.Empty(w.Kernel.Misuse);
    }
}
