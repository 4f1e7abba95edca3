// System.MemoryExtensions for text: white-space trimming of char spans and StringComparison-aware compares (ordinal only).
using Internal.Runtime.Text;

namespace System;

public static partial class MemoryExtensions
{
    /// <summary>The span without white space (char.IsWhiteSpace) at either end.</summary>
    public static ReadOnlySpan<char> Trim(this ReadOnlySpan<char> span) => TrimEnd(TrimStart(span));

    /// <summary>The span without leading white space.</summary>
    public static ReadOnlySpan<char> TrimStart(this ReadOnlySpan<char> span)
    {
        int start = 0;
        while (start < span.Length && CharInfo.IsWhiteSpace(span[start]))
        {
            start++;
        }

        return span.Slice(start);
    }

    /// <summary>The span without trailing white space.</summary>
    public static ReadOnlySpan<char> TrimEnd(this ReadOnlySpan<char> span)
    {
        int end = span.Length;
        while (end > 0 && CharInfo.IsWhiteSpace(span[end - 1]))
        {
            end--;
        }

        return span.Slice(0, end);
    }

    /// <summary>True when the spans are equal under <paramref name="comparisonType"/> (ordinal; IgnoreCase folds Latin-1).</summary>
    public static bool Equals(this ReadOnlySpan<char> span, ReadOnlySpan<char> other, StringComparison comparisonType) =>
        span.Length == other.Length && CompareTo(span, other, comparisonType) == 0;

    /// <summary>Negative, zero or positive as <paramref name="span"/> sorts before, with or after <paramref name="other"/> (ordinal).</summary>
    public static int CompareTo(this ReadOnlySpan<char> span, ReadOnlySpan<char> other, StringComparison comparisonType)
    {
        bool fold = IgnoreCase(comparisonType);
        int n = span.Length < other.Length ? span.Length : other.Length;
        for (int i = 0; i < n; i++)
        {
            char a = span[i];
            char b = other[i];
            if (fold)
            {
                a = CharInfo.ToUpper(a);
                b = CharInfo.ToUpper(b);
            }

            if (a != b)
            {
                return a - b;
            }
        }

        return span.Length - other.Length;
    }

    /// <summary>True when the span begins with <paramref name="value"/> under <paramref name="comparisonType"/>.</summary>
    public static bool StartsWith(this ReadOnlySpan<char> span, ReadOnlySpan<char> value, StringComparison comparisonType) =>
        value.Length <= span.Length && Equals(span.Slice(0, value.Length), value, comparisonType);

    /// <summary>True when the span ends with <paramref name="value"/> under <paramref name="comparisonType"/>.</summary>
    public static bool EndsWith(this ReadOnlySpan<char> span, ReadOnlySpan<char> value, StringComparison comparisonType) =>
        value.Length <= span.Length && Equals(span.Slice(span.Length - value.Length), value, comparisonType);

    /// <summary>The first index of <paramref name="value"/> under <paramref name="comparisonType"/>, or -1.</summary>
    public static int IndexOf(this ReadOnlySpan<char> span, ReadOnlySpan<char> value, StringComparison comparisonType)
    {
        for (int i = 0; i + value.Length <= span.Length; i++)
        {
            if (Equals(span.Slice(i, value.Length), value, comparisonType))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="value"/> occurs in the span under <paramref name="comparisonType"/>.</summary>
    public static bool Contains(this ReadOnlySpan<char> span, ReadOnlySpan<char> value, StringComparison comparisonType) =>
        IndexOf(span, value, comparisonType) >= 0;

    internal static bool IgnoreCase(StringComparison comparisonType)
    {
        if ((uint)comparisonType > (uint)StringComparison.OrdinalIgnoreCase)
        {
            throw new ArgumentException("The string comparison type passed in is currently not supported.", nameof(comparisonType));
        }

        return comparisonType is StringComparison.CurrentCultureIgnoreCase or StringComparison.InvariantCultureIgnoreCase or StringComparison.OrdinalIgnoreCase;
    }
}
