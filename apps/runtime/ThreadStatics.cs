// [ThreadStatic]: per-thread statics of value and reference types, kept alive across collections.
using System;
using System.Collections.Generic;

namespace Smos.Apps.RuntimeDemo;

internal static class ThreadStatics
{
    [ThreadStatic]
    private static int t_count;

    [ThreadStatic]
    private static List<string>? t_names;

    [ThreadStatic]
    private static long t_total;

    private static void Bump(int n)
    {
        t_count += n;
        t_total += (long)n << 33;
    }

    public static void Run()
    {
        Check.Equal(0, t_count, "a [ThreadStatic] int starts at 0");
        for (int i = 1; i <= 10; i++)
        {
            Bump(i);
        }

        Check.Equal(55, t_count, "a [ThreadStatic] int written from another method");
        Check.Equal(55L << 33, t_total, "a [ThreadStatic] long beside it");
        t_names ??= new List<string>();
        for (int i = 0; i < 100; i++)
        {
            t_names.Add($"name {i}");
            _ = new byte[10_000]; // garbage, so that collections run while only the thread's storage holds the list
        }

        GC.Collect();
        Check.True(t_names.Count == 100 && t_names[0] == "name 0" && t_names[99] == "name 99", "a [ThreadStatic] list survives collections");
    }
}
