// The runtime demo's check harness: each check names what it tests, compares, and counts failures.
using Smos.Lib;

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
        Console.Write("runtime: FAIL ");
        Console.Write(what);
        Console.Write(": expected ");
        Console.WriteNumber(expected);
        Console.Write(", got ");
        Console.WriteNumber(actual);
        Console.WriteLine();
    }

    public static void True(bool condition, string what) => Equal(1, condition ? 1 : 0, what);
}
