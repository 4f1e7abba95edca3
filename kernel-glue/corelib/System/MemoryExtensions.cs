// System.MemoryExtensions: AsSpan, and searching, comparing, trimming and reversing spans of char, byte and any IEquatable<T>.
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System;

/// <summary>
/// Span helpers with .NET's shapes. Element comparison uses <c>IEquatable&lt;T&gt;.Equals</c>, which the compiler binds
/// directly for value types (char, byte, ints); reference-type elements need interface dispatch. Text comparisons are
/// ordinal whatever the StringComparison (OrdinalIgnoreCase folds ASCII and Latin-1).
/// </summary>
public static partial class MemoryExtensions
{
    /// <summary>The string's characters (empty for null). C# 14 compiles every string-to-span conversion into this call.</summary>
    public static ReadOnlySpan<char> AsSpan(this string? text) =>
        text is null ? default : new ReadOnlySpan<char>(ref Unsafe.AsRef(in text.GetPinnableReference()), text.Length);

    /// <summary>The string's characters from <paramref name="start"/>.</summary>
    public static ReadOnlySpan<char> AsSpan(this string? text, int start) => AsSpan(text).Slice(start);

    /// <summary><paramref name="length"/> of the string's characters from <paramref name="start"/>.</summary>
    public static ReadOnlySpan<char> AsSpan(this string? text, int start, int length) => AsSpan(text).Slice(start, length);

    /// <summary>The array's elements (empty for null).</summary>
    public static Span<T> AsSpan<T>(this T[]? array) => new Span<T>(array);

    /// <summary>The array's elements from <paramref name="start"/>.</summary>
    public static Span<T> AsSpan<T>(this T[]? array, int start) => new Span<T>(array).Slice(start);

    /// <summary><paramref name="length"/> of the array's elements from <paramref name="start"/>.</summary>
    public static Span<T> AsSpan<T>(this T[]? array, int start, int length) => new Span<T>(array, start, length);

    /// <summary>True when both spans hold equal elements in the same order.</summary>
    public static bool SequenceEqual<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> other) where T : IEquatable<T>?
    {
        if (span.Length != other.Length)
        {
            return false;
        }

        for (int i = 0; i < span.Length; i++)
        {
            if (!Same(span[i], other[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when both spans hold equal elements in the same order.</summary>
    public static bool SequenceEqual<T>(this Span<T> span, ReadOnlySpan<T> other) where T : IEquatable<T>? => SequenceEqual((ReadOnlySpan<T>)span, other);

    /// <summary>
    /// True when both spans hold the same bytes: 8 at a time where both are 8-aligned (<see cref="RawMemory.Equal"/>), not
    /// one call per byte. C# binds byte spans here rather than to the generic overloads (a typeof(T) test would not do:
    /// typeof allocates a Type in this runtime).
    /// </summary>
    public static bool SequenceEqual(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> other) =>
        span.Length == other.Length &&
        RawMemory.Equal(ref Unsafe.AsRef(in span.GetPinnableReference()), ref Unsafe.AsRef(in other.GetPinnableReference()), (nuint)span.Length);

    /// <summary>True when both spans hold the same bytes (<see cref="SequenceEqual(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).</summary>
    public static bool SequenceEqual(this Span<byte> span, ReadOnlySpan<byte> other) => SequenceEqual((ReadOnlySpan<byte>)span, other);

    /// <summary>The first index of <paramref name="value"/>, or -1.</summary>
    public static int IndexOf<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>?
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (Same(span[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index of <paramref name="value"/>, or -1.</summary>
    public static int IndexOf<T>(this Span<T> span, T value) where T : IEquatable<T>? => IndexOf((ReadOnlySpan<T>)span, value);

    /// <summary>The first index where <paramref name="value"/> occurs, or -1 (0 for an empty value).</summary>
    public static int IndexOf<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>?
    {
        for (int i = 0; i + value.Length <= span.Length; i++)
        {
            if (SequenceEqual(span.Slice(i, value.Length), value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index where <paramref name="value"/> occurs, or -1.</summary>
    public static int IndexOf<T>(this Span<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>? => IndexOf((ReadOnlySpan<T>)span, value);

    /// <summary>The last index of <paramref name="value"/>, or -1.</summary>
    public static int LastIndexOf<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>?
    {
        for (int i = span.Length - 1; i >= 0; i--)
        {
            if (Same(span[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The last index where <paramref name="value"/> occurs, or -1 (the length for an empty value).</summary>
    public static int LastIndexOf<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>?
    {
        for (int i = span.Length - value.Length; i >= 0; i--)
        {
            if (SequenceEqual(span.Slice(i, value.Length), value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index of either value, or -1.</summary>
    public static int IndexOfAny<T>(this ReadOnlySpan<T> span, T value0, T value1) where T : IEquatable<T>?
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (Same(span[i], value0) || Same(span[i], value1))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index of any of <paramref name="values"/>, or -1.</summary>
    public static int IndexOfAny<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> values) where T : IEquatable<T>?
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (IndexOf(values, span[i]) >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index of an element other than <paramref name="value"/>, or -1 when every one is it.</summary>
    public static int IndexOfAnyExcept<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>?
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (!Same(span[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first index of an element other than <paramref name="value"/>, or -1 when every one is it.</summary>
    public static int IndexOfAnyExcept<T>(this Span<T> span, T value) where T : IEquatable<T>? => IndexOfAnyExcept((ReadOnlySpan<T>)span, value);

    /// <summary>True when <paramref name="value"/> is in the span.</summary>
    public static bool Contains<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>? => IndexOf(span, value) >= 0;

    /// <summary>True when <paramref name="value"/> is in the span.</summary>
    public static bool Contains<T>(this Span<T> span, T value) where T : IEquatable<T>? => IndexOf((ReadOnlySpan<T>)span, value) >= 0;

    /// <summary>True when the span begins with <paramref name="value"/>.</summary>
    public static bool StartsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>? =>
        value.Length <= span.Length && SequenceEqual(span.Slice(0, value.Length), value);

    /// <summary>True when the span begins with <paramref name="value"/>.</summary>
    public static bool StartsWith<T>(this Span<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>? => StartsWith((ReadOnlySpan<T>)span, value);

    /// <summary>True when the span ends with <paramref name="value"/>.</summary>
    public static bool EndsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>? =>
        value.Length <= span.Length && SequenceEqual(span.Slice(span.Length - value.Length), value);

    /// <summary>True when the span ends with <paramref name="value"/>.</summary>
    public static bool EndsWith<T>(this Span<T> span, ReadOnlySpan<T> value) where T : IEquatable<T>? => EndsWith((ReadOnlySpan<T>)span, value);

    /// <summary>The span without <paramref name="trimElement"/> at either end.</summary>
    public static ReadOnlySpan<T> Trim<T>(this ReadOnlySpan<T> span, T trimElement) where T : IEquatable<T>? => TrimEnd(TrimStart(span, trimElement), trimElement);

    /// <summary>The span without leading <paramref name="trimElement"/>.</summary>
    public static ReadOnlySpan<T> TrimStart<T>(this ReadOnlySpan<T> span, T trimElement) where T : IEquatable<T>?
    {
        int start = 0;
        while (start < span.Length && Same(span[start], trimElement))
        {
            start++;
        }

        return span.Slice(start);
    }

    /// <summary>The span without trailing <paramref name="trimElement"/>.</summary>
    public static ReadOnlySpan<T> TrimEnd<T>(this ReadOnlySpan<T> span, T trimElement) where T : IEquatable<T>?
    {
        int end = span.Length;
        while (end > 0 && Same(span[end - 1], trimElement))
        {
            end--;
        }

        return span.Slice(0, end);
    }

    /// <summary>Reverses the elements in place.</summary>
    public static void Reverse<T>(this Span<T> span)
    {
        for (int i = 0, j = span.Length - 1; i < j; i++, j--)
        {
            T t = span[i];
            span[i] = span[j];
            span[j] = t;
        }
    }

    private static bool Same<T>(T a, T b) where T : IEquatable<T>? => a is null ? b is null : a.Equals(b);
}
