// The records the untyped manager hands out and reports: allocations, block descriptions and failure reasons.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Objects retyped from one buddy block. The caller keeps it and passes it back to
/// <see cref="UntypedManager.Free(in Allocation)"/>; a copy that was freed already is refused.
/// </summary>
public struct Allocation
{
    // 64-bit fields first: the struct is 48 bytes.
    public ObjectType Type;

    /// <summary>First of <see cref="Count"/> consecutive root-CNode slots holding the objects.</summary>
    public RootSlot FirstSlot;

    /// <summary>Physical address of the block; object i starts at PAddr + i * 2^ObjectBits.</summary>
    public ulong PAddr;

    /// <summary>Index of the block record inside the manager.</summary>
    public int Block;

    /// <summary>Distinguishes successive allocations of the same record (stale copies are refused).</summary>
    public uint Serial;

    public int Count;

    /// <summary>log2 of the block's size (&gt;= Count * 2^ObjectBits).</summary>
    public int SizeBits;

    /// <summary>log2 of one object's size.</summary>
    public int ObjectBits;

    public bool IsDevice;

    public readonly ulong SizeBytes => 1UL << SizeBits;

    /// <summary>The slot of object <paramref name="index"/>.</summary>
    public readonly RootSlot Slot(int index) => FirstSlot.Plus(index);

    /// <summary>The physical address of object <paramref name="index"/>.</summary>
    public readonly ulong ObjectPAddr(int index) => PAddr + ((ulong)index << ObjectBits);
}

/// <summary>State of a buddy block record.</summary>
public enum BlockState : byte
{
    /// <summary>The record is not in use.</summary>
    Unused = 0,

    /// <summary>A childless untyped, available.</summary>
    Free = 1,

    /// <summary>Retyped into two untyped halves, each a block of its own.</summary>
    Split = 2,

    /// <summary>Holds the objects of one allocation.</summary>
    Used = 3,
}

/// <summary>A snapshot of one block record, for diagnostics and tests.</summary>
public struct BlockInfo
{
    public int Index;
    public BlockState State;
    public ulong PAddr;
    public int SizeBits;

    /// <summary>The root-CNode slot of the block's untyped capability.</summary>
    public RootSlot Slot;

    public bool IsDevice;

    /// <summary>The record this block was split from, or -1 for a boot untyped.</summary>
    public int Parent;
}

/// <summary>Why the last failed operation of the <see cref="UntypedManager"/> failed.</summary>
public enum AllocFailure
{
    None = 0,

    /// <summary>Bad type, size, count, alignment or a stale allocation (the returned error says which).</summary>
    BadRequest,

    /// <summary>No free RAM block large enough (NotEnoughMemory).</summary>
    NoMemory,

    /// <summary>The fixed number of block records is used up (NotEnoughMemory).</summary>
    NoBlockRecords,

    /// <summary>The slot allocator has no free slot or run of slots (NotEnoughMemory).</summary>
    NoSlots,

    /// <summary>The device address is not in a device untyped, or that memory is in use.</summary>
    DeviceUnavailable,

    /// <summary>A kernel call failed; the returned error is the kernel's.</summary>
    Kernel,
}
