// The init list's quota word: every kind, suffixes, defaults kept, and each error with where it is.
using System;
using System.Text;
using Smos.Formats;
using Xunit;

namespace Smos.Formats.Tests;

public class InitQuotaTests
{
    private static InitQuotaError Parse(string word, out ulong[] values, out int given, out int at)
    {
        values = [1, 2, 3, 4, 5, 6];
        return InitQuota.Parse(Encoding.ASCII.GetBytes(word), values, out given, out at);
    }

    [Fact]
    public void EveryKindWithSuffixesAndTheRestKept()
    {
        Assert.Equal(InitQuotaError.Ok, Parse("quota:memory=600M,children=700,subscriptions=10K", out ulong[] v, out int given, out _));
        Assert.Equal([600UL << 20, 2, 700, 4, 5, 10UL << 10], v);
        Assert.Equal(0b100101, given);
        Assert.Equal(InitQuotaError.Ok, Parse("quota:slots=1G,connections=0,publications=12", out v, out given, out _));
        Assert.Equal([1, 1UL << 30, 3, 0, 12, 6], v);
        Assert.Equal(0b011010, given);
    }

    [Theory]
    [InlineData("memory=1M", InitQuotaError.NotAQuotaWord, 0)]
    [InlineData("quota:", InitQuotaError.Empty, 6)]
    [InlineData("quota:memory=1M,", InitQuotaError.MissingValue, 16)]
    [InlineData("quota:disk=1M", InitQuotaError.UnknownKind, 6)]
    [InlineData("quota:=5", InitQuotaError.UnknownKind, 6)]
    [InlineData("quota:slots", InitQuotaError.MissingValue, 6)]
    [InlineData("quota:slots=", InitQuotaError.MissingValue, 6)]
    [InlineData("quota:slots=12x", InitQuotaError.BadNumber, 6)]
    [InlineData("quota:slots=M", InitQuotaError.BadNumber, 6)]
    [InlineData("quota:slots=-1", InitQuotaError.BadNumber, 6)]
    [InlineData("quota:slots=18446744073709551616", InitQuotaError.TooLarge, 6)]
    [InlineData("quota:memory=17179869184G", InitQuotaError.TooLarge, 6)]
    [InlineData("quota:slots=1,memory=2,slots=3", InitQuotaError.Repeated, 23)]
    public void EachErrorWithWhereItIs(string word, InitQuotaError error, int where)
    {
        Assert.Equal(error, Parse(word, out ulong[] v, out _, out int at));
        Assert.Equal(where, at);
        Assert.NotEqual("unknown error", InitQuota.Describe(error));
    }

    [Fact]
    public void TheLargestValuesFit()
    {
        Assert.Equal(InitQuotaError.Ok, Parse("quota:slots=18446744073709551615,memory=17179869183G", out ulong[] v, out _, out _));
        Assert.Equal(ulong.MaxValue, v[1]);
        Assert.Equal(17179869183UL << 30, v[0]);
    }
}
