// Delegates: Func/Action, lambdas with and without captures, method groups, local functions, multicast and events.
using System;

namespace Smos.Apps.RuntimeDemo;

internal delegate int Combiner(int a, int b);

internal sealed class Counter
{
    public int Total;

    public event Action<int>? Changed;

    public void Add(int value)
    {
        Total += value;
        Changed?.Invoke(Total);
    }

    public int Scaled(int factor) => Total * factor;
}

internal static class Delegates
{
    private static int Twice(int x) => x * 2;

    private static int Apply(Func<int, int> f, int x) => f(x);

    public static void Run()
    {
        Func<int, int> staticLambda = static x => x + 1;
        Check.Equal(6, staticLambda(5), "a static lambda");

        int captured = 10;
        Func<int, int> closure = x => x + captured;
        captured = 20;
        Check.Equal(25, closure(5), "a lambda that captures a local (and sees its later value)");

        Check.Equal(14, Apply(Twice, 7), "a static method group");
        var counter = new Counter { Total = 3 };
        Func<int, int> instance = counter.Scaled;
        Check.Equal(12, instance(4), "an instance method group");

        int Local(int x) => x * captured;
        Check.Equal(40, Apply(Local, 2), "a local function capturing a local");

        Combiner add = (a, b) => a + b;
        Check.Equal(7, add(3, 4), "a user delegate type");
        Func<int, int, int, int, int> four = (a, b, c, d) => (a * 1000) + (b * 100) + (c * 10) + d;
        Check.Equal(1234, four(1, 2, 3, 4), "Func with four parameters");

        int calls = 0;
        Action first = () => calls += 1;
        Action second = () => calls += 10;
        Action? both = first + second;
        both!();
        Check.Equal(11, calls, "a multicast delegate calls both");
        both -= first;
        both!();
        Check.Equal(21, calls, "-= removes one delegate");
        both -= second;
        Check.True(both is null, "removing the last delegate leaves null");
        Action again = first;
        Check.True(again == first && first != second, "delegate equality");

        int seen = 0;
        int events = 0;
        Action<int> handler = total =>
        {
            seen = total;
            events++;
        };
        counter.Changed += handler;
        counter.Add(5);
        counter.Changed -= handler;
        counter.Add(1);
        Check.Equal(8, seen, "an event handler sees the new total");
        Check.Equal(1, events, "an unsubscribed handler is not called");

        Func<int, Func<int, int>> curry = a => b => a - b;
        Check.Equal(3, curry(10)(7), "a lambda returning a capturing lambda");
        Predicate<int> even = x => (x & 1) == 0;
        Comparison<int> descending = (x, y) => y - x;
        Check.True(even(4) && !even(3), "Predicate<int>");
        Check.True(descending(1, 2) > 0, "Comparison<int>");
    }
}
