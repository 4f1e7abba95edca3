// The primitive value types. Their layout is fixed by the runtime: each holds one field of itself.
using System.Runtime.CompilerServices;

namespace System;

public struct Boolean
{
    private readonly bool m_value;
}

public struct Char
{
    private readonly char m_value;
}

public struct SByte
{
    private readonly sbyte m_value;
}

public struct Byte
{
    private readonly byte m_value;
}

public struct Int16
{
    private readonly short m_value;
}

public struct UInt16
{
    private readonly ushort m_value;
}

public struct Int32
{
    private readonly int m_value;
    public const int MaxValue = 0x7fffffff;
    public const int MinValue = unchecked((int)0x80000000);
}

public struct UInt32
{
    private readonly uint m_value;
    public const uint MaxValue = 0xffffffff;
}

public struct Int64
{
    private readonly long m_value;
    public const long MaxValue = 0x7fffffffffffffff;
}

public struct UInt64
{
    private readonly ulong m_value;
    public const ulong MaxValue = 0xffffffffffffffff;
}

public struct Single
{
    private readonly float m_value;
}

public struct Double
{
    private readonly double m_value;
}

public unsafe struct IntPtr
{
    private readonly void* _value;

    public static readonly IntPtr Zero;

    [Intrinsic]
    public IntPtr(void* value) { _value = value; }

    [Intrinsic]
    public IntPtr(int value) { _value = (void*)value; }

    [Intrinsic]
    public IntPtr(long value) { _value = (void*)value; }

    public static int Size => sizeof(nint);

    [Intrinsic]
    public void* ToPointer() => _value;

    [Intrinsic]
    public long ToInt64() => (long)_value;

    public static explicit operator IntPtr(void* value) => new IntPtr(value);

    public static explicit operator void*(IntPtr value) => value._value;

    public static explicit operator IntPtr(long value) => new IntPtr(value);

    public static explicit operator long(IntPtr value) => (long)value._value;

    public static bool operator ==(IntPtr a, IntPtr b) => a._value == b._value;

    public static bool operator !=(IntPtr a, IntPtr b) => a._value != b._value;

    public override bool Equals(object? obj) => false;

    public override int GetHashCode() => (int)(long)_value;
}

public unsafe struct UIntPtr
{
    private readonly void* _value;

    public static readonly UIntPtr Zero;

    [Intrinsic]
    public UIntPtr(void* value) { _value = value; }

    [Intrinsic]
    public UIntPtr(ulong value) { _value = (void*)value; }

    public static int Size => sizeof(nuint);

    [Intrinsic]
    public void* ToPointer() => _value;

    public static bool operator ==(UIntPtr a, UIntPtr b) => a._value == b._value;

    public static bool operator !=(UIntPtr a, UIntPtr b) => a._value != b._value;

    public override bool Equals(object? obj) => false;

    public override int GetHashCode() => (int)(ulong)_value;
}
