// Array's static helpers (Sort, IndexOf, Resize, Copy, Fill, Clear, Reverse, Empty), as in .NET.
using System.Collections.Generic;

namespace System;

public abstract partial class Array
{
    /// <summary>A shallow copy of the array.</summary>
    public object Clone() => System.Runtime.RuntimeExports.RhMemberwiseClone(this);

    public static T[] Empty<T>() => EmptyArray<T>.Value ??= new T[0];

    public static void Clear(Array array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Clear(array, 0, array.Length);
    }

    /// <summary>Sets <paramref name="length"/> elements from <paramref name="index"/> to their default value.</summary>
    public static unsafe void Clear(Array array, int index, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (index < 0 || length < 0 || (uint)index + (uint)length > (uint)array.Length)
        {
            throw new IndexOutOfRangeException("Index was outside the bounds of the array.");
        }

        // The elements start 8 bytes after the first field (the length and its padding).
        nuint elementSize = array.m_pEEType->ComponentSize;
        ref byte first = ref System.Runtime.CompilerServices.Unsafe.AddByteOffset(ref array.GetRawData(), (nint)(8 + ((nuint)index * elementSize)));
        Internal.Runtime.RawMemory.Clear(ref first, elementSize * (nuint)length);
    }

    public static void Resize<T>(ref T[]? array, int newSize)
    {
        if (newSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(newSize), "Non-negative number required.");
        }

        T[]? old = array;
        if (old is null)
        {
            array = new T[newSize];
            return;
        }

        if (old.Length != newSize)
        {
            var grown = new T[newSize];
            new ReadOnlySpan<T>(old, 0, old.Length < newSize ? old.Length : newSize).CopyTo(grown);
            array = grown;
        }
    }

    public static void Copy<T>(T[] source, T[] destination, int length) => Copy(source, 0, destination, 0, length);

    public static void Copy<T>(T[] source, int sourceIndex, T[] destination, int destinationIndex, int length) =>
        new ReadOnlySpan<T>(source, sourceIndex, length).CopyTo(new Span<T>(destination, destinationIndex, length));

    public static int IndexOf<T>(T[] array, T value)
    {
        ArgumentNullException.ThrowIfNull(array);
        EqualityComparer<T> comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < array.Length; i++)
        {
            if (comparer.Equals(array[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    public static void Fill<T>(T[] array, T value)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = value;
        }
    }

    public static void Reverse<T>(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (int i = 0, j = array.Length - 1; i < j; i++, j--)
        {
            T t = array[i];
            array[i] = array[j];
            array[j] = t;
        }
    }

    public static void Sort<T>(T[] array) => Sort(array, Comparer<T>.Default.Compare);

    public static void Sort<T>(T[] array, IComparer<T>? comparer) => Sort(array, (comparer ?? Comparer<T>.Default).Compare);

    public static void Sort<T>(T[] array, Comparison<T> comparison)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(comparison);
        ArraySortHelper<T>.Sort(array, comparison);
    }

    public static bool Exists<T>(T[] array, Predicate<T> match) => FindIndex(array, match) >= 0;

    public static int FindIndex<T>(T[] array, Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(match);
        for (int i = 0; i < array.Length; i++)
        {
            if (match(array[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static class EmptyArray<T>
    {
        public static T[]? Value;
    }
}
