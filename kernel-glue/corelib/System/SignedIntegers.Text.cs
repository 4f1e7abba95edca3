// Text of the signed integer types: ToString (standard formats), TryFormat, Parse, TryParse; the work is in Number and Internal.Runtime.Text.
namespace System;

/// <summary>Text of <see cref="sbyte"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct SByte : IFormattable, ISpanFormattable
{
    /// <summary>The smallest sbyte.</summary>
    public const sbyte MinValue = -128;

    /// <summary>The largest sbyte.</summary>
    public const sbyte MaxValue = 127;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.Int64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatInt64(m_value, 1, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatInt64(m_value, 1, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatInt64(m_value, 1, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static sbyte Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static sbyte Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static sbyte Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (sbyte)NumberParsing.ParseSigned(s, MinValue, MaxValue, "a signed byte");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out sbyte result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseSigned(s, MinValue, MaxValue, out long v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (sbyte)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out sbyte result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out sbyte result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="short"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct Int16 : IFormattable, ISpanFormattable
{
    /// <summary>The smallest short.</summary>
    public const short MinValue = -32768;

    /// <summary>The largest short.</summary>
    public const short MaxValue = 32767;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.Int64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatInt64(m_value, 2, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatInt64(m_value, 2, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatInt64(m_value, 2, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static short Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static short Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static short Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (short)NumberParsing.ParseSigned(s, MinValue, MaxValue, "an Int16");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out short result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseSigned(s, MinValue, MaxValue, out long v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (short)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out short result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out short result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="int"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct Int32 : IFormattable, ISpanFormattable
{
    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.Int64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatInt64(m_value, 4, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatInt64(m_value, 4, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatInt64(m_value, 4, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static int Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static int Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static int Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (int)NumberParsing.ParseSigned(s, MinValue, MaxValue, "an Int32");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out int result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseSigned(s, MinValue, MaxValue, out long v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (int)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out int result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out int result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="long"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct Int64 : IFormattable, ISpanFormattable
{
    /// <summary>The smallest long.</summary>
    public const long MinValue = unchecked((long)0x8000000000000000);

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.Int64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatInt64(m_value, 8, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatInt64(m_value, 8, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatInt64(m_value, 8, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static long Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static long Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static long Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (long)NumberParsing.ParseSigned(s, MinValue, MaxValue, "an Int64");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseSigned(s, MinValue, MaxValue, out long v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (long)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out long result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out long result) => TryParse(s, out result);
}
