// The name rule of ConnPublish, ConnOpen and the topics (ConnectionAbi.ValidName): every byte value, every length.
using System;
using Smos.Protocol;
using Xunit;

namespace Smos.Protocol.Tests;

public class NameRuleTests
{
    [Fact]
    public void OnlyLowerCaseLettersDigitsDashUnderscoreAndDotAreNameBytes()
    {
        for (int c = 0; c < 256; c++)
        {
            bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            Assert.Equal(allowed, ConnectionAbi.ValidName([(byte)c]));
            Assert.Equal(allowed, ConnectionAbi.ValidName([(byte)'a', (byte)c, (byte)'z'])); // in the middle too
        }
    }

    [Fact]
    public void NamesHaveOneTo32Bytes()
    {
        byte[] name = new byte[33];
        name.AsSpan().Fill((byte)'x');
        Assert.False(ConnectionAbi.ValidName([]));
        Assert.True(ConnectionAbi.ValidName(name.AsSpan(0, 1)));
        Assert.True(ConnectionAbi.ValidName(name.AsSpan(0, 32)));
        Assert.False(ConnectionAbi.ValidName(name));
        Assert.Equal(RootError.BadName, ConnectionAbi.CheckName(name));
        Assert.Equal(RootError.Ok, ConnectionAbi.CheckName("kv-cache.v2_x"u8));
    }
}
