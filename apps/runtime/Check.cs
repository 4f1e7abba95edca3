// The runtime demo's check harness: each check names what it tests, compares, and counts failures.
using System;

namespace Smos.Apps.RuntimeDemo;

/// <summary>Counts checks and prints a line for each one that fails.</summary>
internal static class Check
{
    public static int Passed;
    public static int Failed;

    public static void Equal(long expected, long actual, string what)
    {
        if (expected == actual)
        {
            Passed++;
            return;
        }

        Failed++;
        Console.WriteLine($"runtime: FAIL {what}: expected {expected}, got {actual}");
    }

    public static void True(bool condition, string what) => Equal(1, condition ? 1 : 0, what);
}
