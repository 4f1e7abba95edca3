// string transformations: Split, Replace, Trim, PadLeft/PadRight, Insert, Remove, ToUpperInvariant/ToLowerInvariant.
using Internal.Runtime.Text;

namespace System;

public sealed partial class String
{
    /// <summary>This string with every <paramref name="oldChar"/> replaced by <paramref name="newChar"/>.</summary>
    public string Replace(char oldChar, char newChar)
    {
        int first = IndexOf(oldChar);
        if (first < 0)
        {
            return this;
        }

        string result = CreateFromSpan(this);
        Span<char> chars = result.WritableChars();
        for (int i = first; i < chars.Length; i++)
        {
            if (chars[i] == oldChar)
            {
                chars[i] = newChar;
            }
        }

        return result;
    }

    /// <summary>This string with every <paramref name="oldValue"/> replaced by <paramref name="newValue"/> (null: removed), ordinal.</summary>
    public string Replace(string oldValue, string? newValue) => Replace(oldValue, newValue, StringComparison.Ordinal);

    /// <summary>This string with every <paramref name="oldValue"/> replaced under <paramref name="comparisonType"/>.</summary>
    public string Replace(string oldValue, string? newValue, StringComparison comparisonType)
    {
        NotNull(oldValue);
        if (oldValue.Length == 0)
        {
            throw new ArgumentException("The value cannot be an empty string.", nameof(oldValue));
        }

        ReadOnlySpan<char> rest = this;
        int at = rest.IndexOf(oldValue, comparisonType);
        if (at < 0)
        {
            return this;
        }

        var builder = new Text.ValueStringBuilder(_stringLength + 16);
        while (at >= 0)
        {
            builder.Append(rest.Slice(0, at));
            builder.Append(newValue);
            rest = rest.Slice(at + oldValue.Length);
            at = rest.IndexOf(oldValue, comparisonType);
        }

        builder.Append(rest);
        return builder.ToString();
    }

    /// <summary>This string without white space at either end.</summary>
    public string Trim() => Sub(((ReadOnlySpan<char>)this).Trim());

    /// <summary>This string without <paramref name="trimChar"/> at either end.</summary>
    public string Trim(char trimChar) => Sub(((ReadOnlySpan<char>)this).Trim(trimChar));

    /// <summary>This string without any of <paramref name="trimChars"/> at either end (white space when null or empty).</summary>
    public string Trim(params char[]? trimChars) => Sub(TrimAny(trimChars, true, true));

    /// <summary>This string without leading white space.</summary>
    public string TrimStart() => Sub(((ReadOnlySpan<char>)this).TrimStart());

    /// <summary>This string without leading <paramref name="trimChar"/>.</summary>
    public string TrimStart(char trimChar) => Sub(((ReadOnlySpan<char>)this).TrimStart(trimChar));

    /// <summary>This string without leading <paramref name="trimChars"/> (white space when null or empty).</summary>
    public string TrimStart(params char[]? trimChars) => Sub(TrimAny(trimChars, true, false));

    /// <summary>This string without trailing white space.</summary>
    public string TrimEnd() => Sub(((ReadOnlySpan<char>)this).TrimEnd());

    /// <summary>This string without trailing <paramref name="trimChar"/>.</summary>
    public string TrimEnd(char trimChar) => Sub(((ReadOnlySpan<char>)this).TrimEnd(trimChar));

    /// <summary>This string without trailing <paramref name="trimChars"/> (white space when null or empty).</summary>
    public string TrimEnd(params char[]? trimChars) => Sub(TrimAny(trimChars, false, true));

    /// <summary>This string right-aligned in <paramref name="totalWidth"/> characters, padded with spaces.</summary>
    public string PadLeft(int totalWidth) => PadLeft(totalWidth, ' ');

    /// <summary>This string right-aligned in <paramref name="totalWidth"/> characters, padded with <paramref name="paddingChar"/>.</summary>
    public string PadLeft(int totalWidth, char paddingChar) => Pad(totalWidth, paddingChar, true);

    /// <summary>This string left-aligned in <paramref name="totalWidth"/> characters, padded with spaces.</summary>
    public string PadRight(int totalWidth) => PadRight(totalWidth, ' ');

    /// <summary>This string left-aligned in <paramref name="totalWidth"/> characters, padded with <paramref name="paddingChar"/>.</summary>
    public string PadRight(int totalWidth, char paddingChar) => Pad(totalWidth, paddingChar, false);

    /// <summary>This string with <paramref name="value"/> inserted at <paramref name="startIndex"/>.</summary>
    public string Insert(int startIndex, string value)
    {
        NotNull(value);
        CheckRange(startIndex, 0);
        ReadOnlySpan<char> self = this;
        return Concat(self.Slice(0, startIndex), value, self.Slice(startIndex));
    }

    /// <summary>This string up to <paramref name="startIndex"/>.</summary>
    public string Remove(int startIndex) => Remove(startIndex, _stringLength - startIndex);

    /// <summary>This string without <paramref name="count"/> characters from <paramref name="startIndex"/>.</summary>
    public string Remove(int startIndex, int count)
    {
        CheckRange(startIndex, count);
        ReadOnlySpan<char> self = this;
        return Concat(self.Slice(0, startIndex), self.Slice(startIndex + count));
    }

    /// <summary>Invariant upper case (exact for ASCII and Latin-1; other characters unchanged).</summary>
    public string ToUpperInvariant() => MapCase(true);

    /// <summary>Invariant lower case (exact for ASCII and Latin-1; other characters unchanged).</summary>
    public string ToLowerInvariant() => MapCase(false);

    /// <summary>Upper case: SmosSharp has no cultures, so <see cref="ToUpperInvariant"/>.</summary>
    public string ToUpper() => MapCase(true);

    /// <summary>Lower case: SmosSharp has no cultures, so <see cref="ToLowerInvariant"/>.</summary>
    public string ToLower() => MapCase(false);

    private string MapCase(bool upper)
    {
        for (int i = 0; i < _stringLength; i++)
        {
            char c = this[i];
            if ((upper ? CharInfo.ToUpper(c) : CharInfo.ToLower(c)) != c)
            {
                string result = CreateFromSpan(this);
                Span<char> chars = result.WritableChars();
                for (int j = i; j < chars.Length; j++)
                {
                    chars[j] = upper ? CharInfo.ToUpper(chars[j]) : CharInfo.ToLower(chars[j]);
                }

                return result;
            }
        }

        return this;
    }

    private string Pad(int totalWidth, char paddingChar, bool left)
    {
        if (totalWidth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalWidth), "Non-negative number required.");
        }

        int pad = totalWidth - _stringLength;
        if (pad <= 0)
        {
            return this;
        }

        string result = FastAllocateString(totalWidth);
        Span<char> chars = result.WritableChars();
        chars.Slice(left ? 0 : _stringLength, pad).Fill(paddingChar);
        ((ReadOnlySpan<char>)this).CopyTo(chars.Slice(left ? pad : 0));
        return result;
    }

    private ReadOnlySpan<char> TrimAny(char[]? trimChars, bool start, bool end)
    {
        ReadOnlySpan<char> span = this;
        if (trimChars is null || trimChars.Length == 0)
        {
            return start ? (end ? span.Trim() : span.TrimStart()) : span.TrimEnd();
        }

        ReadOnlySpan<char> set = trimChars;
        while (start && span.Length > 0 && set.IndexOf(span[0]) >= 0)
        {
            span = span.Slice(1);
        }

        while (end && span.Length > 0 && set.IndexOf(span[span.Length - 1]) >= 0)
        {
            span = span.Slice(0, span.Length - 1);
        }

        return span;
    }

    // This string when the span is all of it, otherwise a copy of the span.
    private string Sub(ReadOnlySpan<char> span) => span.Length == _stringLength ? this : CreateFromSpan(span);

    private static void NotNull(string? value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }
    }
}
