// NumberParser against .NET's Parse/TryParse with NumberStyles.Integer: signs, white space, NULs, overflow, malformed input.
using System;
using System.Globalization;
using Internal.Runtime.Text;
using Xunit;

namespace Smos.CoreLib.Tests;

public class NumberParserTests
{
    private static readonly string[] Inputs =
    [
        "0", "1", "-1", "+1", "-0", "+0", "00042", " 42", "42 ", "\t\n42\r\v\f ", "  -42  ", "42\0", "42\0\0", "42 \0", "42\0 ",
        "127", "128", "-128", "-129", "255", "256", "32767", "32768", "-32768", "-32769", "65535", "65536",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999", "-99999999999999999999999",
        "", " ", "-", "+", "--1", "+-1", "1-", "1 2", "1a", "a1", "0x10", "1.0", "1,000", "\u00a01", "1\u00a0", "\u2212" + "1",
        "\0", "\01", " \0", "99999999999999999999999x", "٣",
    ];

    [Fact]
    public void SignedParsingAgreesWithDotNetForEveryType()
    {
        foreach (string s in Inputs)
        {
            Agree(s, sbyte.MinValue, sbyte.MaxValue, () => sbyte.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            Agree(s, short.MinValue, short.MaxValue, () => short.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            Agree(s, int.MinValue, int.MaxValue, () => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            Agree(s, long.MinValue, long.MaxValue, () => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void UnsignedParsingAgreesWithDotNetForEveryType()
    {
        foreach (string s in Inputs)
        {
            AgreeUnsigned(s, byte.MaxValue, () => byte.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            AgreeUnsigned(s, ushort.MaxValue, () => ushort.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            AgreeUnsigned(s, uint.MaxValue, () => uint.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            AgreeUnsigned(s, ulong.MaxValue, () => ulong.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData(" false ")]
    [InlineData("\0False\0")]
    [InlineData("\u00a0true\u3000")]
    [InlineData("tru")]
    [InlineData("truex")]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("t rue")]
    public void BooleanParsingAgreesWithDotNet(string s)
    {
        bool expectedOk = bool.TryParse(s, out bool expected);
        bool ok = NumberParser.TryParseBoolean(s, out bool value);
        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected, value);
    }

    private static ParseStatus DotNet(Func<object> parse, out object? value)
    {
        value = null;
        try
        {
            value = parse();
            return ParseStatus.Ok;
        }
        catch (FormatException)
        {
            return ParseStatus.Format;
        }
        catch (OverflowException)
        {
            return ParseStatus.Overflow;
        }
    }

    private static void Agree(string s, long min, long max, Func<object> parse)
    {
        ParseStatus expected = DotNet(parse, out object? value);
        ParseStatus got = NumberParser.ParseSigned(s, min, max, out long parsed);
        Assert.True(expected == got, $"\"{Escape(s)}\" in [{min}, {max}]: .NET {expected}, ours {got}");
        if (expected == ParseStatus.Ok)
        {
            Assert.Equal(Convert.ToInt64(value, CultureInfo.InvariantCulture), parsed);
        }
    }

    private static void AgreeUnsigned(string s, ulong max, Func<object> parse)
    {
        ParseStatus expected = DotNet(parse, out object? value);
        ParseStatus got = NumberParser.ParseUnsigned(s, max, out ulong parsed);
        Assert.True(expected == got, $"\"{Escape(s)}\" up to {max}: .NET {expected}, ours {got}");
        if (expected == ParseStatus.Ok)
        {
            Assert.Equal(Convert.ToUInt64(value, CultureInfo.InvariantCulture), parsed);
        }
    }

    private static string Escape(string s) => s.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
