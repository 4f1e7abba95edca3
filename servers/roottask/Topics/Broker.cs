// The notification broker: named topics; subscribers get a bit of their own notification, publishers signal them all.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Topics;

/// <summary>Decode (the protocol's request types), validate (<see cref="TopicRegistry"/>), then invoke (badged notification caps).</summary>
internal sealed class Broker
{
    private readonly TopicRegistry _registry = new();
    private RootSlot[] _signalSlots = new RootSlot[TopicRegistry.InitialSubscriptions];
    private readonly byte[] _name = new byte[ConnectionAbi.NameScratchBytes];
    private readonly RootResources _res;

    public Broker(RootResources res) { _res = res; }

    /// <summary>The tables (for figures: counts and peaks).</summary>
    public TopicRegistry Registry => _registry;

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = the notification bit (as a mask).</summary>
    public RootError Subscribe(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeTopic(info, mrs, out ReadOnlySpan<byte> name, out _, out int topic);
        if (e != RootError.Ok)
        {
            return e;
        }

        // Validate everything (the subscription, then the new topic if there is none yet) before creating anything.
        int create = -1;
        if ((e = _registry.CheckSubscribe(caller.Pid, topic, out int existing, out int record, out int bit)) != RootError.Ok ||
            (topic < 0 && (e = _registry.CheckCreate(caller.Pid, out create)) != RootError.Ok))
        {
            return e;
        }

        if (_signalSlots.Length < _registry.SubscriptionCapacity)
        {
            try
            {
                var slots = new RootSlot[_registry.SubscriptionCapacity]; // the registry made records: follow it
                Array.Copy(_signalSlots, slots, _signalSlots.Length);
                _signalSlots = slots;
            }
            catch (OutOfMemoryException)
            {
                return RootError.NoMemory;
            }
        }

        if (existing >= 0)
        {
            value = 1UL << _registry.SubscriptionBit(existing); // already subscribed: the same bit again
            return RootError.Ok;
        }

        CountUsage(caller);
        if (!caller.Account.Fits(QuotaKind.Subscriptions, 1))
        {
            return RootError.QuotaSubscriptions;
        }

        if (topic < 0 && !caller.Account.Fits(QuotaKind.Publications, 1))
        {
            return RootError.QuotaPublications; // a new topic is held by its creator, within its publications quota
        }

        // The badged capability's root slot is the subscriber's (its slot quota); released when the subscription goes.
        if (!caller.Account.TryCharge(QuotaKind.Slots, 1))
        {
            return RootError.QuotaSlots;
        }

        Sel4Error minted = _res.Slots.MintNew(caller.NotificationSlot, CapRights.All, 1UL << bit, out RootSlot slot);
        if (minted != Sel4Error.NoError)
        {
            caller.Account.Release(QuotaKind.Slots, 1);
            // No free root slot, or the kernel refused the mint.
            return minted == Sel4Error.NotEnoughMemory ? RootError.TooManyConnections : RootError.NoMemory;
        }

        if (topic < 0)
        {
            _registry.Create(create, caller.Pid, name);
            topic = create;
        }

        _registry.AddSubscription(record, caller.Pid, topic, bit);
        _signalSlots[record] = slot;
        value = 1UL << bit;
        return RootError.Ok;
    }

    /// <summary>The names each process published (the connection server's), for the publications count; null in tests of the broker alone.</summary>
    public IHeldCount? Names { get; set; }

    /// <summary>
    /// Sets <paramref name="p"/>'s subscriptions in its quota account, and its publications: the names it published
    /// (<see cref="Names"/>) and the topics it holds.
    /// </summary>
    public void CountUsage(Process p)
    {
        p.Account.SetUsed(QuotaKind.Publications, (ulong)((Names?.HeldBy(p.Pid) ?? 0) + _registry.HeldBy(p.Pid)));
        ulong n = 0;
        for (int i = _registry.FirstOfPid(p.Pid); i >= 0; i = _registry.NextOfPid(i))
        {
            n++;
        }

        p.Account.SetUsed(QuotaKind.Subscriptions, n);
    }

    /// <summary>MR0 = name length, name from MR1.</summary>
    public RootError Unsubscribe(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs)
    {
        RootError e = DecodeName(info, mrs, out ReadOnlySpan<byte> name, out _);
        if (e != RootError.Ok || (e = ConnectionAbi.CheckName(name)) != RootError.Ok ||
            (e = _registry.FindSubscription(caller.Pid, name, out int record)) != RootError.Ok)
        {
            return e;
        }

        Drop(record, caller);
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, MR1 = value, name from MR2. Reply MR0 = subscribers signalled.</summary>
    public RootError Publish(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeTopic(info, mrs, out ReadOnlySpan<byte> name, out ulong published, out int topic);
        if (e != RootError.Ok || (topic < 0 && (topic = Create(caller, name, out e)) < 0))
        {
            return e;
        }

        value = Deliver(caller, topic, published);
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = the topic's handle; a new topic is made as PublishTopic makes it.</summary>
    public RootError Open(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeTopic(info, mrs, out ReadOnlySpan<byte> name, out _, out int topic);
        if (e != RootError.Ok || (topic < 0 && (topic = Create(caller, name, out e)) < 0))
        {
            return e;
        }

        value = _registry.HandleOf(topic);
        return RootError.Ok;
    }

    /// <summary>MR0 = a handle from OpenTopic, MR1 = value. Reply MR0 = subscribers signalled; BadHandle when the handle names no topic.</summary>
    public RootError PublishHandle(Process caller, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodePublishHandle(mrs, out PublishHandleArgs publish));
        int topic = e == RootError.Ok ? _registry.FromHandle(publish.Handle) : -1;
        if (e != RootError.Ok)
        {
            return e;
        }

        if (topic < 0)
        {
            return RootError.BadHandle;
        }

        value = Deliver(caller, topic, publish.Value);
        return RootError.Ok;
    }

    // Makes topic `name` (no topic has it) for the caller, within its publications quota; -1 with the error when it cannot.
    private int Create(Process caller, ReadOnlySpan<byte> name, out RootError error)
    {
        CountUsage(caller);
        if (!caller.Account.Fits(QuotaKind.Publications, 1))
        {
            error = RootError.QuotaPublications; // (the name is valid: Find checked it)
            return -1;
        }

        return _registry.FindOrCreate(caller.Pid, name, out error);
    }

    // Records the value and signals every subscriber; the number signalled. Only a topic without a holder (its holder
    // ended) counts the caller's publications, to see whether it may adopt the topic; a publish to a held topic (the
    // common case) changes no count and skips that walk.
    private ulong Deliver(Process caller, int topic, ulong published)
    {
        bool mayHold = false;
        if (_registry.Holder(topic) == 0)
        {
            CountUsage(caller);
            mayHold = caller.Account.Fits(QuotaKind.Publications, 1);
        }

        _registry.Published(topic, caller.Pid, published, mayHold);
        ulong signalled = 0;
        for (int i = _registry.FirstSubscriber(topic); i >= 0; i = _registry.NextSubscriber(i))
        {
            _res.Kernel.Signal(_signalSlots[i]);
            signalled++;
        }

        return signalled;
    }

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = the topic's last value.</summary>
    public RootError Read(MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        RootError e = DecodeTopic(info, mrs, out _, out _, out int topic);
        if (e != RootError.Ok)
        {
            return e;
        }

        if (topic < 0)
        {
            return RootError.NoSuchName;
        }

        value = _registry.Value(topic);
        return RootError.Ok;
    }

    /// <summary>Drops a process's subscriptions and lets go of the topics it held (it ended).</summary>
    public void ProcessEnded(Process p)
    {
        _registry.ProcessEnded(p.Pid);
        for (int i = _registry.FirstOfPid(p.Pid); i >= 0; i = _registry.FirstOfPid(p.Pid))
        {
            Drop(i, p);
        }
    }

    private void Drop(int record, Process subscriber)
    {
        if (_signalSlots[record].IsSome)
        {
            subscriber.Account.Release(QuotaKind.Slots, 1);
        }

        _res.Slots.Release(ref _signalSlots[record]);
        _registry.RemoveSubscription(record);
    }

    // The topic named name, or -1; the name is checked (BadName in error) only when no topic has it: every topic's name
    // was checked when the topic was made, so a name that is found is a valid one.
    private int Find(ReadOnlySpan<byte> name, out RootError error)
    {
        int topic = _registry.Find(name);
        error = topic < 0 ? ConnectionAbi.CheckName(name) : RootError.Ok;
        return topic;
    }

    // Decodes the request's name (and PublishTopic's value) and finds its topic (-1: none has it; the name was checked then).
    private RootError DecodeTopic(MessageInfo info, ReadOnlySpan<ulong> mrs, out ReadOnlySpan<byte> name, out ulong extra, out int topic)
    {
        RootError e = DecodeName(info, mrs, out name, out extra);
        topic = e == RootError.Ok ? Find(name, out e) : -1;
        return e;
    }

    // Decodes the request's name (and PublishTopic's value) with RootTaskProtocol (the callers check the name).
    private RootError DecodeName(MessageInfo info, ReadOnlySpan<ulong> mrs, out ReadOnlySpan<byte> name, out ulong extra)
    {
        ProtocolError decoded;
        extra = 0;
        name = default;
        switch ((RootRequest)info.Label)
        {
            case RootRequest.PublishTopic:
                decoded = RootTaskProtocol.DecodePublishTopic(mrs, _name, out PublishTopicArgs publish);
                name = publish.Name;
                extra = publish.Value;
                break;
            case RootRequest.Subscribe:
                decoded = RootTaskProtocol.DecodeSubscribe(mrs, _name, out SubscribeArgs subscribe);
                name = subscribe.Name;
                break;
            case RootRequest.Unsubscribe:
                decoded = RootTaskProtocol.DecodeUnsubscribe(mrs, _name, out UnsubscribeArgs unsubscribe);
                name = unsubscribe.Name;
                break;
            case RootRequest.OpenTopic:
                decoded = RootTaskProtocol.DecodeOpenTopic(mrs, _name, out OpenTopicArgs open);
                name = open.Name;
                break;
            default:
                decoded = RootTaskProtocol.DecodeReadTopic(mrs, _name, out ReadTopicArgs read);
                name = read.Name;
                break;
        }

        return RootReplies.ErrorOf(decoded);
    }
}
