// Resource quotas (issue 15, item 3): the six kinds, a quota value, its defaults, and the wire layout of a quota.
using System;

// Each member's summary gives its meaning; the fields are plain numbers.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>The resources a quota bounds; the order is the wire order of a <see cref="ProcessQuota"/>.</summary>
public enum QuotaKind
{
    /// <summary>Bytes of untyped memory used on the process's behalf (its kernel objects, page tables, frames, CNodes).</summary>
    Memory = 0,

    /// <summary>Capability slots of the root task's CSpace that hold the process's objects (and copies made for it).</summary>
    Slots = 1,

    /// <summary>Processes below it (children, their children, ...), live or zombie, at once.</summary>
    Children = 2,

    /// <summary>Live connections it and its descendants hold as clients.</summary>
    Connections = 3,

    /// <summary>Publications it and its descendants hold.</summary>
    Publications = 4,

    /// <summary>Topic subscriptions it and its descendants hold.</summary>
    Subscriptions = 5,
}

/// <summary>
/// A quota of each <see cref="QuotaKind"/> (docs/protocol.md, "Quotas"). A parent gives a child part of its own free
/// quota at Spawn; what the child and everything below it use counts against it, and all of it returns to the parent
/// when the child ends. Also used for usage figures (what is used of each kind).
/// </summary>
public struct ProcessQuota
{
    /// <summary>Words of a quota on the wire (one per kind, in <see cref="QuotaKind"/> order).</summary>
    public const int Words = 6;

    public ulong Memory;
    public ulong Slots;
    public ulong Children;
    public ulong Connections;
    public ulong Publications;
    public ulong Subscriptions;

    public ProcessQuota(ulong memory, ulong slots, ulong children, ulong connections, ulong publications, ulong subscriptions)
    {
        Memory = memory;
        Slots = slots;
        Children = children;
        Connections = connections;
        Publications = publications;
        Subscriptions = subscriptions;
    }

    /// <summary>
    /// The quota a child gets when its parent's Spawn names none: each kind this much, or what the parent has free if
    /// that is less (for child processes: what it has free after the child itself). 4 MiB of memory, 512 slots, 8
    /// processes below it, 16 connections, 4 publications, 16 subscriptions.
    /// </summary>
    public static ProcessQuota DefaultChild => new(4UL << 20, 512, 8, 16, 4, 16);

    /// <summary>
    /// The quota of each process the root task starts itself (the boot list, the self-test's demos), from its pool:
    /// 48 MiB, 16,384 slots, 128 processes below it, 512 connections, 256 publications, 512 subscriptions.
    /// </summary>
    public static ProcessQuota RootDefault => new(48UL << 20, 16384, 128, 512, 256, 512);

    /// <summary>
    /// What apps/scale's coordinator is given to hold its population (its demo line in apps/demos/scale, and apps/bench's
    /// flat rows, which add it to the root default for the bench): 320 MiB, 100,000 slots, 700 processes below it, 10,000
    /// connections, 2,000 publications (its 1,000 topics and its workers' 1,000 names) and 10,001 subscriptions (its
    /// workers' 10,000 and its own to "scale-go" in hold mode).
    /// </summary>
    public static ProcessQuota ScalePopulation => new(320UL << 20, 100_000, 700, 10_000, 2_000, 10_001);

    /// <summary>Each kind of this quota plus the same kind of <paramref name="other"/>.</summary>
    public readonly ProcessQuota Plus(ProcessQuota other) => new(
        Memory + other.Memory,
        Slots + other.Slots,
        Children + other.Children,
        Connections + other.Connections,
        Publications + other.Publications,
        Subscriptions + other.Subscriptions);

    /// <summary>The amount of <paramref name="kind"/>.</summary>
    public readonly ulong Get(QuotaKind kind) => kind switch
    {
        QuotaKind.Memory => Memory,
        QuotaKind.Slots => Slots,
        QuotaKind.Children => Children,
        QuotaKind.Connections => Connections,
        QuotaKind.Publications => Publications,
        _ => Subscriptions,
    };

    /// <summary>Sets the amount of <paramref name="kind"/>.</summary>
    public void Set(QuotaKind kind, ulong value)
    {
        switch (kind)
        {
            case QuotaKind.Memory: Memory = value; break;
            case QuotaKind.Slots: Slots = value; break;
            case QuotaKind.Children: Children = value; break;
            case QuotaKind.Connections: Connections = value; break;
            case QuotaKind.Publications: Publications = value; break;
            default: Subscriptions = value; break;
        }
    }

    /// <summary>Each kind the smaller of this and <paramref name="other"/>.</summary>
    public readonly ProcessQuota Min(in ProcessQuota other)
    {
        ProcessQuota m = default;
        for (int k = 0; k < Words; k++)
        {
            ulong a = Get((QuotaKind)k), b = other.Get((QuotaKind)k);
            m.Set((QuotaKind)k, a < b ? a : b);
        }

        return m;
    }

    /// <summary>Writes the six words (<see cref="QuotaKind"/> order).</summary>
    public readonly void Encode(Span<ulong> words)
    {
        for (int k = 0; k < Words; k++)
        {
            words[k] = Get((QuotaKind)k);
        }
    }

    /// <summary>The quota in six words (<see cref="QuotaKind"/> order).</summary>
    public static ProcessQuota Decode(ReadOnlySpan<ulong> words)
    {
        ProcessQuota q = default;
        for (int k = 0; k < Words; k++)
        {
            q.Set((QuotaKind)k, words[k]);
        }

        return q;
    }

    /// <summary>The quota's name in errors and listings ("memory", "slot", "child-process", ...).</summary>
    public static string Name(QuotaKind kind) => kind switch
    {
        QuotaKind.Memory => "memory",
        QuotaKind.Slots => "slot",
        QuotaKind.Children => "child-process",
        QuotaKind.Connections => "connection",
        QuotaKind.Publications => "publication",
        _ => "subscription",
    };

    /// <summary>The error that names the quota of <paramref name="kind"/> (<see cref="RootError.QuotaMemory"/>, ...).</summary>
    public static RootError Error(QuotaKind kind) => RootError.QuotaMemory + (ulong)kind;

    /// <summary>True when <paramref name="error"/> names a quota; <paramref name="kind"/> says which.</summary>
    public static bool IsQuotaError(RootError error, out QuotaKind kind)
    {
        kind = (QuotaKind)(error - RootError.QuotaMemory);
        return error >= RootError.QuotaMemory && error <= RootError.QuotaSubscriptions;
    }
}
