// Span<T> and ReadOnlySpan<T>: bounds-checked views over contiguous memory, with the .NET API subset we use.
using System.Runtime.CompilerServices;

namespace System;

public readonly ref struct Span<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    public Span(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Span(void* pointer, int length)
    {
        if (length < 0)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span(T[]? array, int start, int length)
    {
        if (array is null)
        {
            if (start != 0 || length != 0)
            {
                Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            this = default;
            return;
        }

        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8));
        _reference = ref Unsafe.Add(ref _reference, (nint)(uint)start);
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span(T[]? array)
    {
        if (array is null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8));
        _length = array.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_length)
            {
                Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return ref Unsafe.Add(ref _reference, (nint)(uint)index);
        }
    }

    public ref T GetPinnableReference() => ref _reference;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, (nint)(uint)start), _length - start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Slice(int start, int length)
    {
        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, (nint)(uint)start), length);
    }

    public unsafe void Clear()
    {
        Internal.Runtime.RawMemory.Clear(ref Unsafe.As<T, byte>(ref _reference), (nuint)_length * (nuint)sizeof(T));
    }

    public void Fill(T value)
    {
        for (int i = 0; i < _length; i++)
        {
            Unsafe.Add(ref _reference, i) = value;
        }
    }

    /// <summary>A new array holding a copy of the span's elements.</summary>
    public T[] ToArray()
    {
        if (_length == 0)
        {
            return Array.Empty<T>();
        }

        var array = new T[_length];
        CopyTo(array);
        return array;
    }

    public void CopyTo(Span<T> destination)
    {
        if (!TryCopyTo(destination))
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentException();
        }
    }

    public unsafe bool TryCopyTo(Span<T> destination)
    {
        if ((uint)_length > (uint)destination.Length)
        {
            return false;
        }

        Internal.Runtime.RawMemory.Move(
            ref Unsafe.As<T, byte>(ref destination._reference),
            ref Unsafe.As<T, byte>(ref _reference),
            (nuint)_length * (nuint)sizeof(T));
        return true;
    }

    public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);

    public static implicit operator Span<T>(T[]? array) => new Span<T>(array);

    /// <summary>What <c>foreach</c> over the span uses.</summary>
    public Enumerator GetEnumerator() => new Enumerator(this);

    /// <summary>Walks the span's elements by reference.</summary>
    public ref struct Enumerator
    {
        private readonly Span<T> _span;
        private int _index;

        internal Enumerator(Span<T> span)
        {
            _span = span;
            _index = -1;
        }

        public bool MoveNext() => ++_index < _span.Length;

        public ref T Current => ref _span[_index];
    }
}

public readonly ref struct ReadOnlySpan<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    public ReadOnlySpan(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe ReadOnlySpan(void* pointer, int length)
    {
        if (length < 0)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan(T[]? array, int start, int length)
    {
        if (array is null)
        {
            if (start != 0 || length != 0)
            {
                Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            this = default;
            return;
        }

        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8));
        _reference = ref Unsafe.Add(ref _reference, (nint)(uint)start);
        _length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan(T[]? array)
    {
        if (array is null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref array.GetRawData(), (nint)8));
        _length = array.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    public ref readonly T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_length)
            {
                Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return ref Unsafe.Add(ref _reference, (nint)(uint)index);
        }
    }

    public ref readonly T GetPinnableReference() => ref _reference;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, (nint)(uint)start), _length - start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Slice(int start, int length)
    {
        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, (nint)(uint)start), length);
    }

    /// <summary>A new array holding a copy of the span's elements.</summary>
    public T[] ToArray()
    {
        if (_length == 0)
        {
            return Array.Empty<T>();
        }

        var array = new T[_length];
        CopyTo(array);
        return array;
    }

    public void CopyTo(Span<T> destination)
    {
        if (!TryCopyTo(destination))
        {
            Internal.Runtime.ThrowHelpers.ThrowArgumentException();
        }
    }

    public unsafe bool TryCopyTo(Span<T> destination)
    {
        if ((uint)_length > (uint)destination.Length)
        {
            return false;
        }

        Internal.Runtime.RawMemory.Move(
            ref Unsafe.As<T, byte>(ref destination.GetPinnableReference()),
            ref Unsafe.As<T, byte>(ref _reference),
            (nuint)_length * (nuint)sizeof(T));
        return true;
    }

    public static implicit operator ReadOnlySpan<T>(T[]? array) => new ReadOnlySpan<T>(array);

    /// <summary>What <c>foreach</c> over the span uses.</summary>
    public Enumerator GetEnumerator() => new Enumerator(this);

    /// <summary>Walks the span's elements by reference.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<T> _span;
        private int _index;

        internal Enumerator(ReadOnlySpan<T> span)
        {
            _span = span;
            _index = -1;
        }

        public bool MoveNext() => ++_index < _span.Length;

        public ref readonly T Current => ref _span[_index];
    }
}
