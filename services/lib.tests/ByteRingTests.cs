// ByteRing: order, bounds, wrap-around and the drop count.
using System;
using Smos.Services.Console;
using Xunit;

namespace Smos.Services.Tests;

public class ByteRingTests
{
    [Fact]
    public void BytesComeOutInOrderAcrossTheWrap()
    {
        var ring = new ByteRing(5);
        Assert.Equal(3, ring.Write("abc"u8));
        Span<byte> two = stackalloc byte[2];
        Assert.Equal(2, ring.Read(two));
        Assert.Equal("ab"u8.ToArray(), two.ToArray());
        Assert.Equal(4, ring.Write("defg"u8)); // c d e f g: full, wrapped
        Assert.Equal(0, ring.Free);
        Span<byte> all = stackalloc byte[8];
        Assert.Equal(5, ring.Read(all));
        Assert.Equal("cdefg"u8.ToArray(), all.Slice(0, 5).ToArray());
        Assert.True(ring.IsEmpty);
    }

    [Fact]
    public void WriteTakesOnlyWhatFitsAndTryPutCountsDrops()
    {
        var ring = new ByteRing(3);
        Assert.Equal(3, ring.Write("hello"u8));
        Assert.False(ring.TryPut((byte)'x'));
        Assert.False(ring.TryPut((byte)'y'));
        Assert.Equal(2, ring.Dropped);
        Assert.True(ring.TryTake(out byte b));
        Assert.Equal((byte)'h', b);
        Assert.True(ring.TryPut((byte)'z'));
        Span<byte> all = stackalloc byte[3];
        Assert.Equal(3, ring.Peek(all));
        Assert.Equal("elz"u8.ToArray(), all.ToArray());
        ring.Skip(10);
        Assert.Equal(0, ring.Count);
        Assert.False(ring.TryTake(out _));
    }

    [Fact]
    public void ARingOfNothingIsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => new ByteRing(0));
}
