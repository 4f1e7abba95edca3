// ListProcesses (a ps): the request, one process's entry and the paged reply layout.
using System;

// Each type's summary gives its page's layout (the requests themselves are IRootTask's).
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>A process's state in a listing.</summary>
public enum ListedState : ulong
{
    /// <summary>Live: its thread and objects exist.</summary>
    Running = 1,

    /// <summary>Ended; only its pid, name and exit status are kept until its parent waits for it.</summary>
    Zombie = 2,
}

/// <summary>
/// One process of a listing: <see cref="ListProcessesRequest.EntryWords"/> words: pid, parent pid (0: the root task),
/// state (<see cref="ListedState"/>), name length, the name in 4 words, its quota (6 words, <see cref="QuotaKind"/>
/// order), what it uses itself (6 words), and what it gave its children (6 words; for Children: the processes below
/// it, each counted once plus what it may hold below itself).
/// </summary>
public struct ProcessEntry
{
    public ulong Pid;
    public ulong ParentPid;
    public ListedState State;
    public int NameLength;
    public ulong Name0, Name1, Name2, Name3;
    public ProcessQuota Quota;
    public ProcessQuota Used;
    public ProcessQuota Given;

    /// <summary>The name's bytes into <paramref name="into"/> (at least 32 bytes); returns the length.</summary>
    public readonly int NameBytes(Span<byte> into)
    {
        Span<ulong> w = stackalloc ulong[4];
        w[0] = Name0;
        w[1] = Name1;
        w[2] = Name2;
        w[3] = Name3;
        int n = NameLength < 0 ? 0 : (NameLength > 32 ? 32 : NameLength);
        WireBytes.Unpack(w, into.Slice(0, n));
        return n;
    }

    /// <summary>What is left of <paramref name="kind"/>: the quota less what it uses and what it gave away.</summary>
    public readonly ulong Free(QuotaKind kind)
    {
        ulong held = Used.Get(kind) + Given.Get(kind);
        return held >= Quota.Get(kind) ? 0 : Quota.Get(kind) - held;
    }
}

/// <summary>
/// The page of a ListProcesses reply (<see cref="IRootTask.ListProcesses"/>, whose codec carries it as a counted run of
/// words): word 0 = the next pid to ask for (0: none left), word 1 = n (0..<see cref="MaxEntries"/>), then n entries
/// (<see cref="ProcessEntry"/>) in pid order, live processes and zombies.
/// </summary>
public static class ListProcessesRequest
{
    /// <summary>Words of one entry.</summary>
    public const int EntryWords = 8 + (3 * ProcessQuota.Words);

    /// <summary>Entries in one page (2 + 4 * 26 = 106 words; the reply adds the page's count word).</summary>
    public const int MaxEntries = 4;

    /// <summary>The longest page.</summary>
    public const int MaxReplyWords = 2 + (MaxEntries * EntryWords);

    /// <summary>Writes entry <paramref name="index"/> of a reply into <paramref name="reply"/> (the whole reply's words).</summary>
    public static void EncodeEntry(in ProcessEntry entry, int index, Span<ulong> reply)
    {
        Span<ulong> w = reply.Slice(2 + (index * EntryWords), EntryWords);
        w[0] = entry.Pid;
        w[1] = entry.ParentPid;
        w[2] = (ulong)entry.State;
        w[3] = (ulong)entry.NameLength;
        w[4] = entry.Name0;
        w[5] = entry.Name1;
        w[6] = entry.Name2;
        w[7] = entry.Name3;
        entry.Quota.Encode(w.Slice(8));
        entry.Used.Encode(w.Slice(8 + ProcessQuota.Words));
        entry.Given.Encode(w.Slice(8 + (2 * ProcessQuota.Words)));
    }

    /// <summary>The reply's length for <paramref name="count"/> entries.</summary>
    public static int ReplyLength(int count) => 2 + (count * EntryWords);

    /// <summary>Reads the reply's header: the next pid and the entry count (BadLength when the words do not match it).</summary>
    public static RootError DecodeReply(ReadOnlySpan<ulong> reply, out ulong nextPid, out int count)
    {
        nextPid = 0;
        count = 0;
        if (reply.Length < 2 || reply[1] > MaxEntries || reply.Length != ReplyLength((int)reply[1]))
        {
            return RootError.BadLength;
        }

        nextPid = reply[0];
        count = (int)reply[1];
        return RootError.Ok;
    }

    /// <summary>Entry <paramref name="index"/> of a reply whose header <see cref="DecodeReply"/> accepted.</summary>
    public static ProcessEntry DecodeEntry(ReadOnlySpan<ulong> reply, int index)
    {
        ReadOnlySpan<ulong> w = reply.Slice(2 + (index * EntryWords), EntryWords);
        return new ProcessEntry
        {
            Pid = w[0],
            ParentPid = w[1],
            State = (ListedState)w[2],
            NameLength = w[3] > 32 ? 32 : (int)w[3],
            Name0 = w[4],
            Name1 = w[5],
            Name2 = w[6],
            Name3 = w[7],
            Quota = ProcessQuota.Decode(w.Slice(8)),
            Used = ProcessQuota.Decode(w.Slice(8 + ProcessQuota.Words)),
            Given = ProcessQuota.Decode(w.Slice(8 + (2 * ProcessQuota.Words))),
        };
    }
}

/// <summary>
/// The page of a ListApps reply (<see cref="IRootTask.ListApps"/>, an <c>ls</c>; a counted run of words in its codec):
/// word 0 = the index to ask for next (0: no more), word 1 = n names (at most <see cref="MaxEntries"/>), then each name
/// in <see cref="NameWords"/> words, its bytes packed little-endian and padded with NULs.
/// </summary>
public static class ListAppsRequest
{
    /// <summary>The most names one reply carries.</summary>
    public const int MaxEntries = 16;

    /// <summary>Words of one name (32 bytes: an app's name is at most 31).</summary>
    public const int NameWords = 4;

    /// <summary>Words of a reply with <paramref name="count"/> names.</summary>
    public static int ReplyLength(int count) => 2 + (count * NameWords);

    /// <summary>Writes name <paramref name="name"/> (at most 31 bytes) as entry <paramref name="k"/> of <paramref name="reply"/>.</summary>
    public static void EncodeName(ReadOnlySpan<byte> name, int k, Span<ulong> reply)
    {
        Span<ulong> w = reply.Slice(2 + (k * NameWords), NameWords);
        w.Clear();
        for (int i = 0; i < name.Length && i < (NameWords * 8) - 1; i++)
        {
            w[i / 8] |= (ulong)name[i] << (8 * (i % 8));
        }
    }

    /// <summary>Name <paramref name="k"/> of a reply, into <paramref name="name"/> (32 bytes); returns its length.</summary>
    public static int DecodeName(ReadOnlySpan<ulong> reply, int k, Span<byte> name)
    {
        int length = 0;
        for (int i = 0; i < NameWords * 8 && i < name.Length; i++)
        {
            byte b = (byte)(reply[2 + (k * NameWords) + (i / 8)] >> (8 * (i % 8)));
            if (b == 0)
            {
                break;
            }

            name[length++] = b;
        }

        return length;
    }
}
