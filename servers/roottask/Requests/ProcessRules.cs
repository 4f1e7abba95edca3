// The validate step of the process requests (Spawn, Wait, Kill, Alloc, Free): who may do what, where heap pages go. Pure: host-tested.
using System;
using Smos.Protocol;

namespace Smos.RootTask.Requests;

public static class ProcessRules
{
    /// <summary>
    /// Pages one Alloc request may ask for (and one Free give back): the whole heap region, 2^24 pages. What a process
    /// may hold is bounded by its quotas, checked when the grant is made (<c>Spawner.GrowHeap</c>), not here.
    /// </summary>
    public const int MaxPagesPerAlloc = ProcessAbi.HeapRegionPages;

    /// <summary>
    /// Frames one allocation of a heap grant holds at most: one retype (seL4's fan-out limit, 256 objects), so a grant
    /// of more pages is made of several allocations (<see cref="GrantPiece"/>).
    /// </summary>
    public const int MaxPagesPerPiece = 256;

    /// <summary>App names: 1-31 bytes of a-z, 0-9, '-' and '_'.</summary>
    public static bool ValidAppName(ReadOnlySpan<byte> name)
    {
        if (name.Length == 0 || name.Length > ProcessAbi.MaxAppNameBytes)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            byte c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Number of NUL-terminated strings in <paramref name="args"/>, or -1 if the last one is not terminated.</summary>
    public static int CountArgs(ReadOnlySpan<byte> args)
    {
        int count = 0;
        for (int i = 0; i < args.Length; i++)
        {
            count += args[i] == 0 ? 1 : 0;
        }

        return args.Length == 0 || args[args.Length - 1] == 0 ? count : -1;
    }

    /// <summary>Spawn: a valid name, NUL-terminated args, and name + args within the start-info page's args area.</summary>
    public static RootError CheckSpawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, out int argCount)
    {
        argCount = CountArgs(args);
        if (!ValidAppName(name) || argCount < 0 || name.Length + 1 + args.Length > ProcessAbi.MaxArgBytes)
        {
            return RootError.BadArgument;
        }

        return RootError.Ok;
    }

    /// <summary>
    /// Wait: the target exists (live or a zombie), is not the caller, is the caller's child (only a parent may wait), and
    /// the caller is not already waiting on it.
    /// </summary>
    public static RootError CheckWait(bool targetExists, bool targetIsCaller, bool callerIsParent, bool alreadyWaitedOn)
    {
        if (!targetExists)
        {
            return RootError.NoSuchProcess;
        }

        if (targetIsCaller)
        {
            return RootError.BadArgument;
        }

        return !callerIsParent || alreadyWaitedOn ? RootError.NotPermitted : RootError.Ok;
    }

    /// <summary>Kill: the target exists, and is the caller itself or one of its descendants (children, their children...).</summary>
    public static RootError CheckKill(bool targetExists, bool targetInCallersSubtree)
    {
        if (!targetExists)
        {
            return RootError.NoSuchProcess;
        }

        return targetInCallersSubtree ? RootError.Ok : RootError.NotPermitted;
    }

    /// <summary>Panic: at most <see cref="ProcessAbi.MaxPanicFrames"/> callers (the text's bound is the decoder's scratch).</summary>
    public static RootError CheckPanic(int callers) => callers > ProcessAbi.MaxPanicFrames ? RootError.BadArgument : RootError.Ok;

    /// <summary>
    /// Alloc: 1 to <see cref="MaxPagesPerAlloc"/> pages (the heap region). Whether the caller's quotas hold them is the
    /// grant's own check, with the page tables the range needs (<c>Spawner.GrowHeap</c>: QuotaMemory, QuotaSlots).
    /// </summary>
    public static RootError CheckAlloc(ulong pages) => pages == 0 || pages > MaxPagesPerAlloc ? RootError.BadArgument : RootError.Ok;

    /// <summary>
    /// The frames of the next allocation of a heap grant with <paramref name="remaining"/> pages still to make: the largest
    /// power of two not above them nor <see cref="MaxPagesPerPiece"/>. Each allocation is a buddy block of exactly its
    /// frames, so a grant of any size is charged exactly its pages (4 KiB each), never a block rounded up.
    /// </summary>
    public static int GrantPiece(int remaining)
    {
        int piece = MaxPagesPerPiece;
        while (piece > remaining)
        {
            piece >>= 1;
        }

        return piece;
    }

    /// <summary>The allocations <see cref="GrantPiece"/> makes a grant of <paramref name="pages"/> from.</summary>
    public static int GrantPieces(int pages)
    {
        int pieces = 0;
        while (pages > 0)
        {
            pages -= GrantPiece(pages);
            pieces++;
        }

        return pieces;
    }

    /// <summary>
    /// Free: the range must be exactly one earlier Alloc grant of the caller, <paramref name="grants"/> (sorted by address; the same vaddr
    /// and page count); its index goes to <paramref name="index"/>. Anything else (no pages, more than one Alloc can
    /// grant, an unaligned address, part of a grant or several, a range that is not a grant: the ELF, the stack, a
    /// buffer, a grant freed already) is BadArgument.
    /// </summary>
    public static RootError CheckFree(in FreeArgs args, ReadOnlySpan<HeapGrant> grants, out int index)
    {
        index = -1;
        if (args.Pages == 0 || args.Pages > MaxPagesPerAlloc || args.Vaddr % ProcessAbi.PageSize != 0)
        {
            return RootError.BadArgument;
        }

        // The grants are sorted by address: a binary search (a process may hold hundreds).
        int lo = 0;
        int hi = grants.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (grants[mid].Vaddr < args.Vaddr)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo == grants.Length || grants[lo].Vaddr != args.Vaddr || grants[lo].Pages != (int)args.Pages)
        {
            return RootError.BadArgument;
        }

        index = lo;
        return RootError.Ok;
    }

    /// <summary>
    /// Where a grant of <paramref name="pages"/> goes in the heap region [<paramref name="regionBase"/>,
    /// <paramref name="regionEnd"/>): the lowest address where it fits between the grants so far
    /// (<paramref name="grants"/>, sorted by address, not overlapping). <paramref name="insertAt"/> is where the new
    /// grant goes in that order. False when no free range is large enough.
    /// </summary>
    /// <remarks>
    /// The lowest fit, not a break that only moves up: an app that grows and gives back its heap for ever must get the
    /// freed ranges again (the connection server keeps buffers out of the region). Without frees this is the old heap
    /// break (each grant right after the last one). The region (64 GiB) is far larger than any quota, so a grant fails
    /// here only when the holes and the grants below the top fill all of it.
    /// </remarks>
    public static bool FindHeapRange(ReadOnlySpan<HeapGrant> grants, int pages, ulong regionBase, ulong regionEnd, out ulong vaddr, out int insertAt)
    {
        ulong size = (ulong)pages * ProcessAbi.PageSize;
        ulong at = regionBase;
        for (int i = 0; i <= grants.Length; i++)
        {
            ulong next = i < grants.Length ? grants[i].Vaddr : regionEnd;
            if (next >= at && next - at >= size && at + size <= regionEnd)
            {
                vaddr = at;
                insertAt = i;
                return true;
            }

            if (i < grants.Length && grants[i].End > at)
            {
                at = grants[i].End;
            }
        }

        vaddr = 0;
        insertAt = -1;
        return false;
    }
}

/// <summary>One Alloc grant of a process: the vaddr of its first page and its page count (the process keeps them sorted).</summary>
public struct HeapGrant
{
    public ulong Vaddr;
    public int Pages;

    public readonly ulong End => Vaddr + ((ulong)Pages * ProcessAbi.PageSize);
}
