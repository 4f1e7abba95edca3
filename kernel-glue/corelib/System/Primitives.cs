// The primitive value types: each holds one field of itself; equality, hashing and ordering (text lives in other files).
using System.Runtime.CompilerServices;

namespace System;

public partial struct Boolean : IComparable, IComparable<bool>, IEquatable<bool>
{
    private readonly bool m_value;

    public bool Equals(bool other) => m_value == other;

    public override bool Equals(object? obj) => obj is bool other && m_value == other;

    public override int GetHashCode() => m_value ? 1 : 0;

    public int CompareTo(bool other) => (m_value == other) ? 0 : (m_value ? 1 : -1);

    public int CompareTo(object? obj) => obj is bool other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct Char : IComparable, IComparable<char>, IEquatable<char>
{
    private readonly char m_value;

    public bool Equals(char other) => m_value == other;

    public override bool Equals(object? obj) => obj is char other && m_value == other;

    public override int GetHashCode() => (int)m_value | ((int)m_value << 16);

    public int CompareTo(char other) => m_value - other;

    public int CompareTo(object? obj) => obj is char other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct SByte : IComparable, IComparable<sbyte>, IEquatable<sbyte>
{
    private readonly sbyte m_value;

    public bool Equals(sbyte other) => m_value == other;

    public override bool Equals(object? obj) => obj is sbyte other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(sbyte other) => m_value - other;

    public int CompareTo(object? obj) => obj is sbyte other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct Byte : IComparable, IComparable<byte>, IEquatable<byte>
{
    private readonly byte m_value;

    public bool Equals(byte other) => m_value == other;

    public override bool Equals(object? obj) => obj is byte other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(byte other) => m_value - other;

    public int CompareTo(object? obj) => obj is byte other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct Int16 : IComparable, IComparable<short>, IEquatable<short>
{
    private readonly short m_value;

    public bool Equals(short other) => m_value == other;

    public override bool Equals(object? obj) => obj is short other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(short other) => m_value - other;

    public int CompareTo(object? obj) => obj is short other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct UInt16 : IComparable, IComparable<ushort>, IEquatable<ushort>
{
    private readonly ushort m_value;

    public bool Equals(ushort other) => m_value == other;

    public override bool Equals(object? obj) => obj is ushort other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(ushort other) => m_value - other;

    public int CompareTo(object? obj) => obj is ushort other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
}

public partial struct Int32 : IComparable, IComparable<int>, IEquatable<int>
{
    private readonly int m_value;

    public bool Equals(int other) => m_value == other;

    public override bool Equals(object? obj) => obj is int other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(int other) => m_value < other ? -1 : (m_value > other ? 1 : 0);

    public int CompareTo(object? obj) => obj is int other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
    public const int MaxValue = 0x7fffffff;
    public const int MinValue = unchecked((int)0x80000000);
}

public partial struct UInt32 : IComparable, IComparable<uint>, IEquatable<uint>
{
    private readonly uint m_value;

    public bool Equals(uint other) => m_value == other;

    public override bool Equals(object? obj) => obj is uint other && m_value == other;

    public override int GetHashCode() => (int)m_value;

    public int CompareTo(uint other) => m_value < other ? -1 : (m_value > other ? 1 : 0);

    public int CompareTo(object? obj) => obj is uint other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
    public const uint MaxValue = 0xffffffff;
}

public partial struct Int64 : IComparable, IComparable<long>, IEquatable<long>
{
    private readonly long m_value;

    public bool Equals(long other) => m_value == other;

    public override bool Equals(object? obj) => obj is long other && m_value == other;

    public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);

    public int CompareTo(long other) => m_value < other ? -1 : (m_value > other ? 1 : 0);

    public int CompareTo(object? obj) => obj is long other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
    public const long MaxValue = 0x7fffffffffffffff;
}

public partial struct UInt64 : IComparable, IComparable<ulong>, IEquatable<ulong>
{
    private readonly ulong m_value;

    public bool Equals(ulong other) => m_value == other;

    public override bool Equals(object? obj) => obj is ulong other && m_value == other;

    public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);

    public int CompareTo(ulong other) => m_value < other ? -1 : (m_value > other ? 1 : 0);

    public int CompareTo(object? obj) => obj is ulong other ? CompareTo(other) : (obj is null ? 1 : Internal.Runtime.ThrowHelpers.ArgumentMismatch());
    public const ulong MaxValue = 0xffffffffffffffff;
}

public partial struct Single
{
    private readonly float m_value;
}

public partial struct Double
{
    private readonly double m_value;
}

public unsafe partial struct IntPtr : IEquatable<nint>
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

    public bool Equals(nint other) => (nint)_value == other;

    public override bool Equals(object? obj) => obj is nint other && (nint)_value == other;

    public override int GetHashCode() => (int)(long)_value ^ (int)((long)_value >> 32);
}

public unsafe partial struct UIntPtr : IEquatable<nuint>
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

    public bool Equals(nuint other) => (nuint)_value == other;

    public override bool Equals(object? obj) => obj is nuint other && (nuint)_value == other;

    public override int GetHashCode() => (int)(ulong)_value ^ (int)((ulong)_value >> 32);
}
