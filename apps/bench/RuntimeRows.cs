// bench: the runtime's rows (issue 12): allocation, collections, throw and catch, interpolation, as SMOS-BENCH lines.
using System;
using System.Collections.Generic;

namespace Smos.Apps;

/// <summary>A 32-byte object: header, MethodTable pointer and two longs.</summary>
internal sealed class Small32
{
    public long A;
    public long B;
}

internal sealed class BenchException : Exception
{
    public BenchException()
        : base("bench")
    {
    }
}

public static unsafe partial class Bench
{
    private static object? s_sink;
    private static string? s_text;
    private static object?[]? s_live;

    // Each row: a warm-up, then the batch with the fewest total instructions, per operation (loop included).
    private static bool RuntimeRows()
    {
        TimedRow("runtime-alloc-32b", 1000, &Allocate32);
        TimedRow("runtime-interpolate-3", 1000, &Interpolate3);
        TimedRow("runtime-throw-catch-1", 200, &ThrowCatch1);
        TimedRow("runtime-throw-catch-10", 100, &ThrowCatch10);
        TimedRow("runtime-list-add", 1000, &ListAdd);
        s_map = new Dictionary<int, int>();
        for (int i = 0; i < 1000; i++)
        {
            s_map[i * 2] = i;
        }

        TimedRow("runtime-dictionary-hit", 1000, &DictionaryHit);
        TimedRow("runtime-dictionary-miss", 1000, &DictionaryMiss);
        TimedRow("runtime-gc-empty", 20, &CollectOnly);

        // 256 KiB of live small objects (8,192 of 32 bytes) held by one array (the row's figures since session 5: a
        // 1 MiB live set did not fit the 256-page heap apps had before their memory quota bounded it).
        s_live = new object?[8192];
        for (int i = 0; i < s_live.Length; i++)
        {
            s_live[i] = new Small32 { A = i };
        }

        TimedRow("runtime-gc-256k-live", 10, &CollectOnly);
        bool intact = true;
        for (int i = 0; i < s_live.Length; i++)
        {
            intact &= s_live[i] is Small32 s && s.A == i;
        }

        s_live = null;
        GC.Collect();
        return intact || Fail("the live set did not survive its collections") == 0;
    }

    private static void TimedRow(string name, ulong iterations, delegate*<ulong, void> body)
    {
        body(iterations / 4 + 1);
        ulong best = ulong.MaxValue;
        ulong bestEl0 = 0;
        for (int b = 0; b < Batches; b++)
        {
            ulong t0 = ReadTotal();
            ulong e0 = ReadEl0();
            body(iterations);
            ulong e1 = ReadEl0();
            ulong t1 = ReadTotal();
            ulong total = (t1 - t0) & CounterMask;
            if (total < best)
            {
                best = total;
                bestEl0 = (e1 - e0) & CounterMask;
            }
        }

        Print(name, PerOperation(best, iterations), PerOperation(bestEl0, iterations), 0);
    }

    private static Dictionary<int, int>? s_map;
    private static long s_found;

    // List<int>.Add amortized: a list of 1,000 built from empty per batch (growth included).
    private static void ListAdd(ulong n)
    {
        var list = new List<int>();
        for (ulong i = 0; i < n; i++)
        {
            list.Add((int)i);
        }

        s_sink = list;
    }

    private static void DictionaryHit(ulong n)
    {
        Dictionary<int, int> map = s_map!;
        for (ulong i = 0; i < n; i++)
        {
            if (map.TryGetValue((int)(i % 1000) * 2, out int v))
            {
                s_found += v;
            }
        }
    }

    private static void DictionaryMiss(ulong n)
    {
        Dictionary<int, int> map = s_map!;
        for (ulong i = 0; i < n; i++)
        {
            if (map.TryGetValue(((int)(i % 1000) * 2) + 1, out int v))
            {
                s_found += v;
            }
        }
    }

    private static void Allocate32(ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            s_sink = new Small32();
        }
    }

    private static void Interpolate3(ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            int a = (int)i;
            s_text = $"{a} {a + 1} {a * 7}";
        }
    }

    private static void ThrowCatch1(ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            try
            {
                Thrower(0);
            }
            catch (BenchException)
            {
            }
        }
    }

    private static void ThrowCatch10(ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            try
            {
                Thrower(9);
            }
            catch (BenchException)
            {
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Thrower(int depth)
    {
        if (depth == 0)
        {
            throw new BenchException();
        }

        Thrower(depth - 1);
        s_sink = null; // keeps the call from becoming a tail call
    }

    private static void CollectOnly(ulong n)
    {
        for (ulong i = 0; i < n; i++)
        {
            GC.Collect();
        }
    }
}
