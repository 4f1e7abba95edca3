// string.Split on a character, characters, a string or strings, with a count limit and StringSplitOptions (RemoveEmptyEntries, TrimEntries).
namespace System;

public sealed partial class String
{
    /// <summary>The parts between occurrences of <paramref name="separator"/>.</summary>
    public string[] Split(char separator, StringSplitOptions options = StringSplitOptions.None) =>
        SplitCore(new ReadOnlySpan<char>(ref separator, 1), default, false, int.MaxValue, options);

    /// <summary>At most <paramref name="count"/> parts between occurrences of <paramref name="separator"/> (the last holds the rest).</summary>
    public string[] Split(char separator, int count, StringSplitOptions options = StringSplitOptions.None) =>
        SplitCore(new ReadOnlySpan<char>(ref separator, 1), default, false, count, options);

    /// <summary>The parts between occurrences of any of <paramref name="separator"/> (white space when null or empty).</summary>
    public string[] Split(params char[]? separator) => SplitCore(separator, default, false, int.MaxValue, StringSplitOptions.None);

    /// <summary>At most <paramref name="count"/> parts between any of <paramref name="separator"/>.</summary>
    public string[] Split(char[]? separator, int count) => SplitCore(separator, default, false, count, StringSplitOptions.None);

    /// <summary>The parts between any of <paramref name="separator"/>, with options.</summary>
    public string[] Split(char[]? separator, StringSplitOptions options) => SplitCore(separator, default, false, int.MaxValue, options);

    /// <summary>At most <paramref name="count"/> parts between any of <paramref name="separator"/>, with options.</summary>
    public string[] Split(char[]? separator, int count, StringSplitOptions options) => SplitCore(separator, default, false, count, options);

    /// <summary>The parts between occurrences of the string <paramref name="separator"/> (no split for null or "").</summary>
    public string[] Split(string? separator, StringSplitOptions options = StringSplitOptions.None) =>
        SplitCore(default, [separator], true, int.MaxValue, options);

    /// <summary>At most <paramref name="count"/> parts between occurrences of the string <paramref name="separator"/>.</summary>
    public string[] Split(string? separator, int count, StringSplitOptions options = StringSplitOptions.None) =>
        SplitCore(default, [separator], true, count, options);

    /// <summary>The parts between occurrences of any of the strings (white space when null or empty).</summary>
    public string[] Split(string[]? separator, StringSplitOptions options) => SplitCore(default, separator, separator is not null && separator.Length > 0, int.MaxValue, options);

    /// <summary>At most <paramref name="count"/> parts between occurrences of any of the strings.</summary>
    public string[] Split(string[]? separator, int count, StringSplitOptions options) =>
        SplitCore(default, separator, separator is not null && separator.Length > 0, count, options);

    // Chars when !byStrings (empty: white space); strings otherwise (null/"" entries never match; none at all: no split).
    private string[] SplitCore(ReadOnlySpan<char> chars, ReadOnlySpan<string?> strings, bool byStrings, int count, StringSplitOptions options)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Count cannot be less than zero.");
        }

        if ((uint)options > 3)
        {
            throw new ArgumentException("Value of flags is invalid.", nameof(options));
        }

        bool removeEmpty = (options & StringSplitOptions.RemoveEmptyEntries) != 0;
        bool trim = (options & StringSplitOptions.TrimEntries) != 0;
        var parts = new string[count == 0 ? 0 : 4];
        int n = 0;
        int start = 0;
        ReadOnlySpan<char> self = this;
        for (int i = 0; count > 1 && i < self.Length;)
        {
            int length = SeparatorAt(self, i, chars, strings, byStrings);
            if (length == 0)
            {
                i++;
                continue;
            }

            ReadOnlySpan<char> part = self.Slice(start, i - start);
            part = trim ? part.Trim() : part;
            if (!(removeEmpty && part.IsEmpty))
            {
                if (n == count - 1)
                {
                    break;
                }

                Add(ref parts, ref n, part);
            }

            i += length;
            start = i;
        }

        if (count > 0)
        {
            ReadOnlySpan<char> last = self.Slice(start);
            last = trim ? last.Trim() : last;
            if (!(removeEmpty && last.IsEmpty))
            {
                Add(ref parts, ref n, last.Length == _stringLength ? this : last);
            }
        }

        if (n == parts.Length)
        {
            return parts;
        }

        var result = new string[n];
        new ReadOnlySpan<string>(parts, 0, n).CopyTo(result);
        return result;
    }

    // The length of the separator at position i, or 0.
    private static int SeparatorAt(ReadOnlySpan<char> s, int i, ReadOnlySpan<char> chars, ReadOnlySpan<string?> strings, bool byStrings)
    {
        if (!byStrings)
        {
            bool match = chars.IsEmpty ? Internal.Runtime.Text.CharInfo.IsWhiteSpace(s[i]) : chars.IndexOf(s[i]) >= 0;
            return match ? 1 : 0;
        }

        for (int k = 0; k < strings.Length; k++)
        {
            string? sep = strings[k];
            if (!IsNullOrEmpty(sep) && s.Slice(i).StartsWith(sep))
            {
                return sep.Length;
            }
        }

        return 0;
    }

    private static void Add(ref string[] parts, ref int n, ReadOnlySpan<char> part) => Add(ref parts, ref n, CreateFromSpan(part));

    private static void Add(ref string[] parts, ref int n, string part)
    {
        if (n == parts.Length)
        {
            var bigger = new string[parts.Length * 2];
            new ReadOnlySpan<string>(parts).CopyTo(bigger);
            parts = bigger;
        }

        parts[n++] = part;
    }
}
