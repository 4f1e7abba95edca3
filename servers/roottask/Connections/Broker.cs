// The notification broker: named topics; subscribers get a bit of their own notification, publishers signal them all.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Smos.Sel4;

namespace Smos.RootTask.Connections;

internal sealed class Broker
{
    private readonly Topic[] _topics = new Topic[BrokerAbi.MaxTopics];
    private readonly byte[] _names = new byte[BrokerAbi.MaxTopics * ConnectionAbi.MaxNameBytes];
    private readonly Subscription[] _subs = new Subscription[BrokerAbi.MaxSubscriptions];
    private readonly RootResources _res;
    private readonly byte[] _name = new byte[ConnectionAbi.MaxNameBytes];

    public Broker(RootResources res) { _res = res; }

    private struct Topic
    {
        public bool InUse;
        public int NameLength;
        public ulong Value;
    }

    private struct Subscription
    {
        public bool InUse;
        public int Topic;
        public ulong Pid;
        public int Bit;
        public ulong SignalSlot;
    }

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = the notification bit (as a mask).</summary>
    public RootError Subscribe(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeName(info, mrs, 1, out ReadOnlySpan<byte> name, out _);
        if (e != RootError.Ok)
        {
            return e;
        }

        int topic = FindOrCreate(name);
        if (topic < 0)
        {
            return RootError.TooManyConnections;
        }

        uint used = 0;
        int free = -1;
        for (int i = 0; i < BrokerAbi.MaxSubscriptions; i++)
        {
            if (_subs[i].InUse && _subs[i].Pid == caller.Pid)
            {
                if (_subs[i].Topic == topic)
                {
                    value = 1UL << _subs[i].Bit; // already subscribed: the same bit again
                    return RootError.Ok;
                }

                used |= 1U << _subs[i].Bit;
            }
            else if (!_subs[i].InUse && free < 0)
            {
                free = i;
            }
        }

        int bit = 0;
        while (bit < BrokerAbi.MaxSubscriptionsPerProcess && (used & (1U << bit)) != 0)
        {
            bit++;
        }

        if (free < 0 || bit == BrokerAbi.MaxSubscriptionsPerProcess || !_res.Slots.TryAlloc(out ulong slot))
        {
            return RootError.TooManyConnections;
        }

        if (!CNode.InitThread.Mint(slot, CNode.InitThread, caller.NotificationSlot, CapRights.All, 1UL << bit).IsOk)
        {
            _res.Slots.Free(slot);
            return RootError.NoMemory;
        }

        _subs[free] = new Subscription { InUse = true, Topic = topic, Pid = caller.Pid, Bit = bit, SignalSlot = slot };
        value = 1UL << bit;
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, name from MR1.</summary>
    public RootError Unsubscribe(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs)
    {
        RootError e = DecodeName(info, mrs, 1, out ReadOnlySpan<byte> name, out _);
        if (e != RootError.Ok)
        {
            return e;
        }

        int topic = Find(name);
        for (int i = 0; topic >= 0 && i < BrokerAbi.MaxSubscriptions; i++)
        {
            if (_subs[i].InUse && _subs[i].Pid == caller.Pid && _subs[i].Topic == topic)
            {
                Drop(i);
                return RootError.Ok;
            }
        }

        return RootError.NoSuchName;
    }

    /// <summary>MR0 = name length, MR1 = value, name from MR2. Reply MR0 = subscribers signalled.</summary>
    public RootError Publish(MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeName(info, mrs, 2, out ReadOnlySpan<byte> name, out ulong published);
        if (e != RootError.Ok)
        {
            return e;
        }

        int topic = FindOrCreate(name);
        if (topic < 0)
        {
            return RootError.TooManyConnections;
        }

        _topics[topic].Value = published;
        ulong signalled = 0;
        for (int i = 0; i < BrokerAbi.MaxSubscriptions; i++)
        {
            if (_subs[i].InUse && _subs[i].Topic == topic)
            {
                new Notification(_subs[i].SignalSlot).Signal();
                signalled++;
            }
        }

        value = signalled;
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = the topic's last value.</summary>
    public RootError Read(MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeName(info, mrs, 1, out ReadOnlySpan<byte> name, out _);
        if (e != RootError.Ok)
        {
            return e;
        }

        int topic = Find(name);
        if (topic < 0)
        {
            return RootError.NoSuchName;
        }

        value = _topics[topic].Value;
        return RootError.Ok;
    }

    /// <summary>Drops a process's subscriptions (it ended).</summary>
    public void ProcessEnded(Process p)
    {
        for (int i = 0; i < BrokerAbi.MaxSubscriptions; i++)
        {
            if (_subs[i].InUse && _subs[i].Pid == p.Pid)
            {
                Drop(i);
            }
        }
    }

    private void Drop(int i)
    {
        CNode.InitThread.Delete(_subs[i].SignalSlot);
        _res.Slots.Free(_subs[i].SignalSlot);
        _subs[i] = default;
    }

    private RootError DecodeName(MessageInfo info, ReadOnlySpan<ulong> mrs, int headerWords, out ReadOnlySpan<byte> name, out ulong extra)
    {
        RootError e = RequestDecoder.Name(info, mrs, headerWords, _name, out int n, out extra);
        name = new ReadOnlySpan<byte>(_name, 0, n);
        return e;
    }

    private int Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (_topics[i].InUse && InitLine.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _topics[i].NameLength)))
            {
                return i;
            }
        }

        return -1;
    }

    private int FindOrCreate(ReadOnlySpan<byte> name)
    {
        int t = Find(name);
        for (int i = 0; t < 0 && i < BrokerAbi.MaxTopics; i++)
        {
            if (!_topics[i].InUse)
            {
                _topics[i] = new Topic { InUse = true, NameLength = name.Length };
                name.CopyTo(new Span<byte>(_names, i * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
                t = i;
            }
        }

        return t;
    }
}
