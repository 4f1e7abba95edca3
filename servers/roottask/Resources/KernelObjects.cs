// The kernel operations the resource managers use, and the memory size of each seL4 object type.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// The only kernel operations the resource managers perform. Every slot is a <see cref="RootSlot"/> (a slot of the root
/// task's CSpace, addressed by its cptr with depth 64). The target implementation invokes the typed
/// capabilities of kernel-glue; host tests use a simulator.
/// </summary>
public abstract class KernelObjects
{
    /// <summary>Untyped_Retype of <paramref name="parentSlot"/> into <paramref name="count"/> untyped children of 2^<paramref name="childSizeBits"/> bytes in slots destSlot...</summary>
    public abstract Sel4Error RetypeUntyped(RootSlot parentSlot, int childSizeBits, RootSlot destSlot, int count);

    /// <summary>
    /// Untyped_Retype of <paramref name="untypedSlot"/> into <paramref name="count"/> objects of <paramref name="type"/>
    /// in slots destSlot... <paramref name="sizeBits"/> is the retype argument: log2 bytes for Untyped,
    /// log2 slots for CNode, ignored by the kernel for fixed-size types.
    /// </summary>
    public abstract Sel4Error Retype(RootSlot untypedSlot, ObjectType type, int sizeBits, RootSlot destSlot, int count);

    /// <summary>CNode_Revoke: deletes every capability derived from the one in <paramref name="slot"/>.</summary>
    public abstract Sel4Error Revoke(RootSlot slot);

    /// <summary>CNode_Delete: empties <paramref name="slot"/>.</summary>
    public abstract Sel4Error Delete(RootSlot slot);

    /// <summary>
    /// CNode_Copy of the second-level CNode in <paramref name="cnode"/> into slot <paramref name="node"/> of the root task's
    /// top-level CNode: from then on the cptrs (node &lt;&lt; NodeBits) | i name its slots (<see cref="SlotAllocator"/>).
    /// </summary>
    public abstract Sel4Error InstallNode(RootSlot cnode, ulong node);
}

/// <summary>Memory sizes of seL4 objects on AArch64, from the generated Sel4ObjectSizes (docs/sel4-abi.md, "Object types and sizes").</summary>
public static class ObjectSizes
{
    /// <summary>Smallest and largest untyped (seL4_MinUntypedBits, seL4_MaxUntypedBits).</summary>
    public const int MinUntypedBits = Sel4ObjectSizes.MinUntypedBits;
    public const int MaxUntypedBits = Sel4ObjectSizes.MaxUntypedBits;

    /// <summary>A CNode slot is 32 bytes.</summary>
    public const int SlotBits = Sel4ObjectSizes.SlotBits;

    /// <summary>Most objects one Untyped_Retype may create (CONFIG_RETYPE_FAN_OUT_LIMIT).</summary>
    public const int MaxRetypeCount = 256;

    public const int PageBits = Sel4ObjectSizes.PageBits;

    /// <summary>
    /// log2 of the bytes one object of <paramref name="type"/> occupies, or -1 when the type or the size
    /// is invalid. <paramref name="userSizeBits"/> is the retype argument: log2 bytes for Untyped (4..47),
    /// log2 slots for CNode (1..42); it is ignored for fixed-size types.
    /// </summary>
    public static int Bits(ObjectType type, int userSizeBits)
    {
        switch (type)
        {
            case ObjectType.Untyped:
                return userSizeBits >= MinUntypedBits && userSizeBits <= MaxUntypedBits ? userSizeBits : -1;
            case ObjectType.Tcb:
                return Sel4ObjectSizes.TCBBits;
            case ObjectType.Endpoint:
                return Sel4ObjectSizes.EndpointBits;
            case ObjectType.Notification:
                return Sel4ObjectSizes.NotificationBits;
            case ObjectType.CNode:
                return userSizeBits >= 1 && userSizeBits + SlotBits <= MaxUntypedBits ? userSizeBits + SlotBits : -1;
            case ObjectType.HugePage:
                return Sel4ObjectSizes.HugePageBits;
            case ObjectType.VSpace:
                return Sel4ObjectSizes.VSpaceBits;
            case ObjectType.SmallPage:
                return Sel4ObjectSizes.PageBits;
            case ObjectType.LargePage:
                return Sel4ObjectSizes.LargePageBits;
            case ObjectType.PageTable:
                return Sel4ObjectSizes.PageTableBits;
            default:
                return -1;
        }
    }

    /// <summary>True for the frame types, the only objects (besides Untyped) seL4 creates from device memory.</summary>
    public static bool IsFrame(ObjectType type) =>
        type == ObjectType.SmallPage || type == ObjectType.LargePage || type == ObjectType.HugePage;

    /// <summary>The smallest n with 2^n &gt;= <paramref name="count"/> (0 for count &lt;= 1).</summary>
    public static int CeilLog2(int count)
    {
        int bits = 0;
        while (bits < 31 && (1 << bits) < count)
        {
            bits++;
        }

        return bits;
    }
}
