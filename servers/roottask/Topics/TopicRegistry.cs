// The notification broker's tables and rules: topics, subscriptions, notification bits per process. Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Topics;

/// <summary>The validate step of the broker requests; <see cref="Broker"/> adds the badged notification caps.</summary>
public sealed class TopicRegistry
{
    private readonly bool[] _topicInUse = new bool[BrokerAbi.MaxTopics];
    private readonly int[] _topicNameLength = new int[BrokerAbi.MaxTopics];
    private readonly ulong[] _topicValue = new ulong[BrokerAbi.MaxTopics];
    private readonly byte[] _names = new byte[BrokerAbi.MaxTopics * ConnectionAbi.MaxNameBytes];
    private readonly bool[] _subInUse = new bool[BrokerAbi.MaxSubscriptions];
    private readonly int[] _subTopic = new int[BrokerAbi.MaxSubscriptions];
    private readonly ulong[] _subPid = new ulong[BrokerAbi.MaxSubscriptions];
    private readonly int[] _subBit = new int[BrokerAbi.MaxSubscriptions];

    public bool SubscriptionInUse(int i) => _subInUse[i];

    public int SubscriptionTopic(int i) => _subTopic[i];

    public ulong SubscriptionPid(int i) => _subPid[i];

    public int SubscriptionBit(int i) => _subBit[i];

    public ulong Value(int topic) => _topicValue[topic];

    public void SetValue(int topic, ulong value) => _topicValue[topic] = value;

    public int Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (_topicInUse[i] && ByteStrings.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _topicNameLength[i])))
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
                _topicInUse[t] = true;
                _topicNameLength[t] = name.Length;
                _topicValue[t] = 0;
                name.CopyTo(new Span<byte>(_names, t * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
            }
        }

        return t;
    }

    private int FirstFreeTopic()
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (!_topicInUse[i])
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
                subscribed = _subInUse[s] && _subTopic[s] == i;
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
            if (_subInUse[i] && _subPid[i] == pid)
            {
                if (_subTopic[i] == topic)
                {
                    existing = i;
                    return RootError.Ok;
                }

                used |= 1U << _subBit[i];
            }
            else if (!_subInUse[i] && record < 0)
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
        _subInUse[record] = true;
        _subPid[record] = pid;
        _subTopic[record] = topic;
        _subBit[record] = bit;
    }

    public void RemoveSubscription(int record)
    {
        _subInUse[record] = false;
        _subPid[record] = 0;
        _subTopic[record] = 0;
        _subBit[record] = 0;
    }

    /// <summary>The caller's subscription to the topic <paramref name="name"/>, or NoSuchName.</summary>
    public RootError FindSubscription(ulong pid, ReadOnlySpan<byte> name, out int record)
    {
        int topic = Find(name);
        for (record = 0; topic >= 0 && record < BrokerAbi.MaxSubscriptions; record++)
        {
            if (_subInUse[record] && _subPid[record] == pid && _subTopic[record] == topic)
            {
                return RootError.Ok;
            }
        }

        record = -1;
        return RootError.NoSuchName;
    }
}
