// Static constructors and static field initializers that ILC cannot run at compile time: they run once, on first use.
using System;
using System.Collections.Generic;

namespace Smos.Apps.RuntimeDemo;

internal static class StaticConstructors
{
    public static int Runs;

    // Depends on the process (its pid): ILC cannot compute it when it compiles, so the constructor runs at first use.
    private static class Table
    {
        public static readonly int[] Values = Make();
        public static readonly List<string> Names = new() { "a", "b" };
        public static int Reads;

        private static int[] Make()
        {
            Runs++;
            var a = new int[3];
            a[1] = Environment.ProcessId;
            return a;
        }
    }

    // An explicit static constructor with a side effect, and one that uses its own type while it runs (allowed: .NET
    // lets a constructor see its type's statics as they are so far).
    private static class Explicit
    {
        public static readonly long Stamp;
        public static readonly int SelfSeen;

        static Explicit()
        {
            Runs++;
            Stamp = ((long)Environment.ProcessId << 20) | 7;
            SelfSeen = Explicit.Stamp == 0 ? -1 : 1;
        }

        public static long Twice() => Stamp * 2;
    }

    // Two types whose constructors read each other's statics: a cycle ends without running one twice.
    private static class Left
    {
        public static readonly int Value = Right.Value + 1;
    }

    private static class Right
    {
        public static readonly int Value = Left.Value + 10 + Environment.ProcessId - Environment.ProcessId;
    }

    public static void Run()
    {
        Check.Equal(0, Runs, "no static constructor has run before its type is used");
        Check.True(Table.Values is not null && Table.Values[1] == Environment.ProcessId, "a static field initializer that calls a method runs before the field is read");
        Check.Equal(2, Table.Names.Count, "a static List initializer with items");
        Table.Reads++;
        Check.Equal(1, Runs, "the initializers of one type run once");
        Check.Equal(((long)Environment.ProcessId << 20) | 7, Explicit.Stamp, "an explicit static constructor runs before its field is read");
        Check.Equal(((long)Environment.ProcessId << 21) | 14, Explicit.Twice(), "and before a static method of its type runs");
        Check.Equal(1, Explicit.SelfSeen, "a static constructor sees its own type's statics it has set");
        Check.Equal(2, Runs, "each static constructor ran exactly once");
        Check.True(Left.Value == Right.Value + 1 || Right.Value == Left.Value + 10, "a cycle of static constructors ends, each run once");
    }
}
