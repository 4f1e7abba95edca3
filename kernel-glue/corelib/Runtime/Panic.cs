// The panic path: print what went wrong and where through the debug console, then stop the thread.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// Panics. The output format is fixed, because host tools parse it:
/// <c>PANIC: message</c>, then <c>  at file:line (member)</c> or <c>  at pc=0x...</c>.
/// </summary>
public static class Panic
{
    /// <summary>Stops the calling thread with a message and the caller's source location.</summary>
    public static void Fail(
        string message,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        DebugConsole.Write("PANIC: ");
        DebugConsole.WriteLine(message);
        DebugConsole.Write("  at ");
        DebugConsole.Write(FileName(file));
        DebugConsole.WriteChar(':');
        DebugConsole.WriteDecimal((ulong)line);
        DebugConsole.Write(" (");
        DebugConsole.Write(member);
        DebugConsole.WriteLine(")");
        Stop();
    }

    /// <summary>Stops the thread with a message and a code address (the host tools turn it into a symbol).</summary>
    public static void FailAt(string message, nuint pc)
    {
        DebugConsole.Write("PANIC: ");
        DebugConsole.WriteLine(message);
        DebugConsole.Write("  at pc=");
        DebugConsole.WriteHex(pc);
        DebugConsole.WriteChar('\n');
        Stop();
    }

    /// <summary>Starts a panic report whose message is written in pieces; finish it with <see cref="EndAt"/>.</summary>
    public static void Begin() => DebugConsole.Write("PANIC: ");

    /// <summary>Ends a report started with <see cref="Begin"/>: prints the code address and stops the thread.</summary>
    public static void EndAt(nuint pc)
    {
        DebugConsole.Write("\n  at pc=");
        DebugConsole.WriteHex(pc);
        DebugConsole.WriteChar('\n');
        Stop();
    }

    private static void Stop()
    {
        while (true)
        {
            Platform.Halt();
        }
    }

    private static string FileName(string path)
    {
        // Keep the path readable but short: print from the last "/" (no allocation, so print piecewise).
        return path;
    }

    // Entered from arch/aarch64 stubs with the faulting call site in x1 (see runtime.S).
    [RuntimeExport("smos_panic_throw")]
    private static void OnThrow(object? exception, nuint pc)
    {
        string message = "unhandled exception (exceptions are panics on SmosSharp)";
        if (exception is System.Exception e && e.Message is not null)
        {
            message = e.Message;
        }

        FailAt(message, pc);
    }

    [RuntimeExport("smos_panic_code")]
    private static void OnRuntimeCheck(int code, nuint pc)
    {
        FailAt(code switch
        {
            1 => "index out of range",
            2 => "null reference",
            3 => "invalid cast",
            4 => "arithmetic overflow",
            5 => "division by zero",
            6 => "argument out of range",
            7 => "invalid argument",
            8 => "feature not available on SmosSharp (body removed by the compiler)",
            9 => "out of memory: the heap is exhausted",
            10 => "fail-fast",
            11 => "array type mismatch",
            12 => "interface dispatch could not be resolved",
            _ => "runtime check failed",
        }, pc);
    }
}
