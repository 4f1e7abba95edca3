// Boxing, unboxing and generic allocation helpers the compiler calls by name (System.Runtime.RuntimeExports).
using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime;

/// <summary>
/// The helpers ILC binds to for boxing in generic code, unboxing with a type check, <c>Activator</c>-style allocation
/// and <c>MemberwiseClone</c>. A boxed value is the MethodTable pointer followed by the value's bytes.
/// </summary>
internal static unsafe class RuntimeExports
{
    [RuntimeExport("RhNewObject")]
    public static object RhNewObject(MethodTable* type) => Heap.NewObject(type);

    [RuntimeExport("RhNewArray")]
    public static object RhNewArray(MethodTable* type, int length) => Heap.NewArray(type, length);

    [RuntimeExport("RhBox")]
    public static object? RhBox(MethodTable* type, ref byte data)
    {
        if (type->IsNullable)
        {
            if (data == 0)
            {
                return null;
            }

            data = ref Unsafe.Add(ref data, (nint)type->NullableValueOffset);
            type = type->NullableType;
        }

        object result = Heap.NewObject(type);
        RawMemory.Move(ref result.GetRawData(), ref data, type->ValueTypeSize);
        return result;
    }

    [RuntimeExport("RhBoxAny")]
    public static object? RhBoxAny(ref byte data, MethodTable* type) =>
        type->IsValueType ? RhBox(type, ref data) : Unsafe.As<byte, object?>(ref data);

    [RuntimeExport("RhUnbox2")]
    public static ref byte RhUnbox2(MethodTable* type, object? obj)
    {
        if (obj is null)
        {
            RuntimeChecks.NullReference();
        }

        if (!SameValueType(obj!.m_pEEType, type))
        {
            RuntimeChecks.InvalidCast();
        }

        return ref obj.GetRawData();
    }

    [RuntimeExport("RhUnboxAny")]
    public static void RhUnboxAny(object? obj, ref byte data, MethodTable* type)
    {
        if (!type->IsValueType)
        {
            Unsafe.As<byte, object?>(ref data) = TypeCast.CheckCastAny(type, obj);
            return;
        }

        if (type->IsNullable)
        {
            RhUnboxNullable(ref data, type, obj);
            return;
        }

        RawMemory.Move(ref data, ref RhUnbox2(type, obj), type->ValueTypeSize);
    }

    [RuntimeExport("RhUnboxNullable")]
    public static void RhUnboxNullable(ref byte data, MethodTable* type, object? obj)
    {
        MethodTable* valueType = type->NullableType;
        if (obj is null)
        {
            RawMemory.Clear(ref data, type->ValueTypeSize);
            return;
        }

        if (!SameValueType(obj.m_pEEType, valueType))
        {
            RuntimeChecks.InvalidCast();
        }

        data = 1;
        RawMemory.Move(ref Unsafe.Add(ref data, (nint)type->NullableValueOffset), ref obj.GetRawData(), valueType->ValueTypeSize);
    }

    [RuntimeExport("RhUnbox")]
    public static void RhUnbox(object? obj, ref byte data, MethodTable* type)
    {
        if (type != null && type->IsNullable)
        {
            RhUnboxNullable(ref data, type, obj);
            return;
        }

        RawMemory.Move(ref data, ref obj!.GetRawData(), obj.m_pEEType->ValueTypeSize);
    }

    [RuntimeExport("RhUnboxTypeTest")]
    public static void RhUnboxTypeTest(MethodTable* type, MethodTable* boxType)
    {
        if (!SameValueType(type, boxType))
        {
            RuntimeChecks.InvalidCast();
        }
    }

    [RuntimeExport("RhMemberwiseClone")]
    public static object RhMemberwiseClone(object source)
    {
        MethodTable* type = source.m_pEEType;
        object clone = type->HasComponentSize
            ? Heap.NewArray(type, Unsafe.As<Array>(source).Length)
            : Heap.NewObject(type);
        nuint bytes = type->BaseSize - (nuint)(2 * sizeof(nint));
        if (type->HasComponentSize)
        {
            bytes += (nuint)type->ComponentSize * (nuint)(uint)Unsafe.As<Array>(source).Length;
        }

        RawMemory.Move(ref clone.GetRawData(), ref source.GetRawData(), bytes);
        return clone;
    }

    [RuntimeExport("RhCheckArrayStore")]
    public static void RhCheckArrayStore(object array, object? value)
    {
        // SmosSharp does not check array covariance on stores (see TypeCast.StelemRef).
    }

    // Unboxing allows an enum and its underlying integer type to stand for each other, as .NET does.
    private static bool SameValueType(MethodTable* actual, MethodTable* expected) =>
        actual == expected || (actual->IsPrimitive && expected->IsPrimitive && actual->ElementTypeCode == expected->ElementTypeCode);
}
