// SystemStatus (a `free`): the root task's untyped memory, CSpace and heap, and the count of each kind of object.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Front;

/// <summary>SystemStatus: a reply of <see cref="SystemStatus"/>'s 13 words.</summary>
internal sealed partial class RequestDispatcher
{
    // One pass over the process records (for the zombies); every other figure is a counter.
    private RootError Status(StatusFlags flags)
    {
        IHeapMeter? heap = _res.HeapMeter;
        if ((flags & StatusFlags.CollectFirst) != 0)
        {
            heap?.Collect();
        }

        ulong zombies = 0;
        for (int i = 0; i < _table.Capacity; i++)
        {
            zombies += _table.At(i).State == ProcessState.Zombie ? 1UL : 0;
        }

        UntypedManager untyped = _res.Untyped;
        var s = new SystemStatus
        {
            UntypedBytes = untyped.FreeBytes + untyped.UsedBytes,
            FreeUntypedBytes = untyped.FreeBytes,
            RootSlots = (ulong)_slots.Capacity,
            FreeRootSlots = (ulong)(_slots.FreeCount + _spawner.SpareCopies), // the spawner's cache, which it can drop, counts as free
            HeapBytes = heap?.Size ?? 0,
            HeapUsedBytes = heap?.Used ?? 0,
            Processes = (ulong)_table.Count - zombies,
            Zombies = zombies,
            Connections = (ulong)_connections.Registry.ConnectionCount,
            Publications = (ulong)_connections.Registry.PublicationCount,
            Topics = (ulong)_broker.Registry.TopicCount,
            Subscriptions = (ulong)_broker.Registry.SubscriptionCount,
            MemoryObjects = (ulong)_memory.ObjectCount,
        };
        _replyLength = RootTaskProtocol.EncodeSystemStatusReply(s, new Span<ulong>(_replyWords));
        return RootError.Ok;
    }
}
