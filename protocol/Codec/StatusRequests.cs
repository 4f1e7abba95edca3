// SystemStatus (a `free`): the root task's memory, CSpace and heap, and how many of each shared object exist.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same members as on the other request types.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>
/// The whole system's figures, as the root task sees them (<see cref="SystemStatusRequest.ReplyWords"/> words, in this
/// order): untyped memory it manages and how much of it is free, its CSpace's slots and how many are free, its heap's
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

/// <summary>
/// SystemStatus: MR0 = flags (<see cref="CollectFirst"/>: the root task collects its heap before it counts; other bits
/// BadArgument); length 1. Reply: <see cref="ReplyWords"/> words (<see cref="SystemStatus"/>).
/// </summary>
public static class SystemStatusRequest
{
    public const RootRequest Label = RootRequest.SystemStatus;

    /// <summary>Flag: collect the root task's heap first, so that <see cref="SystemStatus.HeapUsedBytes"/> counts live objects only.</summary>
    public const ulong CollectFirst = 1;

    /// <summary>Words of the reply.</summary>
    public const int ReplyWords = 13;

    public static int Encode(ulong flags, Span<ulong> mrs)
    {
        mrs[0] = flags;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out ulong flags)
    {
        flags = 0;
        RootError e = Shapes.Words(message, 1);
        if (e != RootError.Ok)
        {
            return e;
        }

        flags = message[0];
        return (flags & ~CollectFirst) == 0 ? RootError.Ok : RootError.BadArgument;
    }

    public static int EncodeReply(in SystemStatus s, Span<ulong> reply)
    {
        reply[0] = s.UntypedBytes;
        reply[1] = s.FreeUntypedBytes;
        reply[2] = s.RootSlots;
        reply[3] = s.FreeRootSlots;
        reply[4] = s.HeapBytes;
        reply[5] = s.HeapUsedBytes;
        reply[6] = s.Processes;
        reply[7] = s.Zombies;
        reply[8] = s.Connections;
        reply[9] = s.Publications;
        reply[10] = s.Topics;
        reply[11] = s.Subscriptions;
        reply[12] = s.MemoryObjects;
        return ReplyWords;
    }

    /// <summary>The reply's figures; BadLength unless it has exactly <see cref="ReplyWords"/> words.</summary>
    public static RootError DecodeReply(ReadOnlySpan<ulong> reply, out SystemStatus s)
    {
        s = default;
        if (reply.Length != ReplyWords)
        {
            return RootError.BadLength;
        }

        s.UntypedBytes = reply[0];
        s.FreeUntypedBytes = reply[1];
        s.RootSlots = reply[2];
        s.FreeRootSlots = reply[3];
        s.HeapBytes = reply[4];
        s.HeapUsedBytes = reply[5];
        s.Processes = reply[6];
        s.Zombies = reply[7];
        s.Connections = reply[8];
        s.Publications = reply[9];
        s.Topics = reply[10];
        s.Subscriptions = reply[11];
        s.MemoryObjects = reply[12];
        return RootError.Ok;
    }
}
