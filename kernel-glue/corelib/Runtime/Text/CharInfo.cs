// Character classes and invariant case mapping for ASCII and Latin-1 (U+0000..U+00FF); pure code, also built for host tests.
namespace Internal.Runtime.Text;

/// <summary>
/// What char.IsDigit/IsLetter/IsUpper/IsLower and ToUpperInvariant/ToLowerInvariant answer, exactly as .NET does for
/// U+0000..U+00FF. Above U+00FF: not a digit, letter, upper or lower case, and case mapping leaves the character as
/// it is. White space (<see cref="IsWhiteSpace"/>) is exact for all of Unicode.
/// </summary>
public static class CharInfo
{
    /// <summary>'0'..'9' (the only decimal digits in Latin-1).</summary>
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    /// <summary>Letters of ASCII and Latin-1 (ª, µ, º and À..ÿ except × and ÷).</summary>
    public static bool IsLetter(char c)
    {
        if (c < 0x80)
        {
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        }

        return c == '\u00AA' || c == '\u00B5' || c == '\u00BA' || (c >= '\u00C0' && c <= '\u00FF' && c != '\u00D7' && c != '\u00F7');
    }

    /// <summary>Upper-case letters: A..Z, À..Þ except ×.</summary>
    public static bool IsUpper(char c) => (uint)(c - 'A') <= 'Z' - 'A' || (c >= '\u00C0' && c <= '\u00DE' && c != '\u00D7');

    /// <summary>Lower-case letters: a..z, µ, ß..ÿ except ÷.</summary>
    public static bool IsLower(char c) => (uint)(c - 'a') <= 'z' - 'a' || c == '\u00B5' || (c >= '\u00DF' && c <= '\u00FF' && c != '\u00F7');

    /// <summary>Letters or digits.</summary>
    public static bool IsLetterOrDigit(char c) => IsLetter(c) || IsDigit(c);

    /// <summary>Unicode white space (the category Zs, Zl, Zp characters and U+0009..U+000D, U+0085), as char.IsWhiteSpace.</summary>
    public static bool IsWhiteSpace(char c)
    {
        if (c < 0x100)
        {
            return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u0085' || c == '\u00A0';
        }

        return c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    /// <summary>Invariant upper case: a..z, à..þ except ÷, ÿ to Ÿ (U+0178) and µ to Greek capital mu (U+039C); others unchanged.</summary>
    public static char ToUpper(char c)
    {
        if ((uint)(c - 'a') <= 'z' - 'a')
        {
            return (char)(c - 0x20);
        }

        if (c < '\u00B5')
        {
            return c;
        }

        if (c >= '\u00E0' && c <= '\u00FE' && c != '\u00F7')
        {
            return (char)(c - 0x20);
        }

        return c == '\u00FF' ? '\u0178' : c == '\u00B5' ? '\u039C' : c;
    }

    /// <summary>Invariant lower case: A..Z and À..Þ except ×; others unchanged.</summary>
    public static char ToLower(char c)
    {
        if ((uint)(c - 'A') <= 'Z' - 'A' || (c >= '\u00C0' && c <= '\u00DE' && c != '\u00D7'))
        {
            return (char)(c + 0x20);
        }

        return c;
    }
}
