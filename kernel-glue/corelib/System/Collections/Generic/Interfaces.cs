// The collection interfaces of System.Collections.Generic, with .NET's names and members.
namespace System.Collections.Generic;

public interface IReadOnlyCollection<out T> : IEnumerable<T>
{
    int Count { get; }
}

public interface IReadOnlyList<out T> : IReadOnlyCollection<T>
{
    T this[int index] { get; }
}

public interface ICollection<T> : IEnumerable<T>
{
    int Count { get; }

    bool IsReadOnly { get; }

    void Add(T item);

    void Clear();

    bool Contains(T item);

    void CopyTo(T[] array, int arrayIndex);

    bool Remove(T item);
}

public interface IList<T> : ICollection<T>
{
    T this[int index] { get; set; }

    int IndexOf(T item);

    void Insert(int index, T item);

    void RemoveAt(int index);
}

public interface IReadOnlyDictionary<TKey, TValue> : IReadOnlyCollection<KeyValuePair<TKey, TValue>>
{
    TValue this[TKey key] { get; }

    IEnumerable<TKey> Keys { get; }

    IEnumerable<TValue> Values { get; }

    bool ContainsKey(TKey key);

    bool TryGetValue(TKey key, out TValue value);
}

public interface IDictionary<TKey, TValue> : ICollection<KeyValuePair<TKey, TValue>>
{
    TValue this[TKey key] { get; set; }

    ICollection<TKey> Keys { get; }

    ICollection<TValue> Values { get; }

    void Add(TKey key, TValue value);

    bool ContainsKey(TKey key);

    bool Remove(TKey key);

    bool TryGetValue(TKey key, out TValue value);
}

public interface IEqualityComparer<in T>
{
    bool Equals(T? x, T? y);

    int GetHashCode(T obj);
}

public interface IComparer<in T>
{
    int Compare(T? x, T? y);
}
