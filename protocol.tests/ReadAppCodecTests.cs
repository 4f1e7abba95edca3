// ReadApp's codec (generated request, hand-written page): both round-trip, and every malformed one is refused with its error.
using System;
using System.Linq;
using System.Text;
using Xunit;

namespace Smos.Protocol.Tests;

public class ReadAppCodecTests
{
    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static RootError E(ProtocolError decoded) => RootReplies.ErrorOf(decoded);

    [Fact]
    public void TheLimitsFillOneMessage()
    {
        Assert.Equal(51UL, (ulong)RootRequest.ReadApp);
        Assert.Equal((ulong)RootRequest.ReadApp, RootTaskProtocol.ReadAppLabel);
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.ReadApp));
        Assert.Equal(936, ReadAppRequest.MaxBytes);
        Assert.Equal(0, ReadAppRequest.MaxBytes % 8);
        Assert.Equal(ProcessAbi.MaxMessageRegisters, 1 + ReadAppRequest.MaxReplyWords); // the page and its count word
        Assert.Equal(ReadAppRequest.MaxReplyWords, ReadAppRequest.ReplyLength(ReadAppRequest.MaxBytes));
        Assert.Equal(2, ReadAppRequest.ReplyLength(0));
        var page = new ulong[ReadAppRequest.MaxReplyWords];
        Assert.Equal(ProcessAbi.MaxMessageRegisters, RootTaskProtocol.EncodeReadAppReply(page, new ulong[ProcessAbi.MaxMessageRegisters]));
    }

    [Theory]
    [InlineData("a", 0UL)]
    [InlineData("hello", 936UL)]
    [InlineData("exactly8", ulong.MaxValue)]
    [InlineData("a-name-of-31-bytes-0123456789ab", 12345UL)]
    public void ARequestRoundTrips(string name, ulong offset)
    {
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodeReadApp(offset, Ascii(name), mrs);
        Assert.Equal(2 + ((name.Length + 7) / 8), length);
        Assert.Equal(offset, mrs[0]);
        Assert.Equal((ulong)name.Length, mrs[1]);
        var back = new byte[ConnectionAbi.NameScratchBytes];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeReadApp(mrs.AsSpan(0, length), back, out ReadAppArgs args)));
        Assert.Equal((name, offset), (Encoding.ASCII.GetString(args.Name), args.Offset));
    }

    [Fact]
    public void EveryMalformedRequestIsRefusedWithItsError()
    {
        // The name's rules (1-31 bytes) are the root task's, after the decoder (roottask.tests/ReadAppTests).
        var name = new byte[32];
        ulong hello = 0x6f6c6c6568; // "hello" packed
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([], name, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0], name, out _))); // no name
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0, 5], name, out _))); // no name words
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0, 5, hello, 0], name, out _))); // a word too many
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0, 9, hello], name, out _))); // 9 bytes need 2 words
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0, ulong.MaxValue, hello], name, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadApp([0, 1UL << 32 | 5, hello], name, out _))); // no truncation to 5
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodeReadApp([0, 5, hello], new byte[4], out _))); // the scratch is the bound too
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodeReadApp([0, 5, hello | (1UL << 60)], name, out _))); // padding
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeReadApp([7, 5, hello], name, out ReadAppArgs args)));
        Assert.Equal(("hello", 7UL), (Encoding.ASCII.GetString(args.Name), args.Offset));
    }

    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(1, 1UL)]
    [InlineData(7, 100UL)]
    [InlineData(8, 8UL)]
    [InlineData(935, 5000UL)]
    [InlineData(936, 936UL)]
    public void AReplyRoundTrips(int count, ulong size)
    {
        byte[] bytes = Enumerable.Range(0, count).Select(i => (byte)((i * 37) + 11)).ToArray();
        var reply = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = ReadAppRequest.EncodeReply(size, bytes, reply);
        Assert.Equal(ReadAppRequest.ReplyLength(count), length);
        Assert.Equal(RootError.Ok, ReadAppRequest.DecodeReply(reply.AsSpan(0, length), out ulong s, out int n));
        Assert.Equal((size, count), (s, n));
        var back = new byte[ReadAppRequest.MaxBytes];
        Assert.Equal(count, ReadAppRequest.DecodeBytes(reply.AsSpan(0, length), n, back));
        Assert.Equal(bytes, back.AsSpan(0, count).ToArray());

        // A smaller buffer gets the first bytes only.
        var few = new byte[3];
        Assert.Equal(Math.Min(3, count), ReadAppRequest.DecodeBytes(reply.AsSpan(0, length), n, few));
        Assert.Equal(bytes.Take(3).ToArray(), few.Take(Math.Min(3, count)).ToArray());
    }

    [Fact]
    public void EveryMalformedReplyIsRefused()
    {
        var reply = new ulong[ProcessAbi.MaxMessageRegisters + 1];
        Assert.Equal(-1, ReadAppRequest.EncodeReply(2000, new byte[ReadAppRequest.MaxBytes + 1], reply));
        Assert.Equal(-1, ReadAppRequest.EncodeReply(10, new byte[10], new ulong[3])); // 10 bytes need 2 + 2 words
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([], out _, out _));
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([5], out _, out _));
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([5, 5], out _, out _)); // 5 bytes, no word for them
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([5, 0, 0], out _, out _)); // a word too many
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([4, 5, 0], out _, out _)); // more bytes than the size
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([5000, 937, 0], out _, out _)); // more than one reply holds
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply(reply.AsSpan(0, ReadAppRequest.MaxReplyWords + 1), out _, out _));
        Assert.Equal(RootError.BadLength, ReadAppRequest.DecodeReply([ulong.MaxValue, ulong.MaxValue, 0], out ulong size, out int count));
        Assert.Equal((0UL, 0), (size, count));
        Assert.Equal(RootError.Ok, ReadAppRequest.DecodeReply([5, 0], out size, out count)); // at the end: no bytes
        Assert.Equal((5UL, 0), (size, count));
    }
}
