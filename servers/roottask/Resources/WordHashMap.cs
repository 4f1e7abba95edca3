// A hash map from 64-bit words (pids, badges, connection ids) to ints that grows; lookups never allocate. Pure: host-tested.
namespace Smos.RootTask.Resources;

/// <summary>
/// Open addressing with linear probing and backward-shift removal (no tombstones, so a table that sees many adds and
/// removes keeps short probe runs). Any key is allowed, 0 included. <see cref="TryGet"/>, <see cref="Remove"/> and
/// updating a key that is present never allocate; adding a key may double the table (at most half full), the only
/// allocation, which throws <see cref="System.OutOfMemoryException"/> when the heap cannot grow and leaves the map as it was.
/// </summary>
public sealed class WordHashMap
{
    private ulong[] _keys;
    private int[] _values;
    private bool[] _used;
    private int _mask;

    /// <summary>A map with room for <paramref name="expected"/> keys before it first grows.</summary>
    public WordHashMap(int expected = 8)
    {
        int capacity = 16;
        while (capacity < expected * 2)
        {
            capacity *= 2;
        }

        _keys = new ulong[capacity];
        _values = new int[capacity];
        _used = new bool[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Keys in the map.</summary>
    public int Count { get; private set; }

    /// <summary>Buckets of the table (twice the keys it holds, at least).</summary>
    public int Buckets => _keys.Length;

    public bool TryGet(ulong key, out int value)
    {
        int i = Find(key);
        value = i >= 0 ? _values[i] : 0;
        return i >= 0;
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="otherwise"/>.</summary>
    public int Get(ulong key, int otherwise = 0)
    {
        int i = Find(key);
        return i >= 0 ? _values[i] : otherwise;
    }

    public bool Contains(ulong key) => Find(key) >= 0;

    /// <summary>Sets the value of <paramref name="key"/>, adding it when it is new.</summary>
    public void Set(ulong key, int value)
    {
        int i = Find(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        if ((Count + 1) * 2 > _keys.Length)
        {
            Resize(_keys.Length * 2);
        }

        Insert(key, value);
        Count++;
    }

    /// <summary>Adds <paramref name="key"/> with <paramref name="value"/> in one probe; false (nothing changes) when it is present.</summary>
    public bool TryAdd(ulong key, int value)
    {
        int i = Home(key);
        for (; _used[i]; i = (i + 1) & _mask)
        {
            if (_keys[i] == key)
            {
                return false;
            }
        }

        if ((Count + 1) * 2 > _keys.Length)
        {
            Resize(_keys.Length * 2);
            Insert(key, value);
        }
        else
        {
            _used[i] = true;
            _keys[i] = key;
            _values[i] = value;
        }

        Count++;
        return true;
    }

    /// <summary>Makes room for one more key now, so that the next add of a new key does not allocate.</summary>
    public void Reserve() => Reserve(1);

    /// <summary>Makes room for <paramref name="more"/> more keys now, so that adding that many new keys does not allocate.</summary>
    public void Reserve(int more)
    {
        int capacity = _keys.Length;
        while ((long)(Count + more) * 2 > capacity)
        {
            capacity *= 2;
        }

        if (capacity != _keys.Length)
        {
            Resize(capacity);
        }
    }

    /// <summary>Removes every key (the table keeps its size).</summary>
    public void Clear()
    {
        if (Count == 0)
        {
            return;
        }

        System.Array.Clear(_keys, 0, _keys.Length);
        System.Array.Clear(_values, 0, _values.Length);
        System.Array.Clear(_used, 0, _used.Length);
        Count = 0;
    }

    /// <summary>Adds <paramref name="change"/> to the count kept for <paramref name="key"/>; a count of 0 or less removes the key. Returns the new count.</summary>
    public int AddTo(ulong key, int change)
    {
        int now = Get(key) + change;
        if (now <= 0)
        {
            Remove(key);
            return 0;
        }

        Set(key, now);
        return now;
    }

    /// <summary>Removes <paramref name="key"/>; false when it was not there.</summary>
    public bool Remove(ulong key)
    {
        int hole = Find(key);
        if (hole < 0)
        {
            return false;
        }

        // Backward shift: move later members of the run into the hole when their home is not between hole and them.
        int i = hole;
        while (true)
        {
            i = (i + 1) & _mask;
            if (!_used[i])
            {
                break;
            }

            int home = Home(_keys[i]);
            bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable)
            {
                _keys[hole] = _keys[i];
                _values[hole] = _values[i];
                hole = i;
            }
        }

        _used[hole] = false;
        _keys[hole] = 0;
        _values[hole] = 0;
        Count--;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key)
    {
        // A 64-bit multiplicative hash (Fibonacci hashing): consecutive ids spread over the table.
        ulong h = key * 0x9E37_79B9_7F4A_7C15UL;
        return (int)(h >> 32) & _mask;
    }

    private int Find(ulong key)
    {
        for (int i = Home(key); _used[i]; i = (i + 1) & _mask)
        {
            if (_keys[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void Insert(ulong key, int value)
    {
        int i = Home(key);
        while (_used[i])
        {
            i = (i + 1) & _mask;
        }

        _used[i] = true;
        _keys[i] = key;
        _values[i] = value;
    }

    private void Resize(int capacity)
    {
        // Allocate everything first: if the heap cannot grow the exception leaves the map untouched.
        var keys = new ulong[capacity];
        var values = new int[capacity];
        var used = new bool[capacity];
        ulong[] oldKeys = _keys;
        int[] oldValues = _values;
        bool[] oldUsed = _used;
        _keys = keys;
        _values = values;
        _used = used;
        _mask = capacity - 1;
        for (int i = 0; i < oldKeys.Length; i++)
        {
            if (oldUsed[i])
            {
                Insert(oldKeys[i], oldValues[i]);
            }
        }
    }
}
