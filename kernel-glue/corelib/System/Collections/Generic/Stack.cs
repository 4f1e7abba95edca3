// Stack<T>: last in, first out, over a growable array.
using System.Collections;

namespace System.Collections.Generic;

public class Stack<T> : IReadOnlyCollection<T>
{
    private T[] _array = new T[4];
    private int _size;

    public int Count => _size;

    public void Push(T item)
    {
        if (_size == _array.Length)
        {
            var grown = new T[_array.Length * 2];
            new ReadOnlySpan<T>(_array).CopyTo(grown);
            _array = grown;
        }

        _array[_size++] = item;
    }

    public T Pop()
    {
        if (!TryPop(out T item))
        {
            throw new InvalidOperationException("Stack empty.");
        }

        return item;
    }

    public bool TryPop(out T item)
    {
        if (_size == 0)
        {
            item = default!;
            return false;
        }

        item = _array[--_size];
        _array[_size] = default!;
        return true;
    }

    public T Peek() => _size == 0 ? throw new InvalidOperationException("Stack empty.") : _array[_size - 1];

    public bool Contains(T item)
    {
        for (int i = 0; i < _size; i++)
        {
            if (EqualityComparer<T>.Default.Equals(_array[i], item))
            {
                return true;
            }
        }

        return false;
    }

    public void Clear()
    {
        Array.Clear(_array);
        _size = 0;
    }

    /// <summary>The items, top first (as .NET's).</summary>
    public T[] ToArray()
    {
        var result = new T[_size];
        for (int i = 0; i < _size; i++)
        {
            result[i] = _array[_size - 1 - i];
        }

        return result;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = _size - 1; i >= 0; i--)
        {
            yield return _array[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
