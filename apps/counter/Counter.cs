// counter: prints 1..N for the N given as its first argument, then exits with N as its exit code.
using System;
using Smos.Lib;

namespace Smos.Apps;

/// <summary>Counts to N: one Print request per line, and an exit code a parent can check with Process.Wait.</summary>
public static class Counter
{
    /// <summary>Keeps a mistyped argument from flooding the console.</summary>
    private const long Limit = 1000;

    public static int Main(string[] args)
    {
        if (!Args.TryGetNumber(1, out long n) || n < 0 || n > Limit)
        {
            Console.WriteLine($"{Args.Name}: usage: counter N (0 <= N <= 1000)");
            return -1;
        }

        for (long i = 1; i <= n; i++)
        {
            Console.WriteLine($"{Args.Name}: {i}");
        }

        return (int)n;
    }
}
