// HashSet<T>: a set over Dictionary's table (keys only), with .NET's set operations.
using System.Collections;

#pragma warning disable CS8714 // T may be nullable; null is not a valid key, as in .NET (ArgumentNullException)

namespace System.Collections.Generic;

public class HashSet<T> : ICollection<T>, IReadOnlyCollection<T>
{
    private readonly Dictionary<T, bool> _items;

    public HashSet()
        : this((IEqualityComparer<T>?)null)
    {
    }

    public HashSet(IEqualityComparer<T>? comparer) => _items = new Dictionary<T, bool>(comparer!);

    public HashSet(IEnumerable<T> collection, IEqualityComparer<T>? comparer = null)
        : this(comparer)
    {
        UnionWith(collection);
    }

    public int Count => _items.Count;

    public bool IsReadOnly => false;

    /// <summary>Adds <paramref name="item"/>; false if it was there already.</summary>
    public bool Add(T item) => _items.TryAdd(item!, true);

    void ICollection<T>.Add(T item) => Add(item);

    public bool Remove(T item) => _items.Remove(item!);

    public bool Contains(T item) => _items.ContainsKey(item!);

    public void Clear() => _items.Clear();

    public void UnionWith(IEnumerable<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (T item in other)
        {
            Add(item);
        }
    }

    public void IntersectWith(IEnumerable<T> other)
    {
        var keep = new HashSet<T>(other, _items.Comparer);
        var drop = new List<T>();
        foreach (T item in this)
        {
            if (!keep.Contains(item))
            {
                drop.Add(item);
            }
        }

        foreach (T item in drop)
        {
            Remove(item);
        }
    }

    public void ExceptWith(IEnumerable<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (T item in other)
        {
            Remove(item);
        }
    }

    public bool IsSubsetOf(IEnumerable<T> other)
    {
        var set = new HashSet<T>(other, _items.Comparer);
        foreach (T item in this)
        {
            if (!set.Contains(item))
            {
                return false;
            }
        }

        return true;
    }

    public bool IsSupersetOf(IEnumerable<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (T item in other)
        {
            if (!Contains(item))
            {
                return false;
            }
        }

        return true;
    }

    public bool Overlaps(IEnumerable<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (T item in other)
        {
            if (Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    public bool SetEquals(IEnumerable<T> other)
    {
        var set = new HashSet<T>(other, _items.Comparer);
        return set.Count == Count && IsSupersetOf(set);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        foreach (T item in this)
        {
            array[arrayIndex++] = item;
        }
    }

    public Enumerator GetEnumerator() => new Enumerator(_items.GetEnumerator());

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the set in insertion order (while nothing is removed).</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private Dictionary<T, bool>.Enumerator _inner;

        internal Enumerator(Dictionary<T, bool>.Enumerator inner) => _inner = inner;

        public readonly T Current => _inner.Current.Key;

        readonly object? IEnumerator.Current => _inner.Current.Key;

        public bool MoveNext() => _inner.MoveNext();

        public void Reset() => _inner.Reset();

        public readonly void Dispose()
        {
        }
    }
}
