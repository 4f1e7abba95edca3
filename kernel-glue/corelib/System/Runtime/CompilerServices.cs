// Attributes and intrinsics the C# compiler and ILC look for by name (Unsafe, RuntimeHelpers, InlineArray...).
namespace System.Runtime.CompilerServices;

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Field, Inherited = false)]
internal sealed class IntrinsicAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor)]
public sealed class MethodImplAttribute : Attribute
{
    public MethodImplAttribute(MethodImplOptions methodImplOptions) { Value = methodImplOptions; }

    public MethodImplAttribute() { }

    public MethodImplOptions Value { get; }
}

[Flags]
public enum MethodImplOptions
{
    Unmanaged = 0x0004,
    NoInlining = 0x0008,
    ForwardRef = 0x0010,
    Synchronized = 0x0020,
    NoOptimization = 0x0040,
    PreserveSig = 0x0080,
    AggressiveInlining = 0x0100,
    AggressiveOptimization = 0x0200,
    InternalCall = 0x1000,
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class IndexerNameAttribute : Attribute
{
    public IndexerNameAttribute(string indexerName) { }
}

[AttributeUsage(AttributeTargets.Struct)]
public sealed class IsByRefLikeAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All)]
public sealed class IsReadOnlyAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All)]
public sealed class IsUnmanagedAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Module)]
public sealed class RefSafetyRulesAttribute : Attribute
{
    public RefSafetyRulesAttribute(int version) { Version = version; }

    public int Version { get; }
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ScopedRefAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
public sealed class CompilerFeatureRequiredAttribute : Attribute
{
    public CompilerFeatureRequiredAttribute(string featureName) { }
}

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property)]
public sealed class RequiredMemberAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class ExtensionAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Struct)]
public sealed class InlineArrayAttribute : Attribute
{
    public InlineArrayAttribute(int length) { Length = length; }

    public int Length { get; }
}

[AttributeUsage(AttributeTargets.Field)]
public sealed class FixedBufferAttribute : Attribute
{
    public FixedBufferAttribute(Type elementType, int length) { }
}

[AttributeUsage(AttributeTargets.Struct)]
public sealed class UnsafeValueTypeAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CallerFilePathAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CallerLineNumberAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CallerMemberNameAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CallerArgumentExpressionAttribute : Attribute
{
    public CallerArgumentExpressionAttribute(string parameterName) { }
}

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Constructor)]
public sealed class CompilerGeneratedAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All)]
public sealed class SkipLocalsInitAttribute : Attribute
{
}

/// <summary>Lets the named assembly use this assembly's internals (sel4-sys gives its raw system calls to sel4 only).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class InternalsVisibleToAttribute : Attribute
{
    public InternalsVisibleToAttribute(string assemblyName) { AssemblyName = assemblyName; }

    public string AssemblyName { get; }
}

public static class IsConst
{
}

public static class RuntimeFeature
{
    public const string ByRefFields = nameof(ByRefFields);
    public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
    public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
    public const string NumericIntPtr = nameof(NumericIntPtr);
    public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
    public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
}

/// <summary>Unmanaged calling convention marker types (used by function pointers).</summary>
public class CallConvCdecl
{
}

public class CallConvSuppressGCTransition
{
}

public static class RuntimeHelpers
{
    public static int OffsetToStringData => 12;

    [Intrinsic]
    public static bool IsReferenceOrContainsReferences<T>() => false;

    [Intrinsic]
    public static unsafe void InitializeArray(Array array, RuntimeFieldHandle fldHandle) { }

    /// <summary>An identity hash of <paramref name="o"/> (0 for null): its address mixed, stable because objects never move.</summary>
    public static unsafe int GetHashCode(object? o)
    {
        if (o is null)
        {
            return 0;
        }

        ulong a = (ulong)*(nint*)Unsafe.AsPointer(ref o);
        a ^= a >> 29;
        a *= 0x9e37_79b9_7f4a_7c15;
        return (int)(a >> 32);
    }

    /// <summary>Records call it before printing members; stack depth is not tracked, so it never throws.</summary>
    public static void EnsureSufficientExecutionStack()
    {
    }
}

/// <summary>Raw memory reinterpretation, implemented by the compiler (the bodies are never used).</summary>
public static unsafe class Unsafe
{
    [Intrinsic]
    public static T As<T>(object? o) where T : class? => throw null!;

    [Intrinsic]
    public static ref TTo As<TFrom, TTo>(ref TFrom source) => throw null!;

    [Intrinsic]
    public static ref T Add<T>(ref T source, int elementOffset) => throw null!;

    [Intrinsic]
    public static ref T Add<T>(ref T source, nint elementOffset) => throw null!;

    [Intrinsic]
    public static void* Add<T>(void* source, int elementOffset) => throw null!;

    [Intrinsic]
    public static ref T AddByteOffset<T>(ref T source, nint byteOffset) => throw null!;

    [Intrinsic]
    public static ref T AddByteOffset<T>(ref T source, nuint byteOffset) => throw null!;

    [Intrinsic]
    public static ref T AsRef<T>(void* source) => throw null!;

    [Intrinsic]
    public static ref T AsRef<T>(scoped ref readonly T source) => throw null!;

    [Intrinsic]
    public static void* AsPointer<T>(ref T value) => throw null!;

    [Intrinsic]
    public static int SizeOf<T>() => throw null!;

    [Intrinsic]
    public static T ReadUnaligned<T>(void* source) => throw null!;

    [Intrinsic]
    public static T ReadUnaligned<T>(ref readonly byte source) => throw null!;

    [Intrinsic]
    public static void WriteUnaligned<T>(void* destination, T value) => throw null!;

    [Intrinsic]
    public static void WriteUnaligned<T>(ref byte destination, T value) => throw null!;

    [Intrinsic]
    public static bool AreSame<T>(ref readonly T left, ref readonly T right) => throw null!;

    [Intrinsic]
    public static bool IsNullRef<T>(ref readonly T source) => throw null!;

    [Intrinsic]
    public static ref T NullRef<T>() => throw null!;

    [Intrinsic]
    public static nint ByteOffset<T>(ref readonly T origin, ref readonly T target) => throw null!;

    [Intrinsic]
    public static bool IsAddressLessThan<T>(ref readonly T left, ref readonly T right) => throw null!;

    [Intrinsic]
    public static void SkipInit<T>(out T value) => throw null!;
}

/// <summary>Modifier the compiler puts on volatile fields.</summary>
public static class IsVolatile
{
}

/// <summary>Names of tuple elements in signatures (compiler-emitted).</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class TupleElementNamesAttribute : Attribute
{
    public TupleElementNamesAttribute(string?[] transformNames) => TransformNames = transformNames;

    public System.Collections.Generic.IList<string?> TransformNames { get; }
}

/// <summary>Used to reach the first field of an object (the compiler looks it up by this name).</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal sealed class RawData
{
    public byte Data;
}

/// <summary>Marks <c>init</c> accessors (records' positional properties, <c>{ get; init; }</c>).</summary>
public static class IsExternalInit
{
}
