// The timer server's queue of deadlines: a binary min-heap on counter ticks, FIFO among equal deadlines, cancel by id.
using System.Collections.Generic;

namespace Smos.Services.Time;

/// <summary>
/// Pending entries ordered by deadline (counter ticks of the ARM generic timer, or any monotonic unit). A binary min-heap
/// keyed by (deadline, id): ids grow with every <see cref="Add"/>, so entries with equal deadlines leave in the order they
/// were added. A map from id to heap position makes <see cref="Cancel"/> O(log n) like <see cref="Add"/> and
/// <see cref="TryTakeDue"/>. The heap and the map grow with demand (no fixed maximum) and are reused, so a queue that
/// has reached its working size allocates nothing more. Not thread-safe: one server thread owns it.
/// </summary>
/// <typeparam name="T">What each entry carries (a client and its request, for the timer server).</typeparam>
public sealed class DeadlineQueue<T>
{
    private const int InitialCapacity = 16;

    private Entry[] _heap;
    private readonly Dictionary<long, int> _positions;
    private int _count;
    private long _nextId = 1;

    /// <summary>An empty queue.</summary>
    public DeadlineQueue()
    {
        _heap = new Entry[InitialCapacity];
        _positions = new Dictionary<long, int>(InitialCapacity);
    }

    /// <summary>The number of entries waiting (neither taken nor cancelled).</summary>
    public int Count => _count;

    /// <summary>
    /// Queues <paramref name="item"/> to fall due at <paramref name="deadline"/> and returns its id for
    /// <see cref="Cancel"/>. Ids start at 1 and are never reused (0 is never an id), so a stale id cancels nothing.
    /// </summary>
    public long Add(ulong deadline, T item)
    {
        if (_count == _heap.Length)
        {
            Grow();
        }

        long id = _nextId++;
        int at = _count++;
        _heap[at] = new Entry { Deadline = deadline, Id = id, Item = item };
        _positions[id] = at;
        SiftUp(at);
        return id;
    }

    /// <summary>
    /// Removes the entry <paramref name="id"/>. False if there is no such entry: never added, already taken by
    /// <see cref="TryTakeDue"/>, or already cancelled.
    /// </summary>
    public bool Cancel(long id)
    {
        if (!_positions.Remove(id, out int at))
        {
            return false;
        }

        RemoveAt(at);
        return true;
    }

    /// <summary>The earliest deadline waiting, if any (what the timer server arms the hardware timer for).</summary>
    public bool TryPeek(out ulong deadline)
    {
        if (_count == 0)
        {
            deadline = 0;
            return false;
        }

        deadline = _heap[0].Deadline;
        return true;
    }

    /// <summary>
    /// Takes the earliest entry if its deadline is at or before <paramref name="now"/> (the first added among equal
    /// deadlines). False, with default outputs, when the queue is empty or the earliest deadline is still ahead. Call it
    /// in a loop to take everything that is due.
    /// </summary>
    public bool TryTakeDue(ulong now, out T item, out long id)
    {
        if (_count == 0 || _heap[0].Deadline > now)
        {
            item = default!;
            id = 0;
            return false;
        }

        item = _heap[0].Item;
        id = _heap[0].Id;
        _positions.Remove(id);
        RemoveAt(0);
        return true;
    }

    // Removes the heap slot `at` (already gone from the map): the last entry fills the hole and moves up or down.
    private void RemoveAt(int at)
    {
        int last = --_count;
        if (at != last)
        {
            _heap[at] = _heap[last];
            _positions[_heap[at].Id] = at;
            _heap[last] = default;
            if (at > 0 && Before(at, (at - 1) / 2))
            {
                SiftUp(at);
            }
            else
            {
                SiftDown(at);
            }
        }
        else
        {
            _heap[last] = default; // drop the item's reference for the collector
        }
    }

    private void SiftUp(int at)
    {
        Entry moving = _heap[at];
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (!Precedes(moving, _heap[parent]))
            {
                break;
            }

            Place(parent, at);
            at = parent;
        }

        _heap[at] = moving;
        _positions[moving.Id] = at;
    }

    private void SiftDown(int at)
    {
        Entry moving = _heap[at];
        while (true)
        {
            int child = 2 * at + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(child + 1, child))
            {
                child++;
            }

            if (!Precedes(_heap[child], moving))
            {
                break;
            }

            Place(child, at);
            at = child;
        }

        _heap[at] = moving;
        _positions[moving.Id] = at;
    }

    // Moves the entry in slot `from` to slot `to` and records its new position.
    private void Place(int from, int to)
    {
        _heap[to] = _heap[from];
        _positions[_heap[to].Id] = to;
    }

    private bool Before(int a, int b) => Precedes(_heap[a], _heap[b]);

    // Earlier deadline first; among equal deadlines the smaller (older) id.
    private static bool Precedes(in Entry a, in Entry b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Id < b.Id);

    private void Grow()
    {
        var bigger = new Entry[_heap.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _heap[i];
        }

        _heap = bigger;
    }

    private struct Entry
    {
        public ulong Deadline;
        public long Id;
        public T Item;
    }
}
