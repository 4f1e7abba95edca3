// System.Console: Write/WriteLine of strings, numbers and objects, and composite formats; bytes go out as UTF-8 through ConsoleOutput.
using System.IO;
using System.Text;
using Internal.Runtime;

namespace System;

/// <summary>
/// The console. In an app, text collects in libsmos's line buffer and goes to the root task, which prints each line
/// prefixed with the app's name and pid (a newline, a full 800-byte buffer, <c>Console.Out.Flush()</c> or the app's
/// exit sends it); the root task prints non-ASCII bytes as '?'. In a root task or the loader, text goes straight to the
/// kernel's debug console. Numbers are written without allocating.
/// </summary>
public static partial class Console
{
    private static TextWriter? s_out;

    /// <summary>The console as a TextWriter (its Flush sends a partial line).</summary>
    public static TextWriter Out => s_out ??= new ConsoleWriter();

    /// <summary>Writes a string (nothing for null).</summary>
    public static void Write(string? value) => ConsoleOutput.Write((ReadOnlySpan<char>)value);

    /// <summary>Writes characters.</summary>
    public static void Write(ReadOnlySpan<char> value) => ConsoleOutput.Write(value);

    /// <summary>Writes one character.</summary>
    public static void Write(char value) => ConsoleOutput.Write(new ReadOnlySpan<char>(ref value, 1));

    /// <summary>Writes the characters of an array (nothing for null).</summary>
    public static void Write(char[]? buffer) => ConsoleOutput.Write(new ReadOnlySpan<char>(buffer));

    /// <summary>Writes "True" or "False".</summary>
    public static void Write(bool value) => Write(value ? "True" : "False");

    /// <summary>Writes an integer in decimal (no allocation).</summary>
    public static void Write(int value) => WriteSigned(value);

    /// <summary>Writes an integer in decimal (no allocation).</summary>
    public static void Write(uint value) => WriteUnsigned(value);

    /// <summary>Writes an integer in decimal (no allocation).</summary>
    public static void Write(long value) => WriteSigned(value);

    /// <summary>Writes an integer in decimal (no allocation).</summary>
    public static void Write(ulong value) => WriteUnsigned(value);

    /// <summary>Writes an object's text: numbers, bool, char and enums (as numbers) directly, others by ToString.</summary>
    public static void Write(object? value)
    {
        if (value is string s)
        {
            Write(s);
            return;
        }

        Span<char> buffer = stackalloc char[64];
        if (value is not null && Formatting.TryFormatDefault(value, buffer, out int n) == FormatOutcome.Done)
        {
            ConsoleOutput.Write(buffer.Slice(0, n));
            return;
        }

        Write(value?.ToString());
    }

    /// <summary>Writes a composite format with one argument.</summary>
    public static void Write(string format, object? arg0) => Write(string.Format(format, arg0));

    /// <summary>Writes a composite format with two arguments.</summary>
    public static void Write(string format, object? arg0, object? arg1) => Write(string.Format(format, arg0, arg1));

    /// <summary>Writes a composite format with three arguments.</summary>
    public static void Write(string format, object? arg0, object? arg1, object? arg2) => Write(string.Format(format, arg0, arg1, arg2));

    /// <summary>Writes a composite format.</summary>
    public static void Write(string format, params object?[]? arg) => Write(string.Format(format, arg ?? []));

    /// <summary>Writes a composite format.</summary>
    public static void Write(string format, params ReadOnlySpan<object?> arg) => Write(string.Format(format, arg));

    /// <summary>Ends the line.</summary>
    public static void WriteLine() => Write('\n');

    /// <summary>Writes a string and ends the line.</summary>
    public static void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>Writes characters and ends the line.</summary>
    public static void WriteLine(ReadOnlySpan<char> value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>Writes one character and ends the line.</summary>
    public static void WriteLine(char value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>Writes the characters of an array and ends the line.</summary>
    public static void WriteLine(char[]? buffer)
    {
        Write(buffer);
        Write('\n');
    }

    /// <summary>Writes "True" or "False" and ends the line.</summary>
    public static void WriteLine(bool value) => WriteLine(value ? "True" : "False");

    /// <summary>Writes an integer and ends the line (no allocation).</summary>
    public static void WriteLine(int value)
    {
        WriteSigned(value);
        Write('\n');
    }

    /// <summary>Writes an integer and ends the line (no allocation).</summary>
    public static void WriteLine(uint value)
    {
        WriteUnsigned(value);
        Write('\n');
    }

    /// <summary>Writes an integer and ends the line (no allocation).</summary>
    public static void WriteLine(long value)
    {
        WriteSigned(value);
        Write('\n');
    }

    /// <summary>Writes an integer and ends the line (no allocation).</summary>
    public static void WriteLine(ulong value)
    {
        WriteUnsigned(value);
        Write('\n');
    }

    /// <summary>Writes an object's text and ends the line.</summary>
    public static void WriteLine(object? value)
    {
        Write(value);
        Write('\n');
    }

    /// <summary>Writes a composite format with one argument and ends the line.</summary>
    public static void WriteLine(string format, object? arg0) => WriteLine(string.Format(format, arg0));

    /// <summary>Writes a composite format with two arguments and ends the line.</summary>
    public static void WriteLine(string format, object? arg0, object? arg1) => WriteLine(string.Format(format, arg0, arg1));

    /// <summary>Writes a composite format with three arguments and ends the line.</summary>
    public static void WriteLine(string format, object? arg0, object? arg1, object? arg2) => WriteLine(string.Format(format, arg0, arg1, arg2));

    /// <summary>Writes a composite format and ends the line.</summary>
    public static void WriteLine(string format, params object?[]? arg) => WriteLine(string.Format(format, arg ?? []));

    /// <summary>Writes a composite format and ends the line.</summary>
    public static void WriteLine(string format, params ReadOnlySpan<object?> arg) => WriteLine(string.Format(format, arg));

    private static void WriteSigned(long value)
    {
        Span<char> digits = stackalloc char[Internal.Runtime.Text.NumberFormatter.MaxPlainLength];
        Internal.Runtime.Text.NumberFormatter.FormatDecimal(value, digits, out int n);
        ConsoleOutput.Write(digits.Slice(0, n));
    }

    private static void WriteUnsigned(ulong value)
    {
        Span<char> digits = stackalloc char[Internal.Runtime.Text.NumberFormatter.MaxPlainLength];
        Internal.Runtime.Text.NumberFormatter.FormatDecimal(value, digits, out int n);
        ConsoleOutput.Write(digits.Slice(0, n));
    }

    // Console.Out: every Write goes to the console; Flush sends the buffered partial line.
    private sealed class ConsoleWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Console.Write(value);

        public override void Write(string? value) => Console.Write(value);

        public override void Write(ReadOnlySpan<char> buffer) => Console.Write(buffer);

        public override void Flush() => ConsoleOutput.Flush();
    }
}
