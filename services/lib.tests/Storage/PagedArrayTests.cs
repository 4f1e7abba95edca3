// PagedArray: elements across page boundaries, the last short page, bounds.
using System;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class PagedArrayTests
{
    [Fact]
    public void ElementsAcrossPagesKeepTheirValuesAndStartAsDefault()
    {
        long length = (2 * PagedArray<uint>.PageLength) + 5;
        var a = new PagedArray<uint>(length);
        Assert.Equal(length, a.Length);
        Assert.Equal(0u, a[length - 1]);
        for (long i = 0; i < length; i += 997)
        {
            a[i] = (uint)i;
        }

        a[PagedArray<uint>.PageLength - 1] = 7;
        a[PagedArray<uint>.PageLength] = 8;
        a[length - 1] = 9;
        Assert.Equal(7u, a[PagedArray<uint>.PageLength - 1]);
        Assert.Equal(8u, a[PagedArray<uint>.PageLength]);
        Assert.Equal(9u, a[length - 1]);
        Assert.Equal(997u * 30, a[997 * 30]);
        Assert.Throws<IndexOutOfRangeException>(() => a[length]);
        Assert.Throws<IndexOutOfRangeException>(() => a[-1]);
        Assert.Equal(0, new PagedArray<string?>(0).Length);
    }
}
