// CompositeFormatParser against string.Format: items with alignment and format, escaped braces, and the strings .NET rejects.
using System;
using System.Globalization;
using System.Text;
using Internal.Runtime.Text;
using Xunit;

namespace Smos.CoreLib.Tests;

public class CompositeFormatParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("no items")]
    [InlineData("{0}")]
    [InlineData("<{0}>")]
    [InlineData("{0}{1}{2}")]
    [InlineData("{0,5}|{0,-5}|")]
    [InlineData("{0:X}")]
    [InlineData("{0,8:X4}")]
    [InlineData("{0 , -3 :D2}")]
    [InlineData("{0 }")]
    [InlineData("{{0}}")]
    [InlineData("{{{0}}}")]
    [InlineData("a}}b{{c")]
    [InlineData("{0:}")]
    [InlineData("{2}{1}{0}")]
    [InlineData("{0,0}")]
    [InlineData("{0:N0}")]
    [InlineData("{1:x2}-{0}")]
    [InlineData("{0,9999999}")]
    [InlineData("{0,-0000001}")]
    public void ValidFormatsProduceWhatStringFormatProduces(string format)
    {
        object[] args = [255, "ab", -7];
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, format, args), Render(format, args));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{0")]
    [InlineData("{x}")]
    [InlineData("{ 0}")]
    [InlineData("{-1}")]
    [InlineData("{0,}")]
    [InlineData("{0,-}")]
    [InlineData("{0,x}")]
    [InlineData("{0:{}")]
    [InlineData("a}b")]
    [InlineData("{0}}")]
    [InlineData("{10000000}")]
    [InlineData("{0,10000000}")]
    [InlineData("{0,-99999999}")]
    [InlineData("{0:X")]
    public void MalformedFormatsAreErrorsAsInDotNet(string format)
    {
        Assert.Throws<FormatException>(() => string.Format(CultureInfo.InvariantCulture, format, 1));
        Assert.Null(Render(format, [1]));
    }

    // Renders with the parser and .NET's own formatting of each item (null on a syntax error).
    private static string? Render(string format, object[] args)
    {
        var text = new StringBuilder();
        int position = 0;
        while (true)
        {
            switch (CompositeFormatParser.Next(format, ref position, out ReadOnlySpan<char> literal, out int index, out int alignment, out ReadOnlySpan<char> itemFormat))
            {
                case FormatPiece.End:
                    return text.ToString();
                case FormatPiece.Literal:
                    text.Append(literal);
                    break;
                case FormatPiece.Item:
                    string item = args[index] is IFormattable f ? f.ToString(itemFormat.Length == 0 ? null : itemFormat.ToString(), CultureInfo.InvariantCulture) : args[index].ToString()!;
                    text.Append(alignment >= 0 ? item.PadLeft(alignment) : item.PadRight(-alignment));
                    break;
                default:
                    return null;
            }
        }
    }
}
