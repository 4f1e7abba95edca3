// The timer server's queue of deadlines: a binary min-heap on counter ticks, FIFO among equal deadlines, cancel by id.
using System.Collections.Generic;

namespace Smos.Services.Time;

/// <summary>
/// Pending entries ordered by deadline (counter ticks of the ARM generic timer, or any monotonic unit). A binary min-heap
/// keyed by (deadline, id): ids grow with every <see cref="Add"/>, so entries with equal deadlines leave in the order they
/// were added. Entries stay in slots of a node array that record their heap position, and the heap orders slot
/// numbers, so moving an entry in the heap is two array writes; a map from id to slot (one insert and one removal per
/// entry) makes <see cref="Cancel"/> O(log n) like <see cref="Add"/> and <see cref="TryTakeDue"/>. The arrays and the
/// map grow with demand (no fixed maximum) and are reused, so a queue that has reached its working size allocates
/// nothing more. Not thread-safe: one server thread owns it.
/// </summary>
/// <typeparam name="T">What each entry carries (a client and its request, for the timer server).</typeparam>
public sealed class DeadlineQueue<T>
{
    private const int InitialCapacity = 16;

    private Node[] _nodes;     // entries by slot (a freed slot is cleared)
    private int[] _heap;       // slots in heap order: _heap[0] is the earliest
    private int[] _freeSlots;  // a stack of free slots
    private int _freeCount;
    private readonly Dictionary<long, int> _slotOfId;
    private int _count;
    private long _nextId = 1;

    /// <summary>An empty queue.</summary>
    public DeadlineQueue()
    {
        _nodes = new Node[InitialCapacity];
        _heap = new int[InitialCapacity];
        _freeSlots = new int[InitialCapacity];
        _slotOfId = new Dictionary<long, int>(InitialCapacity);
        for (int i = 0; i < InitialCapacity; i++)
        {
            _freeSlots[i] = InitialCapacity - 1 - i; // slot 0 on top
        }

        _freeCount = InitialCapacity;
    }

    /// <summary>The number of entries waiting (neither taken nor cancelled).</summary>
    public int Count => _count;

    /// <summary>
    /// Queues <paramref name="item"/> to fall due at <paramref name="deadline"/> and returns its id for
    /// <see cref="Cancel"/>. Ids start at 1 and are never reused (0 is never an id), so a stale id cancels nothing.
    /// </summary>
    public long Add(ulong deadline, T item)
    {
        if (_freeCount == 0)
        {
            Grow();
        }

        long id = _nextId++;
        int slot = _freeSlots[--_freeCount];
        _nodes[slot] = new Node { Deadline = deadline, Id = id, Item = item };
        _slotOfId[id] = slot;
        int at = _count++;
        _heap[at] = slot;
        _nodes[slot].HeapIndex = at;
        SiftUp(at);
        return id;
    }

    /// <summary>
    /// Removes the entry <paramref name="id"/>. False if there is no such entry: never added, already taken by
    /// <see cref="TryTakeDue"/>, or already cancelled.
    /// </summary>
    public bool Cancel(long id)
    {
        if (!_slotOfId.Remove(id, out int slot))
        {
            return false;
        }

        Remove(slot);
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

        deadline = _nodes[_heap[0]].Deadline;
        return true;
    }

    /// <summary>
    /// Takes the earliest entry if its deadline is at or before <paramref name="now"/> (the first added among equal
    /// deadlines). False, with default outputs, when the queue is empty or the earliest deadline is still ahead. Call it
    /// in a loop to take everything that is due.
    /// </summary>
    public bool TryTakeDue(ulong now, out T item, out long id)
    {
        if (_count == 0 || _nodes[_heap[0]].Deadline > now)
        {
            item = default!;
            id = 0;
            return false;
        }

        int slot = _heap[0];
        item = _nodes[slot].Item;
        id = _nodes[slot].Id;
        _slotOfId.Remove(id);
        Remove(slot);
        return true;
    }

    // Takes `slot` (already gone from the map) out of the heap and frees it: the heap's last slot fills the hole and
    // moves up or down from there.
    private void Remove(int slot)
    {
        int at = _nodes[slot].HeapIndex;
        _nodes[slot] = new Node { HeapIndex = -1 }; // drops the item's reference for the collector
        _freeSlots[_freeCount++] = slot;
        int last = --_count;
        if (at != last)
        {
            int moved = _heap[last];
            _heap[at] = moved;
            _nodes[moved].HeapIndex = at;
            if (at > 0 && Precedes(moved, _heap[(at - 1) / 2]))
            {
                SiftUp(at);
            }
            else
            {
                SiftDown(at);
            }
        }
    }

    private void SiftUp(int at)
    {
        int moving = _heap[at];
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (!Precedes(moving, _heap[parent]))
            {
                break;
            }

            Put(_heap[parent], at);
            at = parent;
        }

        Put(moving, at);
    }

    private void SiftDown(int at)
    {
        int moving = _heap[at];
        while (true)
        {
            int child = 2 * at + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Precedes(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Precedes(_heap[child], moving))
            {
                break;
            }

            Put(_heap[child], at);
            at = child;
        }

        Put(moving, at);
    }

    // Places `slot` at heap position `at`.
    private void Put(int slot, int at)
    {
        _heap[at] = slot;
        _nodes[slot].HeapIndex = at;
    }

    // Earlier deadline first; among equal deadlines the smaller (older) id.
    private bool Precedes(int slotA, int slotB)
    {
        ref Node a = ref _nodes[slotA];
        ref Node b = ref _nodes[slotB];
        return a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Id < b.Id);
    }

    // Doubles every array; the new slots go on the free stack (lowest on top).
    private void Grow()
    {
        int old = _nodes.Length;
        int size = old * 2;
        var nodes = new Node[size];
        var heap = new int[size];
        var free = new int[size];
        for (int i = 0; i < old; i++)
        {
            nodes[i] = _nodes[i];
            heap[i] = _heap[i];
        }

        for (int i = 0; i < size - old; i++)
        {
            free[i] = size - 1 - i;
        }

        _nodes = nodes;
        _heap = heap;
        _freeSlots = free;
        _freeCount = size - old;
    }

    private struct Node
    {
        public ulong Deadline;
        public long Id;
        public T Item;
        public int HeapIndex;
    }
}
