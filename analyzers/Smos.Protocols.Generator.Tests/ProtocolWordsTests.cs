// ProtocolWords against .NET: UTF-8 packing and strict validation agree with System.Text's, byte packing round-trips.
using System;
using System.Text;
using Smos.Protocol;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class ProtocolWordsTests
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("12345678")]
    [InlineData("grüße, 世界 😀")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("exactly8grüße and 16 ascii chars, then 世界 and ascii again: abcdefghijklmnop")]
    public void AStringPacksAsItsUtf8BytesAndReadsBack(string text)
    {
        Span<ulong> words = stackalloc ulong[40];
        int at = 0;
        Assert.True(ProtocolWords.PutString(words, ref at, text));
        byte[] utf8 = Encoding.UTF8.GetBytes(text); // .NET also writes U+FFFD for a lone surrogate
        Assert.Equal(ProtocolWords.ForBytes(utf8.Length), at);
        Assert.Equal((ulong)utf8.Length, words[0]);
        var back = new byte[utf8.Length];
        ProtocolWords.CopyBytes(words, 0, utf8.Length, back);
        Assert.Equal(utf8, back);
        int read = 0;
        Assert.True(ProtocolWords.TryGetString(words[..at], ref read, out string again));
        Assert.Equal(at, read);
        Assert.Equal(Encoding.UTF8.GetString(utf8), again);
    }

    [Fact]
    public void ValidationAgreesWithTheStrictDotNetDecoderOnRandomBytes()
    {
        var random = new Random(5);
        int valid = 0;
        for (int i = 0; i < 200_000; i++)
        {
            var bytes = new byte[random.Next(1, 7)];
            for (int k = 0; k < bytes.Length; k++)
            {
                // Mostly bytes that start or continue multi-byte sequences, where the edge cases are.
                bytes[k] = (byte)(random.Next(4) == 0 ? random.Next(256) : 0x80 + random.Next(128));
            }

            bool dotnet = true;
            try
            {
                Strict.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                dotnet = false;
            }

            Assert.True(dotnet == ProtocolWords.IsValidUtf8(bytes), $"{Convert.ToHexString(bytes)}: .NET says {dotnet}");

            // The one-pass decoder of TryGetString, on the same bytes packed into words, agrees too.
            var words = new ulong[ProtocolWords.ForBytes(bytes.Length)];
            int put = 0;
            Assert.True(ProtocolWords.PutBytes(words, ref put, bytes));
            int got = 0;
            bool decoded = ProtocolWords.TryGetString(words, ref got, out string text);
            Assert.True(dotnet == decoded, $"{Convert.ToHexString(bytes)}: .NET says {dotnet}, TryGetString {decoded}");
            Assert.True(!decoded || text == Encoding.UTF8.GetString(bytes), $"{Convert.ToHexString(bytes)}: decoded differently");
            valid += dotnet ? 1 : 0;
        }

        Assert.True(valid > 10_000, $"only {valid} valid sequences: the test proves little");
    }

    [Fact]
    public void LongMostlyAsciiTextRoundTripsAndMatchesDotNetsBytes()
    {
        var random = new Random(11);
        string[] pool = ["a", "b", "Z", "0", " ", "é", "ß", "世", "界", "😀", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff"];
        for (int i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 120);
            for (int k = 0; k < count; k++)
            {
                text.Append(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : ((char)('a' + random.Next(26))).ToString());
            }

            string t = text.ToString();
            byte[] utf8 = Encoding.UTF8.GetBytes(t);
            var words = new ulong[120];
            int at = 0;
            if (!ProtocolWords.PutString(words, ref at, t))
            {
                Assert.True(ProtocolWords.ForBytes(utf8.Length) > 120, $"{t}: refused but fits");
                continue;
            }

            var back = new byte[utf8.Length];
            ProtocolWords.CopyBytes(words, 0, utf8.Length, back);
            Assert.Equal(utf8, back);
            int read = 0;
            Assert.True(ProtocolWords.TryGetString(words.AsSpan(0, at), ref read, out string again));
            Assert.Equal(t, again);

            // One random byte changed: TryGetString agrees with .NET's strict decoder.
            if (utf8.Length > 0)
            {
                utf8[random.Next(utf8.Length)] = (byte)random.Next(256);
                bool dotnet = true;
                try
                {
                    Strict.GetString(utf8);
                }
                catch (DecoderFallbackException)
                {
                    dotnet = false;
                }

                at = 0;
                Assert.True(ProtocolWords.PutBytes(words, ref at, utf8));
                read = 0;
                Assert.Equal(dotnet, ProtocolWords.TryGetString(words.AsSpan(0, at), ref read, out _));
            }
        }
    }

    [Fact]
    public void ResultsPrintTheirValueOrTheirErrorInWords()
    {
        Assert.Equal("ok", Result.Ok.ToString());
        Assert.Equal("the server's error 1", Result.Fail(1).ToString());
        Assert.Equal("42", new Result<int>(42).ToString());
        Assert.Equal("the server is gone", new Result<int>(ProtocolError.ServerGone).ToString());
        Assert.Equal("an argument is invalid for its type", new Result<string>(ProtocolError.BadArgument).ToString());
        Assert.False(ProtocolWire.IsAppError(ProtocolError.ServerGone));
        Assert.Equal("the server speaks version 2 of the protocol", new OpenResult(ProtocolError.WrongVersion, 2).ToString());
    }

    [Fact]
    public void BytesThatDoNotFitAreRefusedAndNothingIsWrittenPastTheEnd()
    {
        Span<ulong> words = stackalloc ulong[3];
        int at = 1;
        Assert.False(ProtocolWords.PutBytes(words, ref at, new byte[17]));
        Assert.Equal(1, at);
        Assert.True(ProtocolWords.PutBytes(words, ref at, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.Equal(3, at);
        Assert.False(ProtocolWords.PutWord(words, ref at, 1));
        Assert.False(ProtocolWords.PutString(words, ref at, "x"));
    }

    [Fact]
    public void ALengthPastTheMessageOrSetPaddingIsRefused()
    {
        Assert.False(ProtocolWords.TryGetBytesLength(new ulong[] { 9, 0 }, 0, out _));
        Assert.False(ProtocolWords.TryGetBytesLength(new ulong[] { ulong.MaxValue, 0 }, 0, out _));
        Assert.False(ProtocolWords.TryGetBytesLength(new ulong[] { 1, 0x100 }, 0, out _));
        Assert.True(ProtocolWords.TryGetBytesLength(new ulong[] { 8, ulong.MaxValue }, 0, out int eight));
        Assert.Equal(8, eight);
        Assert.False(ProtocolWords.TryGetBytesLength(Array.Empty<ulong>(), 0, out _));
    }
}
