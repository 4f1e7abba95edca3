// Integer to string for the primitive types' ToString/TryFormat: exact-size strings, FormatException for bad formats.
using Internal.Runtime.Text;

namespace System;

/// <summary>
/// The formatting behind every integer type's ToString and TryFormat (Internal.Runtime.Text.NumberFormatter does the
/// work). The default format allocates exactly the result string; other formats go through a stack buffer first.
/// </summary>
internal static class Number
{
    private const int StackChars = 128;

    /// <summary>The value in decimal (format "G"), allocating only the result.</summary>
    public static string Int64ToDecimalString(long value)
    {
        if (value >= 0)
        {
            return UInt64ToDecimalString((ulong)value);
        }

        ulong magnitude = 0UL - (ulong)value;
        string result = string.FastAllocateString(NumberFormatter.CountDigits(magnitude) + 1);
        Span<char> chars = result.WritableChars();
        chars[0] = '-';
        NumberFormatter.WriteDigits(magnitude, chars.Slice(1));
        return result;
    }

    /// <summary>The value in decimal (format "G"), allocating only the result.</summary>
    public static string UInt64ToDecimalString(ulong value)
    {
        if (value < 10)
        {
            return SingleDigit((int)value);
        }

        string result = string.FastAllocateString(NumberFormatter.CountDigits(value));
        NumberFormatter.WriteDigits(value, result.WritableChars());
        return result;
    }

    /// <summary>A signed value of <paramref name="size"/> bytes in <paramref name="format"/>.</summary>
    public static string FormatInt64(long value, int size, ReadOnlySpan<char> format)
    {
        if (format.IsEmpty)
        {
            return Int64ToDecimalString(value);
        }

        Span<char> buffer = stackalloc char[StackChars];
        TextStatus s = NumberFormatter.Format(value, size, format, buffer, out int n);
        if (s == TextStatus.Done)
        {
            return string.CreateFromSpan(buffer.Slice(0, n));
        }

        ThrowIfBad(s);
        string result = string.FastAllocateString(n);
        NumberFormatter.Format(value, size, format, result.WritableChars(), out _);
        return result;
    }

    /// <summary>An unsigned value of <paramref name="size"/> bytes in <paramref name="format"/>.</summary>
    public static string FormatUInt64(ulong value, int size, ReadOnlySpan<char> format)
    {
        if (format.IsEmpty)
        {
            return UInt64ToDecimalString(value);
        }

        Span<char> buffer = stackalloc char[StackChars];
        TextStatus s = NumberFormatter.Format(value, size, format, buffer, out int n);
        if (s == TextStatus.Done)
        {
            return string.CreateFromSpan(buffer.Slice(0, n));
        }

        ThrowIfBad(s);
        string result = string.FastAllocateString(n);
        NumberFormatter.Format(value, size, format, result.WritableChars(), out _);
        return result;
    }

    /// <summary>TryFormat of a signed value: false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormatInt64(long value, int size, ReadOnlySpan<char> format, Span<char> destination, out int written)
    {
        TextStatus s = NumberFormatter.Format(value, size, format, destination, out written);
        ThrowIfBad(s);
        if (s != TextStatus.Done)
        {
            written = 0;
            return false;
        }

        return true;
    }

    /// <summary>TryFormat of an unsigned value: false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormatUInt64(ulong value, int size, ReadOnlySpan<char> format, Span<char> destination, out int written)
    {
        TextStatus s = NumberFormatter.Format(value, size, format, destination, out written);
        ThrowIfBad(s);
        if (s != TextStatus.Done)
        {
            written = 0;
            return false;
        }

        return true;
    }

    /// <summary>Throws .NET's FormatException for a bad or unsupported format string.</summary>
    public static void ThrowIfBad(TextStatus s)
    {
        if (s == TextStatus.BadFormat)
        {
            throw new FormatException("Format specifier was invalid.");
        }

        if (s == TextStatus.Unsupported)
        {
            throw new FormatException("Custom numeric format strings are not supported on SmosSharp: use a standard format (G, D, X, B, N, F, E, P, C).");
        }
    }

    private static string SingleDigit(int d) => d switch
    {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        5 => "5",
        6 => "6",
        7 => "7",
        8 => "8",
        _ => "9",
    };
}
