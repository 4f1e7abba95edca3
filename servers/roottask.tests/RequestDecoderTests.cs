// The decode step of every root-task request, one test per error it can return (docs/protocol.md).
using System;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class RequestDecoderTests
{
    private static ulong[] Packed(string text, params ulong[] header)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var words = new ulong[header.Length + ((bytes.Length + 7) / 8)];
        header.CopyTo(words, 0);
        for (int i = 0; i < bytes.Length; i++)
        {
            words[header.Length + (i / 8)] |= (ulong)bytes[i] << (8 * (i % 8));
        }

        return words;
    }

    private static MessageInfo Info(RootRequest label, int length, int caps = 0) => new((ulong)label, 0, caps, length);

    [Fact]
    public void AnyRequestWithCapabilitiesIsBadArgument()
    {
        Assert.Equal(RootError.BadArgument, RequestDecoder.Common(Info(RootRequest.GetPid, 0, caps: 1)));
        Assert.Equal(RootError.Ok, RequestDecoder.Common(Info(RootRequest.GetPid, 0)));
    }

    [Fact]
    public void OneWordRequestsNeedExactlyOneWord()
    {
        Assert.Equal(RootError.BadLength, RequestDecoder.OneWord(Info(RootRequest.Exit, 0), [], out _));
        Assert.Equal(RootError.BadLength, RequestDecoder.OneWord(Info(RootRequest.Kill, 2), [1, 2], out _));
        Assert.Equal(RootError.Ok, RequestDecoder.OneWord(Info(RootRequest.Wait, 1), [42], out ulong v));
        Assert.Equal(42UL, v);
    }

    [Fact]
    public void PrintDecodesTextAndRejectsBadLengths()
    {
        ulong[] mrs = Packed("hello, world", 12);
        var text = new byte[ProcessAbi.MaxPrintBytes];
        Assert.Equal(RootError.Ok, RequestDecoder.Print(Info(RootRequest.Print, mrs.Length), mrs, text, out int n));
        Assert.Equal("hello, world", Encoding.ASCII.GetString(text, 0, n));
        Assert.Equal(RootError.BadArgument, RequestDecoder.Print(Info(RootRequest.Print, 1), [801], text, out _));
        Assert.Equal(RootError.BadLength, RequestDecoder.Print(Info(RootRequest.Print, mrs.Length - 1), mrs, text, out _));
        Assert.Equal(RootError.BadLength, RequestDecoder.Print(Info(RootRequest.Print, 0), [], text, out _));
    }

    [Fact]
    public void SpawnDecodesNameAndArgs()
    {
        // name "counter", args "3\0"
        ulong[] mrs = new ulong[2 + 1 + 1];
        mrs[0] = 7;
        mrs[1] = 2;
        Array.Copy(Packed("counter"), 0, mrs, 2, 1);
        mrs[3] = '3';
        var name = new byte[32];
        var args = new byte[ProcessAbi.MaxArgBytes];
        Assert.Equal(RootError.Ok, RequestDecoder.Spawn(Info(RootRequest.Spawn, 4), mrs, name, args, out int nl, out int al));
        Assert.Equal("counter", Encoding.ASCII.GetString(name, 0, nl));
        Assert.Equal(2, al);
        Assert.Equal((byte)'3', args[0]);
        Assert.Equal(RootError.BadLength, RequestDecoder.Spawn(Info(RootRequest.Spawn, 1), [7], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, RequestDecoder.Spawn(Info(RootRequest.Spawn, 2), [0, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, RequestDecoder.Spawn(Info(RootRequest.Spawn, 2), [40, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, RequestDecoder.Spawn(Info(RootRequest.Spawn, 3), [7, 5000, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadLength, RequestDecoder.Spawn(Info(RootRequest.Spawn, 3), mrs, name, args, out _, out _));
    }

    [Theory]
    [InlineData("echo", RootError.Ok)]
    [InlineData("a.b-c_9", RootError.Ok)]
    [InlineData("Echo", RootError.BadName)]
    [InlineData("with space", RootError.BadName)]
    [InlineData("nul\0inside", RootError.BadName)]
    [InlineData("0123456789012345678901234567890123", RootError.BadName)]
    public void NamesAreCheckedForLengthAndCharacters(string name, RootError expected)
    {
        ulong[] mrs = Packed(name, (ulong)name.Length);
        var buffer = new byte[ConnectionAbi.MaxNameBytes];
        Assert.Equal(expected, RequestDecoder.Name(Info(RootRequest.ConnOpen, mrs.Length), mrs, 1, buffer, out _, out _));
    }

    [Fact]
    public void NameRequestsRejectEmptyNamesAndWrongLengths()
    {
        var buffer = new byte[ConnectionAbi.MaxNameBytes];
        Assert.Equal(RootError.BadName, RequestDecoder.Name(Info(RootRequest.ConnOpen, 1), [0], 1, buffer, out _, out _));
        Assert.Equal(RootError.BadLength, RequestDecoder.Name(Info(RootRequest.ConnOpen, 0), [], 1, buffer, out _, out _));
        ulong[] mrs = Packed("echo", 4, 0x2000_0000);
        Assert.Equal(RootError.BadLength, RequestDecoder.Name(Info(RootRequest.ConnPublish, mrs.Length + 1), [.. mrs, 0], 2, buffer, out _, out _));
        Assert.Equal(RootError.Ok, RequestDecoder.Name(Info(RootRequest.ConnPublish, mrs.Length), mrs, 2, buffer, out int n, out ulong vaddr));
        Assert.Equal(4, n);
        Assert.Equal(0x2000_0000UL, vaddr);
    }
}
