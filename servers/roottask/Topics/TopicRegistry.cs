// The notification broker's tables and rules: topics, subscriptions, notification bits per process. Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Requests;

namespace Smos.RootTask.Topics;

/// <summary>
/// The validate step of the broker requests; <see cref="Broker"/> adds the badged notification caps. A topic is held by
/// the process that created it (or, once that one has ended, adopted by the next one to publish to it, within its limit)
/// and charged to that process (<see cref="BrokerAbi.MaxTopicsPerProcess"/>). A topic whose holder lives, or that
/// anyone subscribes to, is never taken away; only a topic with neither is recycled, and its last value forgotten, when
/// the table needs a record for a new name. Errors name the limit hit: the caller's own
/// (<see cref="RootError.ProcessLimit"/>) before the shared table's (<see cref="RootError.TooManyConnections"/>).
/// </summary>
public sealed class TopicRegistry
{
    /// <summary>One topic: its holder (0 when none), its last value and its name (in <see cref="_names"/>).</summary>
    private struct TopicRecord
    {
        public bool InUse;
        public int NameLength;
        public ulong Value;
        public ulong Holder;
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

    /// <summary>The process the topic is charged to, or 0 when its holder has ended.</summary>
    public ulong Holder(int topic) => _topics[topic].Holder;

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
    /// Validates creating the topic <paramref name="name"/> (not yet in the table) for <paramref name="pid"/>: the
    /// process holds fewer than <see cref="BrokerAbi.MaxTopicsPerProcess"/> topics (else ProcessLimit), and a record is
    /// free or recyclable: neither held nor subscribed to (else TooManyConnections). <paramref name="index"/> is where
    /// <see cref="Create"/> puts it.
    /// </summary>
    public RootError CheckCreate(ulong pid, out int index)
    {
        index = -1;
        if (HeldBy(pid) >= BrokerAbi.MaxTopicsPerProcess)
        {
            return RootError.ProcessLimit;
        }

        index = FirstFreeTopic();
        index = index >= 0 ? index : FirstRecyclableTopic();
        return index < 0 ? RootError.TooManyConnections : RootError.Ok;
    }

    /// <summary>Records the topic <paramref name="name"/> at <paramref name="index"/> (from <see cref="CheckCreate"/>), held by <paramref name="pid"/>.</summary>
    public void Create(int index, ulong pid, ReadOnlySpan<byte> name)
    {
        _topics[index] = new TopicRecord { InUse = true, NameLength = name.Length, Holder = pid };
        name.CopyTo(new Span<byte>(_names, index * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
    }

    /// <summary>
    /// The topic called <paramref name="name"/>, created for <paramref name="pid"/> if new; -1 with the error
    /// (<see cref="CheckCreate"/>) when it cannot be.
    /// </summary>
    public int FindOrCreate(ulong pid, ReadOnlySpan<byte> name, out RootError error)
    {
        error = RootError.Ok;
        int t = Find(name);
        if (t < 0 && (error = CheckCreate(pid, out t)) == RootError.Ok)
        {
            Create(t, pid, name);
        }

        return error == RootError.Ok ? t : -1;
    }

    /// <summary>PublishTopic by <paramref name="pid"/>: a topic whose holder has ended is adopted (charged) by its publisher when it has room.</summary>
    public void Published(int topic, ulong pid, ulong value)
    {
        _topics[topic].Value = value;
        if (_topics[topic].Holder == 0 && HeldBy(pid) < BrokerAbi.MaxTopicsPerProcess)
        {
            _topics[topic].Holder = pid;
        }
    }

    /// <summary>A process ended: the topics it held have no holder now (they stay while anyone subscribes; its subscriptions are dropped separately).</summary>
    public void ProcessEnded(ulong pid)
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            if (_topics[i].InUse && _topics[i].Holder == pid)
            {
                _topics[i].Holder = 0;
            }
        }
    }

    private int HeldBy(ulong pid)
    {
        int held = 0;
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            held += _topics[i].InUse && _topics[i].Holder == pid ? 1 : 0;
        }

        return held;
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

    // A topic nobody holds or subscribes to: the only kind the table may take back.
    private int FirstRecyclableTopic()
    {
        for (int i = 0; i < BrokerAbi.MaxTopics; i++)
        {
            bool kept = _topics[i].Holder != 0;
            for (int s = 0; s < BrokerAbi.MaxSubscriptions && !kept; s++)
            {
                kept = _subs[s].InUse && _subs[s].Topic == i;
            }

            if (!kept)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Validates a subscription of <paramref name="pid"/> to <paramref name="topic"/> (-1: a topic still to be created):
    /// Ok with <paramref name="existing"/> when it already exists; otherwise the lowest free notification bit of that
    /// process (all <see cref="BrokerAbi.MaxSubscriptionsPerProcess"/> used: ProcessLimit) and a free record (none:
    /// TooManyConnections).
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
                if (topic >= 0 && _subs[i].Topic == topic)
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

        return bit < 0 ? RootError.ProcessLimit : record < 0 ? RootError.TooManyConnections : RootError.Ok;
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
