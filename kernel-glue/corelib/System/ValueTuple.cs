// System.ValueTuple with 1-7 elements: what tuple syntax and deconstruction compile to.
using System.Collections.Generic;

namespace System;

public static class ValueTuple
{
    public static ValueTuple<T1, T2> Create<T1, T2>(T1 item1, T2 item2) => new(item1, item2);

    public static ValueTuple<T1, T2, T3> Create<T1, T2, T3>(T1 item1, T2 item2, T3 item3) => new(item1, item2, item3);
}

public struct ValueTuple<T1> : IEquatable<ValueTuple<T1>>
{
    public T1 Item1;

    public ValueTuple(T1 item1) => Item1 = item1;

    public bool Equals(ValueTuple<T1> other) => EqualityComparer<T1>.Default.Equals(Item1, other.Item1);

    public override bool Equals(object? obj) => obj is ValueTuple<T1> t && Equals(t);

    public override int GetHashCode() => EqualityComparer<T1>.Default.GetHashCode(Item1!);

    public override string ToString() => $"({Item1})";
}

public struct ValueTuple<T1, T2> : IEquatable<ValueTuple<T1, T2>>
{
    public T1 Item1;
    public T2 Item2;

    public ValueTuple(T1 item1, T2 item2)
    {
        Item1 = item1;
        Item2 = item2;
    }

    public bool Equals(ValueTuple<T1, T2> other) =>
        EqualityComparer<T1>.Default.Equals(Item1, other.Item1) && EqualityComparer<T2>.Default.Equals(Item2, other.Item2);

    public override bool Equals(object? obj) => obj is ValueTuple<T1, T2> t && Equals(t);

    public override int GetHashCode() => Hash(Item1) * 31 + Hash(Item2);

    public override string ToString() => $"({Item1}, {Item2})";

    private static int Hash<T>(T value) => value is null ? 0 : value.GetHashCode();
}

public struct ValueTuple<T1, T2, T3> : IEquatable<ValueTuple<T1, T2, T3>>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;

    public ValueTuple(T1 item1, T2 item2, T3 item3)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
    }

    public bool Equals(ValueTuple<T1, T2, T3> other) =>
        EqualityComparer<T1>.Default.Equals(Item1, other.Item1) && EqualityComparer<T2>.Default.Equals(Item2, other.Item2) &&
        EqualityComparer<T3>.Default.Equals(Item3, other.Item3);

    public override bool Equals(object? obj) => obj is ValueTuple<T1, T2, T3> t && Equals(t);

    public override int GetHashCode() => ((Hash(Item1) * 31) + Hash(Item2)) * 31 + Hash(Item3);

    public override string ToString() => $"({Item1}, {Item2}, {Item3})";

    private static int Hash<T>(T value) => value is null ? 0 : value.GetHashCode();
}

public struct ValueTuple<T1, T2, T3, T4>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;

    public ValueTuple(T1 item1, T2 item2, T3 item3, T4 item4)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
    }

    public override string ToString() => $"({Item1}, {Item2}, {Item3}, {Item4})";
}

public struct ValueTuple<T1, T2, T3, T4, T5>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;

    public ValueTuple(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
    }
}

public struct ValueTuple<T1, T2, T3, T4, T5, T6>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;
    public T6 Item6;

    public ValueTuple(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5, T6 item6)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
        Item6 = item6;
    }
}

public struct ValueTuple<T1, T2, T3, T4, T5, T6, T7>
{
    public T1 Item1;
    public T2 Item2;
    public T3 Item3;
    public T4 Item4;
    public T5 Item5;
    public T6 Item6;
    public T7 Item7;

    public ValueTuple(T1 item1, T2 item2, T3 item3, T4 item4, T5 item5, T6 item6, T7 item7)
    {
        Item1 = item1;
        Item2 = item2;
        Item3 = item3;
        Item4 = item4;
        Item5 = item5;
        Item6 = item6;
        Item7 = item7;
    }
}
