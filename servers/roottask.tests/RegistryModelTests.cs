// The growing connection and topic registries against simple models through random operations, and their steady state without allocation.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Connections;
using Smos.RootTask.Topics;
using Xunit;

namespace Smos.RootTask.Tests;

public class RegistryModelTests
{
    private static byte[] N(string s) => Encoding.ASCII.GetBytes(s);

    private sealed record Conn(ulong Id, string Pub, ulong Client, bool Closing, bool Page);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheConnectionRegistryAgreesWithAModelThroughRandomRequests(int seed)
    {
        var rng = new Random(seed);
        var r = new ConnectionRegistry();
        var pubs = new Dictionary<string, (ulong Owner, ulong Handle)>();
        var conns = new Dictionary<int, Conn>();
        for (int step = 0; step < 20_000; step++)
        {
            ulong pid = 1 + (ulong)rng.Next(40);
            string name = "s" + rng.Next(300);
            switch (rng.Next(6))
            {
                case 0:
                    RootError e = r.CheckPublish(pid, N(name), out int index);
                    RootError expected = pubs.ContainsKey(name) ? RootError.NameTaken : RootError.Ok; // the quota bounds a process's publications, not the registry
                    Assert.Equal(expected, e);
                    if (e == RootError.Ok)
                    {
                        pubs[name] = (pid, r.AddPublication(index, pid, N(name)));
                    }

                    break;
                case 1:
                    e = r.CheckOpen(pid, N(name), out int pub, out int c);
                    expected = !pubs.ContainsKey(name) ? RootError.NoSuchName : RootError.Ok; // no per-process limit: quotas bound it
                    Assert.Equal(expected, e);
                    if (e == RootError.Ok)
                    {
                        Assert.False(r.SlotInUse(c));
                        conns[c] = new Conn(r.AddConnection(c, pub, pid), name, pid, false, false);
                    }

                    break;
                case 2 when conns.Count > 0:
                    (int ci, Conn cc) = conns.ElementAt(rng.Next(conns.Count));
                    if (!cc.Closing && !cc.Page)
                    {
                        ulong server = pubs[cc.Pub].Owner;
                        int pages = conns.Values.Count(x => x.Page && pubs[x.Pub].Owner == server);
                        Assert.Equal(pages >= ConnectionAbi.MaxSharedPagesPerServer ? RootError.ServerLimit : RootError.Ok, r.CheckShare(ci));
                        if (pages < ConnectionAbi.MaxSharedPagesPerServer)
                        {
                            r.MarkShared(ci);
                            conns[ci] = cc with { Page = true };
                        }
                    }
                    else if (!cc.Closing)
                    {
                        r.MarkClosing(ci, (ulong)step);
                        conns[ci] = cc with { Closing = true };
                    }

                    break;
                case 3 when conns.Count > 0:
                    (ci, cc) = conns.ElementAt(rng.Next(conns.Count));
                    r.RemoveConnection(ci);
                    conns.Remove(ci);
                    break;
                case 4 when pubs.Count > 0 && rng.Next(4) == 0:
                    (string pn, (ulong owner, ulong handle)) = pubs.ElementAt(rng.Next(pubs.Count));
                    Assert.Equal(RootError.Ok, r.FindOwnedPublication(handle, owner, out int pi));
                    for (int k = r.FirstConnectionOf(pi); k >= 0;)
                    {
                        int next = r.NextConnectionOf(k);
                        r.RemoveConnection(k);
                        conns.Remove(k);
                        k = next;
                    }

                    r.RemovePublication(pi);
                    pubs.Remove(pn);
                    Assert.Equal(RootError.BadHandle, r.FindOwnedPublication(handle, owner, out _));
                    break;
                default:
                    break;
            }

            if (step % 97 == 0)
            {
                Check(r, pubs, conns);
            }
        }

        Check(r, pubs, conns);
    }

    private static void Check(ConnectionRegistry r, Dictionary<string, (ulong Owner, ulong Handle)> pubs, Dictionary<int, Conn> conns)
    {
        Assert.Equal(pubs.Count, r.PublicationCount);
        Assert.Equal(conns.Count, r.ConnectionCount);
        Assert.Equal(conns.Values.Count(c => c.Closing), r.ClosingCount);
        foreach ((string name, (ulong owner, ulong handle)) in pubs)
        {
            int i = r.FindPublication(N(name));
            Assert.Equal(owner, r.PublicationOwner(i));
            Assert.Equal(handle, r.PublicationHandle(i));
            var listed = new HashSet<int>();
            for (int k = r.FirstConnectionOf(i); k >= 0; k = r.NextConnectionOf(k))
            {
                Assert.True(listed.Add(k));
            }

            Assert.Equal(conns.Where(c => c.Value.Pub == name).Select(c => c.Key).ToHashSet(), listed);
        }

        foreach ((int i, Conn c) in conns)
        {
            Assert.Equal(c.Closing, r.ConnectionClosing(i));
            Assert.Equal(c.Closing ? RootError.BadHandle : RootError.Ok, r.FindConnection(c.Id, c.Client, out int found));
            Assert.Equal(c.Closing ? -1 : i, found);
        }

        for (ulong pid = 1; pid <= 40; pid++)
        {
            Assert.Equal(conns.Values.Count(c => c.Client == pid && !c.Closing), r.Held(pid));
            Assert.Equal(pubs.Values.Count(p => p.Owner == pid), r.Owned(pid));
            Assert.Equal(conns.Values.Count(c => c.Page && pubs[c.Pub].Owner == pid), r.SharedPages(pid));
        }
    }

    [Fact]
    public void TheTopicRegistryAgreesWithAModelThroughRandomRequests()
    {
        // The model keeps every topic; the registry may forget only orphans (no holder, no subscriber), and only while
        // it keeps KeptOrphans of them.
        var rng = new Random(5);
        var r = new TopicRegistry();
        var holder = new Dictionary<string, ulong>();                // topic -> holder (0: none)
        var subs = new Dictionary<(ulong Pid, string Topic), int>(); // -> bit
        int forgotten = 0;
        for (int step = 0; step < 20_000; step++)
        {
            ulong pid = 1 + (ulong)rng.Next(30);
            string name = "t" + rng.Next(200);
            int op = rng.Next(10);
            if (op < 3)
            {
                // PublishTopic: find or create, then adopt.
                int held = holder.Count(h => h.Value == pid);
                Assert.Equal(held, r.HeldBy(pid));
                int t = r.FindOrCreate(pid, N(name), out RootError e);
                if (!holder.ContainsKey(name))
                {
                    Assert.Equal(RootError.Ok, e); // the quota bounds a process's topics, not the registry
                    if (e == RootError.Ok)
                    {
                        holder[name] = pid;
                    }
                }

                if (t >= 0)
                {
                    bool mayHold = held < 4; // as if its quota held 4
                    r.Published(t, pid, (ulong)step, mayHold);
                    Assert.Equal((ulong)step, r.Value(t));
                    if (holder[name] == 0 && mayHold)
                    {
                        holder[name] = pid;
                    }
                }
            }
            else if (op < 6)
            {
                int t = r.Find(N(name));
                RootError e = r.CheckSubscribe(pid, t, out int existing, out int record, out int bit);
                int mine = subs.Keys.Count(k => k.Pid == pid);
                bool known = subs.ContainsKey((pid, name));
                Assert.Equal(known || mine < BrokerAbi.MaxSubscriptionsPerProcess ? RootError.Ok : RootError.ProcessLimit, e);
                if (e == RootError.Ok && !known && (t >= 0 || r.CheckCreate(pid, out _) == RootError.Ok))
                {
                    if (t < 0)
                    {
                        r.CheckCreate(pid, out t);
                        r.Create(t, pid, N(name));
                        holder[name] = pid;
                    }

                    int lowest = Enumerable.Range(0, 16).First(b => !subs.Any(s => s.Key.Pid == pid && s.Value == b));
                    Assert.Equal(lowest, bit);
                    r.AddSubscription(record, pid, t, bit);
                    subs[(pid, name)] = bit;
                }
                else if (known)
                {
                    Assert.Equal(subs[(pid, name)], r.SubscriptionBit(existing));
                }
            }
            else if (op < 8)
            {
                if (r.FindSubscription(pid, N(name), out int record) == RootError.Ok)
                {
                    Assert.True(subs.Remove((pid, name)));
                    r.RemoveSubscription(record);
                }
                else
                {
                    Assert.False(subs.ContainsKey((pid, name)));
                }
            }
            else if (op == 8 && rng.Next(5) == 0)
            {
                // The process ends: its topics lose their holder, and its subscriptions go (as the broker drops them).
                r.ProcessEnded(pid);
                for (int s = r.FirstOfPid(pid); s >= 0; s = r.FirstOfPid(pid))
                {
                    r.RemoveSubscription(s);
                }

                foreach (string t in holder.Where(h => h.Value == pid).Select(h => h.Key).ToList())
                {
                    holder[t] = 0;
                }

                foreach ((ulong, string) k in subs.Keys.Where(k => k.Pid == pid).ToList())
                {
                    subs.Remove(k);
                }
            }

            foreach (string t in holder.Keys.ToList())
            {
                int i = r.Find(N(t));
                bool orphan = holder[t] == 0 && !subs.Keys.Any(k => k.Topic == t);
                if (i < 0)
                {
                    Assert.True(orphan, $"step {step}: {t} lost while held or subscribed");
                    Assert.Equal(TopicRegistry.KeptOrphans, r.OrphanCount);
                    holder.Remove(t);
                    forgotten++;
                    continue;
                }

                Assert.Equal(holder[t], r.Holder(i));
                int listed = 0;
                for (int s = r.FirstSubscriber(i); s >= 0; s = r.NextSubscriber(s))
                {
                    Assert.Equal(i, r.SubscriptionTopic(s));
                    listed++;
                }

                Assert.Equal(subs.Keys.Count(k => k.Topic == t), listed);
            }

            Assert.Equal(holder.Count, r.TopicCount);
            Assert.Equal(subs.Count, r.SubscriptionCount);
            Assert.Equal(holder.Count(h => h.Value == 0 && !subs.Keys.Any(k => k.Topic == h.Key)), r.OrphanCount);
            Assert.True(r.OrphanCount <= TopicRegistry.KeptOrphans);
        }

        Assert.True(forgotten > 0, "the run never went past the kept orphans");
    }

    [Fact]
    public void OpeningAndClosingAtAPopulationReachedBeforeAllocatesNothing()
    {
        var r = new ConnectionRegistry();
        var t = new TopicRegistry();
        byte[][] names = Enumerable.Range(0, 51).Select(i => N("svc" + i)).ToArray();
        int[] open = new int[800];
        for (int round = 0; round < 3; round++)
        {
            // 50 publications and 800 connections (past the old 16 and 64), all closed again: the first round grows the
            // tables, later rounds reuse their records and allocate nothing.
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int s = 1; s <= 50; s++)
            {
                Assert.True(r.CheckPublish((ulong)s, names[s], out int index) == RootError.Ok);
                r.AddPublication(index, (ulong)s, names[s]);
            }

            for (int i = 0; i < 800; i++)
            {
                ulong client = 100 + ((ulong)i / 16);
                Assert.True(r.CheckOpen(client, names[1 + (i % 50)], out int pub, out open[i]) == RootError.Ok);
                r.AddConnection(open[i], pub, client);
            }

            for (int i = 0; i < 800; i++)
            {
                r.RemoveConnection(open[i]);
            }

            for (int s = 1; s <= 50; s++)
            {
                r.RemovePublication(r.FindPublication(names[s]));
            }

            long used = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(round == 0 ? used > 0 : used == 0, $"round {round}: {used} bytes");
        }

        // And the registry's own lookups and updates allocate nothing at all.
        r.CheckPublish(1, N("echo"), out int p);
        r.AddPublication(p, 1, N("echo"));
        byte[] echo = N("echo");
        var cs = new int[64];
        for (int i = 0; i < 64; i++)
        {
            r.CheckOpen(2 + ((ulong)i / 16), echo, out int pub, out cs[i]);
            r.AddConnection(cs[i], pub, 2 + ((ulong)i / 16));
        }

        long start = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            for (int i = 0; i < 64; i++)
            {
                ulong id = r.ConnectionId(cs[i]);
                ulong client = 2 + ((ulong)i / 16);
                Assert.True(r.FindConnection(id, client, out _) == RootError.Ok);
                Assert.True(r.FindServedConnection(id, 1, out _) == RootError.Ok);
                r.RemoveConnection(cs[i]);
                r.CheckOpen(client, echo, out int pub, out cs[i]);
                r.AddConnection(cs[i], pub, client);
            }

            Assert.True(r.FindPublication(echo) == p);
        }

        int topic = t.FindOrCreate(1, echo, out _);
        for (int k = 0; k < 100; k++)
        {
            t.CheckSubscribe(5, topic, out _, out int record, out int bit);
            t.AddSubscription(record, 5, topic, bit);
            Assert.True(t.Find(echo) == topic);
            t.RemoveSubscription(record);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - start);
    }
}
