// Text of the unsigned integer types: ToString (standard formats), TryFormat, Parse, TryParse; the work is in Number and Internal.Runtime.Text.
namespace System;

/// <summary>Text of <see cref="byte"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct Byte : IFormattable, ISpanFormattable
{
    /// <summary>The smallest byte.</summary>
    public const byte MinValue = 0;

    /// <summary>The largest byte.</summary>
    public const byte MaxValue = 255;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.UInt64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatUInt64(m_value, 1, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatUInt64(m_value, 1, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatUInt64(m_value, 1, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static byte Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static byte Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static byte Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (byte)NumberParsing.ParseUnsigned(s, MaxValue, "an unsigned byte");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out byte result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseUnsigned(s, MaxValue, out ulong v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (byte)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out byte result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out byte result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="ushort"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct UInt16 : IFormattable, ISpanFormattable
{
    /// <summary>The smallest ushort.</summary>
    public const ushort MinValue = 0;

    /// <summary>The largest ushort.</summary>
    public const ushort MaxValue = 65535;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.UInt64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatUInt64(m_value, 2, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatUInt64(m_value, 2, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatUInt64(m_value, 2, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static ushort Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static ushort Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static ushort Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (ushort)NumberParsing.ParseUnsigned(s, MaxValue, "a UInt16");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out ushort result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseUnsigned(s, MaxValue, out ulong v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (ushort)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out ushort result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out ushort result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="uint"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct UInt32 : IFormattable, ISpanFormattable
{
    /// <summary>The smallest uint.</summary>
    public const uint MinValue = 0;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.UInt64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatUInt64(m_value, 4, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatUInt64(m_value, 4, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatUInt64(m_value, 4, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static uint Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static uint Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static uint Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (uint)NumberParsing.ParseUnsigned(s, MaxValue, "a UInt32");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out uint result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseUnsigned(s, MaxValue, out ulong v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (uint)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out uint result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out uint result) => TryParse(s, out result);
}

/// <summary>Text of <see cref="ulong"/>: ToString with standard formats, TryFormat, Parse and TryParse (invariant culture).</summary>
public partial struct UInt64 : IFormattable, ISpanFormattable
{
    /// <summary>The smallest ulong.</summary>
    public const ulong MinValue = 0;

    /// <summary>The value in decimal, e.g. "-42".</summary>
    public override string ToString() => Number.UInt64ToDecimalString(m_value);

    /// <summary>The value in a standard format ("X8", "D5", "N0"...); FormatException for a bad one.</summary>
    public string ToString(string? format) => Number.FormatUInt64(m_value, 8, format);

    /// <summary>The value in decimal (the provider is ignored: invariant culture).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>The value in a standard format (the provider is ignored: invariant culture).</summary>
    public string ToString(string? format, IFormatProvider? provider) => Number.FormatUInt64(m_value, 8, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatUInt64(m_value, 8, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer (white space and a sign allowed); FormatException or OverflowException otherwise.</summary>
    public static ulong Parse(string s) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer (the provider is ignored: invariant culture).</summary>
    public static ulong Parse(string s, IFormatProvider? provider) => Parse(NumberParsing.NotNull(s));

    /// <summary>Parses a decimal integer from characters.</summary>
    public static ulong Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) => (ulong)NumberParsing.ParseUnsigned(s, MaxValue, "a UInt64");

    /// <summary>Parses a decimal integer; false (and 0) when <paramref name="s"/> is not one or is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out ulong result)
    {
        bool ok = Internal.Runtime.Text.NumberParser.ParseUnsigned(s, MaxValue, out ulong v) == Internal.Runtime.Text.ParseStatus.Ok;
        result = (ulong)v;
        return ok;
    }

    /// <summary>Parses a decimal integer; false for null.</summary>
    public static bool TryParse(string? s, out ulong result)
    {
        result = 0;
        return s is not null && TryParse((ReadOnlySpan<char>)s, out result);
    }

    /// <summary>Parses a decimal integer (the provider is ignored).</summary>
    public static bool TryParse(string? s, IFormatProvider? provider, out ulong result) => TryParse(s, out result);
}
