// NumberFormatter against .NET's invariant-culture ToString: every standard format, boundaries of every integer type.
using System;
using System.Collections.Generic;
using System.Globalization;
using Internal.Runtime.Text;
using Xunit;

namespace Smos.CoreLib.Tests;

public class NumberFormatterTests
{
    private static readonly string[] Formats =
    [
        "", "G", "g", "G0", "G1", "G3", "G5", "G20", "D", "d", "D1", "D5", "D25", "X", "x", "X1", "X8", "x16", "X20",
        "B", "b", "B8", "B70", "N", "n", "N0", "N1", "N3", "F", "f", "F0", "F4", "E", "e", "E0", "E2", "E10", "e25",
        "P", "p", "P0", "P3", "C", "c", "C0", "C3", "R", "r", "R3",
    ];

    public static IEnumerable<object[]> SignedValues()
    {
        long[] values = [0, 1, -1, 5, 9, 10, -10, 99, 100, 12345, -12345, 99999, 99950, 123456789, -987654321,
            sbyte.MinValue, sbyte.MaxValue, short.MinValue, short.MaxValue, int.MinValue, int.MaxValue, long.MinValue, long.MaxValue,
            1000000, 999999999999, -999999999999999999];
        foreach (long v in values)
        {
            yield return [v];
        }
    }

    public static IEnumerable<object[]> UnsignedValues()
    {
        ulong[] values = [0, 1, 9, 10, 255, 256, 65535, 65536, uint.MaxValue, ulong.MaxValue, 18446744073709551000, 12345678901234567890];
        foreach (ulong v in values)
        {
            yield return [v];
        }
    }

    [Theory]
    [MemberData(nameof(SignedValues))]
    public void SignedValuesFormatAsDotNetDoesForEveryWidthThatHoldsThem(long value)
    {
        foreach (string format in Formats)
        {
            if (value >= sbyte.MinValue && value <= sbyte.MaxValue)
            {
                Same(((sbyte)value).ToString(format, CultureInfo.InvariantCulture), value, 1, format);
            }

            if (value >= short.MinValue && value <= short.MaxValue)
            {
                Same(((short)value).ToString(format, CultureInfo.InvariantCulture), value, 2, format);
            }

            if (value >= int.MinValue && value <= int.MaxValue)
            {
                Same(((int)value).ToString(format, CultureInfo.InvariantCulture), value, 4, format);
            }

            Same(value.ToString(format, CultureInfo.InvariantCulture), value, 8, format);
        }
    }

    [Theory]
    [MemberData(nameof(UnsignedValues))]
    public void UnsignedValuesFormatAsDotNetDoesForEveryWidthThatHoldsThem(ulong value)
    {
        foreach (string format in Formats)
        {
            if (value <= byte.MaxValue)
            {
                Same(((byte)value).ToString(format, CultureInfo.InvariantCulture), value, 1, format);
            }

            if (value <= ushort.MaxValue)
            {
                Same(((ushort)value).ToString(format, CultureInfo.InvariantCulture), value, 2, format);
            }

            if (value <= uint.MaxValue)
            {
                Same(((uint)value).ToString(format, CultureInfo.InvariantCulture), value, 4, format);
            }

            Same(value.ToString(format, CultureInfo.InvariantCulture), value, 8, format);
        }
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("Y2")]
    [InlineData("D1000000000")]
    [InlineData("X1234567890")]
    public void InvalidStandardFormatsAreRejectedAsDotNetRejectsThem(string format)
    {
        Assert.Throws<FormatException>(() => 5.ToString(format, CultureInfo.InvariantCulture));
        Assert.Equal(TextStatus.BadFormat, NumberFormatter.Format(5L, 4, format, new char[64], out _));
    }

    [Theory]
    [InlineData("0000")]
    [InlineData("#,##0")]
    [InlineData("X1Y")]
    [InlineData(" D")]
    public void CustomFormatsAreReportedAsUnsupported(string format)
    {
        Assert.Equal(TextStatus.Unsupported, NumberFormatter.Format(5L, 4, format, new char[64], out _));
    }

    [Theory]
    [MemberData(nameof(SignedValues))]
    public void FormatDecimalOfASignedValueIsItsDefaultToString(long value)
    {
        Span<char> buffer = stackalloc char[NumberFormatter.MaxPlainLength];
        Assert.Equal(TextStatus.Done, NumberFormatter.FormatDecimal(value, buffer, out int n));
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), new string(buffer.Slice(0, n)));
    }

    [Theory]
    [MemberData(nameof(UnsignedValues))]
    public void FormatDecimalOfAnUnsignedValueIsItsDefaultToString(ulong value)
    {
        Span<char> buffer = stackalloc char[NumberFormatter.MaxPlainLength];
        Assert.Equal(TextStatus.Done, NumberFormatter.FormatDecimal(value, buffer, out int n));
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), new string(buffer.Slice(0, n)));
    }

    [Fact]
    public void FormatDecimalIntoATooSmallDestinationReportsTheLengthNeeded()
    {
        char[] buffer = new char[4];
        Assert.Equal(TextStatus.TooSmall, NumberFormatter.FormatDecimal(-12345L, buffer.AsSpan(0, 3), out int needed));
        Assert.Equal(6, needed);
        Assert.Equal('\0', buffer[3]);
        Assert.Equal(TextStatus.TooSmall, NumberFormatter.FormatDecimal(ulong.MaxValue, buffer, out needed));
        Assert.Equal(20, needed);
    }

    [Fact]
    public void TooSmallDestinationsReportTheLengthNeededAndWriteNothingPastTheEnd()
    {
        char[] buffer = new char[4];
        Assert.Equal(TextStatus.TooSmall, NumberFormatter.Format(-123456L, 8, "N0", buffer.AsSpan(0, 3), out int needed));
        Assert.Equal("-123,456".Length, needed);
        Assert.Equal('\0', buffer[3]);
        Assert.Equal(TextStatus.TooSmall, NumberFormatter.Format(ulong.MaxValue, 8, "", buffer, out needed));
        Assert.Equal(20, needed);
        Assert.Equal(TextStatus.TooSmall, NumberFormatter.Format(-5L, 8, "C", buffer, out needed));
        Assert.Equal("(\u00a45.00)".Length, needed);
        Assert.Equal(TextStatus.Done, NumberFormatter.Format(long.MinValue, 8, "", new char[NumberFormatter.MaxPlainLength], out needed));
        Assert.Equal(TextStatus.Done, NumberFormatter.Format(ulong.MaxValue, 8, "", new char[NumberFormatter.MaxPlainLength], out needed));
        Assert.Equal(NumberFormatter.MaxPlainLength, needed);
    }

    private static void Same(string expected, long value, int size, string format)
    {
        Span<char> buffer = stackalloc char[128];
        Assert.Equal(TextStatus.Done, NumberFormatter.Format(value, size, format, buffer, out int n));
        Assert.True(expected == new string(buffer.Slice(0, n)), $"{value} as {size}-byte \"{format}\": expected {expected}, got {new string(buffer.Slice(0, n))}");
    }

    private static void Same(string expected, ulong value, int size, string format)
    {
        Span<char> buffer = stackalloc char[128];
        Assert.Equal(TextStatus.Done, NumberFormatter.Format(value, size, format, buffer, out int n));
        Assert.True(expected == new string(buffer.Slice(0, n)), $"{value} as {size}-byte \"{format}\": expected {expected}, got {new string(buffer.Slice(0, n))}");
    }
}
