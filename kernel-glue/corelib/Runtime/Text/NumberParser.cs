// Integer and Boolean parsing as .NET's invariant culture does it (NumberStyles.Integer); pure code, also built for host tests.
using System;

namespace Internal.Runtime.Text;

/// <summary>The outcome of a parse: .NET throws FormatException for <see cref="Format"/>, OverflowException for <see cref="Overflow"/>.</summary>
public enum ParseStatus
{
    /// <summary>Parsed.</summary>
    Ok,

    /// <summary>Not a number in the accepted syntax.</summary>
    Format,

    /// <summary>A number, but outside the type's range.</summary>
    Overflow,
}

/// <summary>
/// Parses decimal integers with .NET's default style (NumberStyles.Integer, invariant culture): leading and trailing
/// white space (U+0009..U+000D, U+0020), one optional leading '+' or '-', at least one digit '0'..'9', and trailing
/// NUL characters. A syntax error wins over an overflow, as in .NET.
/// </summary>
public static class NumberParser
{
    /// <summary>Parses a signed value that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static ParseStatus ParseSigned(ReadOnlySpan<char> text, long min, long max, out long value)
    {
        value = 0;
        ParseStatus s = Parse(text, out ulong magnitude, out bool negative);
        if (s != ParseStatus.Ok)
        {
            return s;
        }

        if (negative)
        {
            if (magnitude > 0UL - (ulong)min)
            {
                return ParseStatus.Overflow;
            }

            value = (long)(0UL - magnitude);
            return ParseStatus.Ok;
        }

        if (magnitude > (ulong)max)
        {
            return ParseStatus.Overflow;
        }

        value = (long)magnitude;
        return ParseStatus.Ok;
    }

    /// <summary>Parses an unsigned value that must be at most <paramref name="max"/> ("-0" is 0).</summary>
    public static ParseStatus ParseUnsigned(ReadOnlySpan<char> text, ulong max, out ulong value)
    {
        value = 0;
        ParseStatus s = Parse(text, out ulong magnitude, out bool negative);
        if (s != ParseStatus.Ok)
        {
            return s;
        }

        if (magnitude > max || (negative && magnitude != 0))
        {
            return ParseStatus.Overflow;
        }

        value = magnitude;
        return ParseStatus.Ok;
    }

    /// <summary>
    /// Parses "True" or "False" in any letter case, as bool.Parse does: surrounding white space (char.IsWhiteSpace)
    /// and NUL characters are ignored.
    /// </summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && (text[start] == '\0' || CharInfo.IsWhiteSpace(text[start])))
        {
            start++;
        }

        while (end > start && (text[end - 1] == '\0' || CharInfo.IsWhiteSpace(text[end - 1])))
        {
            end--;
        }

        ReadOnlySpan<char> word = text.Slice(start, end - start);
        value = EqualsIgnoreAsciiCase(word, "True");
        return value || EqualsIgnoreAsciiCase(word, "False");
    }

    /// <summary>True for the white space NumberStyles allows around a number: U+0009..U+000D and U+0020.</summary>
    public static bool IsNumberWhite(char c) => c == ' ' || (c >= '\t' && c <= '\r');

    private static ParseStatus Parse(ReadOnlySpan<char> text, out ulong magnitude, out bool negative)
    {
        magnitude = 0;
        negative = false;
        int i = 0;
        while (i < text.Length && IsNumberWhite(text[i]))
        {
            i++;
        }

        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        int firstDigit = i;
        bool overflow = false;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            uint d = (uint)(text[i] - '0');
            if (magnitude > (ulong.MaxValue - d) / 10)
            {
                overflow = true;
            }
            else
            {
                magnitude = (magnitude * 10) + d;
            }

            i++;
        }

        if (i == firstDigit)
        {
            return ParseStatus.Format;
        }

        while (i < text.Length && IsNumberWhite(text[i]))
        {
            i++;
        }

        while (i < text.Length && text[i] == '\0')
        {
            i++;
        }

        if (i != text.Length)
        {
            return ParseStatus.Format;
        }

        return overflow ? ParseStatus.Overflow : ParseStatus.Ok;
    }

    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<char> a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] | 0x20) != (b[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }
}
