// SystemStatus (a `free`): the root task's memory, CSpace and heap, and how many of each shared object exist.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same members as on the other request types.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>
/// The whole system's figures, as the root task sees them (13 words, in this
/// order; <see cref="IRootTask.SystemStatus"/>): untyped memory it manages and how much of it is free, its CSpace's slots and how many are free, its heap's
/// size and the bytes in use in it, and how many processes, zombies, connections, publications, topics, subscriptions
/// and memory objects exist.
/// </summary>
public struct SystemStatus
{
    /// <summary>Bytes of RAM untyped memory the root task manages (device memory not counted).</summary>
    public ulong UntypedBytes;

    /// <summary>Of those, bytes not retyped into any object: what is left for processes and the root task's growth.</summary>
    public ulong FreeUntypedBytes;

    /// <summary>Slots of the root task's CSpace (it grows by whole CNodes).</summary>
    public ulong RootSlots;

    /// <summary>Of those, slots holding nothing.</summary>
    public ulong FreeRootSlots;

    /// <summary>Bytes of the root task's heap (taken from untyped memory as it grew; kept).</summary>
    public ulong HeapBytes;

    /// <summary>Bytes in use in the heap: live objects, plus garbage unless the request asked for a collection first.</summary>
    public ulong HeapUsedBytes;

    public ulong Processes;
    public ulong Zombies;
    public ulong Connections;
    public ulong Publications;
    public ulong Topics;
    public ulong Subscriptions;
    public ulong MemoryObjects;
}

/// <summary>SystemStatus's flags (<see cref="IRootTask.SystemStatus"/>): any other bit is BadArgument.</summary>
[Flags]
public enum StatusFlags : ulong
{
    /// <summary>Nothing first.</summary>
    None = 0,

    /// <summary>The root task runs a full collection of its heap before it measures it.</summary>
    CollectFirst = 1,
}
