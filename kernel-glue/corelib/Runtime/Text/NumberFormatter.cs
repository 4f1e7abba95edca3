// Integer formatting for .NET's standard numeric format strings with invariant-culture symbols; pure code, also built for host tests.
using System;

namespace Internal.Runtime.Text;

/// <summary>What a formatting or parsing step did.</summary>
public enum TextStatus
{
    /// <summary>Done: the output is complete.</summary>
    Done,

    /// <summary>The destination is too small; the count returned is the length needed.</summary>
    TooSmall,

    /// <summary>The format string is not a valid standard format for integers (.NET throws FormatException).</summary>
    BadFormat,

    /// <summary>A custom numeric format string ("0000", "#,##0"): valid in .NET, not supported on SmosSharp.</summary>
    Unsupported,
}

/// <summary>
/// Formats integers as .NET's invariant culture does for the standard format strings G, D, X, B, N, F, E, P, C (and
/// their lower-case forms, precision 0..999999999). The value is given as its magnitude and sign plus its raw bits and
/// size ("R" is "G" for integers, as in .NET; hexadecimal and binary print the two's complement of the type's width, as .NET does).
/// </summary>
public static class NumberFormatter
{
    /// <summary>The largest precision .NET accepts in a standard format string.</summary>
    public const int MaxPrecision = 999_999_999;

    /// <summary>The most characters a value of at most 8 bytes needs with the format "G" or "D" (ulong.MaxValue's 20 digits).</summary>
    public const int MaxPlainLength = 20;

    /// <summary>
    /// Splits a standard format string: an ASCII letter and up to nine digits. Empty means "G". Returns false for
    /// anything else (a custom format, or a precision past <see cref="MaxPrecision"/>).
    /// </summary>
    public static bool TryParseStandard(ReadOnlySpan<char> format, out char kind, out int precision)
    {
        kind = 'G';
        precision = -1;
        if (format.IsEmpty)
        {
            return true;
        }

        char c = format[0];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) || format.Length > 10)
        {
            return false;
        }

        int p = -1;
        for (int i = 1; i < format.Length; i++)
        {
            int d = format[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            p = (p < 0 ? 0 : p * 10) + d;
        }

        kind = c;
        precision = p;
        return true;
    }

    /// <summary>Formats a signed value of <paramref name="size"/> bytes (1, 2, 4 or 8).</summary>
    public static TextStatus Format(long value, int size, ReadOnlySpan<char> format, Span<char> destination, out int written) =>
        Format(value < 0 ? 0UL - (ulong)value : (ulong)value, value < 0, (ulong)value, size, format, destination, out written);

    /// <summary>Formats an unsigned value of <paramref name="size"/> bytes (1, 2, 4 or 8).</summary>
    public static TextStatus Format(ulong value, int size, ReadOnlySpan<char> format, Span<char> destination, out int written) =>
        Format(value, false, value, size, format, destination, out written);

    /// <summary>
    /// Formats a signed value in decimal, as the default format "G" does, without the format-string parser (a caller
    /// that never passes a format does not carry the other formats).
    /// </summary>
    public static TextStatus FormatDecimal(long value, Span<char> destination, out int written) =>
        Decimal(value < 0 ? 0UL - (ulong)value : (ulong)value, value < 0, 0, destination, out written);

    /// <summary>Formats an unsigned value in decimal, as the default format "G" does, without the format-string parser.</summary>
    public static TextStatus FormatDecimal(ulong value, Span<char> destination, out int written) =>
        Decimal(value, false, 0, destination, out written);

    /// <summary>Formats <paramref name="magnitude"/> with a '-' when <paramref name="negative"/>; X and B use <paramref name="bits"/>.</summary>
    public static TextStatus Format(ulong magnitude, bool negative, ulong bits, int size, ReadOnlySpan<char> format, Span<char> destination, out int written)
    {
        written = 0;
        if (!TryParseStandard(format, out char kind, out int precision))
        {
            return IsLetter(format[0]) && AllDigits(format.Slice(1)) ? TextStatus.BadFormat : TextStatus.Unsupported;
        }

        ulong mask = size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        switch (kind)
        {
            case 'G' or 'g' or 'R' or 'r':
                return precision <= 0 || precision >= CountDigits(magnitude)
                    ? Decimal(magnitude, negative, 0, destination, out written)
                    : Scientific(magnitude, negative, precision - 1, kind is 'G' or 'R' ? 'E' : 'e', 2, true, destination, out written);
            case 'D' or 'd':
                return Decimal(magnitude, negative, precision, destination, out written);
            case 'X' or 'x':
                return Radix(bits & mask, 4, kind == 'X' ? 'A' : 'a', precision, destination, out written);
            case 'B' or 'b':
                return Radix(bits & mask, 1, 'a', precision, destination, out written);
            case 'N' or 'n':
                return Fixed(magnitude, negative, precision < 0 ? 2 : precision, true, default, default, destination, out written);
            case 'F' or 'f':
                return Fixed(magnitude, negative, precision < 0 ? 2 : precision, false, default, default, destination, out written);
            case 'E' or 'e':
                return Scientific(magnitude, negative, precision < 0 ? 6 : precision, kind == 'E' ? 'E' : 'e', 3, false, destination, out written);
            case 'P' or 'p':
                return Fixed(magnitude, negative, precision < 0 ? 2 : precision, true, "00", " %", destination, out written);
            case 'C' or 'c':
                return Currency(magnitude, negative, precision < 0 ? 2 : precision, destination, out written);
            default:
                return TextStatus.BadFormat;
        }
    }

    /// <summary>The number of decimal digits of <paramref name="value"/> (1 for 0).</summary>
    public static int CountDigits(ulong value)
    {
        int n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }

    private static bool IsLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if ((uint)(s[i] - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    // [-] then at least minDigits digits (zero-padded).
    private static TextStatus Decimal(ulong magnitude, bool negative, int minDigits, Span<char> destination, out int written)
    {
        int digits = CountDigits(magnitude);
        int padded = minDigits > digits ? minDigits : digits;
        int length = padded + (negative ? 1 : 0);
        written = length;
        if (length > destination.Length)
        {
            return TextStatus.TooSmall;
        }

        int at = 0;
        if (negative)
        {
            destination[at++] = '-';
        }

        for (int i = digits; i < padded; i++)
        {
            destination[at++] = '0';
        }

        WriteDigits(magnitude, destination.Slice(at, digits));
        return TextStatus.Done;
    }

    // Hexadecimal (4 bits per digit) or binary (1), at least minDigits digits.
    private static TextStatus Radix(ulong bits, int shift, char ten, int minDigits, Span<char> destination, out int written)
    {
        int digits = 1;
        for (ulong v = bits >> shift; v != 0; v >>= shift)
        {
            digits++;
        }

        int length = minDigits > digits ? minDigits : digits;
        written = length;
        if (length > destination.Length)
        {
            return TextStatus.TooSmall;
        }

        ulong digitMask = (1UL << shift) - 1;
        for (int i = length - 1; i >= 0; i--)
        {
            int d = (int)(bits & digitMask);
            destination[i] = (char)(d < 10 ? '0' + d : ten + d - 10);
            bits >>= shift;
        }

        return TextStatus.Done;
    }

    // [-] digits (with ',' every three when grouped) [suffixDigits] ['.' and decimals zeros] [suffix].
    private static TextStatus Fixed(ulong magnitude, bool negative, int decimals, bool grouped, ReadOnlySpan<char> extraDigits, ReadOnlySpan<char> suffix, Span<char> destination, out int written)
    {
        int digits = CountDigits(magnitude);
        if (magnitude == 0 && !extraDigits.IsEmpty)
        {
            extraDigits = default; // 0 % is "0.00 %", not "000.00 %"
        }

        int integral = digits + extraDigits.Length;
        int separators = grouped ? (integral - 1) / 3 : 0;
        long length = (negative ? 1 : 0) + integral + separators + (decimals > 0 ? 1L + decimals : 0) + suffix.Length;
        if (length > int.MaxValue)
        {
            written = 0;
            return TextStatus.BadFormat;
        }

        written = (int)length;
        if (length > destination.Length)
        {
            return TextStatus.TooSmall;
        }

        int at = 0;
        if (negative)
        {
            destination[at++] = '-';
        }

        at += WriteGrouped(magnitude, digits, extraDigits, grouped, destination.Slice(at));
        if (decimals > 0)
        {
            destination[at++] = '.';
            destination.Slice(at, decimals).Fill('0');
            at += decimals;
        }

        suffix.CopyTo(destination.Slice(at));
        return TextStatus.Done;
    }

    // Invariant currency: "\u00A41,234.00", negative "(\u00A41,234.00)".
    private static TextStatus Currency(ulong magnitude, bool negative, int decimals, Span<char> destination, out int written)
    {
        int prefix = negative ? 2 : 1;
        Span<char> body = destination.Length > prefix ? destination.Slice(prefix) : default;
        TextStatus s = Fixed(magnitude, false, decimals, true, default, default, body, out int n);
        written = n + (negative ? 3 : 1);
        if (s == TextStatus.BadFormat)
        {
            return s;
        }

        if (s == TextStatus.TooSmall || written > destination.Length)
        {
            return TextStatus.TooSmall;
        }

        if (negative)
        {
            destination[0] = '(';
            destination[1] = '\u00A4';
            destination[written - 1] = ')';
        }
        else
        {
            destination[0] = '\u00A4';
        }

        return TextStatus.Done;
    }

    // Writes the digits of magnitude (then extraDigits), with group separators; returns the count written.
    private static int WriteGrouped(ulong magnitude, int digits, ReadOnlySpan<char> extraDigits, bool grouped, Span<char> destination)
    {
        Span<char> plain = stackalloc char[24];
        WriteDigits(magnitude, plain.Slice(0, digits));
        extraDigits.CopyTo(plain.Slice(digits));
        int integral = digits + extraDigits.Length;
        int at = 0;
        for (int i = 0; i < integral; i++)
        {
            if (grouped && i > 0 && (integral - i) % 3 == 0)
            {
                destination[at++] = ',';
            }

            destination[at++] = plain[i];
        }

        return at;
    }

    // d.ddd...E+xxx with `decimals` digits after the point, rounded half away from zero; G trims trailing zeros.
    private static TextStatus Scientific(ulong magnitude, bool negative, int decimals, char e, int minExponentDigits, bool trim, Span<char> destination, out int written)
    {
        Span<char> all = stackalloc char[21];
        int digits = CountDigits(magnitude);
        WriteDigits(magnitude, all.Slice(1, digits));
        all[0] = '0';
        int exponent = digits - 1;
        int keep = decimals + 1; // significant digits kept
        int first = 1;
        if (keep < digits && all[1 + keep] >= '5')
        {
            int i = keep;
            while (all[i] == '9')
            {
                all[i--] = '0';
            }

            all[i]++;
            if (i == 0)
            {
                first = 0; // 999 -> 1000: one more digit in front
                exponent++;
            }
        }

        int available = digits + 1 - first; // digits present from `first`
        int mantissa = keep < available ? keep : available;
        if (trim)
        {
            while (mantissa > 1 && all[first + mantissa - 1] == '0')
            {
                mantissa--;
            }
        }

        int fraction = trim ? mantissa - 1 : decimals;
        int expDigits = CountDigits((ulong)exponent);
        if (expDigits < minExponentDigits)
        {
            expDigits = minExponentDigits;
        }

        long length = (negative ? 1 : 0) + 1 + (fraction > 0 ? 1L + fraction : 0) + 2 + expDigits;
        if (length > int.MaxValue)
        {
            written = 0;
            return TextStatus.BadFormat;
        }

        written = (int)length;
        if (length > destination.Length)
        {
            return TextStatus.TooSmall;
        }

        int at = 0;
        if (negative)
        {
            destination[at++] = '-';
        }

        destination[at++] = all[first];
        if (fraction > 0)
        {
            destination[at++] = '.';
            for (int i = 1; i <= fraction; i++)
            {
                destination[at++] = i < mantissa ? all[first + i] : '0';
            }
        }

        destination[at++] = e;
        destination[at++] = '+';
        Decimal((ulong)exponent, false, expDigits, destination.Slice(at), out _);
        return TextStatus.Done;
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/> right-aligned into all of <paramref name="destination"/>.</summary>
    public static void WriteDigits(ulong value, Span<char> destination)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }
}
