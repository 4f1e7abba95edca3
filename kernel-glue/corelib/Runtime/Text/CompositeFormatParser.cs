// The composite format syntax of string.Format ("{0,-5:X4}", "{{" and "}}"), read piece by piece; pure code, also built for host tests.
using System;

namespace Internal.Runtime.Text;

/// <summary>What <see cref="CompositeFormatParser.Next"/> found.</summary>
public enum FormatPiece
{
    /// <summary>The end of the format string.</summary>
    End,

    /// <summary>Literal text (an escaped brace comes out as a one-brace literal).</summary>
    Literal,

    /// <summary>A format item: index, alignment and item format.</summary>
    Item,

    /// <summary>A syntax error (.NET throws FormatException).</summary>
    Error,
}

/// <summary>
/// Reads a composite format string as .NET does: <c>{index[,alignment][:format]}</c> with spaces allowed after the
/// index and around the alignment, digits of index and alignment read while below 1,000,000, no braces inside an item's format, and
/// <c>{{</c>/<c>}}</c> for literal braces; any other lone brace is an error.
/// </summary>
public static class CompositeFormatParser
{
    /// <summary>The bound .NET puts on item indexes and alignments.</summary>
    public const int Limit = 1_000_000;

    /// <summary>Reads the piece at <paramref name="position"/> and moves past it.</summary>
    public static FormatPiece Next(ReadOnlySpan<char> format, ref int position, out ReadOnlySpan<char> literal, out int index, out int alignment, out ReadOnlySpan<char> itemFormat)
    {
        literal = default;
        itemFormat = default;
        index = 0;
        alignment = 0;
        int p = position;
        if (p >= format.Length)
        {
            return FormatPiece.End;
        }

        char c = format[p];
        if (c == '}' || (c == '{' && p + 1 < format.Length && format[p + 1] == '{'))
        {
            if (p + 1 >= format.Length || format[p + 1] != c)
            {
                return FormatPiece.Error;
            }

            literal = format.Slice(p, 1);
            position = p + 2;
            return FormatPiece.Literal;
        }

        if (c != '{')
        {
            int end = p;
            while (end < format.Length && format[end] != '{' && format[end] != '}')
            {
                end++;
            }

            literal = format.Slice(p, end - p);
            position = end;
            return FormatPiece.Literal;
        }

        p++;
        if (!ReadNumber(format, ref p, out index))
        {
            return FormatPiece.Error;
        }

        SkipSpaces(format, ref p);
        if (p < format.Length && format[p] == ',')
        {
            p++;
            SkipSpaces(format, ref p);
            bool left = p < format.Length && format[p] == '-';
            if (left)
            {
                p++;
            }

            if (!ReadNumber(format, ref p, out alignment))
            {
                return FormatPiece.Error;
            }

            alignment = left ? -alignment : alignment;
            SkipSpaces(format, ref p);
        }

        if (p < format.Length && format[p] == ':')
        {
            int start = ++p;
            while (p < format.Length && format[p] != '}')
            {
                if (format[p] == '{')
                {
                    return FormatPiece.Error;
                }

                p++;
            }

            itemFormat = format.Slice(start, p - start);
        }

        if (p >= format.Length || format[p] != '}')
        {
            return FormatPiece.Error;
        }

        position = p + 1;
        return FormatPiece.Item;
    }

    // Digits are read while the value is below the limit, as .NET does: a longer number leaves a digit where the item
    // should continue, which is an error.
    private static bool ReadNumber(ReadOnlySpan<char> format, ref int p, out int value)
    {
        value = 0;
        int start = p;
        while (p < format.Length && (uint)(format[p] - '0') <= 9 && value < Limit)
        {
            value = (value * 10) + (format[p] - '0');
            p++;
        }

        return p > start;
    }

    private static void SkipSpaces(ReadOnlySpan<char> format, ref int p)
    {
        while (p < format.Length && format[p] == ' ')
        {
            p++;
        }
    }
}
