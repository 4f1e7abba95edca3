// string searching and comparing: IndexOf, LastIndexOf, Contains, StartsWith, EndsWith, Compare, CompareOrdinal, IsNullOr...
// Every comparison is ordinal: SmosSharp has no culture data, so the culture-sensitive overloads compare ordinally too.
using Internal.Runtime.Text;

namespace System;

public sealed partial class String : IComparable, IComparable<string?>
{
    /// <summary>True for null or "".</summary>
    public static bool IsNullOrEmpty([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? value) => value is null || value.Length == 0;

    /// <summary>True for null, "" or only white space (char.IsWhiteSpace).</summary>
    public static bool IsNullOrWhiteSpace([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (!CharInfo.IsWhiteSpace(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first index of <paramref name="value"/>, or -1.</summary>
    public int IndexOf(char value) => ((ReadOnlySpan<char>)this).IndexOf(value);

    /// <summary>The first index of <paramref name="value"/> at or after <paramref name="startIndex"/>, or -1.</summary>
    public int IndexOf(char value, int startIndex) => IndexOf(value, startIndex, _stringLength - startIndex);

    /// <summary>The first index of <paramref name="value"/> in <paramref name="count"/> characters from <paramref name="startIndex"/>, or -1.</summary>
    public int IndexOf(char value, int startIndex, int count)
    {
        CheckRange(startIndex, count);
        int i = ((ReadOnlySpan<char>)this).Slice(startIndex, count).IndexOf(value);
        return i < 0 ? -1 : i + startIndex;
    }

    /// <summary>The first index of <paramref name="value"/> (ordinal; IgnoreCase folds Latin-1), or -1.</summary>
    public int IndexOf(char value, StringComparison comparisonType) =>
        ((ReadOnlySpan<char>)this).IndexOf(new ReadOnlySpan<char>(ref value, 1), comparisonType);

    /// <summary>The first index of <paramref name="value"/> (ordinal), or -1; 0 for "".</summary>
    public int IndexOf(string value) => IndexOf(value, 0, StringComparison.Ordinal);

    /// <summary>The first index of <paramref name="value"/> at or after <paramref name="startIndex"/> (ordinal), or -1.</summary>
    public int IndexOf(string value, int startIndex) => IndexOf(value, startIndex, StringComparison.Ordinal);

    /// <summary>The first index of <paramref name="value"/> under <paramref name="comparisonType"/>, or -1.</summary>
    public int IndexOf(string value, StringComparison comparisonType) => IndexOf(value, 0, comparisonType);

    /// <summary>The first index of <paramref name="value"/> at or after <paramref name="startIndex"/> under <paramref name="comparisonType"/>, or -1.</summary>
    public int IndexOf(string value, int startIndex, StringComparison comparisonType)
    {
        NotNull(value);
        CheckRange(startIndex, 0);
        int i = ((ReadOnlySpan<char>)this).Slice(startIndex).IndexOf(value, comparisonType);
        return i < 0 ? -1 : i + startIndex;
    }

    /// <summary>The first index of any of <paramref name="anyOf"/>, or -1.</summary>
    public int IndexOfAny(char[] anyOf) => ((ReadOnlySpan<char>)this).IndexOfAny(new ReadOnlySpan<char>(anyOf ?? throw new ArgumentNullException(nameof(anyOf))));

    /// <summary>The last index of <paramref name="value"/>, or -1.</summary>
    public int LastIndexOf(char value) => ((ReadOnlySpan<char>)this).LastIndexOf(value);

    /// <summary>The last index of <paramref name="value"/> at or before <paramref name="startIndex"/>, or -1.</summary>
    public int LastIndexOf(char value, int startIndex)
    {
        if (_stringLength == 0)
        {
            return -1;
        }

        if ((uint)startIndex >= (uint)_stringLength)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), "Index was out of range. Must be non-negative and less than the size of the collection.");
        }

        return ((ReadOnlySpan<char>)this).Slice(0, startIndex + 1).LastIndexOf(value);
    }

    /// <summary>The last index of <paramref name="value"/> (ordinal), or -1.</summary>
    public int LastIndexOf(string value) => LastIndexOf(value, StringComparison.Ordinal);

    /// <summary>The last index of <paramref name="value"/> under <paramref name="comparisonType"/>, or -1.</summary>
    public int LastIndexOf(string value, StringComparison comparisonType)
    {
        NotNull(value);
        ReadOnlySpan<char> span = this;
        bool fold = MemoryExtensions.IgnoreCase(comparisonType);
        for (int i = _stringLength - value.Length; i >= 0; i--)
        {
            if (span.Slice(i, value.Length).Equals(value, fold ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="value"/> occurs in this string (ordinal).</summary>
    public bool Contains(string value) => IndexOf(value, 0, StringComparison.Ordinal) >= 0;

    /// <summary>True when <paramref name="value"/> occurs in this string under <paramref name="comparisonType"/>.</summary>
    public bool Contains(string value, StringComparison comparisonType) => IndexOf(value, 0, comparisonType) >= 0;

    /// <summary>True when <paramref name="value"/> occurs in this string.</summary>
    public bool Contains(char value) => IndexOf(value) >= 0;

    /// <summary>True when <paramref name="value"/> occurs in this string under <paramref name="comparisonType"/>.</summary>
    public bool Contains(char value, StringComparison comparisonType) => IndexOf(value, comparisonType) >= 0;

    /// <summary>True when this string begins with <paramref name="value"/> (ordinal).</summary>
    public bool StartsWith(string value) => StartsWith(value, StringComparison.Ordinal);

    /// <summary>True when this string begins with <paramref name="value"/> under <paramref name="comparisonType"/>.</summary>
    public bool StartsWith(string value, StringComparison comparisonType)
    {
        NotNull(value);
        return ((ReadOnlySpan<char>)this).StartsWith(value, comparisonType);
    }

    /// <summary>True when this string begins with <paramref name="value"/>.</summary>
    public bool StartsWith(char value) => _stringLength != 0 && this[0] == value;

    /// <summary>True when this string ends with <paramref name="value"/> (ordinal).</summary>
    public bool EndsWith(string value) => EndsWith(value, StringComparison.Ordinal);

    /// <summary>True when this string ends with <paramref name="value"/> under <paramref name="comparisonType"/>.</summary>
    public bool EndsWith(string value, StringComparison comparisonType)
    {
        NotNull(value);
        return ((ReadOnlySpan<char>)this).EndsWith(value, comparisonType);
    }

    /// <summary>True when this string ends with <paramref name="value"/>.</summary>
    public bool EndsWith(char value) => _stringLength != 0 && this[_stringLength - 1] == value;

    /// <summary>Equality under <paramref name="comparisonType"/> (ordinal; IgnoreCase folds Latin-1).</summary>
    public bool Equals(string? value, StringComparison comparisonType) => Equals(this, value, comparisonType);

    /// <summary>Equality under <paramref name="comparisonType"/>; two nulls are equal.</summary>
    public static bool Equals(string? a, string? b, StringComparison comparisonType)
    {
        if (a is null || b is null)
        {
            MemoryExtensions.IgnoreCase(comparisonType);
            return a is null && b is null;
        }

        return ((ReadOnlySpan<char>)a).Equals(b, comparisonType);
    }

    /// <summary>Ordinal order: negative, zero or positive (the difference of the first differing characters); null sorts first.</summary>
    public static int CompareOrdinal(string? strA, string? strB) => Compare(strA, strB, StringComparison.Ordinal);

    /// <summary>Ordinal order of at most <paramref name="length"/> characters from the given indexes.</summary>
    public static int CompareOrdinal(string? strA, int indexA, string? strB, int indexB, int length)
    {
        if (strA is null || strB is null)
        {
            return strA is null ? (strB is null ? 0 : -1) : 1;
        }

        ReadOnlySpan<char> a = strA.AsSpan(indexA);
        ReadOnlySpan<char> b = strB.AsSpan(indexB);
        return a.Slice(0, a.Length < length ? a.Length : length).CompareTo(b.Slice(0, b.Length < length ? b.Length : length), StringComparison.Ordinal);
    }

    /// <summary>Order of two strings; ordinal on SmosSharp (.NET would use the current culture).</summary>
    public static int Compare(string? strA, string? strB) => Compare(strA, strB, StringComparison.Ordinal);

    /// <summary>Order of two strings, ignoring case or not (ordinal).</summary>
    public static int Compare(string? strA, string? strB, bool ignoreCase) =>
        Compare(strA, strB, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Order of two strings under <paramref name="comparisonType"/> (ordinal); null sorts first.</summary>
    public static int Compare(string? strA, string? strB, StringComparison comparisonType)
    {
        MemoryExtensions.IgnoreCase(comparisonType);
        if (ReferenceEquals(strA, strB))
        {
            return 0;
        }

        if (strA is null || strB is null)
        {
            return strA is null ? -1 : 1;
        }

        return ((ReadOnlySpan<char>)strA).CompareTo(strB, comparisonType);
    }

    /// <summary>Ordinal order against <paramref name="strB"/>.</summary>
    public int CompareTo(string? strB) => Compare(this, strB, StringComparison.Ordinal);

    /// <summary>Ordinal order against another string; ArgumentException for other types.</summary>
    public int CompareTo(object? value) => value is null ? 1 : value is string s ? CompareTo(s) : throw new ArgumentException("Object must be of type String.");
}
