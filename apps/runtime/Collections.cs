// Collections and LINQ: List, Dictionary, HashSet, Queue, Stack, sorting, foreach over arrays and spans, tuples, LINQ.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Smos.Apps.RuntimeDemo;

internal static class Collections
{
    private static ulong s_random = 0x2545F4914F6CDD1D;

    private static int Random(int bound)
    {
        s_random ^= s_random << 13;
        s_random ^= s_random >> 7;
        s_random ^= s_random << 17;
        return (int)(s_random % (ulong)bound);
    }

    public static void Run()
    {
        var list = new List<int> { 5, 3, 9 };
        list.Add(1);
        list.Insert(0, 7);
        list.Remove(9);
        list.Sort();
        Check.True(string.Join(",", list.ToArray()) == "1,3,5,7", "List: initializer, Add, Insert, Remove, Sort");
        list.Sort((a, b) => b - a);
        Check.Equal(7, list[0], "List.Sort with a Comparison");
        Check.Equal(2, list.RemoveAll(x => x > 4), "List.RemoveAll");
        Check.True(list.Contains(3) && list.IndexOf(1) == 1 && list.Find(x => x < 2) == 1, "List.Contains, IndexOf, Find");

        // Dictionary: 10,000 random operations against a plain array model.
        var dictionary = new Dictionary<int, int>();
        var model = new int[512];
        var present = new bool[512];
        bool agrees = true;
        for (int i = 0; i < 10000; i++)
        {
            int key = Random(512);
            switch (Random(4))
            {
                case 0:
                case 1:
                    dictionary[key] = i;
                    model[key] = i;
                    present[key] = true;
                    break;
                case 2:
                    agrees &= dictionary.Remove(key) == present[key];
                    present[key] = false;
                    break;
                default:
                    agrees &= dictionary.TryGetValue(key, out int value) == present[key] && (!present[key] || value == model[key]);
                    break;
            }
        }

        int modelCount = 0;
        for (int k = 0; k < 512; k++)
        {
            modelCount += present[k] ? 1 : 0;
            agrees &= dictionary.ContainsKey(k) == present[k];
        }

        Check.True(agrees && dictionary.Count == modelCount, "Dictionary: 10,000 random operations agree with a model");
        var names = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 };
        names.Add("three", 3);
        int sum = 0;
        foreach (KeyValuePair<string, int> pair in names)
        {
            sum += pair.Value * pair.Key.Length;
        }

        Check.Equal((1 * 3) + (2 * 3) + (3 * 5), sum, "Dictionary<string, int>: indexer initializer, Add, foreach");
        bool threw = false;
        try
        {
            _ = names["four"];
        }
        catch (KeyNotFoundException)
        {
            threw = true;
        }

        Check.True(threw, "a missing key throws KeyNotFoundException");

        var set = new HashSet<string> { "a", "b" };
        Check.True(set.Add("c") && !set.Add("a") && set.Count == 3, "HashSet.Add");
        set.IntersectWith(new[] { "a", "c", "z" });
        Check.True(set.SetEquals(new[] { "c", "a" }), "HashSet.IntersectWith and SetEquals");

        var queue = new Queue<int>();
        var stack = new Stack<int>();
        for (int i = 0; i < 100; i++)
        {
            queue.Enqueue(i);
            stack.Push(i);
        }

        Check.True(queue.Dequeue() == 0 && stack.Pop() == 99 && queue.Count == 99 && stack.Peek() == 98, "Queue and Stack");

        var numbers = new int[2000];
        for (int i = 0; i < numbers.Length; i++)
        {
            numbers[i] = Random(1000);
        }

        int[] sorted = (int[])numbers.Clone();
        Array.Sort(sorted);
        bool ordered = true;
        long before = 0;
        long after = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            ordered &= i == 0 || sorted[i - 1] <= sorted[i];
            before += numbers[i] * (long)numbers[i];
            after += sorted[i] * (long)sorted[i];
        }

        Check.True(ordered && before == after, "Array.Sort of 2,000 random ints: ordered and a permutation");

        Span<int> span = stackalloc int[] { 1, 2, 3 };
        int spanSum = 0;
        foreach (int x in span)
        {
            spanSum += x;
        }

        int chars = 0;
        foreach (char c in "hello")
        {
            chars += c == 'l' ? 1 : 0;
        }

        Check.True(spanSum == 6 && chars == 2, "foreach over a Span and a string");

        (int count, string label) tuple = (3, "three");
        var (n, text) = tuple;
        Check.True(n == 3 && text == "three" && tuple == (3, "three"), "tuples and deconstruction");

        // LINQ over a List, an array and a range.
        int[] evens = Enumerable.Range(1, 20).Where(x => x % 2 == 0).Select(x => x * 10).ToArray();
        Check.True(evens.Length == 10 && evens[0] == 20 && evens[9] == 200, "Range, Where, Select, ToArray");
        Check.Equal(1100, evens.Sum(), "Sum over an array");
        var words = new List<string> { "pear", "fig", "apple", "kiwi", "date" };
        string byLength = string.Join(" ", words.OrderBy(w => w.Length).ThenBy(w => w).ToArray());
        Check.True(byLength == "fig date kiwi pear apple", "OrderBy then ThenBy (stable)");
        string groups = string.Join(";", words.GroupBy(w => w.Length).Select(g => $"{g.Key}:{g.Count()}").ToArray());
        Check.True(groups == "4:3;3:1;5:1", "GroupBy and Count");
        Check.True(words.Any(w => w.StartsWith('k')) && !words.All(w => w.Length > 3) && words.First(w => w.Length == 5) == "apple", "Any, All, First");
        Check.Equal(5, words.Select(w => w.Length).Max(), "Select then Max");
        Check.True(new[] { 1, 2, 2, 3, 3, 3 }.Distinct().Count() == 3 && new[] { 1, 2, 3 }.Reverse().First() == 3, "Distinct, Reverse");
        Dictionary<string, int> lengths = words.ToDictionary(w => w, w => w.Length);
        Check.Equal(3, lengths["fig"], "ToDictionary");
        Check.Equal(15, Enumerable.Range(1, 5).Aggregate((a, b) => a + b), "Aggregate");
        Check.True(words.Skip(1).Take(2).SequenceEqualTo(new[] { "fig", "apple" }), "Skip and Take");
        SortedListAgainstAModel();
    }

    // SortedList<int, int> through 5,000 random operations against a Dictionary and a sort of its keys.
    private static void SortedListAgainstAModel()
    {
        var sorted = new SortedList<int, int>();
        var model = new Dictionary<int, int>();
        bool agree = true;
        for (int step = 0; step < 5000 && agree; step++)
        {
            int key = Random(300);
            switch (Random(3))
            {
                case 0:
                    sorted[key] = step;
                    model[key] = step;
                    break;
                case 1:
                    agree &= sorted.Remove(key) == model.Remove(key);
                    break;
                default:
                    agree &= sorted.TryGetValue(key, out int a) == model.TryGetValue(key, out int b) && a == b;
                    break;
            }
        }

        List<int> keys = model.Keys.ToList();
        keys.Sort();
        agree &= sorted.Count == model.Count && sorted.Keys.SequenceEqual(keys) && sorted.Values.SequenceEqual(keys.Select(k => model[k]));
        Check.True(agree, "SortedList: 5,000 random operations agree with a Dictionary, keys in order");

        var names = new SortedList<string, int> { ["pear"] = 4, ["apple"] = 5, ["fig"] = 3 };
        bool duplicate = false;
        try
        {
            names.Add("fig", 9);
        }
        catch (ArgumentException)
        {
            duplicate = true;
        }

        Check.True(string.Join(",", names.Keys) == "apple,fig,pear" && names.IndexOfKey("fig") == 1 && duplicate && names.GetValueAtIndex(2) == 4, "SortedList of strings: order, IndexOfKey, a duplicate Add throws");
        Check.True(names.GetValueOrDefault("kiwi") == 0 && names.GetValueOrDefault("kiwi", -1) == -1 && names.GetValueOrDefault("fig") == 3, "GetValueOrDefault");
    }

    private static bool SequenceEqualTo(this IEnumerable<string> a, string[] b)
    {
        int i = 0;
        foreach (string s in a)
        {
            if (i >= b.Length || s != b[i++])
            {
                return false;
            }
        }

        return i == b.Length;
    }
}
