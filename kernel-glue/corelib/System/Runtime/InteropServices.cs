// Interop attributes: struct layout, P/Invoke and unmanaged entry points.
namespace System.Runtime.InteropServices;

public enum LayoutKind
{
    Sequential = 0,
    Explicit = 2,
    Auto = 3,
}

public enum CharSet
{
    None = 1,
    Ansi = 2,
    Unicode = 3,
    Auto = 4,
}

public enum CallingConvention
{
    Winapi = 1,
    Cdecl = 2,
    StdCall = 3,
    ThisCall = 4,
    FastCall = 5,
}

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class StructLayoutAttribute : Attribute
{
    public StructLayoutAttribute(LayoutKind layoutKind) { Value = layoutKind; }

    public LayoutKind Value { get; }

    public int Pack;
    public int Size;
    public CharSet CharSet;
}

[AttributeUsage(AttributeTargets.Field)]
public sealed class FieldOffsetAttribute : Attribute
{
    public FieldOffsetAttribute(int offset) { Value = offset; }

    public int Value { get; }
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class InAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OutAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class DllImportAttribute : Attribute
{
    public DllImportAttribute(string dllName) { Value = dllName; }

    public string Value { get; }

    public string? EntryPoint;
    public CallingConvention CallingConvention;
    public bool ExactSpelling;
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class UnmanagedCallersOnlyAttribute : Attribute
{
    public Type[]? CallConvs;
    public string? EntryPoint;
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class SuppressGCTransitionAttribute : Attribute
{
}

/// <summary>Span creation over a reference; the compiler uses it for InlineArray indexing.</summary>
public static class MemoryMarshal
{
    public static Span<T> CreateSpan<T>(scoped ref T reference, int length) =>
        new Span<T>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in reference), length);

    public static ReadOnlySpan<T> CreateReadOnlySpan<T>(scoped ref readonly T reference, int length) =>
        new ReadOnlySpan<T>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in reference), length);
}

/// <summary>Named by the compiler in the signature of methods with an <c>unmanaged</c> constraint.</summary>
public enum UnmanagedType
{
}
