// The compiler's per-type descriptor (MethodTable), as far as allocation and casts need to read it.
namespace Internal.Runtime;

/// <summary>Header of ILC's MethodTable (layout of ILC 10). Only the fields the runtime reads are named.</summary>
internal unsafe struct MethodTable
{
    private const uint HasComponentSizeFlag = 0x80000000;
    private const uint ElementTypeMask = 0x7C000000;
    private const int ElementTypeShift = 26;
    private const uint ElementTypeInterface = 0x18;

    public uint Flags;
    public uint BaseSize;
    public MethodTable* RelatedType;
    public ushort NumVtableSlots;
    public ushort NumInterfaces;
    public uint HashCode;

    public bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;

    public ushort ComponentSize => HasComponentSize ? (ushort)Flags : (ushort)0;

    public bool IsInterface => ((Flags & ElementTypeMask) >> ElementTypeShift) == ElementTypeInterface;

    /// <summary>The interface list follows the vtable (one pointer per interface).</summary>
    public MethodTable** InterfaceMap
    {
        get
        {
            fixed (MethodTable* self = &this)
            {
                return (MethodTable**)((byte*)self + sizeof(MethodTable) + (sizeof(nint) * NumVtableSlots));
            }
        }
    }
}
