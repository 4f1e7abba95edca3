// Utf8Transcoder against .NET's Encoding.UTF8: valid text, surrogates, every kind of invalid byte sequence, exhaustive short inputs.
using System;
using System.Text;
using Internal.Runtime.Text;
using Xunit;

namespace Smos.CoreLib.Tests;

public class Utf8TranscoderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain ASCII")]
    [InlineData("h\u00e9llo \u20ac \u0800 \u07ff \uffff")]
    [InlineData("\U0001D11E\U0010FFFF\U00010000")]
    [InlineData("\ud800")]
    [InlineData("\udc00x")]
    [InlineData("a\ud800\ud800b")]
    [InlineData("\udbff\udfff\udc00\ud800")]
    public void EncodingAgreesWithDotNet(string text)
    {
        byte[] expected = Encoding.UTF8.GetBytes(text);
        Assert.Equal(expected.Length, Utf8Transcoder.GetByteCount(text));
        byte[] ours = new byte[expected.Length];
        Assert.Equal(expected.Length, Utf8Transcoder.Encode(text, ours, out int read));
        Assert.Equal(text.Length, read);
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void EveryBmpCharacterAndSampledSupplementaryOnesEncodeAsDotNetDoes()
    {
        var text = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++)
        {
            text.Append((char)c); // the surrogates, alone or paired by accident, included
            text.Append('.');
        }

        for (int scalar = 0x10000; scalar <= 0x10FFFF; scalar += 0x3F1)
        {
            text.Append(char.ConvertFromUtf32(scalar));
        }

        string all = text.ToString();
        byte[] expected = Encoding.UTF8.GetBytes(all);
        byte[] ours = new byte[expected.Length];
        Assert.Equal(expected.Length, Utf8Transcoder.Encode(all, ours, out int read));
        Assert.Equal(all.Length, read);
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void EncodingStopsAtWholeCharactersWhenTheDestinationIsFull()
    {
        byte[] small = new byte[5];
        Assert.Equal(5, Utf8Transcoder.Encode("ab\u20ac\U0001D11E", small, out int read)); // a, b and the euro; not the clef's 4 bytes
        Assert.Equal(3, read);
        Assert.Equal(2, Utf8Transcoder.Encode("ab\u20ac", small.AsSpan(0, 4), out read)); // the euro's 3 bytes do not fit in 2
        Assert.Equal(2, read);
    }

    [Fact]
    public void DecodingEveryOneAndTwoByteInputAgreesWithDotNet()
    {
        for (int a = 0; a < 256; a++)
        {
            Same([(byte)a]);
            for (int b = 0x70; b < 0xC8; b++)
            {
                Same([(byte)a, (byte)b]);
            }
        }
    }

    [Fact]
    public void DecodingThreeAndFourByteSequencesAgreesWithDotNet()
    {
        byte[] leads = [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xC0, 0xC1, 0xC2, 0xDF, 0x80, 0xBF];
        byte[] seconds = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF];
        foreach (byte l in leads)
        {
            foreach (byte s in seconds)
            {
                foreach (byte t in seconds)
                {
                    Same([l, s, t]);
                    Same([l, s, t, 0x80]);
                    Same([l, s, t, 0xBF, 0x41]);
                }
            }
        }
    }

    [Fact]
    public void DecodingRandomBytesAgreesWithDotNet()
    {
        var random = new Random(12);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 24)];
            random.NextBytes(bytes);
            Same(bytes);
        }
    }

    [Fact]
    public void DecodingIntoATooSmallBufferFails()
    {
        Assert.Equal(-1, Utf8Transcoder.Decode("abc"u8, new char[2]));
        Assert.Equal(-1, Utf8Transcoder.Decode("\U0001D11E"u8.ToArray(), new char[1]));
    }

    private static void Same(byte[] bytes)
    {
        string expected = Encoding.UTF8.GetString(bytes);
        Assert.Equal(expected.Length, Utf8Transcoder.GetCharCount(bytes));
        char[] chars = new char[expected.Length];
        Assert.Equal(expected.Length, Utf8Transcoder.Decode(bytes, chars));
        Assert.True(expected == new string(chars), $"{Convert.ToHexString(bytes)}: expected {Convert.ToHexString(Encoding.Unicode.GetBytes(expected))}, got {Convert.ToHexString(Encoding.Unicode.GetBytes(chars))}");
    }
}
