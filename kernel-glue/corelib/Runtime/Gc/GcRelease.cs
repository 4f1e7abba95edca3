// Giving memory back: after a sweep, grown chunks that are one free block go to the releaser, keeping a budget free.
namespace Internal.Runtime.Gc;

internal static unsafe partial class GcHeap
{
    /// <summary>
    /// Runs at the end of a collection (the allocation context is closed, the free lists were just rebuilt): every grown
    /// chunk that is entirely one free block is a candidate. Newest first (in an app the highest addresses), a candidate
    /// is unlinked from the chunk list, its block taken off the free lists and handed to the releaser
    /// (<see cref="GcState.Release"/>), as long as
    /// <list type="bullet">
    /// <item>the object areas of the chunks that stay keep <see cref="KeptFree"/> bytes free: one and a half times the
    /// next collection's budget. The next collection only runs once the budget was allocated, so a program at a steady
    /// state allocates from what it has until then and neither grows nor releases; the extra half covers what is free
    /// but unusable (pieces too small for the requests, tails of allocation contexts). A heap at its usual size (about
    /// the live size plus the budget, see the class remarks) therefore never releases: only a heap that once held much
    /// more than it holds now does; or the chunk is a large one, at least twice that (<see cref="WorthReleasing"/>): a
    /// chunk grown for one large object (a 40 MiB array) goes back once the object is dead, even if the heap then has to
    /// grow by a little again, rather than being kept whole to keep a fraction of it free;</item>
    /// <item>the allocation that made the allocator collect (<see cref="GcState.PendingBytes"/>) still fits a free block
    /// elsewhere, so it is not given a chunk back only to grow a new one at once.</item>
    /// </list>
    /// When the releaser refuses (returns false) the chunk is linked back as it was and no further chunk is tried: the
    /// reason (in an app an open IPC-buffer scope) holds for all of them.
    /// </summary>
    internal static void ReleaseFreeChunks(GcState* s, ulong live)
    {
        if (s->Release == 0)
        {
            return;
        }

        ulong area = 0;
        for (Chunk* a = s->Chunks; a != null; a = a->Next)
        {
            area += (ulong)(a->End - a->Start);
        }

        ulong free = area > live ? area - live : 0;
        ulong keep = KeptFree(live);
        Chunk* previous = null;
        Chunk* c = s->Chunks;
        while (c != null)
        {
            Chunk* next = c->Next;
            ulong bytes = (ulong)c->Bytes;
            var block = (nint*)c->Start;
            nuint size = (nuint)(c->End - c->Start);
            if (c->Grown != 0 && WorthReleasing(free, keep, size) && IsOneFreeBlock(c) && PendingFitsElsewhere(s, c))
            {
                if (UnlinkFree(s, block, size))
                {
                    // Everything read from the chunk is read now: once released its memory is gone.
                    SetNext(s, previous, next);
                    if (((delegate*<nint, nuint, bool>)s->Release)(c->Base, (nuint)bytes))
                    {
                        s->HeapBytes -= bytes;
                        free -= size;
                        s->ReleasedBytesTotal += bytes;
                        s->ReleasedChunks++;
                        c = next;
                        continue;
                    }

                    SetNext(s, previous, c);
                    PushFree(s, block, size);
                    break;
                }
            }

            previous = c;
            c = next;
        }

        RecomputeBounds(s);
    }

    /// <summary>
    /// Whether a wholly free chunk of <paramref name="size"/> bytes of object area goes back, with <paramref name="free"/>
    /// bytes free in all and <paramref name="keep"/> to keep free: when the rest keeps that much, or when the chunk is
    /// at least twice that much (holding it would keep far more free than the heap needs; growing back what it needs
    /// costs one request).
    /// </summary>
    internal static bool WorthReleasing(ulong free, ulong keep, ulong size) => free >= keep + size || size >= 2 * keep;

    /// <summary>Bytes of object area a release keeps free after a collection that left <paramref name="live"/> bytes.</summary>
    internal static ulong KeptFree(ulong live)
    {
        ulong budget = live > MinimumBudget ? live : MinimumBudget;
        return budget + (budget / 2);
    }

    // After the sweep a chunk without survivors is a single free block over its whole object area.
    private static bool IsOneFreeBlock(Chunk* c)
    {
        var block = (nint*)c->Start;
        return block[0] == GcObjects.FreeMarker && block[1] == c->End - c->Start;
    }

    private static bool PendingFitsElsewhere(GcState* s, Chunk* c)
    {
        nuint size = (nuint)s->PendingBytes;
        if (size == 0)
        {
            return true;
        }

        for (int b = Bucket(size); b < GcState.BucketCount; b++)
        {
            for (var block = (nint*)s->Buckets[b]; block != null; block = (nint*)block[2])
            {
                if ((nuint)block[1] >= size && !c->Contains((nint)block))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Takes the free block off its bucket's list; false when it is not listed.
    private static bool UnlinkFree(GcState* s, nint* block, nuint size)
    {
        int b = Bucket(size);
        nint* previous = null;
        for (var p = (nint*)s->Buckets[b]; p != null; p = (nint*)p[2])
        {
            if (p == block)
            {
                if (previous == null)
                {
                    s->Buckets[b] = p[2];
                }
                else
                {
                    previous[2] = p[2];
                }

                return true;
            }

            previous = p;
        }

        return false;
    }

    private static void SetNext(GcState* s, Chunk* previous, Chunk* next)
    {
        if (previous == null)
        {
            s->Chunks = next;
        }
        else
        {
            previous->Next = next;
        }
    }

    // The range the conservative scan tests words against: the chunks that are left.
    private static void RecomputeBounds(GcState* s)
    {
        nint low = 0;
        nint high = 0;
        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            if (low == 0 || c->Start < low)
            {
                low = c->Start;
            }

            if (c->End > high)
            {
                high = c->End;
            }
        }

        s->Low = low;
        s->High = high;
    }
}
