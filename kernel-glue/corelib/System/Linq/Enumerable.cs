// System.Linq.Enumerable, the everyday operators over IEnumerable<T>: filtering, projection, aggregation, element access.
using System.Collections.Generic;

namespace System.Linq;

/// <summary>LINQ to objects, with .NET's names and semantics (deferred where .NET defers, exceptions as .NET throws).</summary>
public static partial class Enumerable
{
    public static IEnumerable<T> Empty<T>() => Array.Empty<T>();

    public static IEnumerable<int> Range(int start, int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        return RangeIterator(start, count);
    }

    private static IEnumerable<int> RangeIterator(int start, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return start + i;
        }
    }

    public static IEnumerable<T> Repeat<T>(T element, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return element;
        }
    }

    public static IEnumerable<T> Where<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predicate);
        return WhereIterator(source, predicate);
    }

    private static IEnumerable<T> WhereIterator<T>(IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (predicate(item))
            {
                yield return item;
            }
        }
    }

    public static IEnumerable<TResult> Select<T, TResult>(this IEnumerable<T> source, Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return SelectIterator(source, selector);
    }

    private static IEnumerable<TResult> SelectIterator<T, TResult>(IEnumerable<T> source, Func<T, TResult> selector)
    {
        foreach (T item in source)
        {
            yield return selector(item);
        }
    }

    public static IEnumerable<TResult> Select<T, TResult>(this IEnumerable<T> source, Func<T, int, TResult> selector)
    {
        int index = 0;
        foreach (T item in source)
        {
            yield return selector(item, index++);
        }
    }

    public static IEnumerable<TResult> SelectMany<T, TResult>(this IEnumerable<T> source, Func<T, IEnumerable<TResult>> selector)
    {
        foreach (T item in source)
        {
            foreach (TResult inner in selector(item))
            {
                yield return inner;
            }
        }
    }

    public static IEnumerable<T> Take<T>(this IEnumerable<T> source, int count)
    {
        if (count <= 0)
        {
            yield break;
        }

        foreach (T item in source)
        {
            yield return item;
            if (--count == 0)
            {
                yield break;
            }
        }
    }

    public static IEnumerable<T> Skip<T>(this IEnumerable<T> source, int count)
    {
        foreach (T item in source)
        {
            if (count > 0)
            {
                count--;
                continue;
            }

            yield return item;
        }
    }

    public static IEnumerable<T> TakeWhile<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (!predicate(item))
            {
                yield break;
            }

            yield return item;
        }
    }

    public static IEnumerable<T> SkipWhile<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        bool yielding = false;
        foreach (T item in source)
        {
            if (!yielding && !predicate(item))
            {
                yielding = true;
            }

            if (yielding)
            {
                yield return item;
            }
        }
    }

    public static IEnumerable<T> Concat<T>(this IEnumerable<T> first, IEnumerable<T> second)
    {
        foreach (T item in first)
        {
            yield return item;
        }

        foreach (T item in second)
        {
            yield return item;
        }
    }

    public static IEnumerable<T> Distinct<T>(this IEnumerable<T> source)
    {
        var seen = new HashSet<T>();
        foreach (T item in source)
        {
            if (seen.Add(item))
            {
                yield return item;
            }
        }
    }

    /// <summary>For arrays (C# 14 would otherwise bind <c>array.Reverse()</c> to the span method that reverses in place).</summary>
    public static IEnumerable<T> Reverse<T>(this T[] array) => Reverse((IEnumerable<T>)array);

    public static IEnumerable<T> Reverse<T>(this IEnumerable<T> source)
    {
        T[] items = source.ToArray();
        for (int i = items.Length - 1; i >= 0; i--)
        {
            yield return items[i];
        }
    }

    public static IEnumerable<(T First, TSecond Second)> Zip<T, TSecond>(this IEnumerable<T> first, IEnumerable<TSecond> second)
    {
        using IEnumerator<T> a = first.GetEnumerator();
        using IEnumerator<TSecond> b = second.GetEnumerator();
        while (a.MoveNext() && b.MoveNext())
        {
            yield return (a.Current, b.Current);
        }
    }

    public static IEnumerable<TResult> Zip<T, TSecond, TResult>(this IEnumerable<T> first, IEnumerable<TSecond> second, Func<T, TSecond, TResult> resultSelector)
    {
        using IEnumerator<T> a = first.GetEnumerator();
        using IEnumerator<TSecond> b = second.GetEnumerator();
        while (a.MoveNext() && b.MoveNext())
        {
            yield return resultSelector(a.Current, b.Current);
        }
    }

    public static List<T> ToList<T>(this IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new List<T>(source);
    }

    public static T[] ToArray<T>(this IEnumerable<T> source) => source.ToList().ToArray();

    public static HashSet<T> ToHashSet<T>(this IEnumerable<T> source) => new HashSet<T>(source);

    public static Dictionary<TKey, T> ToDictionary<T, TKey>(this IEnumerable<T> source, Func<T, TKey> keySelector)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, T>();
        foreach (T item in source)
        {
            result.Add(keySelector(item), item);
        }

        return result;
    }

    public static Dictionary<TKey, TValue> ToDictionary<T, TKey, TValue>(this IEnumerable<T> source, Func<T, TKey> keySelector, Func<T, TValue> valueSelector)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>();
        foreach (T item in source)
        {
            result.Add(keySelector(item), valueSelector(item));
        }

        return result;
    }
}
