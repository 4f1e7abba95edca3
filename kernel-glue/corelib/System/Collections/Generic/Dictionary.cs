// Dictionary<TKey, TValue>: a hash table with chained entries in arrays, as .NET's (prime-free: power-of-two buckets).
using System.Collections;

namespace System.Collections.Generic;

/// <summary>
/// Keys hash into a power-of-two bucket array; each bucket heads a chain through the entries array (entries of
/// removed keys go on a free list and are reused). Lookups cost one hash, one division-free mask and a short chain
/// walk. Enumeration is in entry order (insertion order while nothing is removed).
/// </summary>
public class Dictionary<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private int[] _buckets;
    private Entry[] _entries;
    private int _count;
    private int _freeList = -1;
    private int _freeCount;
    private int _version;
    private readonly IEqualityComparer<TKey> _comparer;

    public Dictionary()
        : this(0, null)
    {
    }

    public Dictionary(int capacity)
        : this(capacity, null)
    {
    }

    public Dictionary(IEqualityComparer<TKey>? comparer)
        : this(0, comparer)
    {
    }

    public Dictionary(int capacity, IEqualityComparer<TKey>? comparer)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "Non-negative number required.");
        }

        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        int size = 4;
        while (size < capacity)
        {
            size <<= 1;
        }

        _buckets = new int[size];
        _entries = new Entry[size];
    }

    public int Count => _count - _freeCount;

    public bool IsReadOnly => false;

    public IEqualityComparer<TKey> Comparer => _comparer;

    public TValue this[TKey key]
    {
        get
        {
            int i = FindEntry(key);
            if (i < 0)
            {
                throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
            }

            return _entries[i].Value;
        }

        set => Insert(key, value, overwrite: true);
    }

    public KeyCollection Keys => new KeyCollection(this);

    public ValueCollection Values => new ValueCollection(this);

    ICollection<TKey> IDictionary<TKey, TValue>.Keys => new List<TKey>(new KeyCollection(this));

    ICollection<TValue> IDictionary<TKey, TValue>.Values => new List<TValue>(new ValueCollection(this));

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => new KeyCollection(this);

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => new ValueCollection(this);

    public void Add(TKey key, TValue value)
    {
        if (!Insert(key, value, overwrite: false))
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {key}");
        }
    }

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    public bool TryAdd(TKey key, TValue value) => Insert(key, value, overwrite: false);

    public bool ContainsKey(TKey key) => FindEntry(key) >= 0;

    public bool ContainsValue(TValue value)
    {
        EqualityComparer<TValue> comparer = EqualityComparer<TValue>.Default;
        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].Next >= -1 && comparer.Equals(_entries[i].Value, value))
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        int i = FindEntry(key);
        if (i >= 0)
        {
            value = _entries[i].Value;
            return true;
        }

        value = default!;
        return false;
    }

    public TValue? GetValueOrDefault(TKey key, TValue? defaultValue = default) => TryGetValue(key, out TValue v) ? v : defaultValue;

    public bool Remove(TKey key) => Remove(key, out _);

    public bool Remove(TKey key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        int hash = _comparer.GetHashCode(key) & 0x7FFFFFFF;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        int previous = -1;
        for (int i = bucket - 1; i >= 0; i = _entries[i].Next)
        {
            ref Entry e = ref _entries[i];
            if (e.Hash == hash && _comparer.Equals(e.Key, key))
            {
                if (previous < 0)
                {
                    bucket = e.Next + 1;
                }
                else
                {
                    _entries[previous].Next = e.Next;
                }

                value = e.Value;
                e.Key = default!;
                e.Value = default!;
                e.Next = -3 - _freeList; // below -1: free; encodes the next free entry
                _freeList = i;
                _freeCount++;
                _version++;
                return true;
            }

            previous = i;
        }

        value = default!;
        return false;
    }

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) => Remove(item.Key);

    bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item) =>
        TryGetValue(item.Key, out TValue v) && EqualityComparer<TValue>.Default.Equals(v, item.Value);

    void ICollection<KeyValuePair<TKey, TValue>>.CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        foreach (KeyValuePair<TKey, TValue> pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_buckets);
            Array.Clear(_entries);
            _count = 0;
            _freeList = -1;
            _freeCount = 0;
            _version++;
        }
    }

    public Enumerator GetEnumerator() => new Enumerator(this);

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => new Enumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

    private int FindEntry(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int hash = _comparer.GetHashCode(key) & 0x7FFFFFFF;
        Entry[] entries = _entries;
        for (int i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = entries[i].Next)
        {
            if (entries[i].Hash == hash && _comparer.Equals(entries[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private bool Insert(TKey key, TValue value, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(key);
        int hash = _comparer.GetHashCode(key) & 0x7FFFFFFF;
        for (int i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next)
        {
            if (_entries[i].Hash == hash && _comparer.Equals(_entries[i].Key, key))
            {
                if (!overwrite)
                {
                    return false;
                }

                _entries[i].Value = value;
                _version++;
                return true;
            }
        }

        int index;
        if (_freeCount > 0)
        {
            index = _freeList;
            _freeList = -3 - _entries[index].Next;
            _freeCount--;
        }
        else
        {
            if (_count == _entries.Length)
            {
                Resize();
            }

            index = _count++;
        }

        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        ref Entry entry = ref _entries[index];
        entry.Hash = hash;
        entry.Key = key;
        entry.Value = value;
        entry.Next = bucket - 1;
        bucket = index + 1;
        _version++;
        return true;
    }

    private void Resize()
    {
        int size = _entries.Length * 2;
        var entries = new Entry[size];
        new ReadOnlySpan<Entry>(_entries, 0, _count).CopyTo(entries);
        var buckets = new int[size];
        for (int i = 0; i < _count; i++)
        {
            ref int bucket = ref buckets[entries[i].Hash & (size - 1)];
            entries[i].Next = bucket - 1;
            bucket = i + 1;
        }

        _buckets = buckets;
        _entries = entries;
    }

    private struct Entry
    {
        public int Hash;
        public int Next; // -1: end of chain; below -1: a free entry
        public TKey Key;
        public TValue Value;
    }

    /// <summary>Walks the pairs in entry order; throws if the dictionary changes meanwhile.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private readonly Dictionary<TKey, TValue> _dictionary;
        private readonly int _version;
        private int _index;
        private KeyValuePair<TKey, TValue> _current;

        internal Enumerator(Dictionary<TKey, TValue> dictionary)
        {
            _dictionary = dictionary;
            _version = dictionary._version;
            _index = 0;
            _current = default;
        }

        public readonly KeyValuePair<TKey, TValue> Current => _current;

        readonly object? IEnumerator.Current => _current;

        public bool MoveNext()
        {
            if (_version != _dictionary._version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            while (_index < _dictionary._count)
            {
                ref Entry e = ref _dictionary._entries[_index++];
                if (e.Next >= -1)
                {
                    _current = new KeyValuePair<TKey, TValue>(e.Key, e.Value);
                    return true;
                }
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

    /// <summary>The keys, in entry order.</summary>
    public readonly struct KeyCollection : IEnumerable<TKey>
    {
        private readonly Dictionary<TKey, TValue> _dictionary;

        internal KeyCollection(Dictionary<TKey, TValue> dictionary) => _dictionary = dictionary;

        public int Count => _dictionary.Count;

        public IEnumerator<TKey> GetEnumerator()
        {
            foreach (KeyValuePair<TKey, TValue> pair in _dictionary)
            {
                yield return pair.Key;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The values, in entry order.</summary>
    public readonly struct ValueCollection : IEnumerable<TValue>
    {
        private readonly Dictionary<TKey, TValue> _dictionary;

        internal ValueCollection(Dictionary<TKey, TValue> dictionary) => _dictionary = dictionary;

        public int Count => _dictionary.Count;

        public IEnumerator<TValue> GetEnumerator()
        {
            foreach (KeyValuePair<TKey, TValue> pair in _dictionary)
            {
                yield return pair.Value;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
