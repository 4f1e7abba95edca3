// runtime-text: checks the corelib's text surface on the real kernel (concatenation, interpolation, formatting, parsing, string, Console).
using System;
using Smos.Lib;

namespace Smos.Apps;

/// <summary>
/// Runs every text check (StringChecks, NumberChecks, BuilderChecks) and compares each result with the string or value
/// .NET gives; prints <c>FAIL what: got x expected y</c> per mismatch and exits 1 if there was any, else prints a
/// summary and exits 0.
/// </summary>
public static partial class RuntimeText
{
    private static int s_checks;
    private static int s_failures;

    public static int Main(string[] args)
    {
        StringChecks();
        ConcatAndInterpolation();
        NumberFormatting();
        NumberParsing();
        CharChecks();
        BuilderChecks();
        EncodingChecks();
        SpanAndMathChecks();
        ConsoleChecks();
        if (s_failures != 0)
        {
            Console.WriteLine($"runtime-text: {s_failures} of {s_checks} checks FAILED");
            return 1;
        }

        Console.WriteLine($"runtime-text: all {s_checks} checks passed (strings, formatting, parsing, StringBuilder, UTF-8, spans, Console)");
        return 0;
    }

    private static void Check(string what, string? got, string? expected)
    {
        s_checks++;
        if (!string.Equals(got, expected))
        {
            s_failures++;
            Console.WriteLine($"FAIL {what}: got [{got}] expected [{expected}]");
        }
    }

    private static void Check(string what, long got, long expected)
    {
        s_checks++;
        if (got != expected)
        {
            s_failures++;
            Console.WriteLine($"FAIL {what}: got {got} expected {expected}");
        }
    }

    private static void Check(string what, bool got, bool expected = true)
    {
        s_checks++;
        if (got != expected)
        {
            s_failures++;
            Console.WriteLine($"FAIL {what}: got {got} expected {expected}");
        }
    }

    private static string Show(string[] parts) => "<" + string.Join("|", parts) + ">" + parts.Length;
}
