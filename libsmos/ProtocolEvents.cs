// Server-to-client events of typed protocols: each connection's queue of raised events and the doorbell that announces them.
using System;
using System.Collections.Generic;
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// The events a generated server has raised and its clients have not taken yet, one queue per connection badge (at most
/// <see cref="ProtocolWire.MaxQueuedEvents"/> each). Raising an event into an empty queue rings the client's doorbell
/// (ConnNotify, taken on the first event and kept until the connection closes); the client's <c>TakeEvents</c> empties
/// the queue in replies of at most <see cref="ProtocolWire.MaxWords"/> words. docs/protocols.md, "Events".
/// </summary>
public sealed class EventQueues
{
    private readonly Dictionary<ulong, Entry> _byBadge = new();

    /// <summary>Events queued for <paramref name="badge"/>'s connection (0 when none).</summary>
    public int Count(ulong badge) => _byBadge.TryGetValue(badge, out Entry? e) ? e.Events.Count : 0;

    /// <summary>Doorbell rings so far (one per event raised into an empty queue whose doorbell could be had).</summary>
    public long Rings { get; private set; }

    /// <summary>
    /// Queues event <paramref name="number"/> with <paramref name="words"/> for the client of <paramref name="badge"/>
    /// (<paramref name="connected"/>: the server's table says the connection is live) and rings its doorbell when the
    /// queue was empty. NotConnected, TooLarge (more than <see cref="ProtocolWire.MaxEventWords"/> words) or QueueFull
    /// leave the queue as it was.
    /// </summary>
    public ProtocolError Raise(ulong badge, bool connected, int number, ReadOnlySpan<ulong> words)
    {
        if (!connected)
        {
            return ProtocolError.NotConnected;
        }

        if (words.Length > ProtocolWire.MaxEventWords)
        {
            return ProtocolError.TooLarge;
        }

        if (!_byBadge.TryGetValue(badge, out Entry? entry))
        {
            entry = new Entry();
            _byBadge[badge] = entry;
        }

        if (entry.Events.Count >= ProtocolWire.MaxQueuedEvents)
        {
            return ProtocolError.QueueFull;
        }

        var record = new ulong[words.Length + 1];
        record[0] = ProtocolWire.EventHeader(number, words.Length);
        words.CopyTo(new Span<ulong>(record, 1, words.Length));
        entry.Events.Enqueue(record);
        if (entry.Events.Count == 1)
        {
            Ring(badge, entry);
        }

        return ProtocolError.Ok;
    }

    /// <summary>
    /// The reply to <paramref name="badge"/>'s TakeEvents in <paramref name="reply"/>: how many events stay queued, then
    /// as many whole events (header and words) as fit, oldest first. Returns the reply's length.
    /// </summary>
    public int Take(ulong badge, Span<ulong> reply)
    {
        if (!_byBadge.TryGetValue(badge, out Entry? entry))
        {
            reply[0] = 0;
            return 1;
        }

        int at = 1;
        while (entry.Events.Count > 0 && entry.Events.Peek().Length <= reply.Length - at)
        {
            ulong[] record = entry.Events.Dequeue();
            record.AsSpan().CopyTo(reply.Slice(at));
            at += record.Length;
        }

        reply[0] = (ulong)entry.Events.Count;
        return at;
    }

    /// <summary>Forgets <paramref name="badge"/>'s queue and deletes its doorbell (the connection closed).</summary>
    public void Closed(ulong badge)
    {
        if (_byBadge.Remove(badge, out Entry? entry) && entry.Bell.IsValid)
        {
            CapSpace.Delete(entry.Bell.Notification.Cptr);
        }
    }

    // The doorbell is taken once per connection; without one (the root task refused) the events still wait in the
    // queue for the client's next TakeEvents.
    private void Ring(ulong badge, Entry entry)
    {
        if (!entry.Bell.IsValid && Connections.Doorbell(badge, out Doorbell bell) == RootError.Ok)
        {
            entry.Bell = bell;
        }

        if (entry.Bell.IsValid)
        {
            entry.Bell.Ring();
            Rings++;
        }
    }

    private sealed class Entry
    {
        public readonly Queue<ulong[]> Events = new();
        public Doorbell Bell;
    }
}
