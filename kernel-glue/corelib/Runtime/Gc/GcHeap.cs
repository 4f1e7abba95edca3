// The allocator and the mark-sweep collector: allocation contexts over free blocks, chunks, marking from roots, sweeping.
namespace Internal.Runtime.Gc;

/// <summary>
/// A non-moving mark-sweep heap. Objects are carved from an allocation context (a free block being bumped through);
/// when it is used up, the next comes from size-bucketed free lists (after a collection once as much was allocated
/// since the last one as survived it, at least <see cref="MinimumBudget"/>), else from a new chunk, else from a
/// collection run early. So a heap grows to about its live size plus the budget before it starts reusing memory. A collection (1) closes the allocation context, (2) walks every chunk to set the
/// start bit of each object, (3) marks from the roots: the stack and the program's data scanned conservatively (any
/// word that points into an object keeps it, interior pointers too), raw blocks likewise, objects precisely through
/// their GC descriptors, (4) sweeps: runs of dead objects and free blocks become one free block each, (5) gives grown
/// chunks that are now wholly free back to the releaser, keeping the next collection's budget free (GcRelease.cs).
/// Large objects (at least <see cref="LargeObject"/> bytes) are carved exactly instead of becoming a context.
/// </summary>
internal static unsafe partial class GcHeap
{
    /// <summary>Objects this large are carved exactly from a free block.</summary>
    public const nuint LargeObject = 4096;

    /// <summary>A collection runs once this much was allocated since the last one, or the live size if larger.</summary>
    public const ulong MinimumBudget = 256 * 1024;

    /// <summary>Bytes of the chunk header and bitmaps for a chunk of <paramref name="bytes"/>.</summary>
    public static nuint ChunkOverhead(nuint bytes) => (nuint)sizeof(Chunk) + (2 * BitmapBytes(bytes));

    /// <summary>
    /// The smallest chunk whose free area holds an object of <paramref name="size"/> bytes: the object, the header and
    /// the bitmaps of the chunk itself (which grow with it, 1/32 of its bytes) and some slack for alignment. The
    /// bitmaps must be those of the whole chunk: sized for the object alone, a chunk for an object over about 128 KiB
    /// came out too small for it, and the allocator grew the heap again and again for the same object.
    /// </summary>
    public static nuint ChunkBytesFor(nuint size)
    {
        nuint want = size + ChunkOverhead(size) + 64;
        while (true)
        {
            nuint need = size + ChunkOverhead(want) + 64;
            if (need <= want)
            {
                return want;
            }

            want = need;
        }
    }

    private static nuint BitmapBytes(nuint bytes) => ((bytes / 8) + 63) / 64 * 8;

    /// <summary>
    /// Makes [<paramref name="memory"/>, +<paramref name="bytes"/>) (zeroed) a chunk: one free block. A chunk that came
    /// from the grower is <paramref name="grown"/>: only those are ever released.
    /// </summary>
    public static Chunk* AddChunk(GcState* s, byte* memory, nuint bytes, bool grown = false)
    {
        nuint bitmap = BitmapBytes(bytes);
        var chunk = (Chunk*)memory;
        chunk->Base = (nint)memory;
        chunk->Bytes = (nint)bytes;
        chunk->StartBits = (ulong*)(memory + sizeof(Chunk));
        chunk->MarkBits = (ulong*)(memory + sizeof(Chunk) + bitmap);
        chunk->Words = (nint)(bitmap / 8);
        chunk->Start = (nint)(memory + sizeof(Chunk) + (2 * bitmap));
        chunk->End = (nint)(memory + bytes) & ~(nint)7;
        chunk->Grown = grown ? 1 : 0;
        chunk->Next = s->Chunks;
        s->Chunks = chunk;
        if (s->Low == 0 || chunk->Start < s->Low)
        {
            s->Low = chunk->Start;
        }

        if (chunk->End > s->High)
        {
            s->High = chunk->End;
        }

        s->HeapBytes += bytes;
        nuint area = (nuint)(chunk->End - chunk->Start);
        GcObjects.FormatFree((nint*)chunk->Start, area);
        PushFree(s, (nint*)chunk->Start, area);
        return chunk;
    }

    /// <summary>Zeroed memory for an object of <paramref name="size"/> bytes (a multiple of 8, at least 24), or null.</summary>
    public static nint* Allocate(GcState* s, nuint size)
    {
        nint* context = Context(s);
        nint p = context[0];
        if (size <= (nuint)(context[1] - p) && p != 0)
        {
            context[0] = p + (nint)size;
            return (nint*)p;
        }

        return AllocateSlow(s, size);
    }

    /// <summary>A raw block of <paramref name="bytes"/> zeroed bytes that is never freed and whose contents are roots.</summary>
    public static byte* AllocateRaw(GcState* s, nuint bytes)
    {
        nuint size = ((bytes + 7) & ~(nuint)7) + 16;
        nint* block = Allocate(s, size < 24 ? 24 : size);
        if (block == null)
        {
            return null;
        }

        block[0] = GcObjects.RawMarker;
        block[1] = (nint)(size < 24 ? 24 : size);
        return (byte*)(block + 2);
    }

    /// <summary>Bytes in objects and raw blocks now (the survivors of the last collection and everything since).</summary>
    public static ulong UsedBytes(GcState* s)
    {
        nint* context = Context(s);
        return s->LiveAfterCollection + s->AllocatedSinceCollection - (ulong)(context[1] - context[0]);
    }

    /// <summary>
    /// From now on the allocation context is private to the locked slow path (<see cref="GcState.Context"/>): the
    /// shared one is closed and stays empty, so runtime.S's fast paths always take the slow path.
    /// </summary>
    public static void UsePrivateContext(GcState* s)
    {
        if (s->Context == null)
        {
            CloseContext(s);
            s->Context = &s->PrivatePtr;
        }
    }

    // The allocation context: [0] the next free byte, [1] its limit.
    private static nint* Context(GcState* s) => s->Context != null ? s->Context : &s->AllocPtr;

    private static nint* AllocateSlow(GcState* s, nuint size)
    {
        bool collected = false;
        bool grown = false;
        nint refused = 0; // what the grower refused in this allocation
        if (size < LargeObject)
        {
            CloseContext(s);
        }

        if (ShouldCollect(s))
        {
            RunCollection(s, size);
            collected = true;
        }

        while (true)
        {
            nint* block = TakeFree(s, size, out nuint blockSize);
            if (block != null)
            {
                if (size >= LargeObject)
                {
                    if (blockSize - size >= 8)
                    {
                        GcObjects.FormatFree((nint*)((byte*)block + size), blockSize - size);
                        PushFree(s, (nint*)((byte*)block + size), blockSize - size);
                    }
                    else
                    {
                        size = blockSize;
                    }

                    RawMemory.Clear(ref *(byte*)block, size);
                    s->AllocatedSinceCollection += size;
                    return block;
                }

                RawMemory.Clear(ref *(byte*)block, blockSize);
                s->AllocatedSinceCollection += blockSize;
                nint* context = Context(s);
                context[0] = (nint)block + (nint)size;
                context[1] = (nint)block + (nint)blockSize;
                return block;
            }

            // Collect first when growing is for ever (GcState.CollectBeforeGrowing) and this allocation has not.
            if (s->CollectBeforeGrowing != 0 && !collected && s->CollectEnabled != 0 && s->Collecting == 0)
            {
                RunCollection(s, size);
                collected = true;
                continue;
            }

            if (grown)
            {
                s->FailedGrowBytes = 0;
                return null; // the chunk just grown for it did not hold it: never grow again for the same object
            }

            if (!GrowHeap(s, size, ref refused))
            {
                if (!collected && s->CollectEnabled != 0)
                {
                    RunCollection(s, size);
                    collected = true;
                    continue;
                }

                s->FailedGrowBytes = refused; // kept until the failure's exception is made (Heap.OutOfMemoryMessage)
                return null;
            }

            grown = true;
        }
    }

    private static bool ShouldCollect(GcState* s)
    {
        if (s->CollectEnabled == 0 || s->Collecting != 0)
        {
            return false;
        }

        ulong budget = s->LiveAfterCollection > MinimumBudget ? s->LiveAfterCollection : MinimumBudget;
        return s->AllocatedSinceCollection >= budget;
    }

    // The collection keeps a wholly free chunk that the allocation of `size` bytes would need (ReleaseFreeChunks).
    private static void RunCollection(GcState* s, nuint size)
    {
        if (s->CollectHook != 0 && s->Collecting == 0)
        {
            s->PendingBytes = (nint)size;
            ((delegate*<void>)s->CollectHook)();
            s->PendingBytes = 0;
        }
    }

    // Grows the heap by a chunk for an object of `size` bytes; a grower's refusal leaves the bytes asked in `refused`.
    private static bool GrowHeap(GcState* s, nuint size, ref nint refused)
    {
        if (s->Grow == 0 || s->Growing != 0)
        {
            return false;
        }

        nuint want = ChunkBytesFor(size);
        s->Growing = 1;
        nuint chunkBytes = 0;
        nint chunk = ((delegate*<nuint, nuint*, nint>)s->Grow)(want, &chunkBytes);
        s->Growing = 0;
        if (chunk == 0 || chunkBytes < want)
        {
            refused = (nint)want;
            return false;
        }

        AddChunk(s, (byte*)chunk, chunkBytes, grown: true);
        return true;
    }

    // The context's unused rest becomes a free block (listed when it is worth listing).
    private static void CloseContext(GcState* s)
    {
        nint* context = Context(s);
        nint p = context[0];
        nuint rest = (nuint)(context[1] - p);
        if (p != 0 && rest >= 8)
        {
            GcObjects.FormatFree((nint*)p, rest);
            PushFree(s, (nint*)p, rest);
        }

        s->AllocatedSinceCollection -= rest;
        context[0] = 0;
        context[1] = 0;
    }

    /// <summary>The bucket of a free block of <paramref name="size"/> bytes.</summary>
    public static int Bucket(nuint size)
    {
        int log = 0;
        for (nuint v = size; v > 1; v >>= 1)
        {
            log++;
        }

        int bucket = log - 4;
        return bucket < 0 ? 0 : (bucket >= GcState.BucketCount ? GcState.BucketCount - 1 : bucket);
    }

    // Free blocks of 24 bytes or more are listed: [FreeMarker][size][next].
    private static void PushFree(GcState* s, nint* block, nuint size)
    {
        if (size < 24)
        {
            return;
        }

        int b = Bucket(size);
        block[2] = (nint)s->Buckets[b];
        s->Buckets[b] = (long)block;
    }

    // First fit in the request's bucket (blocks there may be too small), then the first block of any larger bucket.
    private static nint* TakeFree(GcState* s, nuint size, out nuint blockSize)
    {
        for (int b = Bucket(size); b < GcState.BucketCount; b++)
        {
            nint* previous = null;
            var block = (nint*)s->Buckets[b];
            while (block != null)
            {
                nuint bytes = (nuint)block[1];
                if (bytes >= size)
                {
                    if (previous == null)
                    {
                        s->Buckets[b] = block[2];
                    }
                    else
                    {
                        previous[2] = block[2];
                    }

                    blockSize = bytes;
                    return block;
                }

                previous = block;
                block = (nint*)block[2];
            }
        }

        blockSize = 0;
        return null;
    }
}
