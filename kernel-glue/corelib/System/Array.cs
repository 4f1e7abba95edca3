// Arrays: a length word after the MethodTable pointer, then the elements.
using System.Runtime.CompilerServices;

namespace System;

public abstract partial class Array
{
    // Layout shared with the compiler: the length, then padding on 64-bit targets.
    private readonly int _numComponents;
#pragma warning disable CS0169
    private readonly int _padding;
#pragma warning restore CS0169

    public int Length => _numComponents;
}

// The compiler's view of T[] for generic code: every T[] implements IList<T> and IReadOnlyList<T> through it, so
// arrays work with LINQ and anything else that takes IEnumerable<T>. 'this' is always a T[].
public class Array<T> : Array, System.Collections.Generic.IList<T>, System.Collections.Generic.IReadOnlyList<T>
{
    private T[] Items => Unsafe.As<T[]>(this);

    public int Count => Items.Length;

    public bool IsReadOnly => false;

    public T this[int index]
    {
        get => Items[index];
        set => Items[index] = value;
    }

    public void Add(T item) => throw new NotSupportedException("Collection was of a fixed size.");

    public void Clear() => throw new NotSupportedException("Collection was of a fixed size.");

    public bool Contains(T item) => IndexOf(Items, item) >= 0;

    public void CopyTo(T[] array, int arrayIndex) => new ReadOnlySpan<T>(Items).CopyTo(new Span<T>(array, arrayIndex, array.Length - arrayIndex));

    public bool Remove(T item) => throw new NotSupportedException("Collection was of a fixed size.");

    public int IndexOf(T item) => IndexOf(Items, item);

    public void Insert(int index, T item) => throw new NotSupportedException("Collection was of a fixed size.");

    public void RemoveAt(int index) => throw new NotSupportedException("Collection was of a fixed size.");

    public System.Collections.Generic.IEnumerator<T> GetEnumerator()
    {
        T[] items = Items;
        for (int i = 0; i < items.Length; i++)
        {
            yield return items[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
