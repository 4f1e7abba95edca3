// SortedList<TKey, TValue>: a dictionary kept in key order in two arrays (binary search; O(n) insert and remove), as in .NET.
namespace System.Collections.Generic;

/// <summary>
/// Key/value pairs sorted by key with <see cref="IComparer{T}"/> (<see cref="Comparer{T}.Default"/> unless given):
/// lookups are binary searches, enumeration and <see cref="Keys"/>/<see cref="Values"/> are in key order, and an insert
/// or remove moves the entries after it. The same members and exceptions as .NET's SortedList.
/// </summary>
public class SortedList<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private TKey[] _keys;
    private TValue[] _values;
    private int _count;
    private int _version;
    private readonly IComparer<TKey> _comparer;

    public SortedList()
        : this(0, null)
    {
    }

    public SortedList(int capacity)
        : this(capacity, null)
    {
    }

    public SortedList(IComparer<TKey>? comparer)
        : this(0, comparer)
    {
    }

    public SortedList(int capacity, IComparer<TKey>? comparer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _keys = capacity == 0 ? Array.Empty<TKey>() : new TKey[capacity];
        _values = capacity == 0 ? Array.Empty<TValue>() : new TValue[capacity];
        _comparer = comparer ?? Comparer<TKey>.Default;
    }

    public SortedList(IDictionary<TKey, TValue> dictionary, IComparer<TKey>? comparer = null)
        : this(dictionary?.Count ?? 0, comparer)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        foreach (KeyValuePair<TKey, TValue> pair in dictionary!)
        {
            Add(pair.Key, pair.Value);
        }
    }

    public int Count => _count;

    public int Capacity
    {
        get => _keys.Length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, _count);
            if (value != _keys.Length)
            {
                var keys = new TKey[value];
                var values = new TValue[value];
                Array.Copy(_keys, keys, _count);
                Array.Copy(_values, values, _count);
                _keys = keys;
                _values = values;
            }
        }
    }

    public IComparer<TKey> Comparer => _comparer;

    public bool IsReadOnly => false;

    /// <summary>The keys in order (a live, read-only view).</summary>
    public IList<TKey> Keys => new View<TKey>(this, i => _keys[i]);

    /// <summary>The values in key order (a live, read-only view).</summary>
    public IList<TValue> Values => new View<TValue>(this, i => _values[i]);

    ICollection<TKey> IDictionary<TKey, TValue>.Keys => Keys;

    ICollection<TValue> IDictionary<TKey, TValue>.Values => Values;

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => Values;

    public TValue this[TKey key]
    {
        get
        {
            int i = IndexOfKey(key);
            if (i < 0)
            {
                throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
            }

            return _values[i];
        }

        set
        {
            int i = Search(key);
            if (i >= 0)
            {
                _values[i] = value;
                _version++;
            }
            else
            {
                Insert(~i, key, value);
            }
        }
    }

    public void Add(TKey key, TValue value)
    {
        int i = Search(key);
        if (i >= 0)
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {key}");
        }

        Insert(~i, key, value);
    }

    public bool TryAdd(TKey key, TValue value)
    {
        int i = Search(key);
        if (i >= 0)
        {
            return false;
        }

        Insert(~i, key, value);
        return true;
    }

    public bool ContainsKey(TKey key) => IndexOfKey(key) >= 0;

    public bool ContainsValue(TValue value) => IndexOfValue(value) >= 0;

    public bool TryGetValue(TKey key, out TValue value)
    {
        int i = IndexOfKey(key);
        value = i >= 0 ? _values[i] : default!;
        return i >= 0;
    }

    /// <summary>The index of <paramref name="key"/> in key order, or -1.</summary>
    public int IndexOfKey(TKey key)
    {
        int i = Search(key);
        return i >= 0 ? i : -1;
    }

    public int IndexOfValue(TValue value)
    {
        EqualityComparer<TValue> comparer = EqualityComparer<TValue>.Default;
        for (int i = 0; i < _count; i++)
        {
            if (comparer.Equals(_values[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    public TKey GetKeyAtIndex(int index) => _keys[CheckIndex(index)];

    public TValue GetValueAtIndex(int index) => _values[CheckIndex(index)];

    public void SetValueAtIndex(int index, TValue value)
    {
        _values[CheckIndex(index)] = value;
        _version++;
    }

    public bool Remove(TKey key)
    {
        int i = IndexOfKey(key);
        if (i >= 0)
        {
            RemoveAt(i);
        }

        return i >= 0;
    }

    public void RemoveAt(int index)
    {
        CheckIndex(index);
        _count--;
        Array.Copy(_keys, index + 1, _keys, index, _count - index);
        Array.Copy(_values, index + 1, _values, index, _count - index);
        _keys[_count] = default!;
        _values[_count] = default!;
        _version++;
    }

    public void Clear()
    {
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        _version++;
    }

    public void TrimExcess() => Capacity = _count;

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item)
    {
        int i = IndexOfKey(item.Key);
        return i >= 0 && EqualityComparer<TValue>.Default.Equals(_values[i], item.Value);
    }

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item)
    {
        int i = IndexOfKey(item.Key);
        if (i < 0 || !EqualityComparer<TValue>.Default.Equals(_values[i], item.Value))
        {
            return false;
        }

        RemoveAt(i);
        return true;
    }

    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
        if (array.Length - arrayIndex < _count)
        {
            throw new ArgumentException("Destination array is not long enough to copy all the items in the collection.");
        }

        for (int i = 0; i < _count; i++)
        {
            array[arrayIndex + i] = new KeyValuePair<TKey, TValue>(_keys[i], _values[i]);
        }
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        int version = _version;
        for (int i = 0; i < _count; i++)
        {
            if (version != _version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            yield return new KeyValuePair<TKey, TValue>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Binary search: the key's index, or the bitwise complement of where it would go.
    private int Search(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int lo = 0;
        int hi = _count - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            int c = _comparer.Compare(_keys[mid], key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private void Insert(int index, TKey key, TValue value)
    {
        if (_count == _keys.Length)
        {
            Capacity = _keys.Length == 0 ? 4 : _keys.Length * 2;
        }

        Array.Copy(_keys, index, _keys, index + 1, _count - index);
        Array.Copy(_values, index, _values, index + 1, _count - index);
        _keys[index] = key;
        _values[index] = value;
        _count++;
        _version++;
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
        }

        return index;
    }

    // Keys or Values: a read-only list over the arrays.
    private sealed class View<T> : IList<T>, IReadOnlyList<T>
    {
        private readonly SortedList<TKey, TValue> _list;
        private readonly Func<int, T> _at;

        public View(SortedList<TKey, TValue> list, Func<int, T> at)
        {
            _list = list;
            _at = at;
        }

        public int Count => _list._count;

        public bool IsReadOnly => true;

        public T this[int index]
        {
            get => At(_list.CheckIndex(index));
            set => throw ReadOnly();
        }

        public int IndexOf(T item)
        {
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < _list._count; i++)
            {
                if (comparer.Equals(At(i), item))
                {
                    return i;
                }
            }

            return -1;
        }

        public bool Contains(T item) => IndexOf(item) >= 0;

        public void CopyTo(T[] array, int arrayIndex)
        {
            for (int i = 0; i < _list._count; i++)
            {
                array[arrayIndex + i] = At(i);
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (int i = 0; i < _list._count; i++)
            {
                yield return At(i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(T item) => throw ReadOnly();

        public void Insert(int index, T item) => throw ReadOnly();

        public bool Remove(T item) => throw ReadOnly();

        public void RemoveAt(int index) => throw ReadOnly();

        public void Clear() => throw ReadOnly();

        private T At(int i) => _at(i);

        private static NotSupportedException ReadOnly() => new NotSupportedException("This operation is not supported on SortedList nested types because they require modifying the original SortedList.");
    }
}
