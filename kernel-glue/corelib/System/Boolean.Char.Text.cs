// Text of bool and char: ToString, Parse/TryParse, and char's classification and invariant case mapping (ASCII and Latin-1).
using Internal.Runtime.Text;

namespace System;

/// <summary>Text of <see cref="bool"/>: "True" and "False".</summary>
public partial struct Boolean
{
    /// <summary>"True" (preinitialized by the compiler: no static constructor runs).</summary>
    public static readonly string TrueString = "True";

    /// <summary>"False".</summary>
    public static readonly string FalseString = "False";

    /// <summary>"True" or "False".</summary>
    public override string ToString() => m_value ? "True" : "False";

    /// <summary>"True" or "False" (the provider is ignored).</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    /// <summary>Writes "True" or "False"; false when <paramref name="destination"/> is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        string s = ToString();
        bool ok = s.TryCopyTo(destination);
        charsWritten = ok ? s.Length : 0;
        return ok;
    }

    /// <summary>"True" or "False" in any letter case, white space and NULs around it allowed; FormatException otherwise.</summary>
    public static bool Parse(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return Parse((ReadOnlySpan<char>)value);
    }

    /// <summary>"True" or "False" in any letter case; FormatException otherwise.</summary>
    public static bool Parse(ReadOnlySpan<char> value)
    {
        if (!NumberParser.TryParseBoolean(value, out bool result))
        {
            throw new FormatException(string.Concat("String '", value, "' was not recognized as a valid Boolean."));
        }

        return result;
    }

    /// <summary>Parses "True" or "False" in any letter case; false for null or anything else.</summary>
    public static bool TryParse(string? value, out bool result)
    {
        result = false;
        return value is not null && NumberParser.TryParseBoolean(value, out result);
    }

    /// <summary>Parses "True" or "False" in any letter case.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out bool result) => NumberParser.TryParseBoolean(value, out result);
}

/// <summary>
/// Text of <see cref="char"/>. Classification and case mapping are exact for U+0000..U+00FF (ASCII and Latin-1);
/// above that only white space is classified, and case mapping returns the character unchanged.
/// </summary>
public partial struct Char
{
    /// <summary>U+FFFF.</summary>
    public const char MaxValue = '\uFFFF';

    /// <summary>U+0000.</summary>
    public const char MinValue = '\0';

    /// <summary>A one-character string.</summary>
    public override string ToString() => ToString(m_value);

    /// <summary>A one-character string (the provider is ignored).</summary>
    public string ToString(IFormatProvider? provider) => ToString(m_value);

    /// <summary>A one-character string.</summary>
    public static string ToString(char c) => new string(c, 1);

    /// <summary>The single character of <paramref name="s"/>; FormatException if it is not exactly one long.</summary>
    public static char Parse(string s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }

        if (s.Length != 1)
        {
            throw new FormatException("String must be exactly one character long.");
        }

        return s[0];
    }

    /// <summary>The single character of <paramref name="s"/>; false if it is null or not one long.</summary>
    public static bool TryParse(string? s, out char result)
    {
        result = s is not null && s.Length == 1 ? s[0] : '\0';
        return s is not null && s.Length == 1;
    }

    /// <summary>'0'..'9'.</summary>
    public static bool IsDigit(char c) => CharInfo.IsDigit(c);

    /// <summary>A letter of ASCII or Latin-1.</summary>
    public static bool IsLetter(char c) => CharInfo.IsLetter(c);

    /// <summary>A letter or a digit.</summary>
    public static bool IsLetterOrDigit(char c) => CharInfo.IsLetterOrDigit(c);

    /// <summary>Unicode white space (exact for all characters).</summary>
    public static bool IsWhiteSpace(char c) => CharInfo.IsWhiteSpace(c);

    /// <summary>An upper-case letter of ASCII or Latin-1.</summary>
    public static bool IsUpper(char c) => CharInfo.IsUpper(c);

    /// <summary>A lower-case letter of ASCII or Latin-1.</summary>
    public static bool IsLower(char c) => CharInfo.IsLower(c);

    /// <summary>U+0000..U+001F and U+007F..U+009F.</summary>
    public static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c < 0xA0);

    /// <summary>Below U+0080.</summary>
    public static bool IsAscii(char c) => c < 0x80;

    /// <summary>'0'..'9'.</summary>
    public static bool IsAsciiDigit(char c) => CharInfo.IsDigit(c);

    /// <summary>'A'..'Z' or 'a'..'z'.</summary>
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>'0'..'9', 'A'..'F' or 'a'..'f'.</summary>
    public static bool IsAsciiHexDigit(char c) => CharInfo.IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>A high (first) surrogate, U+D800..U+DBFF.</summary>
    public static bool IsHighSurrogate(char c) => c >= '\uD800' && c <= '\uDBFF';

    /// <summary>A low (second) surrogate, U+DC00..U+DFFF.</summary>
    public static bool IsLowSurrogate(char c) => c >= '\uDC00' && c <= '\uDFFF';

    /// <summary>Either kind of surrogate.</summary>
    public static bool IsSurrogate(char c) => c >= '\uD800' && c <= '\uDFFF';

    /// <summary>The invariant upper case (Latin-1; others unchanged).</summary>
    public static char ToUpperInvariant(char c) => CharInfo.ToUpper(c);

    /// <summary>The invariant lower case (Latin-1; others unchanged).</summary>
    public static char ToLowerInvariant(char c) => CharInfo.ToLower(c);

    /// <summary>The upper case: SmosSharp has no cultures, so the invariant mapping.</summary>
    public static char ToUpper(char c) => CharInfo.ToUpper(c);

    /// <summary>The lower case: SmosSharp has no cultures, so the invariant mapping.</summary>
    public static char ToLower(char c) => CharInfo.ToLower(c);
}
