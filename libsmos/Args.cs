// The app's arguments: copied once from the start-info page with volatile loads, then read from the private copy.
using System;
using Internal.Runtime;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// Arguments the app was started with (from the init list or a Spawn request). Arg 0 is the app's name, like argv[0].
/// At start-up libsmos copies the args blob out of the start-info page (memory shared with the root task) with
/// volatile loads; the spans returned here point into that private copy.
/// </summary>
public static unsafe class Args
{
    /// <summary>The number of arguments, including arg 0 (the app's name).</summary>
    /// <example><code>for (int i = 1; i &lt; Args.Count; i++) { Console.WriteLine(Args.GetString(i)); }</code></example>
    public static int Count => AppState.ArgCount;

    /// <summary>Argument <paramref name="index"/> without its NUL, or an empty span when there is no such argument.</summary>
    /// <example><code>if (Args.Get(1).SequenceEqual("-v"u8)) { verbose = true; }</code></example>
    public static ReadOnlySpan<byte> Get(int index)
    {
        if (index < 0 || index >= AppState.ArgCount)
        {
            return default;
        }

        byte* p = AppState.ArgBlob;
        int end = AppState.ArgBytes;
        int start = 0;
        for (int i = 0; i < index; i++)
        {
            while (p[start] != 0)
            {
                start++;
            }

            start++;
        }

        int length = 0;
        while (start + length < end && p[start + length] != 0)
        {
            length++;
        }

        return new ReadOnlySpan<byte>(p + start, length);
    }

    /// <summary>Argument <paramref name="index"/> as a string (decoded from UTF-8; "" when there is no such argument). Allocates.</summary>
    /// <example><code>Console.WriteLine($"{Args.Name}: arg 1 = {Args.GetString(1)}");</code></example>
    public static string GetString(int index) => System.Text.Encoding.UTF8.GetString(Get(index));

    /// <summary>
    /// The app's name (arg 0) as a string, made on first use and kept: the usual start of an app's lines. Read it once
    /// before memory may run out if the app prints after exhausting its heap.
    /// </summary>
    /// <example><code>Console.WriteLine($"{Args.Name}: ready"); // echo-server: ready</code></example>
    public static string Name => AppState.Name ??= GetString(0);

    /// <summary>Argument <paramref name="index"/> as a decimal number (optional '-'); false if missing or not a number.</summary>
    /// <example><code>if (!Args.TryGetNumber(1, out long n)) { n = 10; }</code></example>
    public static bool TryGetNumber(int index, out long value) => Ascii.TryParseNumber(Get(index), out value);

    /// <summary>Copies and checks the args blob: at most 3000 bytes, exactly ArgCount NUL-terminated strings.</summary>
    internal static bool Load([SharedMemory] StartInfo* info)
    {
        ulong count = VolatileAccess.Read(&info->ArgCount);
        ulong bytes = VolatileAccess.Read(&info->ArgBytes);
        if (bytes > ProcessAbi.MaxArgBytes || count > bytes)
        {
            return false;
        }

        byte* copy = Heap.TryAllocate((nuint)bytes + 1);
        if (copy == null)
        {
            return false;
        }

        var shared = new ReadOnlyVolatileSpan<byte>((byte*)info + ProcessAbi.ArgsOffset, (int)bytes);
        shared.CopyTo(new Span<byte>(copy, (int)bytes));
        ulong strings = 0;
        for (ulong i = 0; i < bytes; i++)
        {
            if (copy[i] == 0)
            {
                strings++;
            }
        }

        if (strings != count || (bytes > 0 && copy[bytes - 1] != 0))
        {
            return false;
        }

        AppState.ArgBlob = copy;
        AppState.ArgBytes = (int)bytes;
        AppState.ArgCount = (int)count;
        return true;
    }
}

/// <summary>Small helpers for ASCII byte strings (arguments, names).</summary>
public static class Ascii
{
    /// <summary>Parses a decimal number with an optional leading '-'; false on anything else or on overflow.</summary>
    /// <example><code>Ascii.TryParseNumber("42"u8, out long n); // true, n = 42</code></example>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        int start = negative ? 1 : 0;
        if (text.Length == start)
        {
            return false;
        }

        ulong magnitude = 0;
        for (int i = start; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        ulong limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return false;
        }

        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>True when the two byte strings are equal.</summary>
    /// <example><code>if (Ascii.Equal(Args.Get(1), "-v"u8)) { verbose = true; }</code></example>
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b); // 8 bytes a step where aligned (RawMemory.Equal)
}
