// The interfaces and enums of .NET's text API: IFormatProvider, IFormattable, ISpanFormattable, StringComparison, StringSplitOptions.
namespace System;

/// <summary>Supplies culture-specific formatting. SmosSharp formats with the invariant culture and ignores providers.</summary>
public interface IFormatProvider
{
    /// <summary>A formatting service of the given type, or null.</summary>
    object? GetFormat(Type? formatType);
}

/// <summary>A value that can be formatted with a format string.</summary>
public interface IFormattable
{
    /// <summary>The value as text in <paramref name="format"/> (null: the default format).</summary>
    string ToString(string? format, IFormatProvider? formatProvider);
}

/// <summary>A value that can be formatted into a span of characters.</summary>
public interface ISpanFormattable : IFormattable
{
    /// <summary>Writes the value into <paramref name="destination"/>; false when it does not fit.</summary>
    bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider);
}

/// <summary>How strings are compared. SmosSharp has no culture data: the culture kinds compare ordinally too.</summary>
public enum StringComparison
{
    CurrentCulture = 0,
    CurrentCultureIgnoreCase = 1,
    InvariantCulture = 2,
    InvariantCultureIgnoreCase = 3,
    Ordinal = 4,
    OrdinalIgnoreCase = 5,
}

/// <summary>Options of string.Split.</summary>
[Flags]
public enum StringSplitOptions
{
    None = 0,
    RemoveEmptyEntries = 1,
    TrimEntries = 2,
}
