// The panic path: hand the text and place to the program's last-words hook (apps: the root task), or print and stop.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// Panics. Without a last-words hook (the root task, the loader) the output format is fixed, because host tools parse
/// it: <c>PANIC: message</c>, then <c>  at file:line (member)</c> or <c>  at pc=0x...</c>, and the thread stops.
/// With one (libsmos sets it for every app: <see cref="SetLastWords"/>) the one-line text and the code address go to
/// the hook, which reports them to the root task and does not return; the root task prints the FAULT line and ends
/// the process.
/// </summary>
public static unsafe class Panic
{
    /// <summary>The longest panic text handed to the hook (the protocol's MaxPanicBytes).</summary>
    public const int MaxTextBytes = 200;

    /// <summary>
    /// Sets the last-words hook: text (ASCII, at most <see cref="MaxTextBytes"/>), its length, the failure's code address
    /// (0: none). It must not return, allocate or open IPC scopes. Internal: only the runtime (libsmos) sets it.
    /// </summary>
    internal static void SetLastWords(delegate*<byte*, int, nuint, void> hook) => Platform.RuntimeHooks()->LastWords = (nint)hook;

    /// <summary>Stops the calling thread with a message and the caller's source location.</summary>
    public static void Fail(
        string message,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        if (Platform.RuntimeHooks()->LastWords != 0)
        {
            Span<byte> buffer = stackalloc byte[MaxTextBytes];
            var text = new PanicText(buffer);
            text.Append(message);
            text.Append(" at ");
            text.Append(FileName(file));
            text.Append((byte)':');
            text.AppendDecimal((ulong)line);
            text.Append(" (");
            text.Append(member);
            text.Append((byte)')');
            FailAt(text.Written, 0);
        }

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
        Span<byte> buffer = stackalloc byte[MaxTextBytes];
        var text = new PanicText(buffer);
        text.Append(message);
        FailAt(text.Written, pc);
    }

    /// <summary>Stops the thread with a text built by the caller (<see cref="PanicText"/>) and a code address.</summary>
    public static void FailAt(ReadOnlySpan<byte> text, nuint pc)
    {
        nint hook = Platform.RuntimeHooks()->LastWords;
        if (hook != 0)
        {
            fixed (byte* p = text)
            {
                ((delegate*<byte*, int, nuint, void>)hook)(p, text.Length, pc);
            }
        }

        DebugConsole.Write("PANIC: ");
        DebugConsole.Write(text);
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
