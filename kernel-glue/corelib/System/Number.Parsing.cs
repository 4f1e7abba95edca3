// Parsing for the primitive types' Parse/TryParse: FormatException and OverflowException with .NET's messages.
using Internal.Runtime.Text;

namespace System;

internal static partial class NumberParsing
{
    /// <summary>Parses a signed value in [min, max] or throws as .NET does.</summary>
    public static long ParseSigned(ReadOnlySpan<char> text, long min, long max, string overflowType)
    {
        ParseStatus s = NumberParser.ParseSigned(text, min, max, out long value);
        if (s != ParseStatus.Ok)
        {
            Throw(s, text, overflowType);
        }

        return value;
    }

    /// <summary>Parses an unsigned value up to max or throws as .NET does.</summary>
    public static ulong ParseUnsigned(ReadOnlySpan<char> text, ulong max, string overflowType)
    {
        ParseStatus s = NumberParser.ParseUnsigned(text, max, out ulong value);
        if (s != ParseStatus.Ok)
        {
            Throw(s, text, overflowType);
        }

        return value;
    }

    /// <summary>The string argument of Parse, which must not be null.</summary>
    public static ReadOnlySpan<char> NotNull(string? s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }

        return s;
    }

    private static void Throw(ParseStatus s, ReadOnlySpan<char> text, string overflowType)
    {
        if (s == ParseStatus.Overflow)
        {
            throw new OverflowException(string.Concat("Value was either too large or too small for ", overflowType, "."));
        }

        throw new FormatException(string.Concat("The input string '", text, "' was not in a correct format."));
    }
}
