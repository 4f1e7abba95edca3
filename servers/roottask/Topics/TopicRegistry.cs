// The notification broker's tables and rules: topics, subscriptions, notification bits per process. Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Topics;

/// <summary>The validate step of the broker requests; <see cref="Broker"/> adds the badged notification caps.</summary>
public sealed class TopicRegistry
{
    /// <summary>One topic: its last value and its name (in <see cref="_names"/>).</summary>
    private struct TopicRecord
    {
        public bool InUse;
        public int NameLength;
        public ulong Value;
    }

    /// <summary>One subscription: which process, which topic, and the notification bit it is signalled on.</summary>
    private struct SubscriptionRecord
    {
        public bool InUse;
        public int Topic;
        public ulong Pid;
        public int Bit;
    }

    private readonly TopicRecord[] _topics = new TopicRecord[BrokerAbi.MaxTopics];
    private readonly byte[] _names = new byte[BrokerAbi.MaxTopics * ConnectionAbi.MaxNameBytes];
    private readonly SubscriptionRecord[] _subs = new SubscriptionRecord[BrokerAbi.MaxSubscriptions];

    public bool SubscriptionInUse(int i) => _subs[i].InUse;

    public int SubscriptionTopic(int i) => _subs[i].Topic;

    public ulong SubscriptionPid(int i) => _subs[i].Pid;

    public int SubscriptionBit(int i) => _subs[i].Bit;

    public ulong Value(int topic) => _topics[topic].Value;

    public void SetValue(int topic, ulong value) => _topics[topic].Value = value;

    public int Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (_topics[i].InUse && ByteStrings.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _topics[i].NameLength)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The topic called <paramref name="name"/>, created if new. When the table is full, a topic nobody subscribes to
    /// is recycled (its last value is forgotten); -1 when every topic has subscribers.
    /// </summary>
    public int FindOrCreate(ReadOnlySpan<byte> name)
    {
        int t = Find(name);
        for (int pass = 0; t < 0 && pass < 2; pass++)
        {
            t = pass == 0 ? FirstFreeTopic() : FirstUnsubscribedTopic();
            if (t >= 0)
            {
                _topics[t] = new TopicRecord { InUse = true, NameLength = name.Length };
                name.CopyTo(new Span<byte>(_names, t * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
            }
        }

        return t;
    }

    private int FirstFreeTopic()
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (!_topics[i].InUse)
            {
                return i;
            }
        }

        return -1;
    }

    private int FirstUnsubscribedTopic()
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            bool subscribed = false;
            for (int s = 0; s < BrokerAbi.MaxSubscriptions && !subscribed; s++)
            {
                subscribed = _subs[s].InUse && _subs[s].Topic == i;
            }

            if (!subscribed)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Validates a subscription of <paramref name="pid"/> to <paramref name="topic"/>: Ok with <paramref name="existing"/>
    /// when it already exists; otherwise a free record and the lowest free notification bit of that process, or
    /// TooManyConnections.
    /// </summary>
    public RootError CheckSubscribe(ulong pid, int topic, out int existing, out int record, out int bit)
    {
        existing = -1;
        record = -1;
        bit = -1;
        uint used = 0;
        for (int i = 0; i < BrokerAbi.MaxSubscriptions; i++)
        {
            if (_subs[i].InUse && _subs[i].Pid == pid)
            {
                if (_subs[i].Topic == topic)
                {
                    existing = i;
                    return RootError.Ok;
                }

                used |= 1U << _subs[i].Bit;
            }
            else if (!_subs[i].InUse && record < 0)
            {
                record = i;
            }
        }

        for (int b = 0; b < BrokerAbi.MaxSubscriptionsPerProcess && bit < 0; b++)
        {
            bit = (used & (1U << b)) == 0 ? b : -1;
        }

        return record < 0 || bit < 0 ? RootError.TooManyConnections : RootError.Ok;
    }

    public void AddSubscription(int record, ulong pid, int topic, int bit)
    {
        _subs[record] = new SubscriptionRecord { InUse = true, Pid = pid, Topic = topic, Bit = bit };
    }

    public void RemoveSubscription(int record)
    {
        _subs[record] = default;
    }

    /// <summary>The caller's subscription to the topic <paramref name="name"/>, or NoSuchName.</summary>
    public RootError FindSubscription(ulong pid, ReadOnlySpan<byte> name, out int record)
    {
        int topic = Find(name);
        for (record = 0; topic >= 0 && record < BrokerAbi.MaxSubscriptions; record++)
        {
            if (_subs[record].InUse && _subs[record].Pid == pid && _subs[record].Topic == topic)
            {
                return RootError.Ok;
            }
        }

        record = -1;
        return RootError.NoSuchName;
    }
}
