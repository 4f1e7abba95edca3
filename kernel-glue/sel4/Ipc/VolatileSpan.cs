// Volatile spans: bounds-checked views of memory another party writes (the kernel, another process, a device).
using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Smos.Sel4;

/// <summary>
/// A view of memory shared with something outside the current call. Every element access is a volatile
/// load or store (<c>ldar</c>/<c>stlr</c> on AArch64), so it is never cached in a register, fused or dropped.
/// There is no <c>ref T</c> access and no conversion to <see cref="Span{T}"/>. A span taken from an IPC-buffer
/// scope must not outlive the scope: the analyzers reject any use of it outside the scope (SMOS007, docs/ipc.md).
/// </summary>
public readonly unsafe ref struct VolatileSpan<T> where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    /// <summary>A volatile view of <paramref name="length"/> elements at <paramref name="pointer"/> (shared memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VolatileSpan(T* pointer, int length)
    {
        if (length < 0 || (sizeof(T) != 1 && sizeof(T) != 2 && sizeof(T) != 4 && sizeof(T) != 8))
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _pointer = pointer;
        _length = length;
    }

    public int Length => _length;

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            T* p = Element(index);
            return VolatileAccess.Read(p);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            T* p = Element(index);
            VolatileAccess.Write(p, value);
        }
    }

    /// <summary>Volatile store of element <paramref name="index"/> (usable on a span returned by a property).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int index, T value) => VolatileAccess.Write(Element(index), value);

    /// <summary>Volatile load of element <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Get(int index) => VolatileAccess.Read(Element(index));

    /// <summary>A sub-view (bounded by the same scope, if any).</summary>
    public VolatileSpan<T> Slice(int start, int length)
    {
        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new VolatileSpan<T>(_pointer + start, length);
    }

    /// <summary>Copies elements out with volatile loads.</summary>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < _length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentException();
        }

        for (int i = 0; i < _length; i++)
        {
            destination[i] = VolatileAccess.Read(_pointer + i);
        }
    }

    /// <summary>Copies elements in with volatile stores.</summary>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        if (source.Length > _length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentException();
        }

        for (int i = 0; i < source.Length; i++)
        {
            VolatileAccess.Write(_pointer + i, source[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T* Element(int index)
    {
        if ((uint)index >= (uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        return _pointer + index;
    }
}

/// <summary>Read-only volatile view, handed out by read scopes.</summary>
public readonly unsafe ref struct ReadOnlyVolatileSpan<T> where T : unmanaged
{
    private readonly VolatileSpan<T> _span;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlyVolatileSpan(VolatileSpan<T> span) { _span = span; }

    /// <summary>A read-only volatile view of <paramref name="length"/> elements at <paramref name="pointer"/>.</summary>
    public ReadOnlyVolatileSpan(T* pointer, int length) { _span = new VolatileSpan<T>(pointer, length); }

    public int Length => _span.Length;

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _span[index];
    }

    public ReadOnlyVolatileSpan<T> Slice(int start, int length) => new ReadOnlyVolatileSpan<T>(_span.Slice(start, length));

    public void CopyTo(Span<T> destination) => _span.CopyTo(destination);
}

/// <summary>Volatile load and store of any 1-, 2-, 4- or 8-byte unmanaged value.</summary>
public static unsafe class VolatileAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Read<T>(T* p) where T : unmanaged
    {
        if (sizeof(T) == 8)
        {
            ulong v = Volatile.Read(ref *(ulong*)p);
            return *(T*)&v;
        }

        if (sizeof(T) == 4)
        {
            uint v = Volatile.Read(ref *(uint*)p);
            return *(T*)&v;
        }

        if (sizeof(T) == 2)
        {
            ushort v = Volatile.Read(ref *(ushort*)p);
            return *(T*)&v;
        }

        byte b = Volatile.Read(ref *(byte*)p);
        return *(T*)&b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write<T>(T* p, T value) where T : unmanaged
    {
        if (sizeof(T) == 8)
        {
            Volatile.Write(ref *(ulong*)p, *(ulong*)&value);
        }
        else if (sizeof(T) == 4)
        {
            Volatile.Write(ref *(uint*)p, *(uint*)&value);
        }
        else if (sizeof(T) == 2)
        {
            Volatile.Write(ref *(ushort*)p, *(ushort*)&value);
        }
        else
        {
            Volatile.Write(ref *(byte*)p, *(byte*)&value);
        }
    }
}
