// The notification broker's tables and rules: topics, subscriptions, notification bits per process; they grow. Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Topics;

/// <summary>
/// The validate step of the broker requests; <see cref="Broker"/> adds the badged notification caps. Both tables grow
/// with demand (freed records are reused first). A name finds its topic through a hash map (O(1) expected, no
/// allocation); a topic lists its subscribers, a process its subscriptions and the topics it holds, so a publish visits
/// only the topic's subscribers. A topic is held by the process that created it (or, once that one has ended, adopted by
/// the next one to publish to it, if its quota has room) and charged to that process's publications quota (the broker
/// checks it). A topic whose holder lives, or that anyone subscribes to, is never
/// taken away. One with neither is an orphan: its last value stays readable, but only the <see cref="KeptOrphans"/>
/// newest orphans are kept (an older one is forgotten, its record freed), so ended processes cannot fill the table.
/// Errors name the limit hit: the caller's own subscriptions (<see cref="RootError.ProcessLimit"/>: the bits of its
/// notification word); a root task whose heap cannot grow answers NoMemory.
/// </summary>
public sealed class TopicRegistry : IHeldCount
{
    /// <summary>Records made up front (the old fixed tables' sizes); more are made on demand.</summary>
    public const int InitialTopics = 16;

    /// <inheritdoc cref="InitialTopics"/>
    public const int InitialSubscriptions = 64;

    /// <summary>Orphaned topics (no holder, no subscriber) kept with their last value; the oldest beyond these is forgotten.</summary>
    public const int KeptOrphans = 16;

    /// <summary>One topic: its holder (0 when none), its last value, its name (in <see cref="_names"/>) and its lists.</summary>
    private struct TopicRecord
    {
        public bool InUse;
        public int NameLength;
        public ulong Value;
        public ulong Holder;

        /// <summary>Its subscriptions (linked through SubscriptionRecord.NextInTopic), and how many.</summary>
        public int FirstSubscriber;
        public int Subscribers;

        /// <summary>The next topic of the same holder (-1 at the end).</summary>
        public int NextHeld;

        /// <summary>On the orphan list: its neighbours there (-1 at the ends).</summary>
        public bool Orphan;
        public int OlderOrphan;
        public int NewerOrphan;
    }

    /// <summary>One subscription: which process, which topic, the notification bit it is signalled on, and its lists.</summary>
    private struct SubscriptionRecord
    {
        public bool InUse;
        public int Topic;
        public ulong Pid;
        public int Bit;
        public int NextInTopic;
        public int PreviousInTopic;
        public int NextOfPid;
    }

    private TopicRecord[] _topics = new TopicRecord[InitialTopics];
    private uint[] _generations = new uint[InitialTopics]; // per record, for handles: 1 when made, one more each time it is freed
    private byte[] _names = new byte[InitialTopics * ConnectionAbi.MaxNameBytes];
    private readonly FreeRecords _freeTopics = new(InitialTopics);
    private SubscriptionRecord[] _subs = new SubscriptionRecord[InitialSubscriptions];
    private readonly FreeRecords _freeSubs = new(InitialSubscriptions);
    private readonly NameHashMap _byName = new(InitialTopics);
    private readonly WordHashMap _heldCount = new();  // pid -> topics it holds
    private readonly WordHashMap _firstHeld = new();  // pid -> first topic it holds
    private readonly WordHashMap _firstSub = new();   // pid -> first of its subscriptions
    private int _oldestOrphan = -1;
    private int _newestOrphan = -1;

    public TopicRegistry()
    {
        MakeTopics(InitialTopics);
        MakeSubscriptions(InitialSubscriptions);
    }

    /// <summary>Subscription records made so far (indexes 0 .. SubscriptionCapacity-1); the broker sizes its slots by it.</summary>
    public int SubscriptionCapacity => _freeSubs.Made;

    /// <summary>Topics held now (orphans included).</summary>
    public int TopicCount => _byName.Count;

    /// <summary>Subscriptions now.</summary>
    public int SubscriptionCount => _freeSubs.InUse;

    /// <summary>Orphaned topics kept now (at most <see cref="KeptOrphans"/>).</summary>
    public int OrphanCount { get; private set; }

    /// <summary>The most topics / subscriptions at once since <see cref="ResetPeaks"/>.</summary>
    public int PeakTopics { get; private set; }

    /// <inheritdoc cref="PeakTopics"/>
    public int PeakSubscriptions { get; private set; }

    public void ResetPeaks()
    {
        PeakTopics = TopicCount;
        PeakSubscriptions = SubscriptionCount;
    }

    public bool SubscriptionInUse(int i) => _subs[i].InUse;

    public int SubscriptionTopic(int i) => _subs[i].Topic;

    public ulong SubscriptionPid(int i) => _subs[i].Pid;

    public int SubscriptionBit(int i) => _subs[i].Bit;

    /// <summary>The first subscription of <paramref name="topic"/>, or -1; then <see cref="NextSubscriber"/>.</summary>
    public int FirstSubscriber(int topic) => _topics[topic].FirstSubscriber;

    public int NextSubscriber(int record) => _subs[record].NextInTopic;

    /// <summary>The first subscription of <paramref name="pid"/>, or -1; then <see cref="NextOfPid"/>.</summary>
    public int FirstOfPid(ulong pid) => _firstSub.Get(pid, -1);

    public int NextOfPid(int record) => _subs[record].NextOfPid;

    public ulong Value(int topic) => _topics[topic].Value;

    public void SetValue(int topic, ulong value) => _topics[topic].Value = value;

    /// <summary>The process the topic is charged to, or 0 when its holder has ended.</summary>
    public ulong Holder(int topic) => _topics[topic].Holder;

    /// <summary>Topics <paramref name="pid"/> holds.</summary>
    public int HeldBy(ulong pid) => _heldCount.Get(pid);

    public int Find(ReadOnlySpan<byte> name) => _byName.Find(name);

    /// <summary>
    /// The handle of <paramref name="topic"/> (OpenTopic's reply, BrokerAbi): its record in the low 32 bits and the record's
    /// generation in the high 32, so that a handle outlives its topic only as a handle <see cref="FromHandle"/> refuses.
    /// </summary>
    public ulong HandleOf(int topic) => ((ulong)_generations[topic] << 32) | (uint)topic;

    /// <summary>The topic <paramref name="handle"/> names, or -1 when it names none: not a record, or one freed (and maybe reused) since.</summary>
    public int FromHandle(ulong handle)
    {
        ulong index = handle & 0xffff_ffffUL;
        if (index >= (ulong)_freeTopics.Made)
        {
            return -1;
        }

        int t = (int)index;
        return _topics[t].InUse && _generations[t] == (uint)(handle >> 32) ? t : -1;
    }

    /// <summary>
    /// Validates creating the topic <paramref name="name"/> (not yet in the table) for <paramref name="pid"/>: a record is
    /// free or can be made (else NoMemory). <paramref name="index"/> is where <see cref="Create"/> puts it. How many
    /// topics a process may hold is its publications quota's business (the broker checks it before).
    /// </summary>
    public RootError CheckCreate(ulong pid, out int index)
    {
        index = -1;
        try
        {
            if (_freeTopics.Count == 0)
            {
                MakeTopics(_freeTopics.Made);
            }

            _byName.Reserve();
            _heldCount.Reserve();
            _firstHeld.Reserve();
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }

        index = _freeTopics.Top;
        return RootError.Ok;
    }

    /// <summary>Records the topic <paramref name="name"/> at <paramref name="index"/> (from <see cref="CheckCreate"/>), held by <paramref name="pid"/>.</summary>
    public void Create(int index, ulong pid, ReadOnlySpan<byte> name)
    {
        _freeTopics.Take(index);
        _topics[index] = new TopicRecord { InUse = true, NameLength = name.Length, FirstSubscriber = -1, NextHeld = -1, OlderOrphan = -1, NewerOrphan = -1 };
        name.CopyTo(new Span<byte>(_names, index * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
        _byName.Add(name, index);
        Hold(index, pid);
        PeakTopics = TopicCount > PeakTopics ? TopicCount : PeakTopics;
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

    /// <summary>
    /// PublishTopic by <paramref name="pid"/>: a topic whose holder has ended is adopted (charged) by its publisher when
    /// <paramref name="mayHoldOneMore"/> (its publications quota has room).
    /// </summary>
    public void Published(int topic, ulong pid, ulong value, bool mayHoldOneMore = true)
    {
        _topics[topic].Value = value;
        if (_topics[topic].Holder != 0 || !mayHoldOneMore)
        {
            return;
        }

        try
        {
            _heldCount.Reserve();
            _firstHeld.Reserve();
        }
        catch (OutOfMemoryException)
        {
            return; // not adopted: it stays as it was
        }

        LeaveOrphans(topic);
        Hold(topic, pid);
    }

    /// <summary>A process ended: the topics it held have no holder now (they stay while anyone subscribes; its subscriptions are dropped separately).</summary>
    public void ProcessEnded(ulong pid)
    {
        int t = _firstHeld.Get(pid, -1);
        _firstHeld.Remove(pid);
        _heldCount.Remove(pid);
        while (t >= 0)
        {
            int next = _topics[t].NextHeld;
            _topics[t].Holder = 0;
            _topics[t].NextHeld = -1;
            OrphanIfUnused(t);
            t = next;
        }
    }

    /// <summary>
    /// Validates a subscription of <paramref name="pid"/> to <paramref name="topic"/> (-1: a topic still to be created):
    /// Ok with <paramref name="existing"/> when it already exists; otherwise the lowest free notification bit of that
    /// process (all <see cref="BrokerAbi.MaxSubscriptionsPerProcess"/> used: ProcessLimit) and the record
    /// <see cref="AddSubscription"/> will take (none can be made: NoMemory).
    /// </summary>
    public RootError CheckSubscribe(ulong pid, int topic, out int existing, out int record, out int bit)
    {
        existing = -1;
        record = -1;
        bit = -1;
        uint used = 0;
        for (int i = FirstOfPid(pid); i >= 0; i = _subs[i].NextOfPid)
        {
            if (topic >= 0 && _subs[i].Topic == topic)
            {
                existing = i;
                return RootError.Ok;
            }

            used |= 1U << _subs[i].Bit;
        }

        for (int b = 0; b < BrokerAbi.MaxSubscriptionsPerProcess && bit < 0; b++)
        {
            bit = (used & (1U << b)) == 0 ? b : -1;
        }

        if (bit < 0)
        {
            return RootError.ProcessLimit;
        }

        try
        {
            if (_freeSubs.Count == 0)
            {
                MakeSubscriptions(_freeSubs.Made);
            }

            _firstSub.Reserve();
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }

        record = _freeSubs.Top;
        return RootError.Ok;
    }

    public void AddSubscription(int record, ulong pid, int topic, int bit)
    {
        _freeSubs.Take(record);
        int first = _topics[topic].FirstSubscriber;
        _subs[record] = new SubscriptionRecord
        {
            InUse = true, Pid = pid, Topic = topic, Bit = bit, NextInTopic = first, PreviousInTopic = -1, NextOfPid = FirstOfPid(pid),
        };
        if (first >= 0)
        {
            _subs[first].PreviousInTopic = record;
        }

        _topics[topic].FirstSubscriber = record;
        _topics[topic].Subscribers++;
        _firstSub.Set(pid, record);
        LeaveOrphans(topic);
        PeakSubscriptions = SubscriptionCount > PeakSubscriptions ? SubscriptionCount : PeakSubscriptions;
    }

    public void RemoveSubscription(int record)
    {
        ref SubscriptionRecord s = ref _subs[record];
        if (!s.InUse)
        {
            return;
        }

        // Off its process's list (at most MaxSubscriptionsPerProcess long)...
        if (FirstOfPid(s.Pid) == record)
        {
            if (s.NextOfPid >= 0)
            {
                _firstSub.Set(s.Pid, s.NextOfPid);
            }
            else
            {
                _firstSub.Remove(s.Pid);
            }
        }
        else
        {
            int i = FirstOfPid(s.Pid);
            while (i >= 0 && _subs[i].NextOfPid != record)
            {
                i = _subs[i].NextOfPid;
            }

            if (i >= 0)
            {
                _subs[i].NextOfPid = s.NextOfPid;
            }
        }

        // ... and off its topic's.
        int topic = s.Topic;
        if (s.PreviousInTopic >= 0)
        {
            _subs[s.PreviousInTopic].NextInTopic = s.NextInTopic;
        }
        else
        {
            _topics[topic].FirstSubscriber = s.NextInTopic;
        }

        if (s.NextInTopic >= 0)
        {
            _subs[s.NextInTopic].PreviousInTopic = s.PreviousInTopic;
        }

        _topics[topic].Subscribers--;
        s = default;
        _freeSubs.Give(record);
        OrphanIfUnused(topic);
    }

    /// <summary>The caller's subscription to the topic <paramref name="name"/>, or NoSuchName.</summary>
    public RootError FindSubscription(ulong pid, ReadOnlySpan<byte> name, out int record)
    {
        int topic = Find(name);
        for (record = topic >= 0 ? FirstOfPid(pid) : -1; record >= 0; record = _subs[record].NextOfPid)
        {
            if (_subs[record].Topic == topic)
            {
                return RootError.Ok;
            }
        }

        record = -1;
        return RootError.NoSuchName;
    }

    // Charges topic t to pid (its holder list and count have room: CheckCreate or Published reserved it).
    private void Hold(int t, ulong pid)
    {
        _topics[t].Holder = pid;
        _topics[t].NextHeld = _firstHeld.Get(pid, -1);
        _firstHeld.Set(pid, t);
        _heldCount.AddTo(pid, 1);
    }

    // A topic with neither holder nor subscriber joins the orphans as the newest; past KeptOrphans the oldest is forgotten.
    private void OrphanIfUnused(int t)
    {
        if (_topics[t].Holder != 0 || _topics[t].Subscribers > 0 || _topics[t].Orphan)
        {
            return;
        }

        _topics[t].Orphan = true;
        _topics[t].OlderOrphan = _newestOrphan;
        _topics[t].NewerOrphan = -1;
        if (_newestOrphan >= 0)
        {
            _topics[_newestOrphan].NewerOrphan = t;
        }
        else
        {
            _oldestOrphan = t;
        }

        _newestOrphan = t;
        OrphanCount++;
        if (OrphanCount > KeptOrphans)
        {
            Forget(_oldestOrphan);
        }
    }

    private void LeaveOrphans(int t)
    {
        ref TopicRecord r = ref _topics[t];
        if (!r.Orphan)
        {
            return;
        }

        if (r.OlderOrphan >= 0)
        {
            _topics[r.OlderOrphan].NewerOrphan = r.NewerOrphan;
        }
        else
        {
            _oldestOrphan = r.NewerOrphan;
        }

        if (r.NewerOrphan >= 0)
        {
            _topics[r.NewerOrphan].OlderOrphan = r.OlderOrphan;
        }
        else
        {
            _newestOrphan = r.OlderOrphan;
        }

        r.Orphan = false;
        r.OlderOrphan = -1;
        r.NewerOrphan = -1;
        OrphanCount--;
    }

    private void Forget(int t)
    {
        LeaveOrphans(t);
        _byName.Remove(new ReadOnlySpan<byte>(_names, t * ConnectionAbi.MaxNameBytes, _topics[t].NameLength));
        _topics[t] = default;
        _generations[t] = _generations[t] == uint.MaxValue ? 1 : _generations[t] + 1; // its handles are stale now (never 0)
        _freeTopics.Give(t);
    }

    // Makes `more` topic records (the arrays first: a failure leaves the tables as they were).
    private void MakeTopics(int more)
    {
        int made = _freeTopics.Made;
        if (made + more > _topics.Length)
        {
            var topics = new TopicRecord[made + more];
            var names = new byte[(made + more) * ConnectionAbi.MaxNameBytes];
            var generations = new uint[made + more];
            Array.Copy(_topics, topics, made);
            Array.Copy(_names, names, made * ConnectionAbi.MaxNameBytes);
            Array.Copy(_generations, generations, made);
            _topics = topics;
            _names = names;
            _generations = generations;
        }

        for (int i = made; i < made + more; i++)
        {
            _generations[i] = 1;
        }

        _freeTopics.Make(more);
    }

    private void MakeSubscriptions(int more)
    {
        int made = _freeSubs.Made;
        if (made + more > _subs.Length)
        {
            var subs = new SubscriptionRecord[made + more];
            Array.Copy(_subs, subs, made);
            _subs = subs;
        }

        _freeSubs.Make(more);
    }
}
