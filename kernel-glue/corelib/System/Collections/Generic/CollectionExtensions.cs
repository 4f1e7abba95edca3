// CollectionExtensions: GetValueOrDefault and friends for dictionaries, as in .NET.
namespace System.Collections.Generic;

/// <summary>Extension methods of the collection interfaces (.NET's names and behaviour).</summary>
public static class CollectionExtensions
{
    /// <summary>The value of <paramref name="key"/>, or <c>default</c> when it is absent.</summary>
    public static TValue? GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key) =>
        dictionary.GetValueOrDefault(key, default!);

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/> when it is absent.</summary>
    public static TValue GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, TValue defaultValue)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        return dictionary.TryGetValue(key, out TValue? value) ? value : defaultValue;
    }

    /// <summary>Adds the pair unless the key is present; true when it was added.</summary>
    public static bool TryAdd<TKey, TValue>(this IDictionary<TKey, TValue> dictionary, TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (dictionary.ContainsKey(key))
        {
            return false;
        }

        dictionary.Add(key, value);
        return true;
    }

    /// <summary>Removes the key and gives its value; false when it was absent.</summary>
    public static bool Remove<TKey, TValue>(this IDictionary<TKey, TValue> dictionary, TKey key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (dictionary.TryGetValue(key, out value!))
        {
            dictionary.Remove(key);
            return true;
        }

        value = default!;
        return false;
    }
}
