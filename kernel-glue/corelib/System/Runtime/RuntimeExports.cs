// Boxing and unboxing helpers the compiler calls when it does not inline them (RhBox, RhUnbox2): needed by object-typed formatting.
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime;

/// <summary>
/// The runtime's boxing entry points (ILC looks them up by these names in System.Runtime.RuntimeExports). A box is an
/// object of the value type's MethodTable followed by the value's bytes. Boxing a Nullable is not supported yet.
/// </summary>
internal static unsafe class RuntimeExports
{
    private const uint ElementTypeMask = 0x7C000000;
    private const int ElementTypeShift = 26;
    private const uint ElementTypeNullable = 0x12;

    /// <summary>A new box of <paramref name="type"/> holding the value at <paramref name="data"/>.</summary>
    public static object RhBox(MethodTable* type, ref byte data)
    {
        if (((type->Flags & ElementTypeMask) >> ElementTypeShift) == ElementTypeNullable)
        {
            throw new NotSupportedException("Boxing a Nullable<T> is not supported on SmosSharp yet.");
        }

        object box = NewObject(type);

        // BaseSize counts the object header word and the MethodTable pointer before the (padded) value.
        nuint size = type->BaseSize - (nuint)(2 * sizeof(nint));
        RawMemory.Move(ref box.GetRawData(), ref data, size);
        return box;
    }

    /// <summary>The value inside <paramref name="obj"/>, which must be a box of <paramref name="type"/> (or of the same primitive kind).</summary>
    public static ref byte RhUnbox2(MethodTable* type, object obj)
    {
        if (obj is null)
        {
            RuntimeChecks.NullReference();
        }

        MethodTable* actual = obj!.m_pMethodTable;
        if (actual != type && !SamePrimitiveKind(actual, type))
        {
            RuntimeChecks.InvalidCast();
        }

        return ref obj.GetRawData();
    }

    /// <summary>Unboxes into a Nullable: null gives "no value"; a box is not supported yet (NotSupportedException).</summary>
    public static void RhUnboxNullable(ref byte data, MethodTable* type, object? obj)
    {
        if (obj is not null)
        {
            throw new NotSupportedException("Unboxing into a Nullable<T> is not supported on SmosSharp yet.");
        }

        RawMemory.Clear(ref data, type->BaseSize - (nuint)(2 * sizeof(nint)));
    }

    // An enum unboxes as its underlying type and back (same element type, both primitives).
    private static bool SamePrimitiveKind(MethodTable* a, MethodTable* b)
    {
        uint ea = (a->Flags & ElementTypeMask) >> ElementTypeShift;
        uint eb = (b->Flags & ElementTypeMask) >> ElementTypeShift;
        return ea == eb && ea >= 0x02 && ea <= 0x0F;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "RhpNewFast")]
    private static extern object NewObject(MethodTable* type);
}
