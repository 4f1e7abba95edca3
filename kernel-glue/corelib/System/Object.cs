// The root types every C# program needs: Object, ValueType, Enum, Void, Attribute and the runtime handles.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace System;

/// <summary>The base of every reference type. Objects start with their MethodTable pointer.</summary>
public class Object
{
#pragma warning disable CS0649
    // The first word of every object: set by the allocator, read by casts and virtual calls.
    internal unsafe Internal.Runtime.MethodTable* m_pEEType;
#pragma warning restore CS0649

    public Object() { }

    ~Object() { }

    public virtual bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary>The object's identity hash: from its address, which never changes (the collector does not move objects).</summary>
    public virtual int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    /// <summary>The object's type: equal (<c>==</c>) to <c>typeof</c> of the same type. No names or members (no reflection).</summary>
    public unsafe Type GetType() => new RuntimeType(m_pEEType);

    public virtual string? ToString() => null;

    public static bool ReferenceEquals(object? objA, object? objB) => objA == objB;

    internal ref byte GetRawData() => ref Unsafe.As<RawData>(this).Data;
}


public abstract class ValueType
{
}

public abstract partial class Enum : ValueType
{
}

public struct Void
{
}

public abstract class Attribute
{
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class AttributeUsageAttribute : Attribute
{
    public AttributeUsageAttribute(AttributeTargets validOn) { ValidOn = validOn; }

    public AttributeTargets ValidOn { get; }

    public bool AllowMultiple { get; set; }

    public bool Inherited { get; set; }
}

[Flags]
public enum AttributeTargets
{
    Assembly = 0x0001,
    Module = 0x0002,
    Class = 0x0004,
    Struct = 0x0008,
    Enum = 0x0010,
    Constructor = 0x0020,
    Method = 0x0040,
    Property = 0x0080,
    Field = 0x0100,
    Event = 0x0200,
    Interface = 0x0400,
    Parameter = 0x0800,
    Delegate = 0x1000,
    ReturnValue = 0x2000,
    GenericParameter = 0x4000,
    All = 0x7FFF,
}

[AttributeUsage(AttributeTargets.Enum)]
public sealed class FlagsAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ParamArrayAttribute : Attribute
{
}

/// <summary>A static field with one value per thread (docs/runtime.md: ILC keeps them in a per-thread object).</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class ThreadStaticAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All)]
public sealed class ObsoleteAttribute : Attribute
{
    public ObsoleteAttribute() { }

    public ObsoleteAttribute(string message) { }

    public ObsoleteAttribute(string message, bool error) { }
}

[AttributeUsage(AttributeTargets.All)]
public sealed class CLSCompliantAttribute : Attribute
{
    public CLSCompliantAttribute(bool isCompliant) { }
}

public struct RuntimeTypeHandle
{
    internal IntPtr Value;
}

public struct RuntimeMethodHandle
{
    internal IntPtr Value;
}

public struct RuntimeFieldHandle
{
    internal IntPtr Value;
}

public interface IDisposable
{
    void Dispose();
}

public struct Nullable<T> where T : struct
{
    private readonly bool hasValue;
    private T value;

    public Nullable(T value)
    {
        this.value = value;
        hasValue = true;
    }

    public readonly bool HasValue => hasValue;

    public readonly T Value
    {
        get
        {
            if (!hasValue)
            {
                Internal.Runtime.Panic.Fail("Nullable object must have a value."u8);
            }

            return value;
        }
    }

    public readonly T GetValueOrDefault() => value;

    public static implicit operator T?(T value) => new T?(value);

    public static explicit operator T(T? value) => value!.Value;
}
