// Console output through the root task's Print request, buffered up to a line (or 800 bytes) per request.
using System;
using Internal.Runtime;
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// Text output of an app. Bytes collect in a line buffer; a newline, a full buffer (800 bytes), <see cref="Flush"/> or
/// <see cref="Process.Exit"/> sends them to the root task in one Print request, which writes them to the console.
/// Text is ASCII: other characters print as '?'. Panics bypass the buffer (they use the kernel's debug console).
/// </summary>
public static unsafe class Console
{
    /// <summary>Writes <paramref name="text"/> (no newline).</summary>
    /// <example><code>Console.Write("pages: ");</code></example>
    public static void Write(string? text)
    {
        if (text is null)
        {
            return;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            Put(c < 128 ? (byte)c : (byte)'?');
        }
    }

    /// <summary>Writes <paramref name="text"/> and a newline, which sends the line to the root task.</summary>
    /// <example><code>Console.WriteLine("counter: done");</code></example>
    public static void WriteLine(string? text)
    {
        Write(text);
        Put((byte)'\n');
    }

    /// <summary>Ends the current line (sends it to the root task).</summary>
    /// <example><code>Console.WriteNumber(42); Console.WriteLine();</code></example>
    public static void WriteLine() => Put((byte)'\n');

    /// <summary>Writes ASCII bytes, such as a <c>u8</c> literal or an argument from <see cref="Args.Get"/>.</summary>
    /// <example><code>Console.Write(Args.Get(0)); Console.Write(": ready\n"u8);</code></example>
    public static void Write(ReadOnlySpan<byte> ascii)
    {
        for (int i = 0; i < ascii.Length; i++)
        {
            Put(ascii[i]);
        }
    }

    /// <summary>Writes one character ('?' if it is not ASCII).</summary>
    /// <example><code>Console.Write('[');</code></example>
    public static void Write(char c) => Put(c < 128 ? (byte)c : (byte)'?');

    /// <summary>Writes <paramref name="value"/> in decimal, with a '-' when negative.</summary>
    /// <example><code>Console.WriteNumber(-12); // prints -12</code></example>
    public static void WriteNumber(long value)
    {
        ulong magnitude = (ulong)value;
        if (value < 0)
        {
            Put((byte)'-');
            magnitude = 0UL - magnitude;
        }

        WriteUnsigned(magnitude);
    }

    /// <summary>Writes <paramref name="value"/> as 0x followed by lower-case hex digits without leading zeros.</summary>
    /// <example><code>Console.WriteHex(0x1000_0000); // prints 0x10000000</code></example>
    public static void WriteHex(ulong value)
    {
        Put((byte)'0');
        Put((byte)'x');
        bool started = false;
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            int nibble = (int)((value >> shift) & 0xF);
            if (nibble != 0 || started || shift == 0)
            {
                started = true;
                Put((byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
        }
    }

    /// <summary>Sends what is buffered (a partial line) now. Returns the root task's answer (Ok when nothing was buffered).</summary>
    /// <example><code>Console.Write("working..."); Console.Flush();</code></example>
    public static RootError Flush()
    {
        int length = AppState.LineLength;
        if (length == 0 || AppState.Line == null)
        {
            return RootError.Ok;
        }

        AppState.LineLength = 0;
        return RootCall.Print(new ReadOnlySpan<byte>(AppState.Line, length));
    }

    private static void WriteUnsigned(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0);

        while (n > 0)
        {
            Put(digits[--n]);
        }
    }

    private static void Put(byte b)
    {
        byte* line = AppState.Line;
        if (line == null)
        {
            // Before start-up finished (or if it failed): straight to the kernel's debug console.
            Platform.PutChar(b);
            return;
        }

        if (AppState.LineLength == ProcessAbi.MaxPrintBytes)
        {
            Flush();
        }

        line[AppState.LineLength++] = b;
        if (b == (byte)'\n')
        {
            Flush();
        }
    }
}
