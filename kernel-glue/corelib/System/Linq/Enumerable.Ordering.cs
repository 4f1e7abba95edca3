// System.Linq.Enumerable: OrderBy/ThenBy (stable) and GroupBy.
using System.Collections;
using System.Collections.Generic;

namespace System.Linq;

/// <summary>
/// A sequence sorted by one or more keys; ThenBy adds a key. (.NET's interface also has the generic virtual method
/// CreateOrderedEnumerable; SmosSharp's runtime has no generic virtual methods, so ThenBy works on OrderBy's result.)
/// </summary>
public interface IOrderedEnumerable<out T> : IEnumerable<T>
{
}

/// <summary>A key and the elements that have it.</summary>
public interface IGrouping<out TKey, out TElement> : IEnumerable<TElement>
{
    TKey Key { get; }
}

public static partial class Enumerable
{
    public static IOrderedEnumerable<T> OrderBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> keySelector) =>
        new OrderedSequence<T>(source, Compare(keySelector, null, descending: false), null);

    public static IOrderedEnumerable<T> OrderByDescending<T, TKey>(this IEnumerable<T> source, Func<T, TKey> keySelector) =>
        new OrderedSequence<T>(source, Compare(keySelector, null, descending: true), null);

    public static IOrderedEnumerable<T> ThenBy<T, TKey>(this IOrderedEnumerable<T> source, Func<T, TKey> keySelector) =>
        Ordered(source).ThenBy(keySelector, null, false);

    public static IOrderedEnumerable<T> ThenByDescending<T, TKey>(this IOrderedEnumerable<T> source, Func<T, TKey> keySelector) =>
        Ordered(source).ThenBy(keySelector, null, true);

    private static OrderedSequence<T> Ordered<T>(IOrderedEnumerable<T> source) =>
        source as OrderedSequence<T> ?? throw new NotSupportedException("ThenBy needs the result of OrderBy or ThenBy.");

    public static IEnumerable<IGrouping<TKey, T>> GroupBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> keySelector)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, Grouping<TKey, T>>();
        var order = new List<Grouping<TKey, T>>();
        foreach (T item in source)
        {
            TKey key = keySelector(item);
            if (!groups.TryGetValue(key, out Grouping<TKey, T>? group))
            {
                group = new Grouping<TKey, T>(key);
                groups.Add(key, group);
                order.Add(group);
            }

            group.Items.Add(item);
        }

        foreach (Grouping<TKey, T> group in order)
        {
            yield return group;
        }
    }

    internal static Comparison<T> Compare<T, TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer, bool descending)
    {
        IComparer<TKey> keys = comparer ?? Comparer<TKey>.Default;
        return descending ? (a, b) => keys.Compare(keySelector(b), keySelector(a)) : (a, b) => keys.Compare(keySelector(a), keySelector(b));
    }

    private sealed class Grouping<TKey, T> : IGrouping<TKey, T>
    {
        public Grouping(TKey key) => Key = key;

        public TKey Key { get; }

        public List<T> Items { get; } = new List<T>();

        public IEnumerator<T> GetEnumerator() => Items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();
    }
}

/// <summary>Sorts when enumerated: a stable merge sort on the keys so far (earlier keys first).</summary>
internal sealed class OrderedSequence<T> : IOrderedEnumerable<T>
{
    private readonly IEnumerable<T> _source;
    private readonly Comparison<T> _comparison;

    public OrderedSequence(IEnumerable<T> source, Comparison<T> comparison, OrderedSequence<T>? parent)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _comparison = comparison;
    }

    public IOrderedEnumerable<T> ThenBy<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer, bool descending)
    {
        Comparison<T> first = _comparison;
        Comparison<T> then = Enumerable.Compare(keySelector, comparer, descending);
        return new OrderedSequence<T>(_source, (a, b) =>
        {
            int c = first(a, b);
            return c != 0 ? c : then(a, b);
        }, this);
    }

    public IEnumerator<T> GetEnumerator()
    {
        T[] items = _source.ToArray();
        MergeSort(items, new T[items.Length], 0, items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            yield return items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void MergeSort(T[] items, T[] scratch, int start, int end)
    {
        if (end - start < 2)
        {
            return;
        }

        int middle = (start + end) / 2;
        MergeSort(items, scratch, start, middle);
        MergeSort(items, scratch, middle, end);
        int i = start;
        int j = middle;
        int k = start;
        while (i < middle && j < end)
        {
            scratch[k++] = _comparison(items[j], items[i]) < 0 ? items[j++] : items[i++];
        }

        while (i < middle)
        {
            scratch[k++] = items[i++];
        }

        while (j < end)
        {
            scratch[k++] = items[j++];
        }

        for (k = start; k < end; k++)
        {
            items[k] = scratch[k];
        }
    }
}
