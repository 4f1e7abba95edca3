// The compiler's per-type descriptor (MethodTable, ILC 10 layout), as far as allocation, casts and dispatch read it.
namespace Internal.Runtime;

/// <summary>
/// Header of ILC's MethodTable. After the 24-byte header come the vtable (<see cref="NumVtableSlots"/> code pointers)
/// and the interface map (<see cref="NumInterfaces"/> MethodTable pointers), then 32-bit relative pointers: the type
/// manager, the writable data, the dispatch map (when <see cref="HasDispatchMapFlag"/>), the finalizer (when
/// <see cref="HasFinalizerFlag"/>) and the sealed vtable (when <see cref="HasSealedVTableFlag"/>). Checked against ILC
/// 10.0.12's output; the interface-dispatch boot test fails if a later ILC changes it.
/// </summary>
internal unsafe struct MethodTable
{
    private const uint HasComponentSizeFlag = 0x80000000;
    private const uint HasDispatchMapFlag = 0x00040000;
    private const uint HasFinalizerFlag = 0x00100000;
    private const uint HasSealedVTableFlag = 0x00400000;
    private const uint HasPointersFlag = 0x01000000;
    private const uint ElementTypeMask = 0x7C000000;
    private const int ElementTypeShift = 26;
    private const uint ElementTypeValueType = 0x10;
    private const uint ElementTypeNullable = 0x12;
    private const uint ElementTypeClass = 0x14;
    private const uint ElementTypeInterface = 0x15;
    private const uint ElementTypeArray = 0x17;
    private const uint ElementTypeSzArray = 0x18;

    public uint Flags;
    public uint BaseSize;
    public MethodTable* RelatedType;
    public ushort NumVtableSlots;
    public ushort NumInterfaces;
    public uint HashCode;

    public bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;

    public ushort ComponentSize => HasComponentSize ? (ushort)Flags : (ushort)0;

    /// <summary>True when instances hold object references (a GC descriptor precedes the MethodTable).</summary>
    public bool HasPointers => (Flags & HasPointersFlag) != 0;

    // A value type's MethodTable keeps the padding a box adds after the value in bits 5-7 of its flags.
    private nuint ValueTypePadding => HasComponentSize ? 0 : (Flags >> 5) & 7;

    /// <summary>
    /// The generic argument of a type with one generic parameter (Nullable&lt;T&gt;): after the optional relative pointers
    /// come the generic definition and, for one argument, a relative pointer straight to that argument's MethodTable.
    /// </summary>
    public MethodTable* GenericArgument0
    {
        get
        {
            int* relative = RelativeFields;
            relative += ((Flags & HasDispatchMapFlag) != 0 ? 1 : 0) + ((Flags & HasFinalizerFlag) != 0 ? 1 : 0) +
                ((Flags & HasSealedVTableFlag) != 0 ? 1 : 0) + 1;
            return (MethodTable*)((byte*)relative + *relative);
        }
    }

    private uint ElementType => (Flags & ElementTypeMask) >> ElementTypeShift;

    public bool IsInterface => ElementType == ElementTypeInterface;

    /// <summary>The element type code (0x02-0x0F primitives, 0x10 struct, 0x12 Nullable, 0x14 class...).</summary>
    public uint ElementTypeCode => ElementType;

    /// <summary>Primitives and enums (whose MethodTables carry their underlying type's code).</summary>
    public bool IsPrimitive => ElementType < ElementTypeValueType;

    public bool IsValueType => ElementType < ElementTypeClass;

    public bool IsNullable => ElementType == ElementTypeNullable;

    /// <summary>Bytes of a value type's value (a box's size without its header, MethodTable pointer and padding).</summary>
    public nuint ValueTypeSize => BaseSize - (nuint)(2 * sizeof(nint)) - ValueTypePadding;

    /// <summary>For Nullable&lt;T&gt;: T (the first generic argument).</summary>
    public MethodTable* NullableType => GenericArgument0;

    /// <summary>For Nullable&lt;T&gt;: the offset of the value after the HasValue flag (T's alignment).</summary>
    public nuint NullableValueOffset
    {
        // The value follows the flag at T's alignment, and T's size is a multiple of it: the difference of the sizes.
        get
        {
            fixed (MethodTable* self = &this)
            {
                return self->ValueTypeSize - NullableType->ValueTypeSize;
            }
        }
    }

    public bool IsArray => ElementType == ElementTypeSzArray || ElementType == ElementTypeArray;

    /// <summary>The base type (for arrays, <see cref="RelatedType"/> is the element type instead, so this is null).</summary>
    public MethodTable* BaseType => IsArray ? null : RelatedType;

    /// <summary>The vtable: <see cref="NumVtableSlots"/> code pointers right after the header.</summary>
    public nint* VTable
    {
        get
        {
            fixed (MethodTable* self = &this)
            {
                return (nint*)((byte*)self + sizeof(MethodTable));
            }
        }
    }

    /// <summary>The interface list follows the vtable (one pointer per interface).</summary>
    public MethodTable** InterfaceMap => (MethodTable**)(VTable + NumVtableSlots);

    // The relative pointers after the interface map: type manager, writable data, then the optional ones.
    private int* RelativeFields => (int*)(InterfaceMap + NumInterfaces) + 2;

    /// <summary>The interface dispatch map, or null.</summary>
    public DispatchMap* DispatchMap
    {
        get
        {
            if ((Flags & HasDispatchMapFlag) == 0)
            {
                return null;
            }

            int* relative = RelativeFields;
            return (DispatchMap*)((byte*)relative + *relative);
        }
    }

    /// <summary>Code of sealed virtual slot <paramref name="index"/> (slots at or above <see cref="NumVtableSlots"/>).</summary>
    public nint SealedVirtualSlot(int index)
    {
        if ((Flags & HasSealedVTableFlag) == 0)
        {
            return 0;
        }

        int* relative = RelativeFields;
        if ((Flags & HasDispatchMapFlag) != 0)
        {
            relative++;
        }

        if ((Flags & HasFinalizerFlag) != 0)
        {
            relative++;
        }

        int* table = (int*)((byte*)relative + *relative);
        return (nint)((byte*)(table + index) + table[index]);
    }
}

/// <summary>
/// A type's interface dispatch map: four counts, then entries of (interface index, interface slot, implementation
/// slot), the class's own implementations first and default interface methods after them.
/// </summary>
internal unsafe struct DispatchMap
{
    public ushort StandardCount;
    public ushort DefaultCount;
    public ushort StaticCount;
    public ushort DefaultStaticCount;

    /// <summary>Entry <paramref name="index"/> (standard entries, then default ones).</summary>
    public DispatchMapEntry* Entry(int index)
    {
        fixed (DispatchMap* self = &this)
        {
            return (DispatchMapEntry*)(self + 1) + index;
        }
    }
}

/// <summary>One dispatch map entry: which interface of the type's interface map, which slot of it, and where it lands.</summary>
internal struct DispatchMapEntry
{
    public ushort InterfaceIndex;
    public ushort InterfaceSlot;
    public ushort ImplementationSlot;
}
