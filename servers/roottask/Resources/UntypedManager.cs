// A buddy allocator over untyped capabilities: splits blocks by retyping them into halves, merges them (lazily) by revoking.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Every boot untyped is the root of a binary tree of blocks. A free block is split by retyping it into two untyped halves
/// (two consecutive new slots, lower half first); objects are retyped into a free block of exactly the size they need.
/// Free revokes the block's untyped (destroying the objects and every capability derived from them) and keeps the block,
/// free for reuse: RAM buddies merge only in <see cref="Coalesce"/> (revoking the parent deletes both halves), which runs
/// when no free block is large enough, when slots run low (<see cref="ResourceGrowth"/>) and before a check compares free
/// slots or blocks. Why lazily: seL4 clears an untyped's used part when it is retyped after all its children are gone, and
/// a merged parent's used part is all of it; merging at every free made each spawn after an exit split, and so clear, the
/// largest block the exit had merged (1 MiB in the bench: ~486,000 kernel instructions a spawn; docs/performance.md,
/// "Session 10: spawn cost"). A reused block costs only the part its last objects used.
/// RAM is chosen smallest block first, then lowest address; device blocks merge at once (the kernel never clears device
/// memory) and are used only by <see cref="AllocateDevice"/>. The block records and the slots grow through
/// <see cref="Growth"/> (when set) where an allocation starts, before anything is chosen; running out of block records or
/// of slots all the same returns NotEnoughMemory with <see cref="LastFailure"/> = NoBlockRecords / NoSlots.
/// A failed call leaves the manager as it was (splits made for it are merged back); the only exception is
/// a failing Revoke during a merge, which is reported and leaves the tree consistent with the kernel.
/// </summary>
public sealed class UntypedManager
{
    /// <summary>Block records the root task's untyped manager starts with (the buddy tree over every boot untyped); they grow.</summary>
    public const int RootTaskBlocks = 2048;

    private readonly KernelObjects _kernel;
    private readonly SlotAllocator _slots;
    private readonly BlockTable _t;
    private ulong _freeBytes;
    private ulong _usedBytes;
    private ulong _deviceFreeBytes;
    private ulong _deviceUsedBytes;
    private uint _serial;
    private int _freesSinceMerge; // RAM blocks freed since the last complete MergeAll

    public UntypedManager(KernelObjects kernel, SlotAllocator slots, int blockCapacity)
    {
        _kernel = kernel;
        _slots = slots;
        _t = new BlockTable(blockCapacity);
    }

    /// <summary>Free RAM bytes (in free blocks).</summary>
    public ulong FreeBytes => _freeBytes;

    /// <summary>RAM bytes in blocks that hold objects.</summary>
    public ulong UsedBytes => _usedBytes;

    public ulong DeviceFreeBytes => _deviceFreeBytes;

    public ulong DeviceUsedBytes => _deviceUsedBytes;

    /// <summary>Block records in use (boot untypeds and every block split from them).</summary>
    public int BlockCount => _t.Live;

    public int BlockCapacity => _t.Capacity;

    /// <summary>Unused block records.</summary>
    public int BlocksAvailable => _t.Available;

    /// <summary>What grows the slots and the block records before an allocation (null: they do not grow).</summary>
    public ResourceGrowth? Growth { get; set; }

    /// <summary>Makes room for <paramref name="capacity"/> block records (only from <see cref="ResourceGrowth"/>: it allocates on the heap).</summary>
    internal void GrowBlocks(int capacity) => _t.Grow(capacity);

    public AllocFailure LastFailure { get; private set; }

    /// <summary>
    /// Adds a boot untyped. It must be aligned to its size (seL4 boot untypeds are) and must not overlap one
    /// added before: InvalidArgument / AlignmentError / RangeError (sizeBits not 4..47); NotEnoughMemory when
    /// the block records are used up.
    /// </summary>
    public Sel4Error AddUntyped(RootSlot slot, ulong paddr, int sizeBits, bool isDevice)
    {
        if (sizeBits < ObjectSizes.MinUntypedBits || sizeBits > ObjectSizes.MaxUntypedBits)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        ulong size = 1UL << sizeBits;
        if ((paddr & (size - 1)) != 0)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.AlignmentError);
        }

        if (slot.Index > uint.MaxValue || paddr > ~0UL - (size - 1))
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.InvalidArgument);
        }

        for (int r = 0; r < _t.Capacity; r++)
        {
            if (_t.State[r] != BlockState.Unused && _t.Parent[r] == BlockTable.None
                && (_t.SlotOf(r).Is(slot) || (paddr < _t.PAddr[r] + _t.SizeBytes(r) && _t.PAddr[r] < paddr + size)))
            {
                return Fail(AllocFailure.BadRequest, Sel4Error.InvalidArgument);
            }
        }

        int b = _t.Take(paddr, sizeBits, slot, isDevice, BlockTable.None);
        if (b == BlockTable.None)
        {
            return Fail(AllocFailure.NoBlockRecords, Sel4Error.NotEnoughMemory);
        }

        _t.InsertFree(b);
        if (isDevice)
        {
            _deviceFreeBytes += size;
        }
        else
        {
            _freeBytes += size;
        }

        return Ok();
    }

    /// <summary>
    /// One object of <paramref name="type"/>; <paramref name="sizeBits"/> is the retype argument (log2 bytes
    /// for Untyped, log2 slots for CNode, ignored otherwise). Errors: RangeError for a bad size,
    /// NotEnoughMemory (see <see cref="LastFailure"/>), or the kernel's error.
    /// </summary>
    public Sel4Error Allocate(ObjectType type, int sizeBits, out Allocation a) => AllocateMany(type, sizeBits, 1, out a);

    /// <summary>
    /// <paramref name="count"/> (1..256) objects in consecutive slots, from one block of the next power of two
    /// that holds them all (20 frames come from one 128 KiB block).
    /// </summary>
    public Sel4Error AllocateMany(ObjectType type, int sizeBits, int count, out Allocation a)
    {
        a = default;
        int objectBits = ObjectSizes.Bits(type, sizeBits);
        if (objectBits < 0 || count < 1 || count > ObjectSizes.MaxRetypeCount)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        int blockBits = objectBits + ObjectSizes.CeilLog2(count);
        if (blockBits > ObjectSizes.MaxUntypedBits)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        // The slots first: growing them takes memory, so the block is chosen after.
        if (!TakeSlots(count, out RootSlot first))
        {
            return Fail(AllocFailure.NoSlots, Sel4Error.NotEnoughMemory);
        }

        int b = _t.SmallestFree(blockBits);
        if (b == BlockTable.None && MergeAll() == Sel4Error.NoError)
        {
            b = _t.SmallestFree(blockBits);
        }

        if (b == BlockTable.None)
        {
            _slots.FreeRange(first, count);
            return Fail(AllocFailure.NoMemory, Sel4Error.NotEnoughMemory);
        }

        return Place(b, blockBits, _t.PAddr[b], type, sizeBits, objectBits, first, count, out a);
    }

    /// <summary>
    /// Device memory at <paramref name="paddr"/>: the aligned block of 2^<paramref name="sizeBits"/> bytes there,
    /// filled with frames of <paramref name="type"/> (2^(sizeBits - frame bits) of them, at most 256) or, for
    /// Untyped, one untyped of that size. Errors: InvalidArgument (not a frame or Untyped type),
    /// RangeError (size smaller than the type, larger than the device untyped, or too many frames),
    /// AlignmentError (paddr not aligned), FailedLookup (no device untyped contains paddr),
    /// DeleteFirst (that memory is already allocated, wholly or in part).
    /// </summary>
    public Sel4Error AllocateDevice(ulong paddr, int sizeBits, ObjectType type, out Allocation a)
    {
        a = default;
        if (type != ObjectType.Untyped && !ObjectSizes.IsFrame(type))
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.InvalidArgument);
        }

        int objectBits = type == ObjectType.Untyped ? sizeBits : ObjectSizes.Bits(type, 0);
        if (sizeBits < ObjectSizes.MinUntypedBits || sizeBits > ObjectSizes.MaxUntypedBits || sizeBits < objectBits
            || sizeBits - objectBits > 8)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        if ((paddr & ((1UL << sizeBits) - 1)) != 0)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.AlignmentError);
        }

        int count = type == ObjectType.Untyped ? 1 : 1 << (sizeBits - objectBits);
        if (!TakeSlots(count, out RootSlot first))
        {
            return Fail(AllocFailure.NoSlots, Sel4Error.NotEnoughMemory);
        }

        Sel4Error e = FindDeviceBlock(paddr, sizeBits, out int b);
        if (e != Sel4Error.NoError)
        {
            _slots.FreeRange(first, count);
            return e;
        }

        return Place(b, sizeBits, paddr, type, type == ObjectType.Untyped ? sizeBits : 0, objectBits, first, count, out a);
    }

    // The free device block of at least 2^sizeBits bytes that contains paddr (a boot untyped or a block split from one).
    private Sel4Error FindDeviceBlock(ulong paddr, int sizeBits, out int b)
    {
        b = BlockTable.None;
        for (int r = 0; r < _t.Capacity; r++)
        {
            if (_t.State[r] != BlockState.Unused && _t.Parent[r] == BlockTable.None && _t.Device[r] && _t.Contains(r, paddr))
            {
                b = r;
                break;
            }
        }

        if (b == BlockTable.None)
        {
            return Fail(AllocFailure.DeviceUnavailable, Sel4Error.FailedLookup);
        }

        if (_t.Bits[b] < sizeBits)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        // Walk down through split blocks to the free block that contains the target.
        while (_t.State[b] == BlockState.Split && _t.Bits[b] > sizeBits)
        {
            int low = _t.ChildLow[b];
            b = _t.Contains(low, paddr) ? low : _t.ChildHigh[b];
        }

        return _t.State[b] == BlockState.Free ? Sel4Error.NoError : Fail(AllocFailure.DeviceUnavailable, Sel4Error.DeleteFirst);
    }

    /// <summary>
    /// Revokes the block's untyped (destroying the objects and every copy derived from them) and frees the object
    /// slots; the block stays as it is, free (a device block merges with free buddies upwards at once). InvalidArgument
    /// for an allocation that is not live (double or stale free); the kernel's error when the Revoke fails (nothing
    /// changed then).
    /// </summary>
    public Sel4Error Free(in Allocation a)
    {
        int b = a.Block;
        if (b < 0 || b >= _t.Capacity || _t.State[b] != BlockState.Used || _t.Serial[b] != a.Serial
            || _t.PAddr[b] != a.PAddr || _t.Bits[b] != a.SizeBits)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.InvalidArgument);
        }

        Sel4Error error = _kernel.Revoke(_t.SlotOf(b));
        if (error != Sel4Error.NoError)
        {
            return Fail(AllocFailure.Kernel, error);
        }

        _slots.FreeRange(a.FirstSlot, a.Count);
        MarkFree(b);
        _freesSinceMerge += _t.Device[b] ? 0 : 1;
        return !_t.Device[b] || (error = MergeUp(b, int.MaxValue)) == Sel4Error.NoError ? Ok() : Fail(AllocFailure.Kernel, error);
    }

    /// <summary>
    /// Merges every pair of free buddies, upwards as far as they go (each merge revokes the parent, deleting both halves
    /// and giving back their slots and records): the tree is then what merging at every free would have left. Costs a
    /// pass over the block records, none when no RAM block was freed since the last. The kernel's error when a Revoke
    /// fails (the tree stays consistent with the kernel).
    /// </summary>
    public Sel4Error Coalesce()
    {
        Sel4Error error = MergeAll();
        return error == Sel4Error.NoError ? error : Fail(AllocFailure.Kernel, error);
    }

    // A pair of free buddies only appears when a block is freed: with none freed since the last pass, none to merge.
    private Sel4Error MergeAll()
    {
        Sel4Error error = Sel4Error.NoError;
        for (int r = 0; _freesSinceMerge > 0 && r < _t.Capacity && error == Sel4Error.NoError; r++)
        {
            error = _t.State[r] == BlockState.Free ? MergeUp(r, int.MaxValue) : Sel4Error.NoError;
        }

        _freesSinceMerge = error == Sel4Error.NoError ? 0 : _freesSinceMerge;
        return error;
    }

    /// <summary>A snapshot of record <paramref name="index"/>; false for an unused record.</summary>
    public bool GetBlock(int index, out BlockInfo info)
    {
        info = default;
        if (index < 0 || index >= _t.Capacity || _t.State[index] == BlockState.Unused)
        {
            return false;
        }

        info.Index = index;
        info.State = _t.State[index];
        info.PAddr = _t.PAddr[index];
        info.SizeBits = _t.Bits[index];
        info.Slot = _t.SlotOf(index);
        info.IsDevice = _t.Device[index];
        info.Parent = _t.Parent[index];
        return true;
    }

    /// <summary>
    /// Where an allocation starts: lets <see cref="Growth"/> make room, then takes <paramref name="count"/> consecutive
    /// slots; when no run is free, one more CNode of slots is added and the run taken from it.
    /// </summary>
    private bool TakeSlots(int count, out RootSlot first)
    {
        ResourceGrowth? growth = Growth;
        growth?.Prepare(count);
        return _slots.TryAllocRange(count, out first) || (growth is not null && growth.AddNode() && _slots.TryAllocRange(count, out first));
    }

    /// <summary>
    /// Splits free block <paramref name="b"/> down to <paramref name="blockBits"/> towards <paramref name="target"/> and
    /// retypes the objects into slots <paramref name="first"/>.. (taken by the caller; given back here on failure).
    /// </summary>
    private Sel4Error Place(int b, int blockBits, ulong target, ObjectType type, int userBits, int objectBits, RootSlot first, int count, out Allocation a)
    {
        a = default;
        int splits = 0;
        while (_t.Bits[b] > blockBits)
        {
            Sel4Error splitError = Split(b);
            if (splitError != Sel4Error.NoError)
            {
                AllocFailure reason = LastFailure;
                _slots.FreeRange(first, count);
                MergeUp(b, splits);
                return Fail(reason, splitError);
            }

            splits++;
            int low = _t.ChildLow[b];
            b = _t.Contains(low, target) ? low : _t.ChildHigh[b];
        }

        Sel4Error error = _kernel.Retype(_t.SlotOf(b), type, userBits, first, count);
        if (error != Sel4Error.NoError)
        {
            _slots.FreeRange(first, count);
            MergeUp(b, splits);
            return Fail(AllocFailure.Kernel, error);
        }

        _t.RemoveFree(b);
        _t.State[b] = BlockState.Used;
        _serial++;
        _t.Serial[b] = _serial;
        ulong size = _t.SizeBytes(b);
        if (_t.Device[b])
        {
            _deviceFreeBytes -= size;
            _deviceUsedBytes += size;
        }
        else
        {
            _freeBytes -= size;
            _usedBytes += size;
        }

        a.Block = b;
        a.Serial = _serial;
        a.Type = type;
        a.FirstSlot = first;
        a.Count = count;
        a.PAddr = _t.PAddr[b];
        a.SizeBits = _t.Bits[b];
        a.ObjectBits = objectBits;
        a.IsDevice = _t.Device[b];
        return Ok();
    }

    /// <summary>Retypes free block <paramref name="b"/> into two untyped halves in two new consecutive slots.</summary>
    private Sel4Error Split(int b)
    {
        int bits = _t.Bits[b];
        if (bits <= ObjectSizes.MinUntypedBits)
        {
            return Fail(AllocFailure.BadRequest, Sel4Error.RangeError);
        }

        if (_t.Available < 2)
        {
            return Fail(AllocFailure.NoBlockRecords, Sel4Error.NotEnoughMemory);
        }

        if (!_slots.TryAllocRange(2, out RootSlot dest))
        {
            return Fail(AllocFailure.NoSlots, Sel4Error.NotEnoughMemory);
        }

        Sel4Error error = _kernel.RetypeUntyped(_t.SlotOf(b), bits - 1, dest, 2);
        if (error != Sel4Error.NoError)
        {
            _slots.FreeRange(dest, 2);
            return Fail(AllocFailure.Kernel, error);
        }

        bool device = _t.Device[b];
        ulong half = 1UL << (bits - 1);
        int low = _t.Take(_t.PAddr[b], bits - 1, dest, device, b);
        int high = _t.Take(_t.PAddr[b] + half, bits - 1, dest.Plus(1), device, b);
        _t.RemoveFree(b);
        _t.State[b] = BlockState.Split;
        _t.ChildLow[b] = low;
        _t.ChildHigh[b] = high;
        _t.InsertFree(low);
        _t.InsertFree(high);
        return Sel4Error.NoError;
    }

    private void MarkFree(int b)
    {
        _t.State[b] = BlockState.Free;
        _t.Serial[b] = 0;
        ulong size = _t.SizeBytes(b);
        if (_t.Device[b])
        {
            _deviceUsedBytes -= size;
            _deviceFreeBytes += size;
        }
        else
        {
            _usedBytes -= size;
            _freeBytes += size;
        }

        _t.InsertFree(b);
    }

    /// <summary>
    /// While both halves of the parent of free block <paramref name="b"/> are free, revokes the parent to merge them, at
    /// most <paramref name="levels"/> times (a failed allocation merges back only the splits it made).
    /// </summary>
    private Sel4Error MergeUp(int b, int levels)
    {
        for (; levels > 0; levels--)
        {
            int p = _t.Parent[b];
            if (p == BlockTable.None)
            {
                return Sel4Error.NoError;
            }

            int low = _t.ChildLow[p];
            int high = _t.ChildHigh[p];
            if (_t.State[low] != BlockState.Free || _t.State[high] != BlockState.Free)
            {
                return Sel4Error.NoError;
            }

            Sel4Error error = _kernel.Revoke(_t.SlotOf(p));
            if (error != Sel4Error.NoError)
            {
                return error;
            }

            _slots.Free(_t.SlotOf(low));
            _slots.Free(_t.SlotOf(high));
            _t.RemoveFree(low);
            _t.RemoveFree(high);
            _t.Release(low);
            _t.Release(high);
            _t.State[p] = BlockState.Free;
            _t.ChildLow[p] = BlockTable.None;
            _t.ChildHigh[p] = BlockTable.None;
            _t.InsertFree(p);
            b = p;
        }

        return Sel4Error.NoError;
    }

    private Sel4Error Ok()
    {
        LastFailure = AllocFailure.None;
        return Sel4Error.NoError;
    }

    private Sel4Error Fail(AllocFailure reason, Sel4Error error)
    {
        LastFailure = reason;
        return error;
    }
}
