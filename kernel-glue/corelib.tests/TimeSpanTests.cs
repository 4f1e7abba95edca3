// The corelib's TimeSpan (compiled here as Model.TimeSpan) against .NET's System.TimeSpan: values, formats, overflow.
using System;
using System.Collections.Generic;
using Xunit;
using Ours = Smos.CoreLib.Tests.Model.TimeSpan;

namespace Smos.CoreLib.Tests;

public class TimeSpanTests
{
    private static readonly long[] TickValues =
    [
        0, 1, -1, 9, 10, 99, 9_999, 10_000, -10_000, 10_001, 9_999_999, 10_000_000, -10_000_000, 10_000_001, 599_999_999,
        600_000_000, 35_999_999_999, 36_000_000_000, 863_999_999_999, 864_000_000_000, -864_000_000_000, 864_000_000_001,
        1_234_567_890_123, -1_234_567_890_123, 15_000_000, 12_345_678, 987_654_321_012_345, long.MaxValue, long.MinValue,
        long.MaxValue - 1, long.MinValue + 1, int.MaxValue, int.MinValue, 1L << 48, -(1L << 48),
    ];

    public static IEnumerable<object[]> Ticks()
    {
        foreach (long t in TickValues)
        {
            yield return [t];
        }
    }

    [Theory]
    [MemberData(nameof(Ticks))]
    public void ComponentsTotalsAndTextMatchDotNet(long ticks)
    {
        var ours = new Ours(ticks);
        var net = new TimeSpan(ticks);
        Assert.Equal(net.Ticks, ours.Ticks);
        Assert.Equal(net.Days, ours.Days);
        Assert.Equal(net.Hours, ours.Hours);
        Assert.Equal(net.Minutes, ours.Minutes);
        Assert.Equal(net.Seconds, ours.Seconds);
        Assert.Equal(net.Milliseconds, ours.Milliseconds);
        Assert.Equal(net.Microseconds, ours.Microseconds);
        Assert.Equal(net.Nanoseconds, ours.Nanoseconds);
        Assert.Equal(net.TotalDays, ours.TotalDays);
        Assert.Equal(net.TotalHours, ours.TotalHours);
        Assert.Equal(net.TotalMinutes, ours.TotalMinutes);
        Assert.Equal(net.TotalSeconds, ours.TotalSeconds);
        Assert.Equal(net.TotalMilliseconds, ours.TotalMilliseconds);
        Assert.Equal(net.TotalMicroseconds, ours.TotalMicroseconds);
        Assert.Equal(net.TotalNanoseconds, ours.TotalNanoseconds);
        Assert.Equal(net.ToString(), ours.ToString());
        Assert.Equal(net.ToString("c"), ours.ToString());
        Assert.Equal(net.GetHashCode(), ours.GetHashCode());
        Same(() => net.Duration().Ticks, () => ours.Duration().Ticks);
        Same(() => (-net).Ticks, () => (-ours).Ticks);
        Same(() => net.Negate().Ticks, () => ours.Negate().Ticks);
        Assert.Equal((+net).Ticks, (+ours).Ticks);
    }

    [Theory]
    [MemberData(nameof(Ticks))]
    public void ArithmeticAndComparisonsMatchDotNet(long ticks)
    {
        foreach (long other in TickValues)
        {
            var a = new Ours(ticks);
            var b = new Ours(other);
            var x = new TimeSpan(ticks);
            var y = new TimeSpan(other);
            Same(() => (x + y).Ticks, () => (a + b).Ticks);
            Same(() => (x - y).Ticks, () => (a - b).Ticks);
            Same(() => x.Add(y).Ticks, () => a.Add(b).Ticks);
            Same(() => x.Subtract(y).Ticks, () => a.Subtract(b).Ticks);
            Assert.Equal(x == y, a == b);
            Assert.Equal(x != y, a != b);
            Assert.Equal(x < y, a < b);
            Assert.Equal(x <= y, a <= b);
            Assert.Equal(x > y, a > b);
            Assert.Equal(x >= y, a >= b);
            Assert.Equal(x.CompareTo(y), a.CompareTo(b));
            Assert.Equal(x.CompareTo((object)y), a.CompareTo((object)b));
            Assert.Equal(TimeSpan.Compare(x, y), Ours.Compare(a, b));
            Assert.Equal(x.Equals(y), a.Equals(b));
            Assert.Equal(x.Equals((object)y), a.Equals((object)b));
            Assert.Equal(TimeSpan.Equals(x, y), Ours.Equals(a, b));
        }
    }

    public static IEnumerable<object[]> Units()
    {
        long[] values = [0, 1, -1, 7, -7, 59, 60, 1000, 1500, -1500, 86_400, 10_675_199, 10_675_200, -10_675_199, -10_675_200,
            256_204_778, 256_204_779, 15_372_286_728, 15_372_286_729, 922_337_203_685, 922_337_203_686, 922_337_203_685_477,
            922_337_203_685_478, -922_337_203_685_477, -922_337_203_685_478, 922_337_203_685_477_580, 922_337_203_685_477_581,
            int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];
        foreach (long v in values)
        {
            yield return [v];
        }
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void IntegerFactoriesMatchDotNet(long value)
    {
        Same(() => TimeSpan.FromTicks(value).Ticks, () => Ours.FromTicks(value).Ticks);
        Same(() => TimeSpan.FromMinutes(value).Ticks, () => Ours.FromMinutes(value).Ticks);
        Same(() => TimeSpan.FromSeconds(value).Ticks, () => Ours.FromSeconds(value).Ticks);
        Same(() => TimeSpan.FromMilliseconds(value).Ticks, () => Ours.FromMilliseconds(value).Ticks);
        Same(() => TimeSpan.FromMicroseconds(value).Ticks, () => Ours.FromMicroseconds(value).Ticks);
        if (value >= int.MinValue && value <= int.MaxValue)
        {
            int i = (int)value;
            Same(() => TimeSpan.FromDays(i).Ticks, () => Ours.FromDays(i).Ticks);
            Same(() => TimeSpan.FromHours(i).Ticks, () => Ours.FromHours(i).Ticks);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-1.5)]
    [InlineData(0.0001)]
    [InlineData(0.00001)]
    [InlineData(123.456789)]
    [InlineData(-987.654321)]
    [InlineData(1e6)]
    [InlineData(1e12)]
    [InlineData(1e15)]
    [InlineData(1e20)]
    [InlineData(-1e20)]
    [InlineData(922337203685.4775)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void DoubleFactoriesMatchDotNet(double value)
    {
        Same(() => TimeSpan.FromDays(value).Ticks, () => Ours.FromDays(value).Ticks);
        Same(() => TimeSpan.FromHours(value).Ticks, () => Ours.FromHours(value).Ticks);
        Same(() => TimeSpan.FromMinutes(value).Ticks, () => Ours.FromMinutes(value).Ticks);
        Same(() => TimeSpan.FromSeconds(value).Ticks, () => Ours.FromSeconds(value).Ticks);
        Same(() => TimeSpan.FromMilliseconds(value).Ticks, () => Ours.FromMilliseconds(value).Ticks);
        Same(() => TimeSpan.FromMicroseconds(value).Ticks, () => Ours.FromMicroseconds(value).Ticks);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(1, 2, 3, 4, 5)]
    [InlineData(-1, 2, -3, 4, -5)]
    [InlineData(0, 25, 61, 61, 1001)]
    [InlineData(10_675_199, 2, 48, 5, 477)]
    [InlineData(10_675_199, 2, 48, 5, 478)]
    [InlineData(-10_675_199, -2, -48, -5, -477)]
    [InlineData(-10_675_199, -2, -48, -5, -478)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue)]
    public void ConstructorsMatchDotNet(int d, int h, int m, int s, int ms)
    {
        Same(() => new TimeSpan(d, h, m, s, ms).Ticks, () => new Ours(d, h, m, s, ms).Ticks);
        Same(() => new TimeSpan(d, h, m, s).Ticks, () => new Ours(d, h, m, s).Ticks);
        Same(() => new TimeSpan(h, m, s).Ticks, () => new Ours(h, m, s).Ticks);
    }

    [Fact]
    public void ConstantsAndEdgesMatchDotNet()
    {
        Assert.Equal(TimeSpan.Zero.Ticks, Ours.Zero.Ticks);
        Assert.Equal(TimeSpan.MaxValue.Ticks, Ours.MaxValue.Ticks);
        Assert.Equal(TimeSpan.MinValue.Ticks, Ours.MinValue.Ticks);
        Assert.Equal(TimeSpan.MinValue.ToString(), Ours.MinValue.ToString());
        Assert.Equal("-10675199.02:48:05.4775808", Ours.MinValue.ToString());
        Assert.Equal("00:00:01.5000000", Ours.FromMilliseconds(1500).ToString());
        Assert.Equal(TimeSpan.TicksPerDay, Ours.TicksPerDay);
        Assert.Equal(TimeSpan.TicksPerHour, Ours.TicksPerHour);
        Assert.Equal(TimeSpan.TicksPerMinute, Ours.TicksPerMinute);
        Assert.Equal(TimeSpan.TicksPerSecond, Ours.TicksPerSecond);
        Assert.Equal(TimeSpan.TicksPerMillisecond, Ours.TicksPerMillisecond);
        Assert.Equal(TimeSpan.TicksPerMicrosecond, Ours.TicksPerMicrosecond);
        Assert.Equal(TimeSpan.Zero.CompareTo(null), Ours.Zero.CompareTo(null));
        Assert.Throws<ArgumentException>(() => TimeSpan.Zero.CompareTo("x"));
        Assert.Throws<ArgumentException>(() => Ours.Zero.CompareTo("x"));
        Assert.False(Ours.Zero.Equals("x"));
    }

    // Both give the same value, or both throw the same exception type.
    private static void Same(Func<long> net, Func<long> ours)
    {
        long expected = 0;
        long actual = 0;
        Type? netError = null;
        Type? ourError = null;
        try { expected = net(); } catch (Exception e) { netError = e.GetType(); }
        try { actual = ours(); } catch (Exception e) { ourError = e.GetType(); }
        Assert.Equal(netError, ourError);
        Assert.Equal(expected, actual);
    }
}
