// A hash map from short byte names (publications, topics) to ints that grows; lookups never allocate. Pure: host-tested.
using System;

namespace Smos.RootTask.Resources;

/// <summary>
/// Names of at most <see cref="MaxNameBytes"/> bytes to ints (record indexes), for O(1) expected lookups by name. Open
/// addressing with linear probing and backward-shift removal over an FNV-1a hash; the map keeps its own copy of each
/// name. <see cref="Find"/> and <see cref="Remove"/> never allocate; <see cref="Add"/> may double the table (kept at
/// most half full), which throws <see cref="OutOfMemoryException"/> when the heap cannot grow and leaves the map as it was.
/// </summary>
public sealed class NameHashMap
{
    /// <summary>The longest name (the protocol's name length).</summary>
    public const int MaxNameBytes = 32;

    private byte[] _names;
    private byte[] _lengths;
    private uint[] _hashes;
    private int[] _values;
    private bool[] _used;
    private int _mask;

    /// <summary>A map with room for <paramref name="expected"/> names before it first grows.</summary>
    public NameHashMap(int expected = 8)
    {
        int capacity = 16;
        while (capacity < expected * 2)
        {
            capacity *= 2;
        }

        Allocate(capacity, out _names, out _lengths, out _hashes, out _values, out _used);
        _mask = capacity - 1;
    }

    /// <summary>Names in the map.</summary>
    public int Count { get; private set; }

    /// <summary>Buckets of the table (twice the names it holds, at least).</summary>
    public int Buckets => _values.Length;

    /// <summary>The value of <paramref name="name"/>, or -1 when it is not in the map.</summary>
    public int Find(ReadOnlySpan<byte> name)
    {
        int i = Slot(name, Hash(name));
        return i >= 0 ? _values[i] : -1;
    }

    /// <summary>Adds <paramref name="name"/> (1..<see cref="MaxNameBytes"/> bytes) with <paramref name="value"/>; false when it is already there or too long.</summary>
    public bool Add(ReadOnlySpan<byte> name, int value)
    {
        uint hash = Hash(name);
        if (name.Length == 0 || name.Length > MaxNameBytes || Slot(name, hash) >= 0)
        {
            return false;
        }

        if ((Count + 1) * 2 > _values.Length)
        {
            Resize(_values.Length * 2);
        }

        Insert(name, hash, value);
        Count++;
        return true;
    }

    /// <summary>Makes room for one more key now, so that the next add of a new key does not allocate.</summary>
    public void Reserve()
    {
        if ((Count + 1) * 2 > _values.Length)
        {
            Resize(_values.Length * 2);
        }
    }

    /// <summary>Removes <paramref name="name"/>; false when it was not there.</summary>
    public bool Remove(ReadOnlySpan<byte> name)
    {
        int hole = Slot(name, Hash(name));
        if (hole < 0)
        {
            return false;
        }

        int i = hole;
        while (true)
        {
            i = (i + 1) & _mask;
            if (!_used[i])
            {
                break;
            }

            int home = (int)_hashes[i] & _mask;
            bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable)
            {
                Move(i, hole);
                hole = i;
            }
        }

        _used[hole] = false;
        _lengths[hole] = 0;
        Count--;
        return true;
    }

    /// <summary>FNV-1a over the name's bytes.</summary>
    public static uint Hash(ReadOnlySpan<byte> name)
    {
        uint h = 2166136261;
        for (int i = 0; i < name.Length; i++)
        {
            h = (h ^ name[i]) * 16777619;
        }

        // Mix the high bits down: the table uses the low ones.
        return h ^ (h >> 15);
    }

    private ReadOnlySpan<byte> NameAt(int slot) => new ReadOnlySpan<byte>(_names, slot * MaxNameBytes, _lengths[slot]);

    private int Slot(ReadOnlySpan<byte> name, uint hash)
    {
        for (int i = (int)hash & _mask; _used[i]; i = (i + 1) & _mask)
        {
            if (_hashes[i] == hash && name.SequenceEqual(NameAt(i)))
            {
                return i;
            }
        }

        return -1;
    }

    private void Insert(ReadOnlySpan<byte> name, uint hash, int value)
    {
        int i = (int)hash & _mask;
        while (_used[i])
        {
            i = (i + 1) & _mask;
        }

        _used[i] = true;
        _hashes[i] = hash;
        _values[i] = value;
        _lengths[i] = (byte)name.Length;
        name.CopyTo(new Span<byte>(_names, i * MaxNameBytes, MaxNameBytes));
    }

    private void Move(int from, int to)
    {
        _hashes[to] = _hashes[from];
        _values[to] = _values[from];
        _lengths[to] = _lengths[from];
        new ReadOnlySpan<byte>(_names, from * MaxNameBytes, MaxNameBytes).CopyTo(new Span<byte>(_names, to * MaxNameBytes, MaxNameBytes));
    }

    private void Resize(int capacity)
    {
        // Allocate everything first: if the heap cannot grow the exception leaves the map untouched.
        Allocate(capacity, out byte[] names, out byte[] lengths, out uint[] hashes, out int[] values, out bool[] used);
        byte[] oldNames = _names;
        byte[] oldLengths = _lengths;
        uint[] oldHashes = _hashes;
        int[] oldValues = _values;
        bool[] oldUsed = _used;
        _names = names;
        _lengths = lengths;
        _hashes = hashes;
        _values = values;
        _used = used;
        _mask = capacity - 1;
        for (int i = 0; i < oldUsed.Length; i++)
        {
            if (oldUsed[i])
            {
                Insert(new ReadOnlySpan<byte>(oldNames, i * MaxNameBytes, oldLengths[i]), oldHashes[i], oldValues[i]);
            }
        }
    }

    private static void Allocate(int capacity, out byte[] names, out byte[] lengths, out uint[] hashes, out int[] values, out bool[] used)
    {
        names = new byte[capacity * MaxNameBytes];
        lengths = new byte[capacity];
        hashes = new uint[capacity];
        values = new int[capacity];
        used = new bool[capacity];
    }
}
