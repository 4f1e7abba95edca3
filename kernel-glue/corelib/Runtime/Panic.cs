// The panic path: hand the text and place to the program's last-words hook (apps: the root task), or print and stop.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// Panics. Without a last-words hook (the root task, the loader) the output format is fixed, because host tools parse
/// it: <c>PANIC: message</c>, then <c>  at file:line (member)</c> or <c>  at pc=0x...</c>, and the thread stops.
/// With one (libsmos sets it for every app: <see cref="SetLastWords"/>) the text, the code address and, for an
/// exception nobody caught, its type and call stack go to the hook (<see cref="LastWords"/>), which reports them to the
/// root task and does not return; the root task prints the FAULT report and ends the process.
/// </summary>
public static unsafe class Panic
{
    /// <summary>The longest panic text handed to the hook (the protocol's MaxPanicBytes).</summary>
    public const int MaxTextBytes = 200;

    /// <summary>The most callers an uncaught exception's report lists (the protocol's MaxPanicFrames).</summary>
    public const int MaxFrames = 12;

    /// <summary>
    /// Sets the last-words hook (<see cref="LastWords"/>). It must not return, allocate or open IPC scopes. Internal:
    /// only the runtime (libsmos) sets it.
    /// </summary>
    internal static void SetLastWords(delegate*<LastWords*, void> hook) => Platform.RuntimeHooks()->LastWords = (nint)hook;

    /// <summary>Stops the calling thread with a message and the caller's source location.</summary>
    public static void Fail(
        string message,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "") =>
        Fail(message, default, file, line, member);

    /// <summary>
    /// Stops the calling thread with a UTF-8 message (a <c>u8</c> literal: half the size of a string in the program's
    /// data) and the caller's source location.
    /// </summary>
    public static void Fail(
        ReadOnlySpan<byte> message,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "") =>
        Fail(null, message, file, line, member);

    // The message is `text` or, when it is null, `utf8`.
    private static void Fail(string? text, ReadOnlySpan<byte> utf8, string file, int line, string member)
    {
        if (Platform.RuntimeHooks()->LastWords != 0)
        {
            Span<byte> buffer = stackalloc byte[MaxTextBytes];
            var panic = new PanicText(buffer);
            if (text is not null)
            {
                panic.Append(text);
            }
            else
            {
                panic.Append(utf8);
            }

            panic.Append(" at ");
            panic.Append(FileName(file));
            panic.Append((byte)':');
            panic.AppendDecimal((ulong)line);
            panic.Append(" (");
            panic.Append(member);
            panic.Append((byte)')');
            FailAt(panic.Written, 0);
        }

        DebugConsole.Write("PANIC: ");
        if (text is not null)
        {
            DebugConsole.Write(text);
        }
        else
        {
            DebugConsole.Write(utf8);
        }

        DebugConsole.Write("\n  at ");
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
    public static void FailAt(ReadOnlySpan<byte> text, nuint pc) => FailWith(text, pc, 0, default);

    /// <summary>
    /// Stops the thread for an exception nobody caught: its message, the throw site, its type (the MethodTable's
    /// address, which the root task names from the app's symbols) and the callers' code addresses (innermost first).
    /// </summary>
    public static void FailWith(ReadOnlySpan<byte> text, nuint pc, nint exceptionType, ReadOnlySpan<nuint> frames)
    {
        nint hook = Platform.RuntimeHooks()->LastWords;
        if (hook != 0)
        {
            fixed (byte* p = text)
            fixed (nuint* f = frames)
            {
                LastWords words = new LastWords
                {
                    Text = p,
                    Length = text.Length,
                    Pc = pc,
                    ExceptionType = exceptionType,
                    Frames = f,
                    FrameCount = frames.Length,
                };
                ((delegate*<LastWords*, void>)hook)(&words);
            }
        }

        DebugConsole.Write("PANIC: ");
        DebugConsole.Write(text);
        DebugConsole.Write("\n  at pc=");
        DebugConsole.WriteHex(pc);
        DebugConsole.WriteChar('\n');
        for (int i = 0; i < frames.Length; i++)
        {
            DebugConsole.Write("  from pc=");
            DebugConsole.WriteHex(frames[i]);
            DebugConsole.WriteChar('\n');
        }

        Stop();
    }

    /// <summary>What the last-words hook is handed (on the failing thread's stack).</summary>
    public struct LastWords
    {
        /// <summary>The text (ASCII in practice; at most <see cref="MaxTextBytes"/> are sent).</summary>
        public byte* Text;

        /// <summary>Its length in bytes.</summary>
        public int Length;

        /// <summary>The failure's code address (0: none).</summary>
        public nuint Pc;

        /// <summary>An uncaught exception's MethodTable address, or 0 for any other panic.</summary>
        public nint ExceptionType;

        /// <summary>The callers' code addresses, innermost first (an uncaught exception only).</summary>
        public nuint* Frames;

        /// <summary>How many (at most <see cref="MaxFrames"/>).</summary>
        public int FrameCount;
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

    // Runtime checks that stay panics (runtime.S FAIL: code 8 and 10), with the failing call site.
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
