// The collection itself: start bits, conservative and precise marking, the sweep that rebuilds the free lists, then releasing chunks.
namespace Internal.Runtime.Gc;

internal static unsafe partial class GcHeap
{
    /// <summary>
    /// Collects: everything not reachable from the stack [<paramref name="stackLow"/>, StackHigh), the data range
    /// [DataLow, DataHigh) or a raw block is freed. The caller has pushed the registers at <paramref name="stackLow"/>,
    /// so they are scanned with the stack. Last, grown chunks left wholly free may go back (<see cref="ReleaseFreeChunks"/>).
    /// </summary>
    public static void Collect(GcState* s, nint stackLow)
    {
        if (s->Collecting != 0)
        {
            return;
        }

        s->Collecting = 1;
        ulong startCount = ReadCounter(s);
        CloseContext(s);
        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            SetStartBits(c);
        }

        s->MarkCount = 0;
        s->MarkOverflowed = 0;
        // Only the main thread's stack: another thread's lies elsewhere (in the root task a raw block, scanned with them).
        if (s->StackHigh > stackLow && s->StackHigh - stackLow <= MaxStackBytes)
        {
            ScanRange(s, stackLow, s->StackHigh);
        }

        if (s->DataHigh > s->DataLow)
        {
            ScanData(s);
        }

        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            ScanRawBlocks(s, c);
        }

        Drain(s);
        while (s->MarkOverflowed != 0)
        {
            s->MarkOverflowed = 0;
            for (Chunk* c = s->Chunks; c != null; c = c->Next)
            {
                RetraceMarked(s, c);
            }

            Drain(s);
        }

        ulong live = 0;
        for (int b = 0; b < GcState.BucketCount; b++)
        {
            s->Buckets[b] = 0;
        }

        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            live += Sweep(s, c);
        }

        ulong before = s->LiveAfterCollection + s->AllocatedSinceCollection;
        s->FreedBytesTotal += before > live ? before - live : 0;
        s->LiveAfterCollection = live;
        s->AllocatedSinceCollection = 0;
        s->Collections++;
        ReleaseFreeChunks(s, live);
        ulong pause = (ReadCounter(s) - startCount) & 0xFFFF_FFFF; // a 32-bit counter (the PMU's)
        s->LastPause = pause;
        s->TotalPause += pause;
        if (pause > s->MaxPause)
        {
            s->MaxPause = pause;
        }

        s->Collecting = 0;
    }

    /// <summary>The largest stack the collector scans from the stack pointer up to <see cref="GcState.StackHigh"/>.</summary>
    public const nint MaxStackBytes = 1 << 20;

    private static ulong ReadCounter(GcState* s) => s->CounterHook != 0 ? ((delegate*<ulong>)s->CounterHook)() : 0;

    private static void SetStartBits(Chunk* c)
    {
        RawMemory.Clear(ref *(byte*)c->StartBits, (nuint)(c->Words * 8 * 2));
        for (nint p = c->Start; p < c->End; p += (nint)GcObjects.BlockSize((nint*)p))
        {
            if (GcObjects.IsObject((nint*)p))
            {
                nint g = c->Granule(p);
                c->StartBits[g >> 6] |= 1UL << (int)(g & 63);
            }
        }
    }

    // Every word in the data range, except the chunks that lie inside it (the initial heap in .bss).
    private static void ScanData(GcState* s)
    {
        nint from = s->DataLow;
        while (from < s->DataHigh)
        {
            nint to = s->DataHigh;
            nint skipTo = 0;
            for (Chunk* c = s->Chunks; c != null; c = c->Next)
            {
                if (c->Base >= from && c->Base < to)
                {
                    to = c->Base;
                    skipTo = c->Base + c->Bytes;
                }
            }

            ScanRange(s, from, to);
            from = skipTo > to ? skipTo : s->DataHigh;
        }
    }

    private static void ScanRawBlocks(GcState* s, Chunk* c)
    {
        for (nint p = c->Start; p < c->End; p += (nint)GcObjects.BlockSize((nint*)p))
        {
            if (*(nint*)p == GcObjects.RawMarker)
            {
                ScanRange(s, p + 16, p + ((nint*)p)[1]);
            }
        }
    }

    /// <summary>Conservative: each aligned word of [from, to) that points into an object marks it.</summary>
    public static void ScanRange(GcState* s, nint from, nint to)
    {
        for (var w = (nint*)((from + 7) & ~(nint)7); w < (nint*)to; w++)
        {
            nint value = *w;
            if (value >= s->Low && value < s->High)
            {
                nint* obj = FindObject(s, value, out Chunk* chunk);
                if (obj != null)
                {
                    MarkAndPush(s, chunk, obj);
                }
            }
        }
    }

    /// <summary>The object that contains <paramref name="address"/> (its start or any byte inside it), or null.</summary>
    public static nint* FindObject(GcState* s, nint address, out Chunk* chunk)
    {
        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            if (!c->Contains(address))
            {
                continue;
            }

            chunk = c;
            nint g = c->Granule(address);
            nint word = g >> 6;
            ulong bits = c->StartBits[word] & (ulong.MaxValue >> (int)(63 - (g & 63)));
            while (bits == 0)
            {
                if (--word < 0)
                {
                    return null;
                }

                bits = c->StartBits[word];
            }

            int top = 63;
            while ((bits & (1UL << top)) == 0)
            {
                top--;
            }

            var obj = (nint*)(c->Start + (((word << 6) + top) << 3));
            return address < (nint)obj + (nint)GcObjects.BlockSize(obj) ? obj : null;
        }

        chunk = null;
        return null;
    }

    private static void MarkAndPush(GcState* s, Chunk* c, nint* obj)
    {
        nint g = c->Granule((nint)obj);
        ulong bit = 1UL << (int)(g & 63);
        if ((c->MarkBits[g >> 6] & bit) != 0)
        {
            return;
        }

        c->MarkBits[g >> 6] |= bit;
        if (!((MethodTable*)obj[0])->HasPointers)
        {
            return;
        }

        if (s->MarkCount < GcState.MarkStackSize)
        {
            s->MarkStack[s->MarkCount++] = (long)obj;
        }
        else
        {
            s->MarkOverflowed = 1;
        }
    }

    private static void Drain(GcState* s)
    {
        while (s->MarkCount > 0)
        {
            var obj = (nint*)s->MarkStack[--s->MarkCount];
            s->MarkStack[s->MarkCount] = 0; // the stack is in .bss, which is scanned: leave no stale roots
            GcObjects.VisitReferences(obj, &VisitSlot, s);
        }
    }

    // A reference field: exact, so only object starts count.
    private static void VisitSlot(nint* slot, void* state)
    {
        var s = (GcState*)state;
        nint value = *slot;
        if (value < s->Low || value >= s->High)
        {
            return;
        }

        for (Chunk* c = s->Chunks; c != null; c = c->Next)
        {
            if (c->Contains(value))
            {
                nint g = c->Granule(value);
                if ((value & 7) == 0 && (c->StartBits[g >> 6] & (1UL << (int)(g & 63))) != 0)
                {
                    MarkAndPush(s, c, (nint*)value);
                }

                return;
            }
        }
    }

    // After a mark-stack overflow: trace every marked object again (marks only grow, so this ends).
    private static void RetraceMarked(GcState* s, Chunk* c)
    {
        for (nint p = c->Start; p < c->End; p += (nint)GcObjects.BlockSize((nint*)p))
        {
            nint g = c->Granule(p);
            if (GcObjects.IsObject((nint*)p) && (c->MarkBits[g >> 6] & (1UL << (int)(g & 63))) != 0)
            {
                GcObjects.VisitReferences((nint*)p, &VisitSlot, s);
                Drain(s);
            }
        }
    }

    // Unmarked objects and free blocks next to each other become one free block; returns the bytes that stay.
    private static ulong Sweep(GcState* s, Chunk* c)
    {
        ulong live = 0;
        nint freeStart = 0;
        nint p = c->Start;
        while (p < c->End)
        {
            nint size = (nint)GcObjects.BlockSize((nint*)p);
            nint head = *(nint*)p;
            nint g = c->Granule(p);
            bool keep = head == GcObjects.RawMarker ||
                (GcObjects.IsObject((nint*)p) && (c->MarkBits[g >> 6] & (1UL << (int)(g & 63))) != 0);
            if (keep)
            {
                if (freeStart != 0)
                {
                    GcObjects.FormatFree((nint*)freeStart, (nuint)(p - freeStart));
                    PushFree(s, (nint*)freeStart, (nuint)(p - freeStart));
                    freeStart = 0;
                }

                live += (ulong)size;
            }
            else if (freeStart == 0)
            {
                freeStart = p;
            }

            p += size;
        }

        if (freeStart != 0)
        {
            GcObjects.FormatFree((nint*)freeStart, (nuint)(c->End - freeStart));
            PushFree(s, (nint*)freeStart, (nuint)(c->End - freeStart));
        }

        return live;
    }
}
