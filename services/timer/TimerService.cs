// The timer server's handler: sleeps answered at their deadline, armed timers ringing doorbells, per-connection quota.
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;
using Smos.Services.Time;

namespace Smos.TimerServer;

/// <summary>
/// Every pending timer of every client in one <see cref="DeadlineQueue{T}"/> on counter ticks. A sleep keeps its
/// caller's reply capability (CNode_SaveCaller into a slot of this process) and answers it at the deadline; an armed
/// timer rings the client's doorbell at each expiry. The physical timer's registers can be written by any thread
/// (KernelArmExportPTMRUser), so they are never trusted: after every request and every interrupt the server reads the
/// counter afresh, answers everything due by that reading (an early interrupt wakes nobody early), and writes the
/// compare value and control again for the earliest deadline left (<see cref="Rearm"/>).
/// </summary>
internal sealed class TimerService : FastRequestHandler
{
    private readonly DeadlineQueue<Pending> _queue = new();
    private readonly Dictionary<ulong, Client> _clients = new();

    // Timer key -> its queue id now (a periodic timer gets a new queue id at each expiry) and its client's badge.
    private readonly Dictionary<ulong, (long QueueId, ulong Badge)> _timers = new();
    private readonly ulong _frequency;
    private readonly IrqHandler _irq = new(CapSlots.IrqHandler);
    private ulong _nextKey = 1;

    public TimerService(ulong frequency)
    {
        _frequency = frequency;
    }

    public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage m)
    {
        ulong now = GenericTimer.Counter;
        TimerError e = TimerArgs.Decode(request, m, now, _frequency, out TimerArgs args);
        MessageInfo reply = e == TimerError.Ok ? Serve(badge, args, now, ref m) : Error(e);
        Rearm();
        return reply;
    }

    /// <summary>The timer's interrupt: answer what is due, re-arm from a fresh counter read, then acknowledge.</summary>
    public override void OnInterrupt(ulong bits)
    {
        Rearm();
        _irq.Ack();
    }

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        if (kind == ConnectionEvent.Opened)
        {
            ClientOf(badge); // its record before its first request
            return;
        }

        if (kind != ConnectionEvent.Closed || !_clients.Remove(badge, out Client? c))
        {
            return;
        }

        // The client is gone: its timers go (a sleeping caller's reply capability went with its thread), and so do the
        // slots they held.
        foreach (ulong key in c.Keys)
        {
            if (_timers.Remove(key, out (long QueueId, ulong Badge) t))
            {
                _queue.Cancel(t.QueueId);
            }
        }

        foreach (ulong slot in c.ReplySlots)
        {
            CapSpace.Delete(slot);
        }

        if (c.Bell.IsValid)
        {
            CapSpace.Delete(c.Bell.Notification.Cptr);
        }

        Rearm();
    }

    private MessageInfo Serve(ulong badge, in TimerArgs args, ulong now, ref FastMessage m)
    {
        Client c = ClientOf(badge);
        switch (args.Kind)
        {
            case TimerRequest.Now:
                m = new FastMessage(now, _frequency, (ulong)_queue.Count, 0);
                return new MessageInfo(0, 0, 0, 3);
            case TimerRequest.Fired:
                m = new FastMessage(c.Fired, (ulong)c.Keys.Count, 0, 0);
                c.Fired = 0;
                return new MessageInfo(0, 0, 0, 2);
            case TimerRequest.Cancel:
                if (!_timers.TryGetValue(args.Value, out (long QueueId, ulong Badge) t) || t.Badge != badge)
                {
                    return Error(TimerError.NoSuchTimer);
                }

                _queue.Cancel(t.QueueId);
                _timers.Remove(args.Value);
                c.Keys.Remove(args.Value);
                return new MessageInfo(0, 0, 0, 0);
            case TimerRequest.Sleep:
            case TimerRequest.SleepUntil:
                if (args.Value <= now)
                {
                    m = new FastMessage(now, 0, 0, 0);
                    return new MessageInfo(0, 0, 0, 1);
                }

                return Hold(badge, c, args.Value);
            default: // Arm
                if (c.Keys.Count >= TimerAbi.MaxPendingPerClient)
                {
                    return Error(TimerError.QuotaTimers);
                }

                if (!c.Bell.IsValid && Connections.Doorbell(badge, out c.Bell) != RootError.Ok)
                {
                    return Error(TimerError.NoSlot);
                }

                m = new FastMessage(Add(badge, c, args.Value, 0, args.Period), 0, 0, 0);
                return new MessageInfo(0, 0, 0, 1);
        }
    }

    // A sleep: keep the caller's reply capability and answer it at the deadline. The loop's ReplyRecv then answers
    // nobody (the caller's reply slot is empty), and the caller stays blocked in its Call.
    private MessageInfo Hold(ulong badge, Client c, ulong deadline)
    {
        if (c.Keys.Count >= TimerAbi.MaxPendingPerClient)
        {
            return Error(TimerError.QuotaTimers);
        }

        if (!CapSpace.TryAlloc(out ulong slot))
        {
            return Error(TimerError.NoSlot);
        }

        if (!new CNode(CapSlots.SelfCNode, 64).SaveCaller(slot).IsOk)
        {
            CapSpace.Free(slot);
            return Error(TimerError.NoSlot);
        }

        c.ReplySlots.Add(slot);
        Add(badge, c, deadline, slot, 0);
        return new MessageInfo(0, 0, 0, 0);
    }

    private ulong Add(ulong badge, Client c, ulong deadline, ulong replySlot, ulong period)
    {
        ulong key = _nextKey++;
        long id = _queue.Add(deadline, new Pending(key, badge, replySlot, period, deadline));
        _timers[key] = (id, badge);
        c.Keys.Add(key);
        return key;
    }

    /// <summary>
    /// Answers every entry due by a fresh counter reading, in deadline order, then arms the physical timer for the
    /// earliest deadline left (both registers written, whatever they hold) or disarms it when nothing waits.
    /// </summary>
    private void Rearm()
    {
        while (true)
        {
            ulong now = GenericTimer.Counter;
            while (_queue.TryTakeDue(now, out Pending p, out _))
            {
                Expire(p, now);
            }

            if (!_queue.TryPeek(out ulong next))
            {
                GenericTimer.Disarm();
                return;
            }

            GenericTimer.Arm(next);
            if (GenericTimer.Counter < next)
            {
                return; // armed for the future: its interrupt will come (or a request re-arms first)
            }
        }
    }

    private void Expire(in Pending p, ulong now)
    {
        if (!_clients.TryGetValue(p.Badge, out Client? c))
        {
            return;
        }

        if (p.ReplySlot != 0)
        {
            using (var w = Ipc.Write())
            {
                w.SetMr(0, now);
            }

            new Endpoint(p.ReplySlot).Send(new MessageInfo(0, 0, 0, 1)); // the reply capability is used up
            CapSpace.Delete(p.ReplySlot);
            c.ReplySlots.Remove(p.ReplySlot);
            _timers.Remove(p.Key);
            c.Keys.Remove(p.Key);
            return;
        }

        c.Fired++;
        c.Bell.Ring();
        if (p.Period == 0)
        {
            _timers.Remove(p.Key);
            c.Keys.Remove(p.Key);
            return;
        }

        // Periodic: the next expiry on the period's grid after now (expiries missed meanwhile count as this one).
        ulong next = p.Deadline + p.Period;
        if (next <= now)
        {
            next = now + p.Period - ((now - p.Deadline) % p.Period);
        }

        long id = _queue.Add(next, new Pending(p.Key, p.Badge, 0, p.Period, next));
        _timers[p.Key] = (id, p.Badge);
    }

    private Client ClientOf(ulong badge)
    {
        if (!_clients.TryGetValue(badge, out Client? c))
        {
            c = new Client();
            _clients[badge] = c;
        }

        return c;
    }

    private static MessageInfo Error(TimerError e) => new((ulong)e, 0, 0, 0);

    /// <summary>One queue entry: its key, client, the saved reply capability of a sleep (0 for an armed timer), the period, its deadline.</summary>
    private readonly struct Pending
    {
        public readonly ulong Key;
        public readonly ulong Badge;
        public readonly ulong ReplySlot;
        public readonly ulong Period;
        public readonly ulong Deadline;

        public Pending(ulong key, ulong badge, ulong replySlot, ulong period, ulong deadline)
        {
            Key = key;
            Badge = badge;
            ReplySlot = replySlot;
            Period = period;
            Deadline = deadline;
        }
    }

    private sealed class Client
    {
        public ulong Fired;
        public Doorbell Bell;
        public readonly List<ulong> Keys = new();
        public readonly List<ulong> ReplySlots = new();
    }
}
