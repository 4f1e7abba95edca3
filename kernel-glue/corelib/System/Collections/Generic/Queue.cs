// Queue<T>: first in, first out, over a circular array.
using System.Collections;

namespace System.Collections.Generic;

public class Queue<T> : IReadOnlyCollection<T>
{
    private T[] _array = new T[4];
    private int _head;
    private int _size;

    public int Count => _size;

    public void Enqueue(T item)
    {
        if (_size == _array.Length)
        {
            var grown = new T[_array.Length * 2];
            for (int i = 0; i < _size; i++)
            {
                grown[i] = _array[(_head + i) % _array.Length];
            }

            _array = grown;
            _head = 0;
        }

        _array[(_head + _size) % _array.Length] = item;
        _size++;
    }

    public T Dequeue()
    {
        if (!TryDequeue(out T item))
        {
            throw new InvalidOperationException("Queue empty.");
        }

        return item;
    }

    public bool TryDequeue(out T item)
    {
        if (_size == 0)
        {
            item = default!;
            return false;
        }

        item = _array[_head];
        _array[_head] = default!;
        _head = (_head + 1) % _array.Length;
        _size--;
        return true;
    }

    public T Peek() => _size == 0 ? throw new InvalidOperationException("Queue empty.") : _array[_head];

    public bool Contains(T item)
    {
        for (int i = 0; i < _size; i++)
        {
            if (EqualityComparer<T>.Default.Equals(_array[(_head + i) % _array.Length], item))
            {
                return true;
            }
        }

        return false;
    }

    public void Clear()
    {
        Array.Clear(_array);
        _head = 0;
        _size = 0;
    }

    public T[] ToArray()
    {
        var result = new T[_size];
        for (int i = 0; i < _size; i++)
        {
            result[i] = _array[(_head + i) % _array.Length];
        }

        return result;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < _size; i++)
        {
            yield return _array[(_head + i) % _array.Length];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
