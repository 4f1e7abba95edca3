// List<T>: a growable array, with .NET's members, a struct enumerator that checks for changes, and sorting.
using System.Collections;

namespace System.Collections.Generic;

public class List<T> : IList<T>, IReadOnlyList<T>
{
    private T[] _items;
    private int _size;
    private int _version;

    public List() => _items = new T[0];

    public List(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "Non-negative number required.");
        }

        _items = new T[capacity];
    }

    public List(IEnumerable<T> collection)
        : this()
    {
        ArgumentNullException.ThrowIfNull(collection);
        AddRange(collection);
    }

    public int Count => _size;

    public bool IsReadOnly => false;

    public int Capacity
    {
        get => _items.Length;
        set
        {
            if (value < _size)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "capacity was less than the current size.");
            }

            if (value != _items.Length)
            {
                var items = new T[value];
                new ReadOnlySpan<T>(_items, 0, _size).CopyTo(items);
                _items = items;
            }
        }
    }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_size)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
            }

            return _items[index];
        }

        set
        {
            if ((uint)index >= (uint)_size)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
            }

            _items[index] = value;
            _version++;
        }
    }

    public void Add(T item)
    {
        _version++;
        if (_size == _items.Length)
        {
            Grow(_size + 1);
        }

        _items[_size++] = item;
    }

    public void AddRange(IEnumerable<T> collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        foreach (T item in collection)
        {
            Add(item);
        }
    }

    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)_size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "Index must be within the bounds of the List.");
        }

        if (_size == _items.Length)
        {
            Grow(_size + 1);
        }

        for (int i = _size; i > index; i--)
        {
            _items[i] = _items[i - 1];
        }

        _items[index] = item;
        _size++;
        _version++;
    }

    public bool Remove(T item)
    {
        int index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)_size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
        }

        _size--;
        for (int i = index; i < _size; i++)
        {
            _items[i] = _items[i + 1];
        }

        _items[_size] = default!;
        _version++;
    }

    /// <summary>Removes every element <paramref name="match"/> accepts; returns how many.</summary>
    public int RemoveAll(Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        int kept = 0;
        for (int i = 0; i < _size; i++)
        {
            if (!match(_items[i]))
            {
                _items[kept++] = _items[i];
            }
        }

        int removed = _size - kept;
        for (int i = kept; i < _size; i++)
        {
            _items[i] = default!;
        }

        _size = kept;
        _version++;
        return removed;
    }

    public void Clear()
    {
        for (int i = 0; i < _size; i++)
        {
            _items[i] = default!;
        }

        _size = 0;
        _version++;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    public int IndexOf(T item)
    {
        EqualityComparer<T> comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < _size; i++)
        {
            if (comparer.Equals(_items[i], item))
            {
                return i;
            }
        }

        return -1;
    }

    public T? Find(Predicate<T> match)
    {
        int i = FindIndex(match);
        return i >= 0 ? _items[i] : default;
    }

    public int FindIndex(Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        for (int i = 0; i < _size; i++)
        {
            if (match(_items[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Exists(Predicate<T> match) => FindIndex(match) >= 0;

    public bool TrueForAll(Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        for (int i = 0; i < _size; i++)
        {
            if (!match(_items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public void ForEach(Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        int version = _version;
        for (int i = 0; i < _size; i++)
        {
            if (version != _version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            action(_items[i]);
        }
    }

    public List<T> GetRange(int index, int count)
    {
        if (index < 0 || count < 0 || _size - index < count)
        {
            throw new ArgumentException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.");
        }

        var list = new List<T>(count);
        new ReadOnlySpan<T>(_items, index, count).CopyTo(list._items);
        list._size = count;
        return list;
    }

    public void Reverse()
    {
        for (int i = 0, j = _size - 1; i < j; i++, j--)
        {
            T t = _items[i];
            _items[i] = _items[j];
            _items[j] = t;
        }

        _version++;
    }

    public void Sort() => Sort(Comparer<T>.Default.Compare);

    public void Sort(IComparer<T>? comparer) => Sort((comparer ?? Comparer<T>.Default).Compare);

    public void Sort(Comparison<T> comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArraySortHelper<T>.Sort(new Span<T>(_items, 0, _size), comparison);
        _version++;
    }

    public T[] ToArray()
    {
        var array = new T[_size];
        new ReadOnlySpan<T>(_items, 0, _size).CopyTo(array);
        return array;
    }

    public void CopyTo(T[] array, int arrayIndex) => new ReadOnlySpan<T>(_items, 0, _size).CopyTo(new Span<T>(array, arrayIndex, array.Length - arrayIndex));

    public Enumerator GetEnumerator() => new Enumerator(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

    private void Grow(int needed)
    {
        int capacity = _items.Length == 0 ? 4 : 2 * _items.Length;
        Capacity = capacity < needed ? needed : capacity;
    }

    /// <summary>Walks the list; throws if the list changes meanwhile.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly List<T> _list;
        private readonly int _version;
        private int _index;
        private T? _current;

        internal Enumerator(List<T> list)
        {
            _list = list;
            _version = list._version;
            _index = 0;
            _current = default;
        }

        public readonly T Current => _current!;

        readonly object? IEnumerator.Current => _current;

        public bool MoveNext()
        {
            if (_version != _list._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            if (_index < _list._size)
            {
                _current = _list._items[_index++];
                return true;
            }

            _current = default;
            return false;
        }

        public void Reset()
        {
            _index = 0;
            _current = default;
        }

        public readonly void Dispose()
        {
        }
    }
}
