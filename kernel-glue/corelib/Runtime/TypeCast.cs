// Cast helpers the compiler calls for 'is', 'as' and casts: walk the parent chain or the interface list.
using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime;

internal static unsafe class TypeCast
{
    private static MethodTable* TypeOf(object obj) => obj.m_pEEType;

    private static bool IsSubclassOf(MethodTable* type, MethodTable* target)
    {
        while (type != null)
        {
            if (type == target)
            {
                return true;
            }

            type = type->RelatedType;
        }

        return false;
    }

    private static bool ImplementsInterface(MethodTable* type, MethodTable* target)
    {
        MethodTable** map = type->InterfaceMap;
        for (int i = 0; i < type->NumInterfaces; i++)
        {
            if (map[i] == target)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInstance(MethodTable* type, MethodTable* target) =>
        target->IsInterface ? ImplementsInterface(type, target) : IsSubclassOf(type, target);

    public static object? IsInstanceOfClass(MethodTable* target, object? obj) =>
        obj is null || IsSubclassOf(TypeOf(obj), target) ? obj : null;

    public static object? IsInstanceOfInterface(MethodTable* target, object? obj) =>
        obj is null || ImplementsInterface(TypeOf(obj), target) ? obj : null;

    public static object? IsInstanceOfAny(MethodTable* target, object? obj) =>
        obj is null || IsInstance(TypeOf(obj), target) ? obj : null;

    public static bool IsInstanceOfException(MethodTable* target, object? obj) =>
        obj is not null && IsSubclassOf(TypeOf(obj), target);

    public static object? CheckCastClass(MethodTable* target, object? obj)
    {
        if (obj is null || IsSubclassOf(TypeOf(obj), target))
        {
            return obj;
        }

        RuntimeChecks.InvalidCast();
        return null;
    }

    public static object? CheckCastClassSpecial(MethodTable* target, object? obj) => CheckCastClass(target, obj);

    public static object? CheckCastInterface(MethodTable* target, object? obj)
    {
        if (obj is null || ImplementsInterface(TypeOf(obj), target))
        {
            return obj;
        }

        RuntimeChecks.InvalidCast();
        return null;
    }

    public static object? CheckCastAny(MethodTable* target, object? obj)
    {
        if (obj is null || IsInstance(TypeOf(obj), target))
        {
            return obj;
        }

        RuntimeChecks.InvalidCast();
        return null;
    }

    public static void StelemRef(object?[] array, nint index, object? obj)
    {
        if ((nuint)index >= (nuint)(uint)array.Length)
        {
            RuntimeChecks.IndexOutOfRange();
        }

        // Arrays of references are stored without a covariance check: SmosSharp code does not use covariant arrays.
        ref object? element = ref Unsafe.As<byte, object?>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8 + (index * 8)));
        element = obj;
    }

    public static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
    {
        if ((nuint)index >= (nuint)(uint)array.Length)
        {
            RuntimeChecks.IndexOutOfRange();
        }

        return ref Unsafe.As<byte, object?>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8 + (index * 8)));
    }
}
