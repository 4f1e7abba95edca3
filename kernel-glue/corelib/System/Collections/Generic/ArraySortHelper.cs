// Sorting for Array.Sort and List<T>.Sort: introsort (quicksort, heapsort past a depth limit, insertion sort for small runs).
namespace System.Collections.Generic;

/// <summary>An unstable in-place sort, as .NET's: O(n log n) worst case.</summary>
internal static class ArraySortHelper<T>
{
    private const int InsertionLimit = 16;

    public static void Sort(Span<T> keys, Comparison<T> comparer)
    {
        if (keys.Length > 1)
        {
            int depth = 2 * (Log2(keys.Length) + 1);
            IntroSort(keys, depth, comparer);
        }
    }

    private static int Log2(int n)
    {
        int log = 0;
        while ((n >>= 1) != 0)
        {
            log++;
        }

        return log;
    }

    private static void IntroSort(Span<T> keys, int depth, Comparison<T> comparer)
    {
        while (keys.Length > InsertionLimit)
        {
            if (depth-- == 0)
            {
                HeapSort(keys, comparer);
                return;
            }

            int pivot = Partition(keys, comparer);
            IntroSort(keys.Slice(pivot + 1), depth, comparer);
            keys = keys.Slice(0, pivot);
        }

        InsertionSort(keys, comparer);
    }

    private static int Partition(Span<T> keys, Comparison<T> comparer)
    {
        int hi = keys.Length - 1;
        int middle = hi >> 1;
        SwapIfGreater(keys, comparer, 0, middle);
        SwapIfGreater(keys, comparer, 0, hi);
        SwapIfGreater(keys, comparer, middle, hi);
        T pivot = keys[middle];
        Swap(keys, middle, hi - 1);
        int left = 0;
        int right = hi - 1;
        while (left < right)
        {
            while (comparer(keys[++left], pivot) < 0)
            {
            }

            while (comparer(pivot, keys[--right]) < 0)
            {
            }

            if (left >= right)
            {
                break;
            }

            Swap(keys, left, right);
        }

        if (left != hi - 1)
        {
            Swap(keys, left, hi - 1);
        }

        return left;
    }

    private static void HeapSort(Span<T> keys, Comparison<T> comparer)
    {
        int n = keys.Length;
        for (int i = n >> 1; i >= 1; i--)
        {
            DownHeap(keys, i, n, comparer);
        }

        for (int i = n; i > 1; i--)
        {
            Swap(keys, 0, i - 1);
            DownHeap(keys, 1, i - 1, comparer);
        }
    }

    private static void DownHeap(Span<T> keys, int i, int n, Comparison<T> comparer)
    {
        T d = keys[i - 1];
        while (i <= n >> 1)
        {
            int child = 2 * i;
            if (child < n && comparer(keys[child - 1], keys[child]) < 0)
            {
                child++;
            }

            if (!(comparer(d, keys[child - 1]) < 0))
            {
                break;
            }

            keys[i - 1] = keys[child - 1];
            i = child;
        }

        keys[i - 1] = d;
    }

    private static void InsertionSort(Span<T> keys, Comparison<T> comparer)
    {
        for (int i = 0; i < keys.Length - 1; i++)
        {
            T t = keys[i + 1];
            int j = i;
            while (j >= 0 && comparer(t, keys[j]) < 0)
            {
                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = t;
        }
    }

    private static void SwapIfGreater(Span<T> keys, Comparison<T> comparer, int i, int j)
    {
        if (comparer(keys[i], keys[j]) > 0)
        {
            Swap(keys, i, j);
        }
    }

    private static void Swap(Span<T> keys, int i, int j)
    {
        T t = keys[i];
        keys[i] = keys[j];
        keys[j] = t;
    }
}
