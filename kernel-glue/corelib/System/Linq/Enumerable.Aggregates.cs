// System.Linq.Enumerable: counting, testing, element access and aggregation.
using System.Collections.Generic;

namespace System.Linq;

public static partial class Enumerable
{
    public static bool Any<T>(this IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using IEnumerator<T> e = source.GetEnumerator();
        return e.MoveNext();
    }

    public static bool Any<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (predicate(item))
            {
                return true;
            }
        }

        return false;
    }

    public static bool All<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (!predicate(item))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when both sequences have the same length and equal elements in the same order.</summary>
    public static bool SequenceEqual<T>(this IEnumerable<T> first, IEnumerable<T> second, IEqualityComparer<T>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        comparer ??= EqualityComparer<T>.Default;
        using IEnumerator<T> a = first.GetEnumerator();
        using IEnumerator<T> b = second.GetEnumerator();
        while (a.MoveNext())
        {
            if (!b.MoveNext() || !comparer.Equals(a.Current, b.Current))
            {
                return false;
            }
        }

        return !b.MoveNext();
    }

    public static bool Contains<T>(this IEnumerable<T> source, T value)
    {
        EqualityComparer<T> comparer = EqualityComparer<T>.Default;
        foreach (T item in source)
        {
            if (comparer.Equals(item, value))
            {
                return true;
            }
        }

        return false;
    }

    public static int Count<T>(this IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is ICollection<T> collection)
        {
            return collection.Count;
        }

        int count = 0;
        using IEnumerator<T> e = source.GetEnumerator();
        while (e.MoveNext())
        {
            count++;
        }

        return count;
    }

    public static int Count<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        int count = 0;
        foreach (T item in source)
        {
            if (predicate(item))
            {
                count++;
            }
        }

        return count;
    }

    public static T First<T>(this IEnumerable<T> source)
    {
        foreach (T item in source)
        {
            return item;
        }

        throw NoElements();
    }

    public static T First<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (predicate(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("Sequence contains no matching element");
    }

    public static T? FirstOrDefault<T>(this IEnumerable<T> source)
    {
        foreach (T item in source)
        {
            return item;
        }

        return default;
    }

    public static T? FirstOrDefault<T>(this IEnumerable<T> source, Func<T, bool> predicate)
    {
        foreach (T item in source)
        {
            if (predicate(item))
            {
                return item;
            }
        }

        return default;
    }

    public static T Last<T>(this IEnumerable<T> source)
    {
        bool found = false;
        T last = default!;
        foreach (T item in source)
        {
            last = item;
            found = true;
        }

        return found ? last : throw NoElements();
    }

    public static T? LastOrDefault<T>(this IEnumerable<T> source)
    {
        T? last = default;
        foreach (T item in source)
        {
            last = item;
        }

        return last;
    }

    public static T Single<T>(this IEnumerable<T> source)
    {
        using IEnumerator<T> e = source.GetEnumerator();
        if (!e.MoveNext())
        {
            throw NoElements();
        }

        T result = e.Current;
        if (e.MoveNext())
        {
            throw new InvalidOperationException("Sequence contains more than one element");
        }

        return result;
    }

    public static T? SingleOrDefault<T>(this IEnumerable<T> source)
    {
        using IEnumerator<T> e = source.GetEnumerator();
        if (!e.MoveNext())
        {
            return default;
        }

        T result = e.Current;
        if (e.MoveNext())
        {
            throw new InvalidOperationException("Sequence contains more than one element");
        }

        return result;
    }

    public static T ElementAt<T>(this IEnumerable<T> source, int index)
    {
        if (index >= 0)
        {
            foreach (T item in source)
            {
                if (index-- == 0)
                {
                    return item;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
    }

    public static int Sum(this IEnumerable<int> source)
    {
        int sum = 0;
        foreach (int item in source)
        {
            sum = checked(sum + item);
        }

        return sum;
    }

    public static long Sum(this IEnumerable<long> source)
    {
        long sum = 0;
        foreach (long item in source)
        {
            sum = checked(sum + item);
        }

        return sum;
    }

    public static int Sum<T>(this IEnumerable<T> source, Func<T, int> selector) => source.Select(selector).Sum();

    public static long Sum<T>(this IEnumerable<T> source, Func<T, long> selector) => source.Select(selector).Sum();

    public static int Min(this IEnumerable<int> source) => MinMax(source, min: true);

    public static int Max(this IEnumerable<int> source) => MinMax(source, min: false);

    public static int Min<T>(this IEnumerable<T> source, Func<T, int> selector) => MinMax(source.Select(selector), min: true);

    public static int Max<T>(this IEnumerable<T> source, Func<T, int> selector) => MinMax(source.Select(selector), min: false);

    public static long Min(this IEnumerable<long> source) => MinMax(source, min: true);

    public static long Max(this IEnumerable<long> source) => MinMax(source, min: false);

    /// <summary>The mean of integers, as a double (as .NET's).</summary>
    public static double Average(this IEnumerable<int> source)
    {
        long sum = 0;
        long count = 0;
        foreach (int item in source)
        {
            sum += item;
            count++;
        }

        return count == 0 ? throw NoElements() : (double)sum / count;
    }

    public static T Aggregate<T>(this IEnumerable<T> source, Func<T, T, T> func)
    {
        using IEnumerator<T> e = source.GetEnumerator();
        if (!e.MoveNext())
        {
            throw NoElements();
        }

        T result = e.Current;
        while (e.MoveNext())
        {
            result = func(result, e.Current);
        }

        return result;
    }

    public static TAccumulate Aggregate<T, TAccumulate>(this IEnumerable<T> source, TAccumulate seed, Func<TAccumulate, T, TAccumulate> func)
    {
        TAccumulate result = seed;
        foreach (T item in source)
        {
            result = func(result, item);
        }

        return result;
    }

    private static T MinMax<T>(IEnumerable<T> source, bool min)
    {
        Comparer<T> comparer = Comparer<T>.Default;
        using IEnumerator<T> e = source.GetEnumerator();
        if (!e.MoveNext())
        {
            throw NoElements();
        }

        T best = e.Current;
        while (e.MoveNext())
        {
            int c = comparer.Compare(e.Current, best);
            if (min ? c < 0 : c > 0)
            {
                best = e.Current;
            }
        }

        return best;
    }

    private static InvalidOperationException NoElements() => new("Sequence contains no elements");
}
